"""spilang: write program-game programs in `.spi` files and play them exactly.

The public API: `load`, `check`, `play`, `tournament`, `analyze` and `spi_check`, plus
`SpiError` and `render` for errors. The package is built in floors, each unaware of
those above it: syntax, geometry, load, engine, analysis, then `api` and `ui`
(pyproject.toml's import-linter contract enforces it; docs/architecture.md maps it).
"""

__version__ = "0.1.0"

from spi_lang.api import MatchResult, Project, check, load, play, tournament  # noqa: E402
from spi_lang.syntax.errors import SpiError, SpiErrors, render  # noqa: E402

__all__ = ["Analysis", "MatchResult", "Project", "SpiCheck", "SpiError", "SpiErrors",
           "TournamentResults", "analyze", "check", "load", "play", "render", "spi_check",
           "tournament"]

_ANALYSIS = ("Analysis", "SpiCheck", "TournamentResults", "analyze", "spi_check")


def __getattr__(name: str):
    """The analysis floor's names, imported on first use: `spilang play`, `check` and
    `game` start without it (start-up time)."""
    if name not in _ANALYSIS:
        raise AttributeError(f"module 'spi_lang' has no attribute {name!r}")
    from spi_lang import api
    value = getattr(api, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
