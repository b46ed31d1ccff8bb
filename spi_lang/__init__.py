"""spilang: write program-game programs in `.spi` files and play them exactly.

The public API: `load`, `check`, `play`, `tournament`, plus `SpiError` and `render` for
errors.
"""

from .api import Project, check, load, play, tournament
from .errors import SpiError, SpiErrors, render
from .interpreter import MatchResult
from .tournaments import TournamentResults

__all__ = ["MatchResult", "Project", "SpiError", "SpiErrors", "TournamentResults", "check", "load",
           "play", "render", "tournament"]
__version__ = "0.1.0"
