"""Issue 17, F1: the bound on exact numbers (geometry/numbers.py, MAX_BITS = 4,096 bits
per numerator and denominator). Each repro of the issue is an exit-1 error at its
position, naming the program, never Python's ValueError for int -> str past 4,300 digits."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest
from error_helpers import in_tmp, write  # noqa: F401

from spi_lang.geometry.numbers import MAX_BITS, NumberTooLarge, bits, bounded, bounded_sum
from spi_lang.ui.cli import main

# Pairwise coprime denominators of about 600 bits each (powers of distinct primes), so a
# common denominator of k of them has about 600 k bits: 8 of them pass 4,096.
# 2^600 (601 bits), 3^379 (601), 5^259 (602), 7^214 (601), 11^174 (602), 13^163 (604),
# 17^147 (601), 19^142 (604): bit lengths floor(e log2 p) + 1 (3^379: 379 x 1.585 = 600.7).
# Products of the first 6, 7, 8: 3,608, 4,209 and 4,813 bits (each product has the sum
# of the bit lengths, or 1 to 3 fewer).
POWERS = [2 ** 600, 3 ** 379, 5 ** 259, 7 ** 214, 11 ** 174, 13 ** 163, 17 ** 147, 19 ** 142]


def game(n: int, rules: str = "  payoff (_, _) = (0, 0)\n") -> str:
    actions = ", ".join(f"a{i}" for i in range(n))
    return f"game G {{\n  actions {actions}\n{rules}}}\n"


def test_the_bound_itself():
    assert [d.bit_length() for d in POWERS] == [601, 601, 602, 601, 602, 604, 601, 604]
    # 2^4096 - 1 (4,096 bits) is 1 mod 7 (2^3 = 1 mod 7 and 4096 = 3 x 1365 + 1, so 2^4096 = 2): coprime to 7
    assert bits(Fraction(-(2 ** 4096) + 1, 7)) == 4096 and bounded(Fraction(1, 2 ** 4095), "x")
    with pytest.raises(NumberTooLarge, match="a sum"):
        bounded(Fraction(1, 2 ** 4096), "a sum")  # 2^4096 has 4,097 bits
    # 1/2^600 + 1/3^379 + ...: the partial sums' denominators are the products (coprime),
    # 3,608 bits after 6 terms, 4,209 > 4,096 after the 7th, which stops the sum.
    with pytest.raises(NumberTooLarge):
        bounded_sum((Fraction(1, d) for d in POWERS), "a sum")
    assert bounded_sum((Fraction(1, d) for d in POWERS[:6]), "a sum").denominator == \
        POWERS[0] * POWERS[1] * POWERS[2] * POWERS[3] * POWERS[4] * POWERS[5]


def test_a_mix_whose_common_denominator_is_too_large_is_an_error_at_the_mix(capsys):
    # F1's smallest repro: 24 weights 1/(10^195 + 2k + 1). Two of them share a factor only
    # if it divides their difference (at most 46), so their common denominator has at least
    # 24 x 648 - 276 x 6 = 13,896 bits (each about 10^195 = 2^647.8; 276 pairs, gcd <= 46
    # < 2^6); `check` used to print the sum and crash. Now: the bound, at the mix.
    weights = ", ".join(f"a{k}: 1/{10 ** 195 + 2 * k + 1}" for k in range(24))
    write({"p.spi": game(24) + f"program P {{ play mix {{ {weights} }} }}\n"})
    assert main(["check", "p.spi"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("p.spi:5:13: error: the probabilities' common denominator has more "
                          "than 4,096 bits (the bound on exact numbers)\n5 | program P { play mix { a0: 1/1000")
    assert "internal error" not in err


def test_beliefs_whose_common_denominator_is_too_large(capsys):
    # Eight beliefs 1/2^600, ..., 1/19^142 (and a wrong sum): their common denominator is the
    # product, 4,813 bits.
    programs = "".join(f"program W{k} {{ play a0 }}\n" for k in range(8))
    entries = ", ".join(f"W{k}: 1/{d}" for k, d in enumerate(POWERS))
    write({"b.spi": game(2) + programs + f"beliefs B for P1 {{ {entries} }}\n"})
    assert main(["check", "b.spi"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("b.spi:13:9: error: the probabilities' common denominator has more than "
                          "4,096 bits (the bound on exact numbers)\n13 | beliefs B for P1")


def mix_92() -> str:
    # F1's valid 92-action mix: for each of 46 q_k = 10^97 + 2k + 1, weights 1/q_k and
    # (q_k - 46)/(46 q_k): per pair 1/q_k + 1/46 - 1/q_k ... summing to 46/46 = 1 over all.
    # The 46 q_k (about 323 bits each, pairwise gcd <= 90) give a common denominator of
    # more than 46 x 322 - 1035 x 7 = 7,567 bits.
    weights = []
    for k in range(46):
        q = 10 ** 97 + 2 * k + 1
        weights += [f"a{2 * k}: 1/{q}", f"a{2 * k + 1}: {q - 46}/{46 * q}"]
    rules = "".join(f"  payoff (a{i}, _) = ({i}, 0)\n" for i in range(92))
    return game(92, rules) + f"program P {{ play mix {{ {', '.join(weights)} }} }}\n"


@pytest.mark.parametrize("command", [["play", "p.spi:P", "p.spi:P"], ["play", "p.spi:P", "p.spi:P", "--json"],
                                     ["tournament", "p.spi"], ["plot", "p.spi:P", "p.spi:P", "-o", "x.svg"]])
def test_the_valid_92_action_mix_is_refused_by_every_command(command, capsys):
    write({"p.spi": mix_92()})
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith("p.spi:96:13: error: the probabilities' common denominator has more than 4,096 bits")


def test_a_mix_over_one_large_denominator_plays_exactly(capsys):
    # The same shape with one q = 10^97 + 1 for all 46 pairs: common denominator 46 q, fine.
    # P vs P: P1's payoff is the index of its action; E = sum over pairs k of
    # 2k/q + (2k + 1)(q - 46)/(46 q) = sum_k [2k (46) + (2k + 1)(q - 46)] / (46 q)
    # = [46 * 2070 + 2116 (q - 46)] / (46 q)  (sum 2k over k < 46 = 2070; sum (2k+1) = 2116)
    # = (95220 + 2116 q - 97336) / (46 q) = (2116 q - 2116) / (46 q) = 46 (q - 1) / q.
    q = 10 ** 97 + 1
    weights = []
    for k in range(46):
        weights += [f"a{2 * k}: 1/{q}", f"a{2 * k + 1}: {q - 46}/{46 * q}"]
    rules = "".join(f"  payoff (a{i}, _) = ({i}, 0)\n" for i in range(92))
    write({"p.spi": game(92, rules) + f"program P {{ play mix {{ {', '.join(weights)} }} }}\n"})
    assert main(["play", "p.spi:P", "p.spi:P"]) == 0
    assert capsys.readouterr().out.endswith(f"expected payoffs: P1 {Fraction(46 * (q - 1), q)}, P2 0\n")


def test_an_expected_payoff_past_the_bound_is_an_error_naming_the_match(capsys):
    # Payoffs 1/2^600, 1/3^379, ... for P1 at (a_k, a0) and a mix 1/8 each over a0..a7:
    # E = sum 1/(8 d_k): the partial sums' denominators are 8 times the products, past
    # 4,096 bits at the 7th term (3 + 4,209 bits). The weights (1/8) are small: only the
    # match makes the large number.
    rules = "".join(f"  payoff (a{k}, a0) = (1/{d}, 0)\n" for k, d in enumerate(POWERS))
    mix = ", ".join(f"a{k}: 1/8" for k in range(8))
    write({"e.spi": game(8, rules + "  payoff (_, _) = (0, 0)\n")
           + f"program M {{ play mix {{ {mix} }} }}\nprogram Z {{ play a0 }}\n"})
    assert main(["check", "e.spi"]) == 0
    capsys.readouterr()
    assert main(["play", "e.spi:M", "e.spi:Z"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("e.spi:13:9: error: a number is too large: an expected payoff has a numerator "
                          "or denominator of more than 4,096 bits (the bound on exact numbers), in M vs Z\n")
    # In a tournament a failed match is a failed cell, not a failed command.
    assert main(["tournament", "e.spi"]) == 0
    assert ("  [2] M vs Z: e.spi:13:9: a number is too large: an expected payoff has a numerator or "
            "denominator of more than 4,096 bits (the bound on exact numbers), in M vs Z\n") in capsys.readouterr().out


def crossing(p1, p2, p3, p4):
    """Where the open segments p1p2 and p3p4 cross, or None (Cramer's rule)."""
    d = (p2[0] - p1[0]) * (p4[1] - p3[1]) - (p2[1] - p1[1]) * (p4[0] - p3[0])
    if d == 0:
        return None
    t = ((p3[0] - p1[0]) * (p4[1] - p3[1]) - (p3[1] - p1[1]) * (p4[0] - p3[0])) / d
    u = ((p3[0] - p1[0]) * (p2[1] - p1[1]) - (p3[1] - p1[1]) * (p2[0] - p1[0])) / d
    return (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])) if 0 < t < 1 and 0 < u < 1 else None


def offer_chain(levels: int) -> tuple[str, list]:
    """F1/F4b's chain: L_k offers hull{result(L_k-1), q_k} & hull{result(L_k-2), r_k}, with
    integer q_k, r_k in [0, 10]^2 (drawn from a seeded generator) that make the segments cross, so against
    `offer all` L_k's agreement is one point, whose size is about the sum of the last two
    points' sizes (Fibonacci growth). Returns the file and the points, computed here with
    Fractions by Cramer's rule."""
    draw = random.Random(0)
    points = [(Fraction(3), Fraction(5)), (Fraction(6), Fraction(4))]
    lines = [game(2).replace("  payoff (_, _) = (0, 0)\n", "  payoff (a0, a1) = (10, 0)\n  payoff (a1, a0) = (0, 10)\n"
                             "  payoff (a1, a1) = (10, 10)\n  payoff (_, _) = (0, 0)\n"),
             "program D { play a0 }", "program Open csr { default D offer all }",
             "program L0 csr { default D offer point (3, 5) }", "program L1 csr { default D offer point (6, 4) }"]
    for k in range(2, levels + 1):
        while True:
            q, r = [(Fraction(draw.randint(0, 10)), Fraction(draw.randint(0, 10))) for _ in "qr"]
            if (x := crossing(points[-1], q, points[-2], r)) is not None:
                break
        points.append(x)
        lines.append(f"program L{k} csr {{ default D offer hull {{ result(L{k - 1}), ({q[0]}, {q[1]}) }} "
                     f"& hull {{ result(L{k - 2}), ({r[0]}, {r[1]}) }} }}")
    return "\n".join(lines) + "\n", points


@pytest.mark.parametrize("select", ["leximin", "nash"])
def test_a_chain_of_crossings_stops_at_the_first_point_past_the_bound(select, capsys):
    text, points = offer_chain(20)
    first = next(k for k, x in enumerate(points) if max(map(bits, x)) > MAX_BITS)
    write({"c.spi": text})
    assert main(["play", "c.spi:L20", "c.spi:Open", "--select", select]) == 1
    err = capsys.readouterr().err
    line = 11 + first  # L0 is on line 11 (the game takes 7 lines and a blank one, then D and Open)
    assert err.startswith(f"c.spi:{line}:29: error: a number is too large: a vertex of a payoff set has a "
                          "numerator or denominator of more than 4,096 bits (the bound on exact numbers), "
                          f"in the offer of L{first} (P1) against Open\n")


def test_below_the_bound_the_chain_plays_its_point(capsys):
    text, points = offer_chain(6)
    write({"c.spi": text})
    assert main(["play", "c.spi:L6", "c.spi:Open", "--json"]) == 0
    payoffs = json.loads(capsys.readouterr().out)["payoffs"]
    assert [Fraction(p) for p in payoffs] == list(points[6])


@pytest.mark.parametrize("extra", [[], ["--block-cells", "1"], ["--out", "parts"]])
def test_a_tournament_total_past_the_bound_is_an_error_at_the_program(capsys, extra):
    # M plays a0 against Z_k, who plays a_k: the cell pays M 1/d_k (about 600 bits each,
    # within the bound), but M's total as P1 is sum_k 1/d_k, whose denominator is the
    # product of the 8 coprime d_k: about 8 x 600 = 4,800 bits > 4,096. However the cells
    # are added (one table, blocks of one cell, parts on disk), the total is refused at M
    # (line 13: the game takes lines 1-12, its 8 rules and the default at 3-11).
    rules = "".join(f"  payoff (a0, a{k}) = (1/{d}, 0)\n" for k, d in enumerate(POWERS))
    zs = "".join(f"program Z{k} {{ play a{k} }}\n" for k in range(8))
    write({"t.spi": game(8, rules + "  payoff (_, _) = (0, 0)\n") + "program M { play a0 }\n" + zs})
    code = main(["tournament", "--seat1", "t.spi:M", "--seat2", *(f"t.spi:Z{k}" for k in range(8)), *extra])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("t.spi:13:9: error: a number is too large: the total payoff of M as P1 has a "
                          "numerator or denominator of more than 4,096 bits (the bound on exact numbers)\n")
