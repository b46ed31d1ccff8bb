"""The integer floor of benchmarks/tournament.py: a hand-written Python round robin of
the base+alg1 population that plays all N x N pairs, one by one, as fast as plain Python
goes. Programs are Python data with precomputed code ids (so `opponent == P` compares two
integers), probabilities are integer weights over a common denominator (8: a mix or a
lottery halves, and a renegotiation pair can halve three times) and payoffs are integers
on it (the Scheduling game's payoffs are integers), then each program's total over both
seats and the ranking (mean payoff over both seats, best first, ties by name). No
parsing, checks, fuel, exact fractions or code classes: it is what a user would write by
hand for this one population. Run as a whole process (Python start-up included) by
tournament.py; it prints the ranking, one `name total` line per program (the mean is
total / (8 * 2N)), for tournament.py to compare with spilang's.

    python benchmarks/floor.py N CLASSES SEED
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from population import Base, with_classes  # noqa: E402

MIX = {"base": 0.6, "reneg": 0.4}
SCALE = 2  # one program's weights sum to 2: a pure action 2, a half-half mix 1 and 1
PAYOFF = {("Slot1", "Slot1"): (3, 1), ("Slot2", "Slot2"): (1, 3), ("Slot3", "Slot3"): (1, 1)}
ZERO = (0, 0)


def compile_programs(programs: list, ids: list[int]) -> list:
    """Each program as a list: [is_reneg, code id, base part, maps]; a base part is
    (branches, final weights, code id), a branch (kind, code id or kind, action)."""
    base_parts = {}
    for k, p in enumerate(programs):
        if isinstance(p, Base):
            branches = tuple((c[0], ids[c[1]] if c[0] in ("eq", "ne") else c[-1], a) for c, a in p.branches)
            final = {a: q.numerator * SCALE // q.denominator for a, q in p.final}
            base_parts[k] = (branches, final, ids[k])
    out = []
    for k, p in enumerate(programs):
        if isinstance(p, Base):
            out.append([False, ids[k], base_parts[k], None])
        else:
            maps = {s: ({t: SCALE} if isinstance(t[0], str) else
                        {q: w.numerator * SCALE // w.denominator for q, w in t}) for s, t in p.maps}
            out.append([True, ids[k], base_parts[p.default], maps])
    return out


def respond(me, opponent_id: int, opponent_reneg: bool, base_id: int) -> dict:
    """A base part's weights against an opponent (its code id and kind)."""
    for kind, value, action in me[0]:
        if kind == "eq":
            holds = opponent_id == value
        elif kind == "ne":
            holds = opponent_id != value
        elif kind == "self":
            holds = opponent_id == base_id
        else:
            holds = opponent_reneg if value == "reneg" else False
        if holds:
            return {action: SCALE}
    return me[1]


def play(p1, p2) -> tuple[int, int]:
    """Both payoffs, times 8."""
    if p1[0] and p2[0]:  # two renegotiation programs: their defaults meet, then the maps
        b1, b2 = p1[2], p2[2]
        d1 = respond(b1, b2[2], False, b1[2])
        d2 = respond(b2, b1[2], False, b2[2])
        u1 = u2 = 0
        for a1, q1 in d1.items():
            for a2, q2 in d2.items():
                a = (a1, a2)
                r1, r2 = p1[3].get(a), p2[3].get(a)
                agreed = r1 if r1 is not None and r1 == r2 else {a: SCALE}
                for profile, q in agreed.items():
                    x, y = PAYOFF.get(profile, ZERO)
                    u1 += q1 * q2 * q * x
                    u2 += q1 * q2 * q * y
        return u1, u2
    d1 = respond(p1[2], p2[1], p2[0], p1[1] if not p1[0] else p1[2][2])
    d2 = respond(p2[2], p1[1], p1[0], p2[1] if not p2[0] else p2[2][2])
    u1 = u2 = 0
    for a1, q1 in d1.items():
        for a2, q2 in d2.items():
            x, y = PAYOFF.get((a1, a2), ZERO)
            u1 += q1 * q2 * SCALE * x
            u2 += q1 * q2 * SCALE * y
    return u1, u2


def round_robin(compiled: list) -> list[int]:
    """Each program's total payoff over both seats (times 8), all N x N pairs."""
    totals = [0] * len(compiled)
    for i, p1 in enumerate(compiled):
        row = 0
        for j, p2 in enumerate(compiled):
            u1, u2 = play(p1, p2)
            row += u1
            totals[j] += u2
        totals[i] += row
    return totals


def main(argv: list[str]) -> int:
    n, classes, seed = map(int, argv)
    programs, ids = with_classes(n, classes, seed, MIX)
    totals = round_robin(compile_programs(programs, ids))
    ranking = sorted(zip(totals, (p.name for p in programs)), key=lambda t: (-t[0], t[1]))
    sys.stdout.write("".join(f"{name} {total}\n" for total, name in ranking))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
