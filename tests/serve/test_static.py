"""Bundled assets: the world map file is valid and every third-party file is listed with its licence."""

from __future__ import annotations

from importlib import resources

from dateline.serve.worldmap import WORLD_FILE, country_points, load_world, project, validate_world

STATIC = resources.files("dateline.serve").joinpath("static")


def test_world_file_is_valid() -> None:
    assert validate_world(STATIC.joinpath(WORLD_FILE).read_text("utf-8")) == []
    codes = {c.iso for c in load_world()}
    assert len(codes) > 150 and {"RUS", "UKR", "FRA", "NOR", "PRK", "USA", "BRA"} <= codes


def test_validator_reports_path_and_line() -> None:
    bad = "# c\niso_a3\tname\tx\ty\tpath\nru\tRussia\t1\t2\tM1 2 L3 4Z\nFRA\tFrance\t400\t2\t<script>\n"
    problems = validate_world(bad, "w.tsv")
    assert problems[0].startswith("w.tsv:3: bad code")
    assert any(p.startswith("w.tsv:4: label point outside") for p in problems)
    assert any(p.startswith("w.tsv:4: path data") for p in problems)


def test_projection_and_country_points() -> None:
    assert project(0, 0) == (180.0, 90.0) and project(90, -180) == (0.0, 0.0)
    x, y = country_points()["FRA"]
    assert 175 < x < 190 and 40 < y < 50  # metropolitan France, not French Guiana


def test_manifest_lists_every_bundled_file() -> None:
    lines = [
        ln
        for ln in STATIC.joinpath("MANIFEST.tsv").read_text("utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    header, rows = (
        lines[0].split("\t"),
        [dict(zip(lines[0].split("\t"), ln.split("\t"), strict=True)) for ln in lines[1:]],
    )
    assert header == ["file", "version", "source", "licence", "description"]
    listed = {r["file"] for r in rows}
    present = {p.name for p in STATIC.iterdir() if p.name != "MANIFEST.tsv"}
    assert listed == present
    assert all(r["licence"] and r["source"] for r in rows)
