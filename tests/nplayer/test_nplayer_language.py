"""The n-player conditions: `opponent(P)`, `every opponent`, `some opponent` parse to whole
ASTs, check in their seats, and evaluate; the 2-player `opponent` keeps its meaning."""

from __future__ import annotations

import pytest
from error_helpers import in_tmp, raised, write  # noqa: F401

import spi_lang
from spi_lang.syntax import ast
from spi_lang.syntax.parser import parse
from spi_lang.ui.cli import main

DIVISION = 'import "games/division.spi"\n'


def cond(source: str):
    program = parse(f"program X {{ if {source} {{ play A }} play B }}", "c.spi").decls[0]
    return program.body.stmts[0].branches[0].cond


def test_the_quantified_conditions_parse_to_whole_asts():
    b = ast.Name("B")
    assert cond("opponent(B) == self") == ast.OpponentEq(ast.SelfRef(), ast.Opponents(ast.SEAT, b))
    assert cond("every opponent != Y") == ast.OpponentNe(ast.ProgramRef(ast.Name("Y")), ast.Opponents(ast.EVERY))
    assert cond("some opponent is csr") == ast.OpponentIs("csr", ast.Opponents(ast.SOME))
    # the 2-player form is unchanged: the one other player
    assert cond("opponent == self") == ast.OpponentEq(ast.SelfRef())
    assert cond("opponent == self").who == ast.THE_OPPONENT


def test_seat_errors_for_conditions(in_tmp, capsys):
    write({"bad.spi": DIVISION + "program Bare { if opponent == self { play To1 } play To2 }\n"
                                 "program Own { if opponent(P1) == self { play To1 } play To2 }\n"
                                 "program Nobody { if opponent(P9) is csr { play To1 } play To2 }\n"})
    assert main(["check", "bad.spi"]) == 1
    assert capsys.readouterr().err == """\
bad.spi:2:19: error: `opponent` is the other player of a 2-player game; Division has 3 players: say which with opponent(P), every opponent or some opponent
2 | program Bare { if opponent == self { play To1 } play To2 }
  |                   ^^^^^^^^
bad.spi:4:30: error: 'P9' is not a player of Division (its players: P1, P2, P3)
4 | program Nobody { if opponent(P9) is csr { play To1 } play To2 }
  |                              ^^
2 errors
"""
    # Own reads P1's seat: fine in seat 2, an error in seat 1 (where it is its own seat)
    assert main(["play", "bad.spi:Own", "bad.spi:Own", "bad.spi:Own"]) == 1
    assert capsys.readouterr().err.startswith(
        "bad.spi:3:27: error: opponent(P1) is this program's own seat, not an opponent: name another player")


@pytest.mark.parametrize("condition, expected", [
    # seats: P1 plays Probe, P2 Selfish2 (To2), P3 Selfish3 (To3); Probe plays To1 when
    # the condition holds (then the profile is (To1, To2, To3)) and To2 otherwise.
    ("opponent(P2) == Selfish2", "To1"),
    ("opponent(P3) == Selfish2", "To2"),
    ("every opponent != Selfish1", "To1"),
    ("every opponent == Selfish2", "To2"),
    ("some opponent == Selfish3", "To1"),
    ("some opponent is csr", "To2"),
    ("not some opponent is renegotiation", "To1"),
])
def test_quantified_conditions_evaluate(in_tmp, condition, expected):
    write({"probe.spi": DIVISION + 'import "division/selfish.spi"\n'
                                   f"program Probe {{ if {condition} {{ play To1 }} play To2 }}\n"})
    result = spi_lang.play("probe.spi:Probe", "division/selfish.spi:Selfish2", "division/selfish.spi:Selfish3")
    assert result.outcome.support[0][0][0] == expected


def test_code_equality_sees_the_seat_read():
    # opponent(P2) == X and opponent(P3) == X are different code; the name does not matter
    write({"q.spi": DIVISION + "program A { if opponent(P2) == A { play To1 } play To2 }\n"
                               "program B { if opponent(P3) == B { play To1 } play To2 }\n"
                               "program C { if opponent(P2) == C { play To1 } play To2 }\n"})
    p = spi_lang.load("q.spi").programs
    assert p["A"].code == p["C"].code != p["B"].code
