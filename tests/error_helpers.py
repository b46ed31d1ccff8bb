"""Shared helpers for the golden error tests: small games, writing files into the working
directory (a tmp_path), and rendering the errors that a call reports or raises."""

import pathlib

import pytest

import spi_lang
from spi_lang.syntax.errors import SpiError, SpiErrors, render
from spi_lang.syntax.parser import parse

GAME = """\
game G {
  actions A, B
  payoff (A, A) = (2, 2)
  payoff (_, _) = (0, 0)
}
"""

CHICKEN = """\
game Chicken {
  actions Row: Dare, Swerve
  actions Col: Go, Yield
  payoff (Dare, Go) = (0, 0)
  payoff (Dare, Yield) = (4, 1)
  payoff (Swerve, Go) = (1, 4)
  payoff (Swerve, Yield) = (3, 3)
}
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(files: dict) -> None:
    for name, text in files.items():
        path = pathlib.Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def checked(files: dict, *roots: str) -> str:
    """Write files, run `spi_lang.check` on the roots (default: the last file), render."""
    write({"g.spi": GAME, **files})
    errors, sources = spi_lang.check(*(roots or [list(files)[-1]]))
    return "\n".join(render(e, sources) for e in errors)


def raised(call, *args, **kwargs) -> str:
    """Render the errors of the `SpiErrors` that a call raises."""
    with pytest.raises(SpiErrors) as info:
        call(*args, **kwargs)
    return "\n".join(render(e, info.value.sources) for e in info.value.errors)


def syntax(src: str, path: str = "b.spi") -> str:
    with pytest.raises(SpiError) as info:
        parse(src, path)
    return render(info.value, {path: src})
