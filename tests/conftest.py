"""Fixtures shared by the CLI test modules."""

from pathlib import Path

import pytest

from spi_lang.cli import main

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
