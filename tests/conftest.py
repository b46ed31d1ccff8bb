"""Fixtures shared by the CLI and REPL test modules."""

import io
import sys
from pathlib import Path

import pytest

from spi_lang.ui.cli import main

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def run(monkeypatch, capsys):
    """Run `spilang ARGS` from the golden folder; return (exit code, stdout, stderr).
    (Modules that run elsewhere define their own `run`.)"""
    monkeypatch.chdir(GOLDEN)

    def _run(*argv: str):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return _run


@pytest.fixture
def repl(monkeypatch, capsys, tmp_path):
    """Pipe `text` into `spilang repl [ARGS]` from a tmp folder; (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)

    def _run(text: str, *args: str):
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        code = main(["repl", *args])
        out, err = capsys.readouterr()
        return code, out, err
    return _run
