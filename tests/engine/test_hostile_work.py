"""Issue 17, F4b-F4f: work in geometry and analysis is charged in proportion to what it
costs (vertices x half-planes, times the 64-bit words of the numbers), so each hostile
shape of the issue ends, on a small --fuel, in an out-of-fuel error at its program, and
nash's disagreement point is computed once per game, not once per edge."""

from __future__ import annotations

import json
from fractions import Fraction

from error_helpers import in_tmp, write  # noqa: F401

from spi_lang.geometry.games import Game
from spi_lang.geometry.selection import select
from spi_lang.geometry.sets import PayoffSet, Piece
from spi_lang.ui.cli import main

SQUARE = ("game G {\n  actions A, B\n  payoff (A, A) = (0, 0)\n  payoff (A, B) = (1, 0)\n"
          "  payoff (B, A) = (0, 1)\n  payoff (B, B) = (1, 1)\n}\n"
          "program D { play A }\nprogram Open csr { default D offer all }\n")


def arc(m: int) -> str:
    """m + 1 points (k/m, 1 - (k/m)^2) of the unit square, in convex position."""
    return ", ".join(f"({k}/{m}, {m * m - k * k}/{m * m})" for k in range(m + 1))


def test_a_union_of_large_hulls_pays_for_its_inclusion_tests(capsys):
    # F4c, scaled down: two hulls of 1,001 and 1,002 arc points (all of them vertices: the
    # arc is strictly concave, and its chord from (0, 1) to (1, 0) closes each hull). `of` tests each hull's vertices against the other's half-planes: about 1,001 x 1,002
    # x 2 = 2,006,004 units, far past 100,000 (it used to be charged 1 unit, a pair).
    write({"h.spi": SQUARE + f"program H csr {{ default D offer hull {{ {arc(1000)} }} | hull {{ {arc(1001)} }} }}\n"})
    assert main(["play", "h.spi:H", "h.spi:Open", "--fuel", "100000"]) == 1
    assert capsys.readouterr().err.startswith(
        "h.spi:10:9: error: out of fuel: H vs Open took more than 100000 steps (raise it with --fuel); "
        "it was evaluating the offer of H (P1) against Open\n")


def test_a_long_intersection_runs_out_of_fuel(capsys):
    # F4f, scaled down: 6,000 `below (1, 1)` intersected. Each operand is a set node (1
    # unit) and a clip of F (4 vertices x 2 half-planes = 8), each `&` an intersection:
    # far past 1,000 units long before the last operand.
    write({"b.spi": SQUARE + "program B csr { default D offer " + " & ".join(["below (1, 1)"] * 6000) + " }\n"})
    assert main(["play", "b.spi:B", "b.spi:Open", "--fuel", "1000"]) == 1
    assert capsys.readouterr().err.startswith("b.spi:10:9: error: out of fuel: B vs Open took more than 1000 steps")


class CountingTable(dict):
    """A payoff table that counts how often all its payoffs are read."""

    reads = 0

    def values(self):
        CountingTable.reads += 1
        return super().values()


def test_nash_reads_the_payoff_minima_once_per_game_not_once_per_edge():
    # F4d: a hull of 301 points on the line x + y = 300 (k, 300 - k) is the segment from
    # (0, 300) to (300, 0); nash with disagreement point (0, 0) (the table's minima) maximizes
    # x (300 - x): x = 150, the point (150, 150).
    table = CountingTable({("A", "A"): (Fraction(0), Fraction(0)), ("A", "B"): (Fraction(300), Fraction(0)),
                           ("B", "A"): (Fraction(0), Fraction(300)), ("B", "B"): (Fraction(1), Fraction(1))})
    game = Game("G", ("P1", "P2"), (("A", "B"), ("A", "B")), table)
    pieces = [Piece.hull([(Fraction(k), Fraction(300 - k)), (Fraction(k + 1), Fraction(299 - k))]) for k in range(300)]
    points = PayoffSet(tuple(pieces))  # 300 edges, one piece each
    assert select("nash", game, points) == (150, 150)
    assert CountingTable.reads == 2  # once per player for the game (it was 2 per edge: 602)


def test_the_8ii_loop_over_every_default_profile_is_metered(capsys):
    # F4e, scaled down: a 40 x 40 game (1,600 default profiles). Assumption 8(ii) evaluates
    # Q2's offer against C1 and against its PMP-extension at each, 1 unit per profile plus
    # each offer's fuel plus the inclusion tests: past --fuel 1000 well before the end.
    actions = ", ".join(f"a{i}" for i in range(40))
    write({"g.spi": f"game G {{\n  actions {actions}\n  payoff (a0, a0) = (2, 2)\n  payoff (_, _) = (0, 0)\n}}\n"
           "program D1 { play a1 }\nprogram D2 { play a2 }\n"
           "program C1 csr { default D1 offer all }\nprogram Q2 csr { default D2 offer frontier }\n"
           "beliefs B1 for P1 { Q2: 1 }\n"})
    assert main(["analyze", "g.spi", "--candidates1", "C1", "--beliefs", "B1", "--transform", "pmp",
                 "--fuel", "1000"]) == 1
    assert capsys.readouterr().err.startswith(
        "g.spi:8:9: error: out of fuel: Assumption 8(ii) for pmp_extension(C1) and Q2 took more than 1000 steps "
        "(the analysis budget of one check is --fuel; raise it with --fuel)\n")
    # With the default budget (1,000,000) the same check finishes: Q2 offers the frontier
    # whoever it meets, so 8(ii) holds at all 1,600 profiles.
    # (the text report counts checks; the JSON has each finding's detail). F's only
    # efficient point is (2, 2), so the frontier and PMP_1 are that point.
    assert main(["analyze", "g.spi", "--candidates1", "C1", "--beliefs", "B1", "--transform", "pmp", "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)["assumptions"]["findings"]
    assert (found["assumption"], found["status"]) == ("8(ii)", "holds")
    assert found["detail"] == ("at all 1600 default profiles, Q2 offers pmp_extension(C1) what it offers C1, "
                               "plus at most points of PMP_1(a(p)) = point (2, 2)")
