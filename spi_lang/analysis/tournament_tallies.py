"""The tallies behind a tournament's rankings, from its plan rather than its cells: each
result of a profile of code classes counts once, weighted by how many profiles of
programs it stands for, so a million cells of a few hundred classes cost a pass over
the classes' results (`tournament_results.rank` reads them; without a plan it counts
the cells themselves, which gives the same tallies, and so does it when there are nearly
as many class profiles as cells). Payoffs are integers on each seat's
common denominator, so the sums are integer sums."""

from __future__ import annotations

from fractions import Fraction
from math import lcm, prod

from spi_lang.engine.matches import Match

CELLS_PER_RESULT = 4  # below this many cells per class result, the cells are counted instead


def class_tallies(plan) -> list[list[tuple[Fraction, int, int]]] | None:
    """For each seat and each of its programs (in the plan's order): the sum of that
    seat's payoffs over its finished cells, how many finished, how many failed; None if
    a replayed failure finished (then the cells are counted)."""
    seats = plan.seats
    if any(cell.ok for cell in plan.overrides.values()) or \
            plan.count * CELLS_PER_RESULT > prod(map(len, seats)):
        return None  # a pass over the class results in Python costs more than counting cells in C
    of = [c for c, _ in plan.classes]
    counts = [[len(m) for m in members] for _, members in plan.classes]
    sizes = [len(programs) for programs in seats]
    results = list(plan.items())
    matches = {id(r): r for _, r in results if isinstance(r, Match)}
    out = []
    for s in range(len(seats)):
        others = [t for t in range(len(seats)) if t != s]
        denominator = lcm(*(m.payoffs[s].denominator for m in matches.values()))
        numerator = {ident: m.payoffs[s].numerator * (denominator // m.payoffs[s].denominator)
                     for ident, m in matches.items()}
        acc = [[0, 0, 0] for _ in counts[s]]
        weights = _weights(results, counts, others)
        for (combo, result), weight in zip(results, weights):
            entry = acc[combo[s]]
            found = numerator.get(id(result))
            if found is None:
                entry[2] += weight
            else:
                entry[0] += found * weight
                entry[1] += weight
        refused = prod(sizes[t] for t in others) - prod(sum(counts[t]) for t in others)
        per_program = [[0, 0, prod(sizes[t] for t in others)] if c < 0 else
                       [acc[c][0], acc[c][1], acc[c][2] + refused] for c in of[s]]
        _apply_overrides(plan, s, per_program, numerator, denominator)
        out.append([(Fraction(n, denominator), finished, failed) for n, finished, failed in per_program])
    return out


def _weights(results, counts, others):
    """How many profiles of programs each class result stands for, leaving out one seat."""
    if len(others) == 1:
        counts_, t = counts[others[0]], others[0]
        return [counts_[combo[t]] for combo, _ in results]
    return [prod(counts[t][combo[t]] for t in others) for combo, _ in results]


def _apply_overrides(plan, seat: int, per_program: list, numerator: dict, denominator: int) -> None:
    """A replayed failure replaces its class's result in one cell: the class's result
    (a failure too, or it would not have been replayed) counts once less."""
    of = [c for c, _ in plan.classes]
    for profile, cell in plan.overrides.items():
        combo = tuple(of[s][k] for s, k in enumerate(profile))
        entry = per_program[profile[seat]]
        before = numerator.get(id(plan.result(combo)))
        if before is None:
            entry[2] -= 1
        else:
            entry[0] -= before
            entry[1] -= 1
        entry[2] += 1  # replayed failures fail (class_tallies makes sure)
