"""Measurement that chose the backing library of spi_lang.geometry.nd (README, Benchmarks): V->H conversion and
intersection of random exact polytopes in 3-D and 4-D with 10-50 vertices, timed with
PPL (pplpy), cddlib (pycddlib's cdd.gmp), and a hand-written double description over
Fraction, python-flint's fmpq and sympy's Rational (those two have exact arithmetic but
no polytope algorithms, so using them means writing the conversion ourselves).

Run: python benchmarks/nd_backends.py (needs pycddlib, python-flint and sympy besides pplpy)
"""

from __future__ import annotations

import math
import random
import time
from fractions import Fraction


def random_points(rng: random.Random, n: int, m: int) -> list[tuple[Fraction, ...]]:
    """m random points in R^n with small-denominator rational coordinates."""
    return [tuple(Fraction(rng.randint(0, 200), rng.choice((1, 2, 3, 4, 6))) for _ in range(n))
            for _ in range(m)]


# ------------------------------------------------------------------ PPL

def ppl_poly(points):
    """A C_Polyhedron from rational points (PPL points are integer vectors over a divisor)."""
    import ppl
    n = len(points[0])
    xs = [ppl.Variable(i) for i in range(n)]
    gens = ppl.Generator_System()
    for p in points:
        d = math.lcm(*(c.denominator for c in p))
        gens.insert(ppl.point(sum(int(c * d) * x for c, x in zip(p, xs)), d))
    return ppl.C_Polyhedron(gens)


def ppl_v2h(points):
    return len(ppl_poly(points).minimized_constraints())


def ppl_intersect(p, q):
    a = ppl_poly(p)
    a.intersection_assign(ppl_poly(q))
    return len(a.minimized_generators())


# ------------------------------------------------------------------ cddlib

def cdd_v2h(points):
    import cdd.gmp as cdd
    mat = cdd.matrix_from_array([[Fraction(1), *p] for p in points], rep_type=cdd.RepType.GENERATOR)
    poly = cdd.polyhedron_from_matrix(mat)
    return cdd.copy_inequalities(poly)


def cdd_intersect(p, q):
    import cdd.gmp as cdd
    a, b = cdd_v2h(p), cdd_v2h(q)
    rows = list(a.array) + list(b.array)
    lin = set(a.lin_set) | {i + len(a.array) for i in b.lin_set}
    mat = cdd.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY)
    return len(cdd.copy_generators(cdd.polyhedron_from_matrix(mat)).array)


# ------------------------------------------------------------------ own double description

def dd_cone(rows, num):
    """Extreme rays of the pointed cone {y : r.y >= 0 for r in rows} (double description
    with the combinatorial adjacency test), over the number type `num`."""
    rows = [[_convert(c, num) for c in r] for r in rows]
    d = len(rows[0])
    basis, rest = _independent(rows, d, num)
    rays = _inverse_columns([rows[i] for i in basis], d, num)
    added = [rows[i] for i in basis]
    for r in (rows[i] for i in rest):
        vals = [sum(a * b for a, b in zip(r, ray)) for ray in rays]
        zero_sets = [frozenset(k for k, c in enumerate(added)
                               if sum(a * b for a, b in zip(c, ray)) == 0) for ray in rays]
        pos = [i for i, v in enumerate(vals) if v > 0]
        neg = [i for i, v in enumerate(vals) if v < 0]
        new = [rays[i] for i, v in enumerate(vals) if v >= 0]
        for i in pos:
            for j in neg:
                common = zero_sets[i] & zero_sets[j]
                if len(common) < d - 2 or any(common <= zero_sets[k] for k in range(len(rays))
                                              if k not in (i, j)):
                    continue
                new.append([vals[i] * b - vals[j] * a for a, b in zip(rays[i], rays[j])])
        rays = new
        added.append(r)
    return rays


def _convert(c, num):
    """c (an int, Fraction or `num`) as `num`, exactly."""
    if isinstance(c, Fraction):
        return num(c.numerator, c.denominator)
    return c if isinstance(c, num) else num(c)


def _independent(rows, d, num):
    chosen, echelon = [], []
    for i, r in enumerate(rows):
        v = list(r)
        for piv, e in echelon:
            if v[piv] != 0:
                f = v[piv] / e[piv]
                v = [a - f * b for a, b in zip(v, e)]
        piv = next((k for k, c in enumerate(v) if c != 0), None)
        if piv is not None:
            echelon.append((piv, v))
            chosen.append(i)
        if len(chosen) == d:
            break
    rest = [i for i in range(len(rows)) if i not in chosen]
    return chosen, rest


def _inverse_columns(m, d, num):
    aug = [list(r) + [num(int(i == j)) for j in range(d)] for i, r in enumerate(m)]
    for c in range(d):
        p = next(i for i in range(c, d) if aug[i][c] != 0)
        aug[c], aug[p] = aug[p], aug[c]
        inv = num(1) / aug[c][c]
        aug[c] = [x * inv for x in aug[c]]
        for i in range(d):
            if i != c and aug[i][c] != 0:
                f = aug[i][c]
                aug[i] = [a - f * b for a, b in zip(aug[i], aug[c])]
    return [[aug[i][d + j] for i in range(d)] for j in range(d)]


def dd_v2h(points, num):
    return dd_cone([[1, *p] for p in points], num)


def dd_intersect(p, q, num):
    facets = dd_v2h(p, num) + dd_v2h(q, num)   # rows (b, a): b + a.x >= 0
    n = len(p[0])
    return len(dd_cone(facets + [[1] + [0] * n], num))  # t >= 0 keeps the cone pointed


# ------------------------------------------------------------------ driver

def _time(fn, *args, reps: int = 3) -> float:
    best = math.inf
    for _ in range(reps):
        t = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    import flint
    import sympy
    rng = random.Random(2403)
    backends = {
        "ppl": (ppl_v2h, ppl_intersect),
        "cdd.gmp": (cdd_v2h, cdd_intersect),
        "dd/Fraction": (lambda p: dd_v2h(p, Fraction), lambda p, q: dd_intersect(p, q, Fraction)),
        "dd/flint.fmpq": (lambda p: dd_v2h(p, flint.fmpq), lambda p, q: dd_intersect(p, q, flint.fmpq)),
        "dd/sympy": (lambda p: dd_v2h(p, sympy.Rational), lambda p, q: dd_intersect(p, q, sympy.Rational)),
    }
    print(f"{'backend':15} {'n':>2} {'m':>3} {'V->H ms':>9} {'P&Q ms':>9}")
    for n in (3, 4):
        for m in (10, 25, 50):
            p, q = random_points(rng, n, m), random_points(rng, n, m)
            q = [tuple(c + 30 for c in x) for x in q]  # overlapping, not equal
            for name, (v2h, inter) in backends.items():
                if name == "dd/sympy" and m > 10:
                    print(f"{name:15} {n:2} {m:3} {'skipped':>9} {'(slow)':>9}")
                    continue
                reps = 3 if name in ("ppl", "cdd.gmp") else 1  # the slow ones once
                # the hand-written DD's intersection took 124 s at n=3, m=25: not run past m=10
                slow = name.startswith("dd/") and m > 10
                if name.startswith("dd/") and m > 25:  # V->H alone ran > 5 min at n=3, m=50
                    print(f"{name:15} {n:2} {m:3} {'skipped':>9} {'skipped':>9}", flush=True)
                    continue
                inter_ms = "skipped" if slow else f"{1000 * _time(inter, p, q, reps=reps):9.2f}"
                print(f"{name:15} {n:2} {m:3} {1000 * _time(v2h, p, reps=reps):9.2f} "
                      f"{inter_ms:>9}", flush=True)


if __name__ == "__main__":
    main()
