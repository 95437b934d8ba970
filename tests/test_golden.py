"""Golden files: every layer of every example article against a fresh extraction (sm model).

The files live in ``tests/golden/<article>/<layer>`` and are written by ``tests/golden/regenerate.py``
with the same functions this test uses, so a failure is a real change in one layer of one article.
If the change is intended, regenerate and review the diff.
"""

from __future__ import annotations

import difflib

import pytest
from spacy.language import Language

from tests.golden import regenerate as golden

MAX_DIFF_LINES = 40


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise over the golden folders on disk (at collection, not at import)."""
    if "slug" in metafunc.fixturenames:
        slugs = golden.golden_folders()
        metafunc.parametrize("slug", slugs, ids=slugs)


@pytest.fixture(scope="session")
def fresh(nlp: Language) -> golden.Golden:
    """All example articles read and extracted once per session, rendered as golden file content."""
    return golden.generate(nlp)


@pytest.mark.slow
@pytest.mark.parametrize("layer", golden.LAYERS, ids=[layer.split(".")[0] for layer in golden.LAYERS])
def test_layer_matches_golden(slug: str, layer: str, fresh: golden.Golden) -> None:
    if slug in fresh.failures:
        failure = fresh.failures[slug]
        pytest.fail(
            f"{failure.origin} failed at {failure.stage}: {failure.code} {failure.message}", pytrace=False
        )
    if slug not in fresh.files:
        pytest.skip(
            f"tests/golden/{slug}/ has no example article (test_every_example_has_a_golden_folder fails)"
        )
    path = golden.GOLDEN / slug / layer
    want = path.read_text(encoding="utf-8") if path.is_file() else None
    got = fresh.files[slug][layer]
    if want == got:
        return
    name = f"tests/golden/{slug}/{layer}"
    if want is None:
        pytest.fail(f"{name} is missing; {_hint()}", pytrace=False)
    pytest.fail(
        f"{name} differs from a fresh extraction (model {fresh.model}):\n{_diff(want, got, name)}\n{_hint()}",
        pytrace=False,
    )


def test_every_example_has_a_golden_folder() -> None:
    examples = set(golden.example_slugs())
    folders = set(golden.golden_folders())
    problems = [f"no golden folder for example article {slug!r}" for slug in sorted(examples - folders)]
    problems += [f"golden folder {slug!r} has no example article" for slug in sorted(folders - examples)]
    for slug in sorted(folders & examples):
        files = {p.name for p in (golden.GOLDEN / slug).iterdir()}
        if extra := sorted(files - set(golden.LAYERS)):
            problems.append(f"golden folder {slug!r} holds files that are not layers: {', '.join(extra)}")
    if problems:
        pytest.fail("\n".join([*problems, _hint()]), pytrace=False)


def _diff(want: str, got: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(
            want.split("\n"), got.split("\n"), fromfile=name, tofile="fresh extraction", n=1, lineterm=""
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... {len(lines) - MAX_DIFF_LINES} more diff lines"]
    return "\n".join(lines)


def _hint() -> str:
    return f"if the change is intended, run `{golden.REGENERATE}` and review the diff (git diff tests/golden)"
