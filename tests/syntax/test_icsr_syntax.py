"""Iterated csr programs (Algorithm 3): `program NAME icsr { default ...; round K { offer
... } ... }` parsed by whole-tree equality, `opponent is icsr`, and golden error text for
every check of icsr programs (in the game G of error_helpers: actions A, B; (A, A) pays
(2, 2), every other profile (0, 0))."""

from ast_shorthands import N, block, mod, num, play
from error_helpers import checked, in_tmp, syntax  # noqa: F401 (in_tmp is an autouse fixture)

from spi_lang.syntax import ast
from spi_lang.syntax.parser import keywords, parse


def coords(*values) -> ast.Coords:
    return ast.Coords(tuple(num(v) for v in values))


def test_icsr_program_parses_to_rounds_of_offers():
    src = """program I icsr {
      default D
      round 1 { offer below (3, 1) }
      round 2 { offer when outcome == (A, B): all  offer point (1, 1) }
      round 3 { }
    }"""
    guard = ast.OutcomeEq(ast.Profile((N("A"), N("B"))))
    assert parse(src) == mod(ast.IcsrProgram(N("I"), (
        ast.DefaultRef(N("D")),
        ast.OfferRound(num(1), (ast.Offer(None, ast.BelowSet(coords(3, 1))),)),
        ast.OfferRound(num(2), (ast.Offer(guard, ast.AllSet()),
                                ast.Offer(None, ast.PointSet(coords(1, 1))))),
        ast.OfferRound(num(3), ()),
    )))


def test_icsr_with_default_block_and_the_icsr_template_condition():
    src = "program I icsr { default { play A } round 1 { offer all } }\n" \
          "program B { if opponent is icsr { play A } play B }"
    assert parse(src) == mod(
        ast.IcsrProgram(N("I"), (ast.DefaultBlock(block(play("A"))),
                                 ast.OfferRound(num(1), (ast.Offer(None, ast.AllSet()),)))),
        ast.BaseProgram(N("B"), block(
            ast.If((ast.Branch(ast.OpponentIs("icsr"), block(play("A"))),), None), play("B"))))


def test_icsr_and_round_are_keywords():
    assert {"icsr", "round"} <= set(keywords())


def test_offer_outside_a_round_is_a_syntax_error():
    assert syntax("program I icsr {\n  default D\n  offer all\n}\n") == """\
b.spi:3:3: error: unexpected keyword 'offer', expected 'default', 'round', '}'
3 |   offer all
  |   ^^^^^"""


BASES = 'import "g.spi"\nprogram P { play A }\nprogram C csr {\n  default P\n  offer all\n}\n'  # lines 1-6


def test_icsr_rounds_must_be_numbered_from_one_in_order():
    files = {"i.spi": BASES + "program I1 icsr {\n  default P\n  round 1 { offer all }\n  round 3 { offer all }\n}\n"
                      "program I2 icsr {\n  default P\n}\n"}
    assert checked(files) == """\
i.spi:10:9: error: rounds are numbered 1, 2, ... in order: expected round 2, found round 3
10 |   round 3 { offer all }
   |         ^
i.spi:12:9: error: icsr program I2 has no `round`: it needs rounds 1 to K
12 | program I2 icsr {
   |         ^^"""


def test_icsr_defaults_and_offer_names_are_checked():
    files = {"i.spi": BASES + "program I icsr {\n  default C\n  round 1 { offer offers(P) | { result(Nobody) } }\n}\n"
                      "program J icsr {\n  round 1 { offer point (5, 5) }\n}\n"
                      "program K csr {\n  default I\n  offer all\n}\n"}
    assert checked(files) == """\
i.spi:8:11: error: a default must be a base program; C is a csr program
8 |   default C
  |           ^
i.spi:9:26: error: offers(...) needs a csr program; P is not one
9 |   round 1 { offer offers(P) | { result(Nobody) } }
  |                          ^
i.spi:9:40: error: unknown program 'Nobody'
9 |   round 1 { offer offers(P) | { result(Nobody) } }
  |                                        ^^^^^^
i.spi:11:9: error: icsr program J has no `default`
11 | program J icsr {
   |         ^
i.spi:12:25: error: point (5, 5) is not in the feasible set of G
12 |   round 1 { offer point (5, 5) }
   |                         ^^^^^^
i.spi:15:11: error: a default must be a base program; I is an icsr program
15 |   default I
   |           ^"""
