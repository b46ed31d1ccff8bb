"""spilang: write program-game programs in `.spi` files and play them exactly.

The public API: `load`, `check`, `play`, `tournament`, `analyze` and `spi_check`, plus
`SpiError` and `render` for errors.
"""

from .analysis import Analysis, analyze
from .api import Project, check, load, play, tournament
from .errors import SpiError, SpiErrors, render
from .interpreter import MatchResult
from .spi_check import SpiCheck, spi_check
from .tournaments import TournamentResults

__all__ = ["Analysis", "MatchResult", "Project", "SpiCheck", "SpiError", "SpiErrors",
           "TournamentResults", "analyze", "check", "load", "play", "render", "spi_check",
           "tournament"]
__version__ = "0.1.0"
