"""The layout rules of docs/architecture.md, checked on the source tree (imports read with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "dateline"
LAYERS = ("actors", "events", "quotes", "timexes", "places")


def _imports(path: Path) -> list[str]:
    """Absolute dotted names (under ``dateline``) this module imports."""
    package = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if package[-1] == "__init__":
        package = package[:-1]
    else:
        package = package[:-1]
    out: list[str] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                out.append(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(alias.name for alias in node.names)
    return out


def test_data_imports_nothing_from_dateline() -> None:
    for path in (SRC / "data").rglob("*.py"):
        bad = [m for m in _imports(path) if m == "dateline" or m.startswith("dateline.")]
        assert bad == [], f"{path.relative_to(SRC)} imports {bad}"


def test_layers_use_each_other_only_through_their_packages() -> None:
    for layer in LAYERS:
        for path in (SRC / "layers" / layer).rglob("*.py"):
            for mod in _imports(path):
                for other in LAYERS:
                    if other == layer:
                        continue
                    prefix = f"dateline.layers.{other}"
                    assert not mod.startswith(prefix + "."), (
                        f"{path.relative_to(SRC)} imports {mod}: use {prefix} (its public API) instead"
                    )


def test_only_the_conductor_and_cli_reach_into_layers() -> None:
    """Outside layers/, code uses a layer's package, not its modules (cli/actors may use the dictionary tools)."""
    allowed = {"cli/actors.py"}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("layers/") or rel in allowed:
            continue
        for mod in _imports(path):
            for layer in LAYERS:
                assert not mod.startswith(f"dateline.layers.{layer}."), f"{rel} imports {mod}"


def test_no_import_cycles_between_packages() -> None:
    """The package graph (ingest, nlp, layers/*, store, serve, cli, ...) has no cycle."""
    def unit(mod: str) -> str | None:
        parts = mod.split(".")
        if parts[0] != "dateline" or len(parts) < 2:
            return None
        if parts[1] == "layers" and len(parts) > 2 and parts[2] in LAYERS:
            return f"layers.{parts[2]}"
        return parts[1]

    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        me = unit(".".join(path.relative_to(SRC.parent).with_suffix("").parts))
        if me is None:
            continue
        for mod in _imports(path):
            other = unit(mod)
            if other and other != me:
                graph.setdefault(me, set()).add(other)

    def visit(node: str, stack: list[str]) -> None:
        assert node not in stack, f"import cycle: {' -> '.join([*stack, node])}"
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*stack, node])

    for start in sorted(graph):
        visit(start, [])
