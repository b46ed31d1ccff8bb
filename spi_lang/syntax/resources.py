"""Where the grammar and the stdlib programs are, in a checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # spi_lang/, above syntax/

# An installed wheel carries copies under spi_lang/_data (see pyproject.toml); an
# editable install or a checkout reads the top-level folders of the repository.
_CANDIDATES = (_PACKAGE / "_data", _PACKAGE.parent)


def _find(name: str) -> Path:
    for root in _CANDIDATES:
        if (root / name).is_dir():
            return root / name
    raise RuntimeError(f"spilang is installed without its {name}/ folder")


@cache
def grammar_path() -> Path:
    """The path of `spilang.lark`."""
    return _find("grammar") / "spilang.lark"


@cache
def stdlib_dir() -> Path:
    """The folder of the stdlib programs that imports fall back to."""
    return _find("stdlib_programs")
