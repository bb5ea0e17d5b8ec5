"""The package's layers, read from its source: every import runs down the pipeline, none in a circle.

The pipeline reads in folder names: load → validate → locate → join →
render.model → render → export → report → pipeline → the public package →
cli.  Every module of ``tn_map/`` is parsed with :mod:`ast` (nothing is
imported), and every import is an arrow: module-level ones, those inside
functions (imports put off for speed are still dependencies), those under
``TYPE_CHECKING``, and the names a package loads lazily
(:func:`tn_map._lazy.lazy_exports`).  A module may import its own stage or
an earlier one, never a later one, and no chain of imports comes back to
where it started.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tn_map"

#: The stages, first to last, each with the module prefixes it holds (longest prefix wins).
#: The first holds what every stage may use: errors, settings, words, names, the plan, CRS, geometry.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("tn_map._catalogue", "tn_map._errors", "tn_map._gdal", "tn_map._lazy", "tn_map._resources", "tn_map.settings",
              "tn_map.i18n", "tn_map.names", "tn_map.plan", "tn_map.reform", "tn_map.crs", "tn_map.geom",
              "tn_map.positions")),
    ("load", ("tn_map.load",)),
    ("validate", ("tn_map.validate",)),
    ("locate", ("tn_map.locate",)),
    ("join", ("tn_map.join",)),
    ("style", ("tn_map.style",)),
    ("render.model", ("tn_map.render.model",)),
    ("render", ("tn_map.render",)),
    ("export", ("tn_map.export",)),
    ("report", ("tn_map.report",)),
    ("pipeline", ("tn_map.pipeline",)),
    ("api", ("tn_map",)),  # the package itself: the public names, re-exported
    ("cli", ("tn_map.cli", "tn_map.__main__")),
)
RANK = {name: i for i, (name, _) in enumerate(STAGES)}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def stage_of(module: str) -> str:
    """The stage holding ``module``: the one with the longest matching prefix."""
    best, length = None, -1
    for name, prefixes in STAGES:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = name, len(prefix)
    if best is None:
        raise AssertionError(f"{module} is in no stage: add it to STAGES in {Path(__file__).name}")
    return best


def _resolve(module: str, path: Path, level: int, name: str | None) -> str:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    if level:
        parts = package.split(".")
        base = parts[: len(parts) - (level - 1)]
        return ".".join(base + ([name] if name else []))
    return name or ""


def _targets(module: str, path: Path) -> set[str]:
    """Every tn_map module ``module`` imports, at any depth of its code."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: set[str] = set()

    def add(target: str) -> None:
        while target and target not in MODULES:  # "tn_map.load.read_units" -> "tn_map.load"
            target = target.rpartition(".")[0]
        if target and target != module:
            out.add(target)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "tn_map":
                    add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node.level, node.module)
            if base.split(".")[0] != "tn_map":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                add(sub if sub in MODULES else base)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_exports":
            for arg in node.args:
                if isinstance(arg, ast.Dict):
                    for value in arg.values:
                        if isinstance(value, ast.Constant) and isinstance(value.value, str):
                            relative = value.value
                            level = len(relative) - len(relative.lstrip("."))
                            add(_resolve(module, path, level, relative.lstrip(".")))
    return out


GRAPH = {module: _targets(module, path) for module, path in MODULES.items()}


def test_the_graph_is_read_from_the_source():
    """The reader sees function-level, relative and lazy imports (else the checks below prove nothing)."""
    assert "tn_map.i18n" in GRAPH["tn_map.plan"]  # module level, relative
    assert "tn_map.render.leaflet" in GRAPH["tn_map.pipeline"]  # inside build_map
    assert "tn_map.export.html" in GRAPH["tn_map"]  # a lazily exported name
    assert "tn_map.report.brief" in GRAPH["tn_map.report"]  # inside the package's __getattr__
    assert stage_of("tn_map.render.model") == "render.model" and stage_of("tn_map.render.static") == "render"
    assert stage_of("tn_map") == "api" and stage_of("tn_map.load.sites") == "load"


def test_every_module_is_in_a_stage():
    for module in MODULES:
        stage_of(module)


def test_no_import_runs_back_up_the_pipeline():
    backwards = sorted(
        f"{module} ({stage_of(module)}) imports {target} ({stage_of(target)})"
        for module, targets in GRAPH.items()
        for target in targets
        if RANK[stage_of(target)] > RANK[stage_of(module)]
    )
    assert backwards == []


@pytest.mark.parametrize(("low", "high"), [
    ("tn_map.locate", "tn_map.join"),
    ("tn_map.export", "tn_map.pipeline"),
    ("tn_map.report", "tn_map.pipeline"),
    ("tn_map.load", "tn_map.locate"),
])
def test_named_leaks_stay_closed(low, high):
    """The arrows issue 19 found running back up: locate → join, export and report → pipeline, load → locate."""
    leaks = sorted(f"{m} -> {t}" for m, ts in GRAPH.items() if m == low or m.startswith(low + ".")
                   for t in ts if t == high or t.startswith(high + "."))
    assert leaks == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_circle_of_imports():
    assert _cycles(GRAPH) == []


def test_the_brief_writers_take_the_document_types_from_a_module_that_imports_neither():
    assert "tn_map.report.brief" not in GRAPH["tn_map.report.docx"] | GRAPH["tn_map.report.pdf"]
    assert GRAPH["tn_map.report.document"].isdisjoint(
        {"tn_map.report.brief", "tn_map.report.docx", "tn_map.report.pdf"})


def test_one_function_per_public_name():
    """No two modules define a public function of the same name (two ``zone_table`` took different arguments)."""
    where: dict[str, list[str]] = {}
    for module, path in MODULES.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(module)
    assert {name: mods for name, mods in where.items() if len(mods) > 1} == {}


def test_the_command_line_only_parses_and_prints():
    """cli.py builds no table and no crosswalk: it calls library functions and prints what they return."""
    tree = ast.parse(MODULES["tn_map.cli"].read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and not node.level}
    assert imported.isdisjoint({"pandas", "geopandas", "numpy", "shapely"})
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert names.isdisjoint({"DataFrame", "GeoDataFrame", "build_crosswalk", "crosswalk_table"})


def test_site_reading_options_are_one_value_not_repeated_in_signatures():
    """The reading options (columns, CRS, X/Y order, sheet, encoding, layer) travel as one ReadOptions.

    Issue 19 found them spelt out in six signatures (seven to nine of them each); a function naming
    the coordinate columns alone (four: ``detect_roles``) is finding roles, not reading a file.
    """
    from dataclasses import fields

    from tn_map.load import ReadOptions

    names = {f.name for f in fields(ReadOptions)}
    repeated = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                given = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
                if len(given & names) >= 5:
                    repeated.append(f"{module}.{node.name}")
    assert repeated == []


def test_read_options_and_keywords_read_alike(tmp_path):
    import tn_map
    from tn_map.load import ReadOptions

    csv = tmp_path / "survey.csv"
    csv.write_text("ten,X,Y\nA,2386500,435200\n", encoding="utf-8")  # X is northing, metres (VN-2000 TM-3 106-30)
    by_keyword = tn_map.read_sites(csv, x="X", y="Y", crs=9213, xy_order="ne")
    by_value = tn_map.read_sites(csv, ReadOptions(x="X", y="Y", crs=9213, xy_order="ne"))
    assert by_value.crs == by_keyword.crs and by_value.crs.to_epsg() == 9213 and by_value.xy_order == "ne"
    assert by_value.roles == by_keyword.roles and by_value.frame.equals(by_keyword.frame)
    overridden = tn_map.read_sites(csv, ReadOptions(x="X", y="Y", crs=9213), xy_order="ne")
    assert overridden.xy_order == "ne"
    with pytest.raises(TypeError, match="xy_ordre"):
        tn_map.read_sites(csv, xy_ordre="ne")  # a misspelt option is an error, not ignored


def test_the_public_api_is_small_and_documented():
    """tn_map's names: each function says its parameters, what it returns and in which CRS (numpydoc)."""
    import inspect

    import tn_map

    assert len(tn_map.__all__) <= 16 and len(set(tn_map.__all__)) == len(tn_map.__all__)
    undocumented = []
    for name in tn_map.__all__:
        value = getattr(tn_map, name)
        if not inspect.isfunction(value) and not (inspect.isclass(value) and not issubclass(value, Exception)):
            continue
        doc = inspect.getdoc(value) or ""
        sections = ("Parameters\n----------", "Returns\n-------") if inspect.isfunction(value) else ("Attributes\n----------",)
        missing = [s.split("\n")[0] for s in sections if s not in doc]
        if "EPSG" not in doc:
            missing.append("a CRS (EPSG)")
        if inspect.isfunction(value):
            params = [p for p in inspect.signature(value).parameters if p not in ("by_name",)]
            missing += [f"parameter {p}" for p in params if p not in doc]
        if missing:
            undocumented.append(f"{name}: {', '.join(missing)}")
    assert undocumented == []
