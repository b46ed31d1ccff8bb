"""The exact linear systems of recursive simulation (docs/simulation.md), solved in rationals
with FLINT's fmpq_mat (python-flint): x = c + M x for the unknowns of one strongly connected
set of evaluation states, whose chain is absorbing, so I - M is invertible. Bounded in size
and charged to fuel like every other step of a match."""

from __future__ import annotations

from fractions import Fraction

# At most this many unknowns in one system (a state has one per action of its seat).
MAX_UNKNOWNS = 1_000


def solve(unknowns: list, rows: dict, charge) -> dict:
    """The solution of x_u = rows[u][None] + sum_v rows[u][v] x_v, one row per unknown u of
    `unknowns` (a row is a dict from unknowns, or None for the constant, to Fractions).
    Charges fuel for the elimination: n^3 / 256 units for n unknowns, about a unit per
    microsecond here (1,000 unknowns of a sparse chain take 4 s: benchmarks/simulation.py)."""
    from flint import fmpq_mat  # imported here: most commands never solve a system (0.2 s)

    n = len(unknowns)
    charge(max(1, n * n * n // 256))
    position = {u: i for i, u in enumerate(unknowns)}
    matrix = fmpq_mat(n, n)
    rhs = fmpq_mat(n, 1)
    for u, row in rows.items():
        i = position[u]
        matrix[i, i] = 1
        for v, c in row.items():
            if v is None:
                rhs[i, 0] = _q(c)
            else:
                matrix[i, position[v]] -= _q(c)
    solution = matrix.solve(rhs)
    return {u: _fraction(solution[i, 0]) for u, i in position.items()}


def _q(value: Fraction):
    from flint import fmpq
    return fmpq(value.numerator, value.denominator)


def _fraction(value) -> Fraction:
    return Fraction(int(value.p), int(value.q))
