from __future__ import annotations

import json
from importlib import resources

from dateline.checks import validate_all
from dateline.data import load_agencies, manifest


def test_data_files_are_valid() -> None:
    problems = validate_all()
    assert not problems, "\n".join(problems)


def test_manifest_lists_versions() -> None:
    names = {row["file"] for row in manifest()}
    assert {"agencies.tsv", "contract.schema.json"} <= names


def test_agencies_canonical_names() -> None:
    agencies = load_agencies()
    assert agencies["agence france-presse"] == "AFP"
    assert agencies["afp"] == "AFP"


def test_contract_schema_is_json() -> None:
    text = resources.files("dateline.data").joinpath("contract.schema.json").read_text("utf-8")
    assert json.loads(text)["$defs"]["result"]["required"][0] == "id"
