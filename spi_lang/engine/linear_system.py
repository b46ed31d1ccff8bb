"""The exact linear systems of recursive simulation (docs/simulation.md), solved in rationals
with FLINT's fmpq_mat (python-flint): x = c + M x for the unknowns of one strongly connected
set of evaluation states, whose chain is absorbing, so I - M is invertible. Bounded in size
and charged to fuel like every other step of a match, in proportion to the size of the
numbers too: Dixon's p-adic lifting, which FLINT runs to the Hadamard bound of the system,
costs about n^2 word operations per word of that bound and of the matrix's entries (400
unknowns of 660-bit coefficients took 41 s, and 142 s by FLINT's default method, before this
charge), and every value of the solution is bounded (geometry/numbers.py)."""

from __future__ import annotations

import math
from fractions import Fraction

from spi_lang.geometry.numbers import WORD_BITS, bounded

# At most this many unknowns in one system (a state has one per action of its seat).
MAX_UNKNOWNS = 1_000


def solve(unknowns: list, rows: dict, charge) -> dict:
    """The solution of x_u = rows[u][None] + sum_v rows[u][v] x_v, one row per unknown u of
    `unknowns` (a row is a dict from unknowns, or None for the constant, to Fractions).
    Charges fuel for the elimination: n^3 / 256 units for n unknowns, about a unit per
    microsecond here (1,000 unknowns of a sparse chain take 4 s: benchmarks/simulation.py),
    and for the lifting by the size of the numbers (`lifting_cost`), before solving."""
    from flint import fmpq_mat  # imported here: most commands never solve a system (0.2 s)

    n = len(unknowns)
    charge(max(1, n * n * n // 256) + lifting_cost(n, rows.values()))
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
    solution = matrix.solve(rhs, algorithm="dixon")  # the cost `lifting_cost` models
    return {u: bounded(_fraction(solution[i, 0]), "a probability in a simulation") for u, i in position.items()}


def lifting_cost(n: int, rows) -> int:
    """Fuel for Dixon's lifting on n unknowns: n^2 (w + 1) H / 800 units, where each row
    cleared of denominators has entries of at most `b` bits (b = the bits of the lcm of its
    denominators plus its largest numerator's), H = the sum of the rows' b in words (the
    Hadamard bound that the lifting reaches) and w = the largest b in words; 800 calibrates
    it to about a unit per microsecond (400 unknowns of 660-bit rows: 36M units, 41 s)."""
    sizes = [_row_bits(row) for row in rows]
    hadamard = 1 + sum(sizes) // WORD_BITS
    widest = 1 + max(sizes, default=0) // WORD_BITS
    return n * n * (widest + 1) * hadamard // 800


def _row_bits(row: dict) -> int:
    values = [c for c in row.values() if c]
    if not values:
        return 1
    lcm = math.lcm(*(c.denominator for c in values))
    return lcm.bit_length() + max(abs(c.numerator).bit_length() for c in values) + len(values).bit_length()


def _q(value: Fraction):
    from flint import fmpq
    return fmpq(value.numerator, value.denominator)


def _fraction(value) -> Fraction:
    return Fraction(int(value.p), int(value.q))
