"""The `beliefs` declaration: parsing to whole ASTs, loading (unique names, visible
through imports), and every check with its golden error text."""

import pytest
from ast_shorthands import N, mod, num, play, prog
from error_helpers import (CHICKEN, GAME, checked, in_tmp, raised, syntax,  # noqa: F401 (in_tmp is autouse)
                           write)

import spi_lang
from spi_lang.syntax import ast
from spi_lang.syntax.parser import parse


def entry(name: str, prob) -> ast.BeliefEntry:
    return ast.BeliefEntry(N(name), num(prob))


# ------------------------------------------------------------------ parsing

def test_beliefs_parse_to_a_declaration():
    src = "beliefs B1 for P1 { Hard2: 3/4, Yield2: 1/4 }"
    assert parse(src) == mod(ast.Beliefs(N("B1"), N("P1"), (entry("Hard2", "3/4"), entry("Yield2", "1/4"))))


def test_beliefs_across_lines_with_a_trailing_comma_and_every_number_form():
    src = """
    program A { play A }   # beliefs sit among other declarations
    beliefs Mine for Row {
      A: 0.25,    # a decimal
      B: 1/2,
      C: 0.25,
    }
    """
    assert parse(src) == mod(
        prog("A", play("A")),
        ast.Beliefs(N("Mine"), N("Row"), (entry("A", "1/4"), entry("B", "1/2"), entry("C", "1/4"))))


def test_one_entry_of_probability_one():
    assert parse("beliefs B for P2 { X: 1 }") == mod(ast.Beliefs(N("B"), N("P2"), (entry("X", 1),)))


def test_beliefs_spans():
    src = "beliefs B1 for P1 {\n  X: 1/2,\n  Y: 1/2\n}\n"
    (decl,) = parse(src, "b.spi").decls
    assert (decl.span.line, decl.span.col, decl.span.end_line) == (1, 1, 4)
    assert (decl.player.span.line, decl.player.span.col) == (1, 16)
    second = decl.entries[1]
    assert (second.program.span.line, second.program.span.col, second.prob.span.col) == (3, 3, 6)


def test_beliefs_and_for_are_keywords():
    assert syntax("program for { play A }") == """\
b.spi:1:9: error: unexpected keyword 'for', expected a name
1 | program for { play A }
  |         ^^^"""
    assert syntax("program beliefsX { play A }\nbeliefs B for P1 { }") == """\
b.spi:2:20: error: unexpected '}', expected a name
2 | beliefs B for P1 { }
  |                    ^"""


def test_beliefs_without_a_player():
    assert syntax("beliefs B { X: 1 }") == """\
b.spi:1:11: error: unexpected '{', expected 'for'
1 | beliefs B { X: 1 }
  |           ^"""


# ------------------------------------------------------------------ loading

def test_beliefs_are_visible_through_imports_and_load():
    write({"g.spi": GAME, "bots.spi": 'import "g.spi"\nprogram X { play A }\nprogram Y { play B }\n',
           "beliefs.spi": 'import "bots.spi"\nbeliefs B for P1 { X: 1/3, Y: 2/3 }\n',
           "main.spi": 'import "beliefs.spi"\n'})
    project = spi_lang.load("main.spi")
    decl = project.world.visible(project.file("main.spi"))["B"]
    assert isinstance(decl, ast.Beliefs) and decl.player.text == "P1"
    assert "B" not in project.programs


def test_beliefs_names_are_unique_among_all_declarations():
    write({"g.spi": GAME, "dup.spi": 'import "g.spi"\nprogram X { play A }\n'
                                     'beliefs X for P1 { X: 1 }\nbeliefs G for P2 { X: 1 }\n'})
    assert raised(spi_lang.load, "dup.spi") == """\
dup.spi:3:9: error: X is declared twice
3 | beliefs X for P1 { X: 1 }
  |         ^
dup.spi:2:9: note: first declared here
2 | program X { play A }
  |         ^
dup.spi:4:9: error: G is declared twice
4 | beliefs G for P2 { X: 1 }
  |         ^
g.spi:1:6: note: first declared here
1 | game G {
  |      ^"""


def test_a_beliefs_name_is_not_a_program():
    files = {"b.spi": 'import "g.spi"\nbeliefs B for P1 { X: 1 }\nprogram X { if opponent == B { play A } play B }\n'}
    assert checked(files) == """\
b.spi:3:28: error: B is a beliefs declaration, not a program
3 | program X { if opponent == B { play A } play B }
  |                            ^"""
    write({"ok.spi": 'import "g.spi"\nprogram X { play A }\nbeliefs B for P1 { X: 1 }\n'})
    with pytest.raises(spi_lang.SpiErrors, match="B is a beliefs declaration in ok.spi, not a program"):
        spi_lang.play("ok.spi:B", "ok.spi:X")


# ------------------------------------------------------------------ checks

def test_entries_name_programs_the_file_sees():
    files = {"other.spi": 'import "g.spi"\nprogram Hidden { play A }\n',
             "b.spi": 'import "g.spi"\nprogram X { play A }\nbeliefs B for P1 { G: 1/4, Hidden: 1/4, X: 1/2 }\n'}
    assert checked(files, "other.spi", "b.spi") == """\
b.spi:3:20: error: G is a game, not a program
3 | beliefs B for P1 { G: 1/4, Hidden: 1/4, X: 1/2 }
  |                    ^
b.spi:3:28: error: unknown program 'Hidden'
3 | beliefs B for P1 { G: 1/4, Hidden: 1/4, X: 1/2 }
  |                            ^^^^^^"""


def test_probabilities_in_zero_one_summing_to_one_each_program_once():
    files = {"b.spi": 'import "g.spi"\nprogram X { play A }\nprogram Y { play B }\n'
                      'beliefs B for P1 {\n  X: 3/2,\n  Y: 0,\n  X: -1/4\n}\n'}
    # 3/2 + 0 - 1/4 = 5/4
    assert checked(files) == """\
b.spi:4:9: error: probabilities sum to 5/4, not 1
4 | beliefs B for P1 {
  |         ^
b.spi:5:6: error: probability must be at most 1, not 3/2
5 |   X: 3/2,
  |      ^^^
b.spi:6:6: error: probability must be positive, not 0
6 |   Y: 0,
  |      ^
b.spi:7:3: error: program X is listed twice
7 |   X: -1/4
  |   ^
b.spi:7:6: error: probability must be positive, not -1/4
7 |   X: -1/4
  |      ^^^^"""


def test_the_sum_is_exact():
    # 1/3 + 1/3 + 0.333 = 2000/3000 + 999/3000 = 2999/3000: close to 1 is not 1
    files = {"b.spi": 'import "g.spi"\nprogram X { play A }\nprogram Y { play B }\nprogram Z { play B }\n'
                      'beliefs B for P1 { X: 1/3, Y: 1/3, Z: 0.333 }\n'}
    assert checked(files) == """\
b.spi:5:9: error: probabilities sum to 2999/3000, not 1
5 | beliefs B for P1 { X: 1/3, Y: 1/3, Z: 0.333 }
  |         ^"""


def test_the_player_must_be_a_player_of_a_visible_game():
    files = {"lonely.spi": "program X { play A }\nbeliefs B for P1 { X: 1 }\n",
             "b.spi": 'import "g.spi"\nprogram X2 { play A }\nbeliefs B2 for P3 { X2: 1 }\n'}
    assert checked(files, "lonely.spi", "b.spi") == """\
b.spi:3:16: error: P3 is not a player of game G (players: P1, P2)
3 | beliefs B2 for P3 { X2: 1 }
  |                ^^
lonely.spi:2:15: error: beliefs B are for player P1, but lonely.spi sees no game (define or import one)
2 | beliefs B for P1 { X: 1 }
  |               ^^"""


def test_with_several_games_the_player_must_belong_to_one_of_them():
    files = {"c.spi": CHICKEN,
             "b.spi": 'import "g.spi"\nimport "c.spi"\nprogram X { play A }\n'
                      'beliefs Ok for Col { X: 1 }\nbeliefs Bad for Nobody { X: 1 }\n'}
    assert checked(files) == """\
b.spi:5:17: error: Nobody is not a player of any game this file sees (Chicken, G)
5 | beliefs Bad for Nobody { X: 1 }
  |                 ^^^^^^"""


def test_believed_programs_must_play_in_the_other_seat():
    # Row's beliefs are about Col's programs, which play Go or Yield, not Dare.
    files = {"c.spi": CHICKEN,
             "b.spi": 'import "c.spi"\nprogram Darer { play Dare }\nprogram Goer { play Go }\n'
                      'beliefs B for Row { Darer: 1/2, Goer: 1/2 }\n'}
    assert checked(files) == """\
b.spi:4:21: error: Darer is in the support of B, so it plays as Col (seat 2) in game Chicken, but it cannot
4 | beliefs B for Row { Darer: 1/2, Goer: 1/2 }
  |                     ^^^^^
b.spi:2:22: note: 'Dare' is not an action of player Col (seat 2) in game Chicken; its actions are Go, Yield
2 | program Darer { play Dare }
  |                      ^^^^"""
