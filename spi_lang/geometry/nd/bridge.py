"""The only module that talks to the Parma Polyhedra Library (pplpy): it turns exact
`Fraction` points and half-spaces into PPL objects and back.

PPL works with integer coefficients only. A rational point x is given to it as the
integer vector d*x with divisor d (d = lcm of the denominators), and a rational
half-space a.x <= b as the integer constraint (m*b) - (m*a).x >= 0 with m the lcm of the
denominators of a and b; both scalings are exact and describe the same set.
"""

from __future__ import annotations

import math
import signal
from collections.abc import Iterable, Sequence
from fractions import Fraction


def _import_ppl():
    """pplpy, imported with Python's signal handlers left as they are. pplpy's cysignals
    installs its own SIGINT handler at import, which fails off the main thread (spilang
    evaluates on its deep-stack thread) and would change how Ctrl-C ends a command; its
    C-level handlers still go in. PPL's work is bounded by the set size limits instead."""
    install = signal.signal
    signal.signal = lambda signum, handler: signal.getsignal(signum)
    try:
        import ppl
    finally:
        signal.signal = install
    return ppl


ppl = _import_ppl()

Point = tuple[Fraction, ...]
# a.x <= b, as (a, b); an equation a.x == b is kept apart (see Polytope)
HalfSpace = tuple[Point, Fraction]


def _lcm_of(values: Iterable[Fraction]) -> int:
    return math.lcm(1, *(Fraction(v).denominator for v in values))


def expression(coeffs: Sequence[int]) -> ppl.Linear_Expression:
    """The linear expression sum coeffs[i] * x_i (integers)."""
    return ppl.Linear_Expression([int(c) for c in coeffs], 0)


def ppl_point(x: Point) -> ppl.Generator:
    """A PPL point generator for the rational point x (scaled by its common denominator)."""
    d = _lcm_of(x)
    return ppl.point(expression([int(c * d) for c in x]), d)


def ppl_constraint(a: Point, b: Fraction, equality: bool = False) -> ppl.Constraint:
    """a.x <= b (or a.x == b) as an integer PPL constraint m*b - m*a.x >= 0."""
    m = _lcm_of((*a, b))
    lhs = ppl.Linear_Expression([-int(c * m) for c in a], int(b * m))
    return lhs == 0 if equality else lhs >= 0


def from_generator(g: ppl.Generator) -> Point:
    """The rational point of a PPL point (or closure point) generator."""
    d = int(g.divisor())
    return tuple(Fraction(int(c), d) for c in g.coefficients())


def from_constraint(c: ppl.Constraint) -> tuple[HalfSpace, bool]:
    """A PPL constraint e.x + k >= 0 (or == 0) as ((-e, k), is_equality): -e.x <= k."""
    a = tuple(Fraction(-int(v)) for v in c.coefficients())
    return (a, Fraction(int(c.inhomogeneous_term()))), c.is_equality()


def polyhedron_of_points(n: int, points: Iterable[Point]) -> ppl.C_Polyhedron:
    """The convex hull of finitely many points of R^n (empty if there are none)."""
    gens = ppl.Generator_System()
    for x in points:
        gens.insert(ppl_point(x))
    if gens.empty():
        return ppl.C_Polyhedron(n, "empty")
    return ppl.C_Polyhedron(gens)


def polyhedron_of_constraints(n: int, inequalities: Iterable[HalfSpace],
                              equations: Iterable[HalfSpace] = (),
                              closed: bool = True) -> ppl.Polyhedron:
    """{x in R^n : a.x <= b for each inequality, a.x == b for each equation}."""
    poly = ppl.C_Polyhedron(n, "universe") if closed else ppl.NNC_Polyhedron(n, "universe")
    for a, b in inequalities:
        poly.add_constraint(ppl_constraint(a, b))
    for a, b in equations:
        poly.add_constraint(ppl_constraint(a, b, equality=True))
    return poly


def strictly_outside(a: Point, b: Fraction) -> ppl.Constraint:
    """a.x > b as an integer PPL constraint (for NNC polyhedra)."""
    m = _lcm_of((*a, b))
    return ppl.Linear_Expression([int(c * m) for c in a], -int(b * m)) > 0


def maximize(poly: ppl.Polyhedron, c: Point) -> tuple[Fraction, Point] | None:
    """max c.x over a non-empty bounded closed polyhedron and a point attaining it
    (None when the polyhedron is empty). Exact: PPL's own simplex-free maximization."""
    m = _lcm_of(c)
    if poly.is_empty():
        return None
    result = poly.maximize(expression([int(v * m) for v in c]))
    if not result.get("bounded", False):
        raise ValueError("maximize over an unbounded polyhedron")
    value = Fraction(int(result["sup_n"]), int(result["sup_d"])) / m
    return value, from_generator(result["generator"])
