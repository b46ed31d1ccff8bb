"""spilang: write program-game programs in `.spi` files and play them exactly.

The public API: `load`, `check`, `play`, plus `SpiError` and `render` for errors.
"""

from .api import Project, check, load, play
from .errors import SpiError, SpiErrors, render
from .interpreter import MatchResult

__all__ = ["MatchResult", "Project", "SpiError", "SpiErrors", "check", "load", "play", "render"]
__version__ = "0.1.0"
