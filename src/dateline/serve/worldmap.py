"""The offline world map: country outlines as SVG paths (equirectangular, ``x = lon + 180``,
``y = 90 - lat``, a 360 x 180 view box), from the bundled ``static/world-110m.tsv``.

That file is derived from Natural Earth's 1:110m admin-0 countries (public domain), as shipped in
the ``geopandas==0.14.4`` wheel (``geopandas/datasets/naturalearth_lowres``), by :func:`derive_world`:
the rings are simplified (Douglas-Peucker, 0.15 degrees), tiny islands dropped and coordinates
rounded to 0.1 degree. Re-derive with ``python -m dateline.serve.worldmap WHEEL OUT.tsv``.
"""

from __future__ import annotations

import functools
import logging
import struct
import sys
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

WORLD_FILE = "world-110m.tsv"
_SHP = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Country:
    iso: str  # ISO 3166-1 alpha-3 (Natural Earth's code where ISO has none)
    name: str
    d: str  # SVG path data
    x: float  # label point (centre of the largest ring's bounding box), map units
    y: float


def project(lat: float, lon: float) -> Point:
    """Map coordinates of a latitude/longitude (degrees)."""
    return round(max(-180.0, min(180.0, lon)) + 180.0, 2), round(90.0 - max(-90.0, min(90.0, lat)), 2)


@functools.cache
def load_world() -> tuple[Country, ...]:
    """The bundled country outlines (read once per process)."""
    text = resources.files("dateline.serve").joinpath("static", WORLD_FILE).read_text("utf-8")
    out = []
    header: list[str] | None = None
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells, strict=True))
        out.append(
            Country(iso=row["iso_a3"], name=row["name"], d=row["path"], x=float(row["x"]), y=float(row["y"]))
        )
    return tuple(out)


@functools.cache
def country_points() -> dict[str, Point]:
    """ISO alpha-3 code -> a label point on the map, for places known only by their country."""
    return {c.iso: (c.x, c.y) for c in load_world()}


def validate_world(text: str, name: str = WORLD_FILE) -> list[str]:
    """Problems in a world file, as ``path:line: problem``."""
    problems = []
    header: list[str] | None = None
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if header != ["iso_a3", "name", "x", "y", "path"]:
                problems.append(f"{name}:{lineno}: header must be iso_a3, name, x, y, path")
                return problems
            continue
        if len(cells) != 5:
            problems.append(f"{name}:{lineno}: expected 5 cells, got {len(cells)}")
            continue
        iso, _, x, y, d = cells
        if len(iso) != 3 or not iso.isalpha() or not iso.isupper():
            problems.append(f"{name}:{lineno}: bad code {iso!r}")
        elif iso in seen:
            problems.append(f"{name}:{lineno}: duplicate code {iso!r}")
        seen.add(iso)
        try:
            if not (0 <= float(x) <= 360 and 0 <= float(y) <= 180):
                problems.append(f"{name}:{lineno}: label point outside the map")
        except ValueError:
            problems.append(f"{name}:{lineno}: label point is not numeric")
        if not d.startswith("M") or set(d) - set("MLZ0123456789.- "):
            problems.append(f"{name}:{lineno}: path data must be M/L/Z commands with numbers")
    return problems


# -- derivation (run by hand, never at run time) -------------------------------------------------------


def _dbf_records(data: bytes) -> list[dict[str, str]]:
    n, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\x00")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    out = []
    for i in range(n):
        rec = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        row: dict[str, str] = {}
        off = 1
        for name, size in fields:
            row[name] = rec[off : off + size].decode("utf-8", "replace").strip()
            off += size
        out.append(row)
    return out


def _shp_polygons(data: bytes) -> list[list[list[Point]]]:
    out: list[list[list[Point]]] = []
    pos = 100
    while pos < len(data):
        _, words = struct.unpack(">ii", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + 2 * words]
        pos += 8 + 2 * words
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type != 5:
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        base = 44 + 4 * n_parts
        pts = [struct.unpack("<2d", content[base + 16 * i : base + 16 * i + 16]) for i in range(n_points)]
        bounds = [*parts, n_points]
        out.append([pts[bounds[i] : bounds[i + 1]] for i in range(n_parts)])
    return out


def _simplify(points: list[Point], tol: float) -> list[Point]:
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            dist = (
                abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
                if norm
                else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            )
            if dist > best:
                best, idx = dist, i
        if best > tol:
            keep[idx] = True
            stack.extend(((a, idx), (idx, b)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: list[Point]) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def _fmt(v: float) -> str:
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def derive_world(wheel: Path, out: Path, *, tolerance: float = 0.15, min_area: float = 0.3) -> int:
    """Write the simplified world file from a geopandas 0.14 wheel; returns the number of countries."""
    with zipfile.ZipFile(wheel) as zf:
        shp = zf.read(_SHP + ".shp")
        dbf = zf.read(_SHP + ".dbf")
    records = _dbf_records(dbf)
    polygons = _shp_polygons(shp)
    lines = [
        "# Country outlines for the offline map: Natural Earth 1:110m admin-0 countries (public domain),",
        "# from the geopandas 0.14.4 wheel (datasets/naturalearth_lowres), simplified by dateline.serve.worldmap.",
        "# path: SVG path data, x = lon + 180, y = 90 - lat; x, y: label point.",
        "iso_a3\tname\tx\ty\tpath",
    ]
    seen: set[str] = set()
    for rec, rings in sorted(zip(records, polygons, strict=True), key=lambda p: p[0]["iso_a3"]):
        iso = rec["iso_a3"]
        if len(iso) != 3 or not iso.isalpha() or iso in seen or not rings:
            log.warning("skipping %r (%s)", rec.get("name"), iso)
            continue
        seen.add(iso)
        proj = [[(x + 180.0, 90.0 - y) for x, y in ring] for ring in rings]
        largest = max(proj, key=_area)
        kept = [r for r in proj if _area(r) >= min_area or r is largest]
        parts = []
        for ring in kept:
            simple = _simplify(ring, tolerance)
            if len(simple) < 4:
                simple = ring
            parts.append("M" + " L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in simple[:-1]) + "Z")
        xs = [x for x, _ in largest]
        ys = [y for _, y in largest]
        name = rec["name"].replace("\t", " ")
        lines.append(
            f"{iso}\t{name}\t{_fmt((min(xs) + max(xs)) / 2)}\t{_fmt((min(ys) + max(ys)) / 2)}\t{' '.join(parts)}"
        )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(seen)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        logging.basicConfig(level=logging.INFO)
        log.error("usage: python -m dateline.serve.worldmap GEOPANDAS-0.14.4.whl OUT.tsv")
        return 2
    logging.basicConfig(level=logging.INFO)
    n = derive_world(Path(args[0]), Path(args[1]))
    log.info("wrote %d countries to %s", n, args[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["Country", "country_points", "derive_world", "load_world", "project", "validate_world"]
