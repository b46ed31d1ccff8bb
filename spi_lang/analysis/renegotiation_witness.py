"""The best `map`s of a renegotiation witness (all_programs.py), given its default: the
maps are one function for every counterpart, so per default profile s the target is the
counterparts' common target with the largest believed gain (or none), and Definition 3's
one strict map is added where it costs least (nothing, at a profile no match reaches)."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.geometry.games import Game
from spi_lang.geometry.selection import canonical_outcome, select


def best_maps(game: Game, seat: int, rows):
    """`rows`: (probability, realized default profile s, each counterpart's rn(s)) for the
    matches in which the witness renegotiates. The expected payoff of those matches with
    the best maps, and the maps as (source profile, target outcome) in profile order; None
    if no profile of the game has a strict Pareto improvement (no renegotiation program)."""
    gains: dict[tuple, dict] = {}
    value = Fraction(0)
    for weight, profile, rns in rows:
        here = game.payoff(profile)[seat]
        value += weight * here
        if all(r == rns[0] for r in rns):  # agreement is possible: on their common target
            at = gains.setdefault(profile, {})
            at[rns[0]] = at.get(rns[0], Fraction(0)) + weight * (game.expected(rns[0])[seat] - here)
    maps = {s: max(options.items(), key=lambda kv: kv[1]) for s, options in gains.items()}
    maps = {s: t for s, t in maps.items() if t[1] > 0}
    if not any(_strict(game, s, t) for s, (t, _) in maps.items()):
        maps = _with_strict_map(game, gains, maps)
        if maps is None:
            return None
    ordered = sorted(maps.items(), key=lambda kv: game._order[kv[0]])
    return value + sum(g for _, g in maps.values()), [(s, t) for s, (t, _) in ordered]


def _strict(game: Game, profile, target) -> bool:
    """Whether a (weakly improving) target strictly improves its source for someone."""
    return game.expected(target) != game.payoff(profile)


def _with_strict_map(game: Game, gains: dict, maps: dict) -> dict | None:
    """The maps with one strict map added at the least cost: at a profile no match
    reaches (free), else replacing the cheapest chosen or absent target by a strict one."""
    best = None
    for profile in game.profiles():
        options = gains.get(profile, {})
        taken = maps.get(profile, (None, Fraction(0)))[1]
        strict = [(t, g) for t, g in options.items() if _strict(game, profile, t)]
        dummy = _dummy(game, profile, set(options))
        if dummy is not None:
            strict.append((dummy, Fraction(0)))
        if not strict:
            continue
        target, gain = max(strict, key=lambda tg: tg[1])
        if best is None or taken - gain < best[0]:
            best = (taken - gain, profile, target, gain)
        if best[0] == 0:  # nothing is lost: the first such profile will do
            break
    if best is None:
        return None
    _, profile, target, gain = best
    return {**maps, profile: (target, gain)}


def _dummy(game: Game, profile, avoid: set):
    """An outcome that strictly Pareto-improves on `profile` and is none of `avoid`."""
    here = game.payoff(profile)
    top = select("leximin", game, game.feasible.clip(game.space.above(here)))
    if top == here:
        return None
    for m in range(1, len(avoid) + 2):  # top, then the points 1/2, 1/3, ... of the way
        outcome = canonical_outcome(game, tuple(h + (t - h) / m for h, t in zip(here, top)))
        if outcome not in avoid:
            return outcome
    return None
