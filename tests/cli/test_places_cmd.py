"""``dateline places import`` and ``dateline places lookup`` on a small invented GeoNames-format file."""

from __future__ import annotations

from pathlib import Path

from dateline.layers.places.gazetteer import load_gazetteer

from .conftest import RunCli

ROW = "\t".join(
    ["990000011", "Harrowgate Green", "Harrowgate Green", "Harrowgate Common", "40.12", "-88.24", "L", "PRK", "US",
     "", "IL", "019", "", "", "0", "", "200", "America/Chicago", "2024-01-01"]
)  # fmt: skip


def test_import_then_lookup(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "parks.txt"
    source.write_text(ROW + "\nbad\trow\n", encoding="utf-8")
    store = tmp_path / "user" / "places.tsv"
    result = run_cli("places", "import", str(source), "--places", str(store))
    assert result.exit_code == 0, result.output
    assert "added 1 place(s)" in result.stderr and "skipped" in result.stderr
    assert store.is_file()
    load_gazetteer.cache_clear()
    try:
        found = run_cli("places", "lookup", "Harrowgate Common", "--places", str(store))
        assert found.exit_code == 0, found.output
        assert "Harrowgate Green\tplace\tUSA" in found.stdout and "Illinois (US.IL)" in found.stdout
        missing = run_cli("places", "lookup", "Qqqzzyxville", "--places", str(store))
        assert missing.exit_code == 1 and "not in the gazetteer" in missing.stdout
    finally:
        load_gazetteer.cache_clear()
