"""The package's shape, checked on every run: stages and formats in their own packages, no
import cycle, small files and functions, `Any` only where a library forces it, every
module imported by some test, and the code ruff-clean and `mypy --strict` clean."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "presswork"
MAX_TOP_LEVEL = 8
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_ANY = 20
TABLES = {"presswork.cli.main._parser"}  # the argparse table: long, and flat on purpose


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(tree: ast.AST) -> Iterator[str]:
    """Every presswork module a tree imports (at the top or inside a function)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    yield f"{node.module}.{alias.name}"
                elif node.module in MODULES:
                    yield node.module


def import_graph() -> dict[str, set[str]]:
    return {
        name: set(imports_of(ast.parse(path.read_text(encoding="utf-8")))) - {name}
        for name, path in MODULES.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


LAYERS = {
    "manuscript": {"errors"},
    "theme": {"errors", "manuscript", "user_cache"},
    "epub": {"errors", "manuscript", "theme", "output", "checks", "workers"},
    "pdf": {"errors", "manuscript", "theme", "output", "checks", "workers", "user_cache"},
    "preview": {"errors", "theme", "build"},
}
"""What each package may import besides itself: the stages run one way, and the back ends
never import each other (the page list crosses as plain data in the model); user_cache, like
errors, is a leaf that knows no stage."""


def test_packages_import_only_earlier_stages() -> None:
    wrong = {}
    for name, targets in import_graph().items():
        package = name.split(".")[1] if "." in name else ""
        if package not in LAYERS:
            continue
        reached = {target.split(".")[1] for target in targets if target.count(".")} - {package}
        if reached - LAYERS[package]:
            wrong[name] = sorted(reached - LAYERS[package])
    assert wrong == {}


def test_the_cycle_check_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_few_modules_at_the_top_the_rest_by_stage_and_format() -> None:
    top = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= MAX_TOP_LEVEL, top
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"manuscript", "theme", "epub", "pdf", "preview"} <= packages


def test_every_package_and_module_says_what_it_does() -> None:
    missing = [
        name for name, path in MODULES.items() if not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert missing == []


def test_files_and_functions_stay_small() -> None:
    long_files = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    }
    long_functions = {}
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES and f"{name}.{node.name}" not in TABLES:
                    long_functions[f"{name}.{node.name}"] = length
    assert long_files == {} and long_functions == {}


def test_any_only_where_a_library_forces_it() -> None:
    uses = sum(
        1
        for path in MODULES.values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Name) and node.id == "Any")
        or (isinstance(node, ast.Attribute) and node.attr == "Any")
    )
    assert uses < MAX_ANY


def test_weasyprint_is_imported_only_by_the_print_engine() -> None:
    outside = [
        name
        for name, path in MODULES.items()
        if not name.startswith("presswork.pdf")
        and any(
            isinstance(node, ast.Import | ast.ImportFrom)
            and any(
                (getattr(node, "module", None) or alias.name).startswith(("weasyprint", "pydyf"))
                for alias in node.names
            )
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert outside == []


def test_every_module_is_imported_by_some_test() -> None:
    tested: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        tested |= set(imports_of(ast.parse(path.read_text(encoding="utf-8"))))
    # a package counts as tested through its modules
    tested |= {name.rsplit(".", 1)[0] for name in tested if "." in name}
    scripts = {name for name in MODULES if name.endswith(".__main__")}  # run by `python -m`
    untested = sorted(set(MODULES) - tested - scripts - {"presswork"})
    assert untested == []


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "ruff", "check", "src", "tests", "scripts"],
        ["-m", "ruff", "format", "--check", "src", "tests", "scripts"],
        ["-m", "mypy"],
    ],
    ids=["ruff", "ruff-format", "mypy-strict"],
)
def test_lint_and_types(command: list[str]) -> None:
    done = subprocess.run([sys.executable, *command], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
