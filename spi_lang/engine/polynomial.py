"""Exact polynomials over the probabilities that simulated evaluations play an action, the
algebra of the simulation engine (docs/simulation.md): a program body evaluated symbolically
gives, for each action, the probability that it plays it as a polynomial in variables
x(state, action), "the evaluation `state` plays `action`". A monomial is the set of
simulations consulted on the paths it sums, so a polynomial's monomials are also the edges
of the chain of simulations.

Under independent randomness every simulation is a fresh run, so a monomial may hold the
same variable twice. Under shared randomness a simulation at one depth is a function of the
shared tape, so two runs of one evaluation agree: x(s, a)^2 = x(s, a) and x(s, a) x(s, b) = 0
for a != b (`idempotent`)."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.geometry.numbers import bounded

Var = tuple[int, str]           # (state index, action)
Monomial = tuple[Var, ...]      # sorted
Poly = dict[Monomial, Fraction]

ZERO: Poly = {}
ONE_POLY: Poly = {(): Fraction(1)}
WHAT = "a probability in a simulation"  # what a coefficient past the number bound is called


def const(value) -> Poly:
    """The constant polynomial `value`."""
    value = Fraction(value)
    return {(): value} if value else {}


def var(v: Var) -> Poly:
    """The polynomial x(v)."""
    return {(v,): Fraction(1)}


def add(a: Poly, b: Poly) -> Poly:
    """a + b."""
    if not a:
        return b
    if not b:
        return a
    out = dict(a)
    for m, c in b.items():
        total = bounded(out.get(m, 0) + c, WHAT)
        if total:
            out[m] = total
        else:
            out.pop(m, None)
    return out


def mul(a: Poly, b: Poly, charge, idempotent: bool = False) -> Poly:
    """a * b, charging a unit of fuel per pair of monomials multiplied."""
    if not a or not b:
        return {}
    if b == ONE_POLY:
        return a
    if a == ONE_POLY:
        return b
    charge(len(a) * len(b))
    out: Poly = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            m = _times(ma, mb, idempotent)
            if m is None:
                continue
            total = bounded(out.get(m, 0) + ca * cb, WHAT)
            if total:
                out[m] = total
            else:
                out.pop(m, None)
    return out


def _times(ma: Monomial, mb: Monomial, idempotent: bool) -> Monomial | None:
    if not idempotent:
        return tuple(sorted(ma + mb)) if ma and mb else ma or mb
    chosen: dict[int, str] = dict(ma)
    for state, action in mb:
        if chosen.setdefault(state, action) != action:
            return None  # one evaluation cannot play two actions
    return tuple(sorted(chosen.items()))


def scale(a: Poly, factor: Fraction) -> Poly:
    """factor * a."""
    if not factor:
        return {}
    return {m: bounded(c * factor, WHAT) for m, c in a.items()}


def states_of(a: Poly) -> set[int]:
    """The states whose variables occur in `a`."""
    return {s for m in a for s, _ in m}


def substitute(a: Poly, known: dict[Var, Fraction], charge) -> Poly:
    """`a` with every variable in `known` replaced by its value."""
    charge(len(a))
    out: Poly = {}
    for m, c in a.items():
        rest = []
        for v in m:
            if v in known:
                c = bounded(c * known[v], WHAT)
                if not c:
                    break
            else:
                rest.append(v)
        else:
            key = tuple(rest)
            total = bounded(out.get(key, 0) + c, WHAT)
            if total:
                out[key] = total
            else:
                out.pop(key, None)
    return out


def evaluate(a: Poly, assignment: dict[int, str]) -> Fraction:
    """The value of `a` when each state in `assignment` plays its action for sure (shared
    randomness: the variables are indicators)."""
    total = Fraction(0)
    for m, c in a.items():
        if all(assignment.get(s) == action for s, action in m):
            total = bounded(total + c, WHAT)
    return total


def show(a: Poly, name) -> str:
    """`1/10 + 9/10 x2[Cooperate]`, with `name(state)` naming a state's variables."""
    if not a:
        return "0"
    terms = []
    for m, c in sorted(a.items(), key=lambda mc: (len(mc[0]), mc[0])):
        factors = " ".join(f"{name(s)}[{action}]" for s, action in m)
        terms.append(str(c) if not m else factors if c == 1 else f"{c} {factors}")
    return " + ".join(terms)
