"""Pure payoff-space geometry computed once: constant offer sets, canonical outcomes, PMPs
and the clips and intersections of planar sets recur across the matches of a tournament
(and within a match), so their results are kept with the fuel their computation charged,
and a reuse charges that fuel again: a match spends exactly the steps it spent before,
and runs out of fuel exactly when it did (out of fuel, nothing is kept: the next try
computes again). Tables are bounded; a full table starts afresh, which only costs time."""

from __future__ import annotations

import weakref

MAX_ENTRIES = 50_000  # per table


class ChargedMemo:
    """Results by key, each with the units of fuel it charged."""

    def __init__(self, limit: int = MAX_ENTRIES) -> None:
        self.limit = limit
        self._found: dict = {}

    def get(self, key, compute, charge=None):
        """compute(counting) once for `key` (`counting` passes its units on to `charge`,
        and counts them); after that, the result again, charging the same units."""
        found = self._found.get(key)
        if found is not None:
            result, units = found
            if units and charge is not None:
                charge(units)
            return result
        spent = 0

        def counting(units: int = 1) -> None:
            nonlocal spent
            spent += units
            if charge is not None:
                charge(units)
        result = compute(counting)
        if len(self._found) >= self.limit:
            self._found.clear()
        self._found[key] = (result, spent)
        return result

    def clear(self) -> None:
        self._found.clear()


_per_game: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def memo_of(game) -> ChargedMemo:
    """The table of one game's pure geometry (PMPs, canonical outcomes, constant sets),
    kept while the game lives."""
    found = _per_game.get(game)
    if found is None:
        found = _per_game[game] = ChargedMemo()
    return found
