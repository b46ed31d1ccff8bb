"""The hand-written baseline of benchmarks/tournament.py: the population's base and
renegotiation programs as plain Python, played exactly as spilang plays them (Algorithm 1,
exact distributions and expected payoffs with `fractions.Fraction`), on spilang's own
`Game` object for the payoffs, with no trace, no fuel and no checks. Code comparison is
object identity, which the population's distinct codes make equivalent."""

from __future__ import annotations

from fractions import Fraction

from population import Base, Reneg

ONE = Fraction(1)


def compile_population(programs: list) -> list:
    """Each program as a tuple: ("base", branches, final dist) or ("reneg", default, rn)."""
    out: list = [None] * len(programs)
    for k, p in enumerate(programs):
        if isinstance(p, Base):
            out[k] = ["base", p.branches, dict(p.final), k]
        elif isinstance(p, Reneg):
            rn = {s: ({t: ONE} if isinstance(t[0], str) else dict(t)) for s, t in p.maps}
            out[k] = ["reneg", p.default, rn, k]
    for entry in out:  # resolve references to the compiled entries
        if entry is not None and entry[0] == "base":
            entry[1] = tuple(((c[0], out[c[1]]) if c[0] in ("eq", "ne") else c, a) for c, a in entry[1])
        elif entry is not None:
            entry[1] = out[entry[1]]
    return out


def respond(me, opponent) -> dict:
    """What a base program plays against `opponent`."""
    for cond, action in me[1]:
        kind = cond[0]
        if kind == "eq":
            holds = opponent is cond[1]
        elif kind == "ne":
            holds = opponent is not cond[1]
        elif kind == "self":
            holds = opponent is me
        else:
            holds = opponent[0] == cond[1]
        if holds:
            return {action: ONE}
    return me[2]


def play(game, p1, p2) -> tuple[dict, tuple]:
    """The exact outcome distribution and expected payoffs of p1 (seat 1) against p2."""
    outcome: dict = {}
    if p1[0] == p2[0] == "reneg":
        d1, d2 = respond(p1[1], p2[1]), respond(p2[1], p1[1])
        for a1, q1 in d1.items():
            for a2, q2 in d2.items():
                a = (a1, a2)
                r1, r2 = p1[2].get(a), p2[2].get(a)
                agreed = (r1 or {a: ONE}) if r1 == r2 else {a: ONE}
                for profile, q in agreed.items():
                    outcome[profile] = outcome.get(profile, 0) + q1 * q2 * q
    else:
        d1 = respond(p1 if p1[0] == "base" else p1[1], p2)
        d2 = respond(p2 if p2[0] == "base" else p2[1], p1)
        for a1, q1 in d1.items():
            for a2, q2 in d2.items():
                outcome[a1, a2] = outcome.get((a1, a2), 0) + q1 * q2
    u1 = u2 = Fraction(0)
    for profile, q in outcome.items():
        x, y = game.table[profile]
        u1 += q * x
        u2 += q * y
    return outcome, (u1, u2)


def tournament(game, compiled: list, pairs) -> list:
    """The payoffs of every pair of indices, in order."""
    return [play(game, compiled[i], compiled[j])[1] for i, j in pairs]
