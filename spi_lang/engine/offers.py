"""Single offers outside a match, as line 3 of Algorithm 2 (or a round of Algorithm 3)
computes them in one: what the analyses (Assumption 8(ii), best responses over all
programs) inspect, each on its own fuel, or on what is left of a check's budget."""

from __future__ import annotations

from spi_lang.engine.interpreter import Table, _Run
from spi_lang.engine.iterated import Algorithm3
from spi_lang.geometry.games import Game
from spi_lang.geometry.numbers import NumberTooLarge
from spi_lang.geometry.sets import PayoffSet


def evaluate_offer(game: Game, table: Table, seat: int, profile: tuple[str, ...], selection: str,
                   fuel: int, budget=None) -> PayoffSet:
    """RN_i(RN_-i, a): the offer of the csr program in `seat` of `table` against the others
    at the default profile a, as line 3 of Algorithm 2 computes it in a match. With a
    `budget` (an object with `left` and `charge(units)`), the evaluation may spend at most
    what is left of it, and what it spent is charged to it."""
    run = _Run(game, selection, fuel if budget is None else max(1, min(fuel, budget.left)), table)
    try:
        return run.csr.offer(table[seat], seat, table, profile)
    except NumberTooLarge as exc:
        raise run.too_large(exc) from None
    finally:
        if budget is not None:
            budget.charge(max(0, run.budget - max(run.fuel, 0)))


def evaluate_round_offer(game: Game, table: Table, seat: int, k: int, profile: tuple[str, ...],
                         selection: str, fuel: int) -> PayoffSet:
    """RN_i^(k): the round-k offer (k from 0) of the icsr program in `seat` of `table`
    against the others, with the realized default profile as the current outcome."""
    run = _Run(game, selection, fuel, table)
    try:
        return run.csr.offer(Algorithm3(run.csr).view(table[seat], k), seat, table, profile)
    except NumberTooLarge as exc:
        raise run.too_large(exc) from None
