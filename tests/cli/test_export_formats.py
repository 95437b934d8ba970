"""``dateline export --format gdelt|gdelt-mentions|plover|acled|geojson`` over the ingested example articles,
each export loaded with what that tool's users load it with: pandas for GDELT and ACLED, json for PLOVER, the
``geojson`` package for GeoJSON."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import geojson
import pandas as pd
import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.store import Store
from dateline.store.formats.acled import ACLED_TYPES
from dateline.store.formats.acled import COLUMNS as ACLED_COLUMNS
from dateline.store.formats.gdelt import EVENT_COLUMNS, MENTION_COLUMNS

from .conftest import CLI_ENV, RunCli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

#: GDELT columns that hold codes: read as strings, as GDELT's users do, so "010" keeps its zero.
GDELT_CODES = {
    c: str
    for c in EVENT_COLUMNS
    if c.endswith(("Code", "Code1", "Code2", "Code3")) or c in ("SOURCEURL", "DATEADDED") or "FullName" in c
}
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    """The bundled example articles, ingested."""
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    result = CliRunner().invoke(
        cli,
        ["ingest", str(EXAMPLES), "--db", str(db), "-q", "--workers", "1"],
        env=CLI_ENV,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def n_events(examples_db: Path) -> int:
    with Store.open(examples_db) as store:
        n = store.count_events()
    assert n > 50
    return n


def export(run_cli: RunCli, db: Path, *args: str) -> tuple[str, str]:
    result = run_cli("export", "--db", str(db), *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def written(stderr: str) -> int:
    m = re.search(r"exported (\d+) (?:event|place)\(s\)", stderr)
    assert m, stderr
    return int(m[1])


def read_gdelt(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep="\t", header=None, names=list(EVENT_COLUMNS), dtype=GDELT_CODES)


def test_gdelt_loads_with_pandas(run_cli: RunCli, examples_db: Path, n_events: int) -> None:
    out, err = export(run_cli, examples_db, "--format", "gdelt")
    df = read_gdelt(out)
    assert len(df.columns) == 61 and list(df.columns) == list(EVENT_COLUMNS)
    assert len(df) == written(err) and 0 < len(df) <= n_events
    assert df["GLOBALEVENTID"].dtype == "int64" and df["GLOBALEVENTID"].is_unique
    codes = df["EventCode"].tolist()
    assert all(re.fullmatch(r"\d{2,4}", c) for c in codes)
    assert any(c.startswith("0") for c in codes), "leading zeros kept"
    assert all(
        c.startswith(r) and b.startswith(r)
        for c, b, r in zip(codes, df["EventBaseCode"], df["EventRootCode"], strict=True)
    )
    assert set(df["QuadClass"]) <= {1, 2, 3, 4} and df["QuadClass"].dtype == "int64"
    for col in ("GoldsteinScale", "ActionGeo_Lat", "ActionGeo_Long", "FractionDate"):
        assert pd.api.types.is_float_dtype(df[col]), col
    assert df["GoldsteinScale"].between(-10, 10).all()
    assert df["ActionGeo_Type"].dtype == "int64" and set(df["ActionGeo_Type"]) <= {0, 1, 2, 3, 4, 5}
    located = df[df["ActionGeo_Type"] > 0]
    assert len(located) > 0 and located["ActionGeo_Lat"].between(-90, 90).all()
    countries = located["ActionGeo_CountryCode"]
    assert countries.notna().sum() > len(located) / 2  # regions without a country (seas) have none
    assert countries.dropna().str.fullmatch(r"[A-Z]{2}").all()  # FIPS 10-4
    assert df["SQLDATE"].dropna().astype(int).astype(str).str.fullmatch(r"(19|20)\d{6}").all()
    assert df["DATEADDED"].str.fullmatch(r"\d{14}").all()
    assert df["AvgTone"].isna().all() and df["NumArticles"].ge(1).all()
    assert (df["NumSources"] <= df["NumArticles"]).all() and (df["NumArticles"] <= df["NumMentions"]).all()
    with_header, _ = export(run_cli, examples_db, "--format", "gdelt", "--header")
    assert list(pd.read_csv(io.StringIO(with_header), sep="\t", dtype=GDELT_CODES).columns) == list(
        EVENT_COLUMNS
    )


def test_gdelt_mentions_load_with_pandas(run_cli: RunCli, examples_db: Path) -> None:
    out, err = export(run_cli, examples_db, "--format", "gdelt-mentions")
    df = pd.read_csv(io.StringIO(out), sep="\t", header=None, names=list(MENTION_COLUMNS))
    assert len(df.columns) == 16 and len(df) == written(err)
    events = read_gdelt(export(run_cli, examples_db, "--format", "gdelt")[0])
    assert set(df["GLOBALEVENTID"]) == set(events["GLOBALEVENTID"])
    assert set(df["MentionType"]) <= {1, 2} and df["Confidence"].between(0, 100).all()
    assert (df["ActionCharOffset"] >= 0).all() and (df["MentionDocLen"] > df["ActionCharOffset"]).all()


def test_plover_loads_with_json(run_cli: RunCli, examples_db: Path, n_events: int, tmp_path: Path) -> None:
    out, err = export(run_cli, examples_db, "--format", "plover")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == written(err) == n_events
    for r in records:
        assert isinstance(r["id"], str) and r["event"][0] in PLOVER_TYPES
        assert r["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"])
        assert isinstance(r["source"], list) and isinstance(r["recipient"], list)
        assert r["quad_code"] in (1, 2, 3, 4) and isinstance(r["event_scale"], float)
        assert set(r["context"]) <= {"future", "hypothetical", "negation"}
    path = tmp_path / "events.json"
    export(run_cli, examples_db, "--format", "plover", "-o", str(path))
    assert json.loads(path.read_text("utf-8")) == records


def test_acled_loads_with_pandas(run_cli: RunCli, examples_db: Path, n_events: int) -> None:
    out, err = export(run_cli, examples_db, "--format", "acled")
    df = pd.read_csv(io.StringIO(out), dtype={"event_id_cnty": str})
    assert list(df.columns) == list(ACLED_COLUMNS) and len(df) == written(err)
    assert 0 < len(df) < n_events and "left out" in err
    assert all(sub in ACLED_TYPES[t] for t, sub in zip(df["event_type"], df["sub_event_type"], strict=True))
    assert pd.api.types.is_float_dtype(df["latitude"]) and pd.api.types.is_float_dtype(df["longitude"])
    assert df["year"].dtype == "int64" and set(df["time_precision"]) <= {1, 2, 3}
    assert set(df["geo_precision"].dropna()) <= {1, 2, 3} and set(df["inter1"]) <= set(range(9))
    assert pd.to_datetime(df["event_date"]).notna().all()
    assert df["fatalities"].isna().all()
    assert not df["notes"].str.startswith(("=", "+", "@")).any()


def _valid_point(feature: Any) -> None:
    lon, lat = feature["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_valid(run_cli: RunCli, examples_db: Path, n_events: int) -> None:
    out, err = export(run_cli, examples_db, "--format", "geojson")
    collection = geojson.loads(out)
    assert isinstance(collection, geojson.FeatureCollection) and collection.is_valid, collection.errors()
    assert len(collection["features"]) == written(err) and 0 < written(err) <= n_events
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Point"
        _valid_point(feature)
        assert feature["properties"]["plover"] in PLOVER_TYPES
    places_out, places_err = export(run_cli, examples_db, "--format", "geojson", "--places")
    places = geojson.loads(places_out)
    assert places.is_valid and len(places["features"]) == written(places_err) > 0
    for feature in places["features"]:
        _valid_point(feature)


def test_event_filters_apply(run_cli: RunCli, examples_db: Path) -> None:
    out, _ = export(run_cli, examples_db, "--format", "plover", "--actor", "RUS")
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    for r in records:
        codes = [a["cameo_code"] for a in r["source"] + r["recipient"]]
        assert any(c.startswith("RUS") for c in codes), codes


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "gdelt", "--table", "articles"],
        ["--format", "plover", "--header"],
        ["--format", "csv", "--actor", "RUS"],
        ["--format", "geojson", "--places", "--type", "ASSAULT"],
        ["--format", "acled", "--places"],
    ],
)
def test_options_that_do_not_fit_the_format_are_usage_errors(
    run_cli: RunCli, examples_db: Path, args: list[str]
) -> None:
    result = run_cli("export", "--db", str(examples_db), *args)
    assert result.exit_code == 2, result.stderr
