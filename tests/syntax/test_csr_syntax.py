"""CSR syntax and checks: conditional set-valued renegotiation programs (Algorithm 2),
payoff-space set expressions, guards on the default outcome, and `pmp_extension(NAME)`.

Part 1 parses by whole-tree equality (spans are kept out of AST equality): every new
construct, the precedence of `&` over `|`, and every example of LANGUAGE.md section 6.
Part 2 is golden error text (rendered with the caret, as `spilang check` shows it) for each
check of csr programs, in the small game G of error_helpers (actions A, B; (A, A) pays
(2, 2), every other profile (0, 0); so F is the segment (0, 0)-(2, 2)), and errors that
`check` or `play` must not miss or report twice.
"""

import pytest
from ast_shorthands import N, block, eq, mod, num, play, prof
from contract_examples import EXT, SECTION_6
from error_helpers import GAME, checked, in_tmp, raised, write  # noqa: F401 (in_tmp is an autouse fixture)

import spi_lang
from spi_lang.syntax import ast
from spi_lang.syntax.parser import parse
from spi_lang.ui.cli import main


def coords(*values) -> ast.Coords:
    return ast.Coords(tuple(num(v) for v in values))


def csr(name: str, *items) -> ast.CsrProgram:
    return ast.CsrProgram(N(name), items)


def offer(set_expr, guard=None) -> ast.Offer:
    return ast.Offer(guard, set_expr)


def lot(*entries) -> ast.Lottery:
    return ast.Lottery(tuple(ast.LotteryEntry(prof(*p), num(q)) for p, q in entries))


def parse_set(text: str):
    """The set expression of `offer TEXT` in a csr program."""
    (program,) = parse(f"program C csr {{ default D offer {text} }}").decls
    return program.offers[0].set


def parse_guard(text: str):
    (program,) = parse(f"program C csr {{ default D offer when {text}: all }}").decls
    return program.offers[0].guard


ALL, NOTHING, FRONTIER = ast.AllSet(), ast.NothingSet(), ast.FrontierSet()
HALVES = lot((("A", "A"), "1/2"), (("B", "B"), "1/2"))


# ------------------------------------------------------------------ programs and offers

def test_csr_program_with_named_default_and_offers():
    src = """program C csr {
      default Base
      offer all
      offer when opponent == X: nothing
    }"""
    tree = csr("C", ast.DefaultRef(N("Base")), offer(ALL), offer(NOTHING, eq("X")))
    assert parse(src) == mod(tree)
    assert tree.defaults == (ast.DefaultRef(N("Base")),)
    assert tree.offers == (offer(ALL), offer(NOTHING, eq("X")))


def test_csr_program_with_default_block_items_in_any_order():
    src = "program C csr { offer frontier default { play A } offer when opponent is csr: all }"
    default = ast.DefaultBlock(block(play("A")))
    assert parse(src) == mod(csr("C", offer(FRONTIER), default, offer(ALL, ast.OpponentIs("csr"))))


def test_an_empty_csr_body_parses_the_checker_rejects_it():
    assert parse("program C csr { }") == mod(csr("C"))


def test_pmp_extension():
    assert parse("program E = pmp_extension(B)") == mod(ast.PmpExtension(N("E"), N("B")))


# ------------------------------------------------------------------ set atoms

@pytest.mark.parametrize("text, tree", [
    ("nothing", NOTHING),
    ("all", ALL),
    ("frontier", FRONTIER),
    ("{ (A, B) }", ast.OutcomeSet((prof("A", "B"),))),
    ("{ (A, B), lottery { (A, A): 1/2, (B, B): 0.5 }, outcome, result(X), }",
     ast.OutcomeSet((prof("A", "B"), HALVES, ast.CurrentOutcome(), ast.Result(N("X"))))),
    ("point (2, 2/3)", ast.PointSet(coords(2, "2/3"))),
    ("below (3, 1)", ast.BelowSet(coords(3, 1))),
    ("above (0.5, -1)", ast.AboveSet(coords("1/2", -1))),
    ("hull { (A, A), (1, 2), outcome, result(X), lottery { (A, A): 1/2, (B, B): 1/2 }, }",
     ast.HullSet((prof("A", "A"), coords(1, 2), ast.CurrentOutcome(), ast.Result(N("X")), HALVES))),
    ("pmp((A, B))", ast.PmpSet(prof("A", "B"))),
    ("pmp(lottery { (A, A): 1/2, (B, B): 1/2 })", ast.PmpSet(HALVES)),
    ("pmp(outcome)", ast.PmpSet(ast.CurrentOutcome())),
    ("pmp(result(X))", ast.PmpSet(ast.Result(N("X")))),
    ("offers(X)", ast.OffersSet(N("X"))),
])
def test_set_atoms(text, tree):
    assert parse_set(text) == tree


@pytest.mark.parametrize("text, tree", [
    ("all | nothing", ast.SetUnion((ALL, NOTHING))),
    ("all & nothing", ast.SetIntersect((ALL, NOTHING))),
    ("all | nothing | frontier", ast.SetUnion((ALL, NOTHING, FRONTIER))),
    ("all & nothing & frontier", ast.SetIntersect((ALL, NOTHING, FRONTIER))),
    # & binds tighter than |
    ("all | nothing & frontier", ast.SetUnion((ALL, ast.SetIntersect((NOTHING, FRONTIER))))),
    ("all & nothing | frontier", ast.SetUnion((ast.SetIntersect((ALL, NOTHING)), FRONTIER))),
    ("all & nothing | frontier & all | nothing",
     ast.SetUnion((ast.SetIntersect((ALL, NOTHING)), ast.SetIntersect((FRONTIER, ALL)), NOTHING))),
    # parentheses group, and leave no node of their own
    ("(all)", ALL),
    ("((all))", ALL),
    ("(all | nothing) & frontier", ast.SetIntersect((ast.SetUnion((ALL, NOTHING)), FRONTIER))),
    ("all & (nothing | frontier)", ast.SetIntersect((ALL, ast.SetUnion((NOTHING, FRONTIER))))),
    ("(all & nothing) & frontier", ast.SetIntersect((ast.SetIntersect((ALL, NOTHING)), FRONTIER))),
    ("offers(X) | pmp(result(X))",
     ast.SetUnion((ast.OffersSet(N("X")), ast.PmpSet(ast.Result(N("X")))))),
])
def test_set_operators_and_precedence(text, tree):
    assert parse_set(text) == tree


# ------------------------------------------------------------------ guards

@pytest.mark.parametrize("text, tree", [
    ("outcome == (A, B)", ast.OutcomeEq(prof("A", "B"))),
    ("outcome != (A, B)", ast.OutcomeNe(prof("A", "B"))),
    ("outcome == lottery { (A, A): 1/2, (B, B): 1/2 }", ast.OutcomeEq(HALVES)),
    ("outcome == result(X)", ast.OutcomeEq(ast.Result(N("X")))),
    ("outcome != result(X)", ast.OutcomeNe(ast.Result(N("X")))),
    ("outcome == outcome", ast.OutcomeEq(ast.CurrentOutcome())),
    ("not outcome == (A, B)", ast.Not(ast.OutcomeEq(prof("A", "B")))),
    ("outcome == (A, B) and opponent == X", ast.And((ast.OutcomeEq(prof("A", "B")), eq("X")))),
    ("outcome == (A, B) and not opponent == X or outcome != result(Y)",
     ast.Or((ast.And((ast.OutcomeEq(prof("A", "B")), ast.Not(eq("X")))),
             ast.OutcomeNe(ast.Result(N("Y")))))),
    ("outcome == (A, A) or outcome == (B, B) and opponent is csr",
     ast.Or((ast.OutcomeEq(prof("A", "A")),
             ast.And((ast.OutcomeEq(prof("B", "B")), ast.OpponentIs("csr")))))),
    ("not (outcome == (A, A) or opponent == self)",
     ast.Not(ast.Or((ast.OutcomeEq(prof("A", "A")), eq())))),
])
def test_guards(text, tree):
    assert parse_guard(text) == tree


# ------------------------------------------------------------------ LANGUAGE.md, section 6

def test_language_md_section_6_programs():
    assert parse(SECTION_6 + EXT) == mod(
        csr("Bold1", ast.DefaultRef(N("AlwaysSlot1")), offer(ast.BelowSet(coords(3, 1)))),
        csr("Modest2", ast.DefaultRef(N("AlwaysSlot2")), offer(ast.BelowSet(coords(1, 3)))),
        csr("Generous2", ast.DefaultRef(N("AlwaysSlot2")),
            offer(ast.SetUnion((ast.BelowSet(coords(1, 3)), ast.PointSet(coords(3, 1)))))),
        ast.PmpExtension(N("Ext"), N("Bold1")),
    )


def test_language_md_section_6_set_list_and_the_sugar_it_stands_for():
    # the list's `lottery {...}` and `(x, y)` are placeholders; concrete ones here
    assert parse_set("{ (Slot3, Slot3), lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 } }") == \
        ast.OutcomeSet((prof("Slot3", "Slot3"), lot((("Slot1", "Slot1"), "1/2"), (("Slot2", "Slot2"), "1/2"))))
    assert parse_set("point (2, 2)") == ast.PointSet(coords(2, 2))
    assert parse_set("(below (1, 3) | point (3, 1)) & frontier") == ast.SetIntersect((
        ast.SetUnion((ast.BelowSet(coords(1, 3)), ast.PointSet(coords(3, 1)))), FRONTIER))
    # what `program Ext = pmp_extension(Bold1)` stands for (Definition 7)
    assert parse("program Ext csr { default AlwaysSlot1 offer offers(Bold1) | pmp(result(Bold1)) }") == mod(
        csr("Ext", ast.DefaultRef(N("AlwaysSlot1")),
            offer(ast.SetUnion((ast.OffersSet(N("Bold1")), ast.PmpSet(ast.Result(N("Bold1"))))))))


# ------------------------------------------------------------------ checks: defaults

BASES = ('import "g.spi"\nprogram P { play A }\n'
         'program R renegotiation {\n  default P\n  map (A, B) -> (A, A)\n}\n')  # lines 1-6


def test_csr_defaults_missing_duplicate_and_not_base():
    files = {"c1.spi": BASES + "program C0 csr {\n  offer all\n}\n"
                       "program C1 csr {\n  default P\n  default { play B }\n  offer all\n}\n"
                       "program C2 csr {\n  default R\n  offer all\n}\n"
                       "program C3 csr {\n  default C1\n  offer all\n}\n"
                       "program E = pmp_extension(C1)\n"
                       "program C4 csr {\n  default E\n  offer all\n}\n"}
    assert checked(files) == """\
c1.spi:7:9: error: csr program C0 has no `default`
7 | program C0 csr {
  |         ^^
c1.spi:12:3: error: a csr program has exactly one `default`
12 |   default { play B }
   |   ^^^^^^^^^^^^^^^^^^
c1.spi:16:11: error: a default must be a base program; R is a renegotiation program
16 |   default R
   |           ^
c1.spi:20:11: error: a default must be a base program; C1 is a csr program
20 |   default C1
   |           ^^
c1.spi:25:11: error: a default must be a base program; E is a csr program
25 |   default E
   |           ^"""


# ------------------------------------------------------------------ checks: names

def test_offers_and_result_name_programs_and_offers_names_a_csr_program():
    files = {"c2.spi": BASES + "program C csr {\n  default P\n"
                       "  offer offers(P) | offers(R) | offers(Nobody)\n"
                       "  offer { result(Nobody) } | pmp(result(G))\n"
                       "  offer when opponent == Nobody: offers(C) | { result(P) }\n}\n"}
    assert checked(files) == """\
c2.spi:9:16: error: offers(...) needs a csr program; P is not one
9 |   offer offers(P) | offers(R) | offers(Nobody)
  |                ^
c2.spi:9:28: error: offers(...) needs a csr program; R is not one
9 |   offer offers(P) | offers(R) | offers(Nobody)
  |                            ^
c2.spi:9:40: error: unknown program 'Nobody'
9 |   offer offers(P) | offers(R) | offers(Nobody)
  |                                        ^^^^^^
c2.spi:10:18: error: unknown program 'Nobody'
10 |   offer { result(Nobody) } | pmp(result(G))
   |                  ^^^^^^
c2.spi:10:41: error: G is a game, not a program
10 |   offer { result(Nobody) } | pmp(result(G))
   |                                         ^
c2.spi:11:26: error: unknown program 'Nobody'
11 |   offer when opponent == Nobody: offers(C) | { result(P) }
   |                          ^^^^^^"""


def test_pmp_extension_of_a_non_csr_program_and_cycles():
    files = {"c3.spi": BASES + "program X1 = pmp_extension(P)\nprogram X2 = pmp_extension(R)\n"
                       "program X3 = pmp_extension(Nobody)\nprogram X4 = pmp_extension(X4)\n"
                       "program X5 = pmp_extension(X6)\nprogram X6 = pmp_extension(X5)\n"
                       "program C csr {\n  default P\n  offer all\n}\n"
                       "program X7 = pmp_extension(C)\nprogram X8 = pmp_extension(X7)\n"}
    # X7 and X8 (an extension of an extension of a csr program) are fine
    assert checked(files) == """\
c3.spi:7:28: error: pmp_extension(...) needs a csr program; P is not one
7 | program X1 = pmp_extension(P)
  |                            ^
c3.spi:8:28: error: pmp_extension(...) needs a csr program; R is not one
8 | program X2 = pmp_extension(R)
  |                            ^
c3.spi:9:28: error: unknown program 'Nobody'
9 | program X3 = pmp_extension(Nobody)
  |                            ^^^^^^
c3.spi:10:28: error: pmp_extension(...) chain loops: X4 -> X4
10 | program X4 = pmp_extension(X4)
   |                            ^^
c3.spi:11:28: error: pmp_extension(...) chain loops: X5 -> X6 -> X5
11 | program X5 = pmp_extension(X6)
   |                            ^^
c3.spi:12:28: error: pmp_extension(...) chain loops: X6 -> X5 -> X6
12 | program X6 = pmp_extension(X5)
   |                            ^^"""


# ------------------------------------------------------------------ checks: outcomes

def test_outcomes_in_offers_wildcards_lotteries_and_actions():
    files = {"c4.spi": BASES + "program C csr {\n  default P\n"
                       "  offer { (A, _) } | hull { (_, B), (1, 1) } | pmp((_, A))\n"
                       "  offer when outcome == (A, _): { lottery { (A, A): 1/2, (B, B): 1/3 } }\n"
                       "  offer pmp(lottery { (A, A): -1/2, (B, B): 3/2 }) | { lottery { (B, A): 1/2, (B, A): 1/2 } }\n"
                       "  offer when outcome != (C, A): { (A, Slot3) } | pmp((A, B, A))\n}\n"}
    assert checked(files) == """\
c4.spi:9:15: error: `_` is only allowed in payoff rules and `map` sources; an outcome names every action
9 |   offer { (A, _) } | hull { (_, B), (1, 1) } | pmp((_, A))
  |               ^
c4.spi:9:30: error: `_` is only allowed in payoff rules and `map` sources; an outcome names every action
9 |   offer { (A, _) } | hull { (_, B), (1, 1) } | pmp((_, A))
  |                              ^
c4.spi:9:53: error: `_` is only allowed in payoff rules and `map` sources; an outcome names every action
9 |   offer { (A, _) } | hull { (_, B), (1, 1) } | pmp((_, A))
  |                                                     ^
c4.spi:10:29: error: `_` is only allowed in payoff rules and `map` sources; an outcome names every action
10 |   offer when outcome == (A, _): { lottery { (A, A): 1/2, (B, B): 1/3 } }
   |                             ^
c4.spi:10:35: error: probabilities sum to 5/6, not 1
10 |   offer when outcome == (A, _): { lottery { (A, A): 1/2, (B, B): 1/3 } }
   |                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
c4.spi:11:31: error: probability must be positive, not -1/2
11 |   offer pmp(lottery { (A, A): -1/2, (B, B): 3/2 }) | { lottery { (B, A): 1/2, (B, A): 1/2 } }
   |                               ^^^^
c4.spi:11:79: error: profile (B, A) is listed twice
11 |   offer pmp(lottery { (A, A): -1/2, (B, B): 3/2 }) | { lottery { (B, A): 1/2, (B, A): 1/2 } }
   |                                                                               ^^^^^^
c4.spi:12:26: error: 'C' is not an action of player P1 (actions: A, B)
12 |   offer when outcome != (C, A): { (A, Slot3) } | pmp((A, B, A))
   |                          ^
c4.spi:12:39: error: 'Slot3' is not an action of player P2 (actions: A, B)
12 |   offer when outcome != (C, A): { (A, Slot3) } | pmp((A, B, A))
   |                                       ^^^^^
c4.spi:12:54: error: profile has 3 actions but the game has 2 players
12 |   offer when outcome != (C, A): { (A, Slot3) } | pmp((A, B, A))
   |                                                      ^^^^^^^^^"""


def test_outcome_guards_only_in_csr_offers():
    files = {"c5.spi": BASES + "program Q {\n  if outcome == (A, A) { play A }\n  play B\n}\n"
                       "program C csr {\n  default { if not outcome != (B, B) { play A } play B }\n"
                       "  offer when outcome == (A, B): all\n}\n"}
    assert checked(files) == """\
c5.spi:8:6: error: `outcome` (the default outcome) exists only in the offers of a csr program
8 |   if outcome == (A, A) { play A }
  |      ^^^^^^^^^^^^^^^^^
c5.spi:12:20: error: `outcome` (the default outcome) exists only in the offers of a csr program
12 |   default { if not outcome != (B, B) { play A } play B }
   |                    ^^^^^^^^^^^^^^^^^"""


# ------------------------------------------------------------------ checks: points

def test_points_need_one_number_per_player():
    files = {"c6.spi": BASES + "program C csr {\n  default P\n"
                       "  offer point (1) | below (1, 1, 1) | above (0, 0, 0, 0) | hull { (A, A), (1) }\n}\n"}
    assert checked(files) == """\
c6.spi:9:15: error: a point needs 2 numbers, one per player
9 |   offer point (1) | below (1, 1, 1) | above (0, 0, 0, 0) | hull { (A, A), (1) }
  |               ^^^
c6.spi:9:27: error: a point needs 2 numbers, one per player
9 |   offer point (1) | below (1, 1, 1) | above (0, 0, 0, 0) | hull { (A, A), (1) }
  |                           ^^^^^^^^^
c6.spi:9:45: error: a point needs 2 numbers, one per player
9 |   offer point (1) | below (1, 1, 1) | above (0, 0, 0, 0) | hull { (A, A), (1) }
  |                                             ^^^^^^^^^^^^
c6.spi:9:75: error: a point needs 2 numbers, one per player
9 |   offer point (1) | below (1, 1, 1) | above (0, 0, 0, 0) | hull { (A, A), (1) }
  |                                                                           ^^^"""


def test_point_and_hull_points_lie_in_the_feasible_set():
    # F is the segment (0, 0)-(2, 2): (1, 1) and (1/2, 1/2) are in it, (2, 0) and (1, 1/2)
    # are not; `below` and `above` may name any vector (they are cut to F)
    files = {"c7.spi": BASES + "program C csr {\n  default P\n"
                       "  offer point (1, 1) | point (2, 0) | below (5, 5) | above (-1, 3)\n"
                       "  offer when outcome == (A, B): hull { (A, A), (1/2, 1/2), (1, 1/2) }\n}\n"}
    assert checked(files) == """\
c7.spi:9:30: error: point (2, 0) is not in the feasible set of G
9 |   offer point (1, 1) | point (2, 0) | below (5, 5) | above (-1, 3)
  |                              ^^^^^^
c7.spi:10:60: error: point (1, 1/2) is not in the feasible set of G
10 |   offer when outcome == (A, B): hull { (A, A), (1/2, 1/2), (1, 1/2) }
   |                                                            ^^^^^^^^"""


# ------------------------------------------------------------------ errors not to miss or repeat

def test_with_several_games_an_offer_action_of_none_is_reported():
    # as for base programs (test_check_completeness.py): Nope is an action of neither G nor H
    files = {"h.spi": GAME.replace("game G", "game H"),
             "two.spi": 'import "g.spi"\nimport "h.spi"\nprogram C csr {\n  default { play A }\n'
                        '  offer { (A, Nope) }\n  offer when outcome == (Nope, A): all\n}\n'}
    assert checked(files) == """\
two.spi:5:15: error: 'Nope' is not an action in any game this file sees (G, H)
5 |   offer { (A, Nope) }
  |               ^^^^
two.spi:6:26: error: 'Nope' is not an action in any game this file sees (G, H)
6 |   offer when outcome == (Nope, A): all
  |                          ^^^^"""


def test_an_unknown_action_in_one_offer_does_not_hide_a_point_outside_f_in_another():
    files = {"c8.spi": BASES + "program C csr {\n  default P\n  offer { (A, Nope) }\n  offer point (2, 0)\n}\n"}
    assert checked(files) == """\
c8.spi:9:15: error: 'Nope' is not an action of player P2 (actions: A, B)
9 |   offer { (A, Nope) }
  |               ^^^^
c8.spi:10:15: error: point (2, 0) is not in the feasible set of G
10 |   offer point (2, 0)
   |               ^^^^^^"""


def test_an_error_in_a_default_block_is_reported_once_when_the_program_is_extended():
    files = {"c9.spi": 'import "g.spi"\nprogram B csr {\n  default { play Nope }\n  offer all\n}\n'
                       'program E = pmp_extension(B)\n'}
    assert checked(files) == """\
c9.spi:3:18: error: 'Nope' is not an action in game G
3 |   default { play Nope }
  |                  ^^^^"""


def test_programs_that_offers_and_result_run_are_checked_before_playing(capsys):
    # `play` checks the two programs, not the ones their offers evaluate: Bad's action and
    # BadCsr's profile must be user errors (exit 1), not an internal KeyError (exit 3)
    write({"g.spi": GAME, "r.spi": 'import "g.spi"\nprogram Bad { play Nope }\n'
                                   'program BadCsr csr { default { play A } offer { (A, Nope) } }\n'
                                   'program UsesResult csr { default { play A } offer { result(Bad) } }\n'
                                   'program UsesOffers csr { default { play A } offer offers(BadCsr) }\n'
                                   'program All2 csr { default { play B } offer all }\n'})
    assert raised(spi_lang.play, "r.spi:UsesResult", "r.spi:All2").startswith(
        "r.spi:2:20: error: 'Nope' is not an action")
    assert raised(spi_lang.play, "r.spi:UsesOffers", "r.spi:All2").startswith(
        "r.spi:3:53: error: 'Nope' is not an action")
    assert main(["play", "r.spi:UsesResult", "r.spi:All2"]) == 1
    assert "internal error" not in capsys.readouterr().err
