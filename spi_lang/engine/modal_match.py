"""A match with its provability conditions' Kripke chains kept as data (engine/modal.py):
for tests, benchmarks and anything that wants the worlds a match needed, not only its
outcome."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.engine.deep import on_deep_stack, run_deep
from spi_lang.engine.interpreter import _Run
from spi_lang.engine.modal import KripkeChain
from spi_lang.engine.results import DEFAULT_FUEL
from spi_lang.geometry.games import Game, Outcome


@attrs.frozen
class ModalMatch:
    """A match's outcome and payoffs, every chain it solved (in the order it met them) and
    the fuel it spent."""

    outcome: Outcome
    payoffs: tuple[Fraction, ...]
    chains: tuple[KripkeChain, ...]
    fuel: int

    @property
    def worlds(self) -> int:
        """The worlds evaluated over all chains (restarts included only as the last start)."""
        return sum(len(c.worlds) for c in self.chains)


def modal_match(game: Game, programs: tuple, selection: str = "leximin",
                fuel: int = DEFAULT_FUEL) -> ModalMatch:
    """Play `programs` (one per seat) in `game` as `play_match` does, untraced, on the
    deep stack, keeping the chains."""
    if not on_deep_stack():
        return run_deep(modal_match, game, programs, selection, fuel)
    programs = tuple(programs)
    run = _Run(game, selection, fuel, programs, trace=False)
    try:
        outcome = run.match(programs)
        chains = tuple(run._modal.chains) if run._modal is not None else ()
    finally:
        run._csr = run._modal = None
    return ModalMatch(outcome, game.expected(outcome), chains, fuel - run.fuel)
