"""Issue 17, F1 and F4b for simulation: the probabilities a simulation makes (the symbolic
polynomials, the paths of a bounded `within`, the solution of a linear system) are
bounded at 4,096 bits per numerator and denominator like every other number, and the
linear system's solve is charged for the size of its numbers before it runs. Before
this, a ring of 50 programs with 99-digit coins was exit 3 (ValueError printing a
number), and 400 unknowns of such coins took 142 s."""

from __future__ import annotations

import json
import math
from fractions import Fraction

from error_helpers import in_tmp, write  # noqa: F401

from spi_lang.engine.linear_system import lifting_cost
from spi_lang.ui.cli import main

PD = 'import "games/prisoners_dilemma.spi"\nimport "prisoners_dilemma/defect_bot.spi"\n'
# Pairwise coprime powers of distinct primes of about 600 bits each (as in
# tests/engine/test_number_bound.py): 181-182 digits, so `1/D` is a literal of at most
# 184 characters (the limit is 200).
POWERS = [2 ** 600, 3 ** 379, 5 ** 259, 7 ** 214, 11 ** 174, 13 ** 163, 17 ** 147, 19 ** 142]


def small(factors: list[int]) -> str:
    """`random < 1/D1 and random < 1/D2 and ...`: true with probability 1/(D1 D2 ...)."""
    return " and ".join(f"random < 1/{d}" for d in factors)


def pair(ps: list[int], qs: list[int]) -> str:
    """X and Y simulate each other: x = 1/2 + y/(2P), y = 1/2 + x/(2Q), P and Q the
    products of `ps` and `qs` (a 2-cycle of evaluation states: a linear system)."""
    return PD + "\n".join(
        f"program {me} {{ if random < 1/2 {{ play Cooperate }} else if {small(mine)} and simulate "
        f"{other} plays Cooperate against self {{ play Cooperate }} else {{ play Defect }} }}"
        for me, other, mine in (("X", "Y", ps), ("Y", "X", qs))) + "\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_solved_system_is_exact_below_the_bound(in_tmp, capsys):
    # x = 1/2 + y/(2P), y = 1/2 + x/(2Q): x = 1/2 + 1/(4P) + x/(4PQ), so
    # x (4PQ - 1)/(4PQ) = (2P + 1)/(4P), x = (2P + 1) Q / (4PQ - 1), y = (2Q + 1) P / (4PQ - 1).
    # With P = 2^600, Q = 3^379 the denominator has 602 + 601 = 1,203 bits and P(C, C) = x y
    # about 2,406: all below 4,096.
    p, q = POWERS[0], POWERS[1]
    write({"pair.spi": pair([p], [q])})
    code, out, _ = run(capsys, "play", "pair.spi:X", "pair.spi:Y", "--json")
    x, y = Fraction((2 * p + 1) * q, 4 * p * q - 1), Fraction((2 * q + 1) * p, 4 * p * q - 1)
    outcome = {tuple(o["profile"]): Fraction(o["probability"]) for o in json.loads(out)["outcome"]}
    assert code == 0 and outcome[("Cooperate", "Cooperate")] == x * y
    assert outcome[("Defect", "Defect")] == (1 - x) * (1 - y)


def test_a_solution_past_the_bound_is_an_error_at_the_program(in_tmp, capsys):
    # P, Q products of four powers each: about 2,404 and 2,411 bits, the coefficients
    # 1/(2P), 1/(2Q) are within the bound, but x's denominator 4PQ - 1 has about 4,817 bits
    # and shares no factor with its numerator (2P + 1) Q: gcd(Q, 4PQ - 1) = 1, and
    # 4PQ - 1 = 2Q (2P + 1) - (2Q + 1), so gcd(2P + 1, 4PQ - 1) = gcd(2P + 1, 2Q + 1) = 1.
    ps, qs = POWERS[:4], POWERS[4:]
    p, q = math.prod(ps), math.prod(qs)
    assert math.gcd(2 * p + 1, 2 * q + 1) == 1 and (4 * p * q - 1).bit_length() > 4096
    write({"pair.spi": pair(ps, qs)})
    code, out, err = run(capsys, "play", "pair.spi:X", "pair.spi:Y")
    assert code == 1 and out == ""
    assert err.startswith("pair.spi:3:9: error: a number is too large: a probability in a simulation "
                          "has a numerator or denominator of more than 4,096 bits")
    assert "in X vs Y" in err and "Traceback" not in err


def test_the_outcome_of_solved_values_is_bounded_too(in_tmp, capsys):
    # Two powers each: 4PQ - 1 has about 2,406 bits, within the bound, but P(C, C) = x y
    # has a denominator of (4PQ - 1)^2, about 4,812 bits: the outcome's bound stops it.
    ps, qs = POWERS[:2], POWERS[2:4]
    p, q = math.prod(ps), math.prod(qs)
    assert (4 * p * q - 1).bit_length() < 4096 < ((4 * p * q - 1) ** 2).bit_length()
    write({"pair.spi": pair(ps, qs)})
    code, _, err = run(capsys, "play", "pair.spi:X", "pair.spi:Y")
    assert code == 1 and "a probability of an outcome has a numerator" in err


def test_a_chain_of_substituted_values_is_bounded(in_tmp, capsys):
    # R_i cooperates when R_(i+1) does and a coin of 1/D_i falls; R_7 on its coin alone:
    # x_7 = 1/D_7 and x_i = x_(i+1)/D_i, so x_i = 1/(D_i ... D_7), states solved one by
    # one (no cycle, no linear system). x_2 = 1/(D_2 ... D_7), 3,613 bits, is exact;
    # x_1 has 7 of them, about 4,214 bits, past the bound.
    lines = [PD]
    for i, d in enumerate(POWERS):
        rest = f" and simulate R{i + 1} plays Cooperate against self" if i + 1 < len(POWERS) else ""
        lines.append(f"program R{i} {{ if random < 1/{d}{rest} {{ play Cooperate }} else {{ play Defect }} }}")
    write({"chain.spi": "\n".join(lines) + "\n"})
    code, out, _ = run(capsys, "play", "chain.spi:R2", "chain.spi:DefectBot", "--json")
    outcome = {tuple(o["profile"]): Fraction(o["probability"]) for o in json.loads(out)["outcome"]}
    assert code == 0 and outcome[("Cooperate", "Defect")] == Fraction(1, math.prod(POWERS[2:]))
    code, _, err = run(capsys, "play", "chain.spi:R1", "chain.spi:DefectBot")
    assert code == 1 and "a probability in a simulation has a numerator" in err


def test_the_paths_of_a_bounded_simulation_are_bounded(in_tmp, capsys):
    # W runs its copy within 3,000 steps and cooperates when the copy does and a coin of
    # 1/2^600 falls: a path k simulations deep has probability 2^(-600 k). A level costs a
    # handful of steps (the `and`, the coin, the simulation, the play), so far more than 7
    # levels fit in the budget, and 2^(-4,200) at level 7 is past the bound.
    write({"w.spi": PD + f"program W {{ within 3000 steps {{ if random < 1/{POWERS[0]} and simulate "
           "opponent plays Cooperate against self { play Cooperate } else { play Defect } } "
           "otherwise { play Defect } }\n"})
    code, _, err = run(capsys, "play", "w.spi:W", "w.spi:W")
    assert code == 1 and err.startswith("w.spi:3:9: error: a number is too large: a probability in a simulation")


def test_lifting_cost_by_hand():
    # A ring of 200 programs with coins 1/2^65 (Cooperate) and 1/3^41 (Defect): 400
    # unknowns, two rows per state. Row C: constant 1/2^65, coefficient
    # (1 - 1/2^65)(1 - 1/3^41) = (2^65 - 1)(3^41 - 1)/(2^65 3^41), which reduces by 2
    # (3^41 - 1 = 2 mod 4): numerator 129 bits, denominator 2^64 3^41, 129 bits
    # (64 + 41 log2 3 = 128.98). Row D: constant (2^65 - 1)/(2^65 3^41), same coefficient.
    # Each row: lcm 2^65 3^41 (130 bits) + largest numerator 129 + 2 (two entries) = 261.
    # H = 1 + 400 x 261 // 64 = 1,632 words, widest 1 + 261 // 64 = 5:
    # 400^2 x (5 + 1) x 1,632 // 800 = 1,958,400 units.
    d, e = Fraction(1, 2 ** 65), Fraction(1, 3 ** 41)
    coefficient = (1 - d) * (1 - e)
    assert coefficient.denominator == 2 ** 64 * 3 ** 41 and coefficient.numerator.bit_length() == 129
    rows = [{None: d, ("y", "C"): coefficient}, {None: (1 - d) * e, ("y", "D"): coefficient}] * 200
    assert lifting_cost(400, rows) == 1_958_400
    assert lifting_cost(2, [{None: Fraction(1, 2)}, {None: Fraction(1, 2)}]) == 0  # tiny systems: no extra


def test_a_ring_of_large_coins_runs_out_of_fuel_before_solving(in_tmp, capsys):
    # The ring of test_lifting_cost_by_hand: 1,958,400 units for the lifting plus
    # 400^3 // 256 = 250,000 for the elimination, past the default fuel of 1,000,000, so the
    # match stops before FLINT starts (the same system at 20-digit coins took seconds).
    lines = [PD] + [f"program R{i} {{ if random < 1/{2 ** 65} {{ play Cooperate }} else if random < 1/{3 ** 41} "
                    f"{{ play Defect }} else if simulate R{(i + 1) % 200} plays Cooperate against self "
                    "{ play Cooperate } else { play Defect } }" for i in range(200)]
    write({"ring.spi": "\n".join(lines) + "\n"})
    code, _, err = run(capsys, "play", "ring.spi:R0", "ring.spi:DefectBot")
    assert code == 1 and "error: out of fuel: R0 vs DefectBot took more than 1000000 steps" in err
