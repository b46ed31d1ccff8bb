"""The house rules of the package layout: the import-linter contracts in pyproject.toml
(floors, no cycles) hold, a deliberate upward import breaks them, and no module or
function outgrows its size limit."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "spi_lang"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    """`lint-imports` with the project's configuration, importing spi_lang from `cwd`."""
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"}, timeout=300)


def test_the_layers_and_acyclic_contracts_are_kept():
    run = _lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Contracts: 2 kept, 0 broken." in run.stdout


def test_an_upward_import_breaks_both_contracts(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "spi_lang", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    sets = tmp_path / "spi_lang" / "geometry" / "sets.py"
    sets.write_text(sets.read_text() + "\nfrom spi_lang.engine import matches  # upward\n")
    run = _lint(tmp_path)
    assert run.returncode == 1
    assert "spi_lang.geometry is not allowed to import spi_lang.engine:" in run.stdout
    assert "- spi_lang.geometry.sets -> spi_lang.engine.matches" in run.stdout
    assert "Contracts: 0 kept, 2 broken." in run.stdout


def test_every_subpackage_says_its_role_and_what_it_may_import():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and "import" in doc, init


def test_modules_and_functions_stay_small():
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text()
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []
