"""The best round offers of an icsr witness against icsr counterparts with its number of
rounds K (all_programs.py), when the counterparts' round offers are
*static*: they read nothing of the current outcome (no `outcome`, `outcome == ...`,
`result(...)` or `offers(...)`), so their round-k offer against current outcome c is
J_k & up(c), a fixed set cut to the weak improvements on c (Definition 6). The witness
agrees in round k on any single point of J_k above the current point, or on nothing, so
the points it can end at are Reach_K, where Reach_0 = {u(a)} and
Reach_k = Reach_(k-1) | (J_k & up(Reach_(k-1))); its best is the best point of Reach_K
for its player, reached by a chain of points found backwards."""

from __future__ import annotations

import functools
import itertools

from spi_lang.analysis.session import seat_table
from spi_lang.engine.offers import evaluate_round_offer
from spi_lang.geometry.games import Game
from spi_lang.geometry.selection import canonical_outcome, select
from spi_lang.load.programs import ICSR, Program
from spi_lang.load.walk import walk
from spi_lang.syntax import ast

READS_THE_OUTCOME = (ast.CurrentOutcome, ast.OutcomeEq, ast.OutcomeNe, ast.Result, ast.OffersSet)


def static(program: Program) -> bool:
    """Whether an icsr program's round offers read nothing of the current outcome."""
    return not any(isinstance(node, READS_THE_OUTCOME) for node in walk(program.offers))


def best_chain(game: Game, seat: int, joint: list, profile: tuple[str, ...]):
    """The best final point from default profile `profile` given the counterparts' joint
    offer of each round (each cut to the improvements on u(profile)): its payoff to the
    player, and per round the (current outcome, point agreed) or None (no agreement).
    None if the reachable sets grow too large to compute."""
    start = game.payoff(profile)
    reach = [game.space.points([start])]
    try:
        for offer in joint:
            reach.append(reach[-1].union(offer.intersect(_up(game, reach[-1]))))
    except game.space.too_large:
        return None
    best = select(f"dictator:{game.players[seat]}", game, reach[-1])
    points, current = [None] * len(joint), best
    for k in range(len(joint), 0, -1):
        if reach[k - 1].contains(current):
            continue  # round k agrees on nothing
        points[k - 1] = current
        below = game.feasible.clip(game.space.below(current))
        current = select("leximin", game, reach[k - 1].intersect(below))
    steps, outcome = [], game.pure(profile)
    for point in points:
        steps.append(None if point is None else (outcome, point))
        if point is not None:
            outcome = canonical_outcome(game, point)
    return best[seat], steps


def _up(game: Game, points) -> object:
    """The points of F weakly above some point of the set: F & (P + [0, far]^n) for each
    convex piece P, with `far` beyond every payoff of the game."""
    n = len(game.players)
    far = 4 * (1 + max(abs(x) for u in game.table.values() for x in u))
    found = None
    for piece in points.pieces:
        vertices = piece.vertices() if callable(piece.vertices) else piece.vertices
        corners = [tuple(v[j] + far * bits[j] for j in range(n))
                   for v in vertices for bits in itertools.product((0, 1), repeat=n)]
        box = game.space.hull(corners)
        found = box if found is None else found.union(box)
    return game.feasible.intersect(found)


def matching(search, rounds: int):
    """The best appearance of an icsr witness with K = `rounds` for an all_programs search:
    it renegotiates with the K-round icsr counterparts (static round offers);
    None, with a note, where that is not optimised over."""
    meets = [q for o, _ in search.tables for q in o if q.kind == ICSR and len(q.rounds) == rounds]
    moving = [q for q in meets if not static(q)]
    if moving:
        search.notes.append(f"icsr witnesses with {rounds} rounds, which renegotiate with "
                            f"{meets[0].name} (Algorithm 3), are not optimised over: the round "
                            f"offers of {moving[0].name} read the current outcome")
        return None
    search.rounds_k = rounds
    try:
        return search._template(ICSR)
    finally:
        search.rounds_k = None


def round_offers(search, stub: Program, plain):
    """The value and round offers of an icsr witness (default as in `stub`) against the
    K-round counterparts: per believed profile and default profile, `best_chain`'s points."""
    value, per_round = plain, [[] for _ in range(search.rounds_k)]
    for others, p, profile, q in search._realized(stub, ICSR):
        table = seat_table(stub, search.seat, others)
        joint = []
        for k in range(search.rounds_k):
            with search.session.project.failing():
                offers = [evaluate_round_offer(search.game, table, j, k, profile, search.session.select,
                                               search.session.fuel) for j in range(len(table)) if j != search.seat]
            joint.append(functools.reduce(lambda a, b: a.intersect(b), offers))
        found = best_chain(search.game, search.seat, joint, profile)
        if found is None:
            search.notes.append(f"icsr witnesses with {search.rounds_k} rounds: the points reachable "
                                f"against {others[0].name} are too many pieces to compute")
            return None, {}
        value += p * q * found[0]
        cond = search.writer.condition(others)
        for k, step in enumerate(found[1]):
            if step is not None:
                per_round[k].append((cond, step[0], step[1]))
    return value, {"per_round": per_round}
