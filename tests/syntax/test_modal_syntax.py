"""Provability conditions (syntax/ast_modal.py): `provable(S)` and `provable in PA+n (S)`
parsed by whole-tree equality (statements reuse Or, And, Not; atoms `X plays A against
Y`), the grammar without conflicts, the new keywords, and golden error text with carets
for the syntax errors and the checks (in the game G of error_helpers: actions A, B)."""

import pytest
from ast_shorthands import N, block, if_, mod, play, prog
from error_helpers import checked, in_tmp, syntax  # noqa: F401 (in_tmp is an autouse fixture)

from spi_lang.syntax import ast
from spi_lang.syntax.parser import grammar, keywords, parse

OPP = ast.Opponents(ast.THE)


def plays(action, subject=None, against=None) -> ast.Plays:
    who = OPP if subject is None else ast.ProgramRef(N(subject))
    target = ast.SelfRef() if against is None else ast.ProgramRef(N(against))
    return ast.Plays(who, N(action), target)


def cond(text: str):
    """The condition of `if TEXT { play A } else { play B }`."""
    (decl,) = parse(f"program P {{ if {text} {{ play A }} else {{ play B }} }}").decls
    return decl.body.stmts[0].branches[0].cond


def test_fairbot_parses_to_one_provable_condition():
    src = "program FairBot { if provable(opponent plays A against self) { play A } else { play B } }"
    assert parse(src) == mod(prog("FairBot", if_(ast.Provable(plays("A")), block(play("A")),
                                                 block(play("B")))))


def test_prudentbot_parses_to_a_conjunction_with_a_pa1_box():
    src = """program PrudentBot {
      if provable(opponent plays A against self)
         and provable in PA+1 (opponent plays B against DefectBot) { play A }
      else { play B }
    }"""
    expected = ast.And((ast.Provable(plays("A")), ast.Provable(plays("B", against="DefectBot"), 1)))
    assert parse(src) == mod(prog("PrudentBot", if_(expected, block(play("A")), block(play("B")))))


def test_statements_combine_atoms_with_and_or_not_parentheses_and_nested_boxes():
    assert cond("provable(not (X plays A against Y or opponent plays B against self) "
                "and provable in PA+2 (Z plays A against self))") == ast.Provable(ast.And((
                    ast.Not(ast.Or((plays("A", "X", "Y"), plays("B")))),
                    ast.Provable(plays("A", "Z"), 2))))


def test_statement_precedence_is_that_of_conditions():
    # not binds tighter than and, and tighter than or
    assert cond("provable(X plays A against self or not Y plays A against self and "
                "opponent plays B against self)") == ast.Provable(ast.Or((
                    plays("A", "X"), ast.And((ast.Not(plays("A", "Y")), plays("B"))))))


def test_provable_combines_with_code_equality():
    assert cond("opponent == self or not provable(opponent plays A against self)") == ast.Or((
        ast.OpponentEq(ast.SelfRef()), ast.Not(ast.Provable(plays("A")))))


def test_pa_plus_0_is_pa():
    assert cond("provable in PA+0 (opponent plays A against self)") == cond(
        "provable(opponent plays A against self)")


def test_provable_in_a_csr_guard():
    (decl,) = parse("program C csr { default D offer when provable(opponent plays A against self): all }").decls
    assert decl.items[1] == ast.Offer(ast.Provable(plays("A")), ast.AllSet())


def test_the_grammar_with_provability_has_no_conflicts():
    src = "program P { if provable in PA+3 (opponent plays A against self) { play A } play B }"
    assert grammar(strict=True).parse(src, start="start") == grammar().parse(src, start="start")


def test_the_new_keywords_are_reserved_and_pa_is_not():
    assert {"provable", "plays", "against", "in"} <= set(keywords())
    assert "PA" not in keywords()
    assert parse("program PA { play A }") == mod(prog("PA", play("A")))


def test_an_unknown_proof_system():
    assert syntax("program P { if provable in ZFC+1 (opponent plays A against self) { play A } play B }") == """\
b.spi:1:28: error: unknown proof system 'ZFC': write `provable in PA+n (...)`
1 | program P { if provable in ZFC+1 (opponent plays A against self) { play A } play B }
  |                            ^^^"""


@pytest.mark.parametrize("level", ["1/2", "0.5", "-1"])
def test_the_level_is_a_whole_number(level):
    src = f"program P {{ if provable in PA+{level} (opponent plays A against self) {{ play A }} play B }}"
    carets = "^" * len(level)
    assert syntax(src) == f"""\
b.spi:1:31: error: the n of PA+n counts consistency statements: a whole number 0, 1, 2, ..., not {level}
1 | {src}
  |                               {carets}"""


def test_an_atom_needs_against():
    assert syntax("program P { if provable(opponent plays A) { play A } play B }") == """\
b.spi:1:41: error: unexpected ')', expected 'against'
1 | program P { if provable(opponent plays A) { play A } play B }
  |                                         ^"""


def test_code_equality_is_not_a_statement():
    assert syntax("program P { if provable(opponent == self) { play A } play B }") == """\
b.spi:1:34: error: unexpected '==', expected 'plays'
1 | program P { if provable(opponent == self) { play A } play B }
  |                                  ^^"""


def test_an_unknown_action_of_the_opponent():
    assert checked({"p.spi": 'import "g.spi"\n'
                    "program P { if provable(opponent plays C against self) { play A } play B }\n"}) == """\
p.spi:2:40: error: 'C' is not an action in game G
2 | program P { if provable(opponent plays C against self) { play A } play B }
  |                                        ^"""


def test_an_unknown_program_in_a_statement():
    assert checked({"p.spi": 'import "g.spi"\n'
                    "program P { if provable(Q plays A against R) { play A } play B }\n"}) == """\
p.spi:2:25: error: unknown program 'Q'
2 | program P { if provable(Q plays A against R) { play A } play B }
  |                         ^
p.spi:2:43: error: unknown program 'R'
2 | program P { if provable(Q plays A against R) { play A } play B }
  |                                           ^"""


def test_provability_in_a_three_player_game():
    three = "game T {\n  players X, Y, Z\n  actions A, B\n  payoff (_, _, _) = (0, 0, 0)\n}\n"
    assert checked({"t.spi": three + "program P { if provable(P plays A against self) { play A } play B }\n"}) == """\
t.spi:6:16: error: provability statements are about 2-player games (the opponent's action against this program); T has 3 players
6 | program P { if provable(P plays A against self) { play A } play B }
  |                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"""
