"""spilang: write program-game programs in `.spi` files and play them exactly.

The public API: `load`, `check`, `play`, `tournament`, `analyze` and `spi_check`, plus
`SpiError` and `render` for errors. The package is built in floors, each unaware of
those above it: syntax, geometry, load, engine, analysis, then `api` and `ui`
(pyproject.toml's import-linter contract enforces it; docs/architecture.md maps it).
"""

__version__ = "0.1.0"

from spi_lang.api import (Analysis, MatchResult, Project, SpiCheck, TournamentResults, analyze,  # noqa: E402
                          check, load, play, spi_check, tournament)
from spi_lang.syntax.errors import SpiError, SpiErrors, render  # noqa: E402

__all__ = ["Analysis", "MatchResult", "Project", "SpiCheck", "SpiError", "SpiErrors",
           "TournamentResults", "analyze", "check", "load", "play", "render", "spi_check",
           "tournament"]
