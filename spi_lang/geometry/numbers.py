"""The bound on the size of exact numbers. Payoffs, probabilities and payoff-space points
are `Fraction`s, and arithmetic on them can make numbers whose size grows with every
step (a chain of offers, each a crossing of segments through the points selected before,
adds the sizes of the last two: Fibonacci growth). So every number spilang makes from a
program's numbers (a lottery's probabilities, expected payoffs, the vertices of sets,
selected points, canonical lotteries, sums of utilities) is checked here where it is
made: a numerator or denominator of more than MAX_BITS bits raises `NumberTooLarge`,
which the floor that knows the program turns into a positioned error naming it.

MAX_BITS is far below Python's 4,300-digit limit on int -> str (about 14,300 bits), so
every number that passes the bound, and the few sums and products of them that are
printed, can be printed; and it bounds the cost of one arithmetic step, which fuel
charges by `words`."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

MAX_BITS = 4096  # numerator and denominator of any number made from a program's numbers
WORD_BITS = 64


class NumberTooLarge(Exception):
    """A number past MAX_BITS; args[0] says what it was (e.g. "an expected payoff"), and
    args[1], when given, the name of the program it belongs to."""


def bits(x: Fraction) -> int:
    """The size of x: the larger bit length of its numerator and denominator."""
    return max(x.numerator.bit_length(), x.denominator.bit_length())


def bounded(x: Fraction, what: str, owner: str | None = None) -> Fraction:
    """x, if its numerator and denominator have at most MAX_BITS bits; `owner` names the
    declaration it belongs to, where the caller cannot position the error itself."""
    if x.numerator.bit_length() > MAX_BITS or x.denominator.bit_length() > MAX_BITS:
        raise NumberTooLarge(what, owner)
    return x


def bounded_all(values: Iterable[Fraction], what: str) -> tuple[Fraction, ...]:
    """The values as a tuple, each bounded."""
    return tuple(bounded(x, what) for x in values)


def bounded_sum(terms: Iterable[Fraction], what: str, owner: str | None = None) -> Fraction:
    """The sum of the terms, bounded as it goes (each step's denominator can grow, so a
    long sum must stop at the first partial sum past the bound, not at the end)."""
    total = Fraction(0)
    for term in terms:
        total = bounded(total + term, what, owner)
    return total


def words(values: Iterable[Fraction]) -> int:
    """How many 64-bit words the largest of the values takes (at least 1): the factor by
    which fuel scales a step of arithmetic on them."""
    return 1 + max((bits(x) for x in values), default=0) // WORD_BITS


def too_large_message(what: str) -> str:
    """The text of the error for a number past the bound."""
    return (f"a number is too large: {what} has a numerator or denominator of more than "
            f"{MAX_BITS:,} bits (the bound on exact numbers)")
