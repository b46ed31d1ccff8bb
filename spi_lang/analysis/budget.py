"""The budget of analysis work done outside matches (issue 17, F4e): a loop over every
default profile of a game, with two offers and two set inclusions at each, must be
metered like a match, or a small file with a large game takes minutes. One check (say,
Assumption 8(ii) for one pair of programs) gets `--fuel` units; the offers it evaluates
spend their own fuel from it, and its set inclusions their work; past it is an error at
the program being checked."""

from __future__ import annotations

from spi_lang.syntax.errors import Span, SpiError


class Budget:
    """Units left for one check; `charge` spends them, then raises a positioned error."""

    def __init__(self, units: int, label: str, span: Span | None) -> None:
        self.units, self.left, self.label, self.span = units, units, label, span

    def charge(self, units: int = 1) -> None:
        """Spend units of the budget."""
        self.left -= units
        if self.left < 0:
            raise SpiError(f"out of fuel: {self.label} took more than {self.units} steps (the analysis "
                           "budget of one check is --fuel; raise it with --fuel)", self.span)
