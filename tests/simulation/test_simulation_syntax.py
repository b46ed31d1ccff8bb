"""The simulation constructs' syntax and checks: whole-AST parses, syntax errors, and the
checker's positioned errors (rendered with their carets)."""

from fractions import Fraction as Fr

from error_helpers import checked, in_tmp, syntax  # noqa: F401 (in_tmp: autouse fixture)

from spi_lang.syntax import ast
from spi_lang.syntax.parser import parse

N = ast.Name
PLAY_C = ast.Block((ast.Play(N("C")),))
PLAY_D = ast.Block((ast.Play(N("D")),))


def body(src: str) -> ast.Block:
    (program,) = parse(f"program X {{ {src} }}").decls
    return program.body


def test_simulate_the_opponent_against_self():
    assert body("if simulate opponent plays C against self { play C } else { play D }") == ast.Block((
        ast.If((ast.Branch(ast.Simulate(ast.SimOpponent(), N("C"), ast.SelfRef()), PLAY_C),), PLAY_D),))


def test_simulate_a_named_program_in_a_seat_against_a_named_program():
    cond = body("if simulate Y as P2 plays C against Z { play C } else { play D }").stmts[0].branches[0].cond
    assert cond == ast.Simulate(ast.ProgramRef(N("Y")), N("C"), ast.ProgramRef(N("Z")), N("P2"))


def test_random_and_composition():
    cond = body("if random < 1/10 or not simulate opponent plays C against self and opponent == self "
                "{ play C } else { play D }").stmts[0].branches[0].cond
    assert cond == ast.Or((ast.Random(ast.Num(Fr(1, 10))),
                           ast.And((ast.Not(ast.Simulate(ast.SimOpponent(), N("C"), ast.SelfRef())),
                                    ast.OpponentEq(ast.SelfRef())))))


def test_within():
    assert body("within 100 steps { play C } otherwise { play D }") == ast.Block((
        ast.Within(ast.Num(Fr(100)), PLAY_C, PLAY_D),))


def test_game_declarations():
    (game,) = parse("game G { randomness shared regress (C, D) actions C, D payoff (_, _) = (0, 0) }").decls
    assert game.items[:2] == (ast.RandomnessDecl(N("shared")), ast.RegressDecl(ast.Profile((N("C"), N("D")))))


def test_within_needs_otherwise():
    assert syntax("program X { within 3 steps { play C } }") == """\
b.spi:1:39: error: unexpected '}', expected 'otherwise'
1 | program X { within 3 steps { play C } }
  |                                       ^"""


def test_simulate_needs_plays():
    assert syntax("program X { if simulate opponent C { play C } else { play D } }") == """\
b.spi:1:34: error: unexpected name 'C', expected 'as', 'plays'
1 | program X { if simulate opponent C { play C } else { play D } }
  |                                  ^"""


def test_checker_errors():
    text = checked({"a.spi": """\
import "g.spi"
program X { if random < 3/2 { play A } else { within 0 steps { play A } otherwise { play B } } }
program Y { if simulate opponent plays Z against self { play A } else { play B } }
"""})
    assert text == """\
a.spi:2:25: error: `random < p` needs a probability from 0 to 1, not 3/2
2 | program X { if random < 3/2 { play A } else { within 0 steps { play A } otherwise { play B } } }
  |                         ^^^
a.spi:2:54: error: a step budget is a whole number from 1 to 5,000, not 0
2 | program X { if random < 3/2 { play A } else { within 0 steps { play A } otherwise { play B } } }
  |                                                      ^
a.spi:3:40: error: 'Z' is not an action of player P1, the simulated seat; its actions are A, B
3 | program Y { if simulate opponent plays Z against self { play A } else { play B } }
  |                                        ^"""


def test_a_within_whose_fallback_does_not_play():
    text = checked({"a.spi": 'import "g.spi"\nprogram X { within 5 steps { play A } otherwise { } }\n'})
    assert "a path reaches the end of this block without `play`" in text


def test_game_declaration_errors():
    text = checked({"a.spi": """\
game H {
  randomness correlated
  regress (A, Z)
  actions A, B
  payoff (_, _) = (0, 0)
}
"""})
    assert text == """\
a.spi:2:14: error: randomness is `independent` or `shared`, not 'correlated'
2 |   randomness correlated
  |              ^^^^^^^^^^
a.spi:3:15: error: 'Z' is not an action of player P2 (actions: A, B)
3 |   regress (A, Z)
  |               ^"""


def test_no_simulation_in_offer_guards():
    text = checked({"a.spi": """\
import "g.spi"
program C csr {
  default { play A }
  offer when random < 1/2: all
}
"""})
    assert text.splitlines()[0] == ("a.spi:4:14: error: `random` is for program bodies; an offer's "
                                    "guard is evaluated during renegotiation, where nothing plays a seat")
