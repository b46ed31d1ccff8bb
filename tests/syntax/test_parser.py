"""Parser tests: source text to `ast.Module`.

Covers, by whole-tree equality (spans are kept out of AST equality): every construct of
grammar/spilang.lark, every number form, condition precedence, comments and layout, and
every example of sections 2-5 of LANGUAGE.md; and that the grammar has no LALR conflict
(`strict=True`). Spans, keyword boundaries and the depth limit are in
test_parser_positions.py.
"""

from fractions import Fraction

import pytest
from ast_shorthands import N, block, eq, if_, mod, ne, num, play, prof, prog
from contract_examples import ALWAYS_SLOT1, CHICKEN, CLIQUEBOT, FAIR1, SCHEDULING, YIELD_TO_HARDLINER2

from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError
from spi_lang.syntax.parser import grammar, parse, parse_outcome

# ------------------------------------------------------------------ the grammar itself

def test_grammar_has_no_conflicts_in_strict_mode():
    # strict=True makes lark raise on any LALR conflict or terminal collision
    src = "program P { if not opponent is csr { play A } else { play B } }"
    tree = grammar(strict=True).parse(src, start="start")
    assert tree == grammar().parse(src, start="start")
    assert tree.data == "start"


@pytest.mark.parametrize("src", ["", "   \n\t\n", "# only a comment\n", "# a\n\n# b"])
def test_empty_files_parse_to_an_empty_module(src):
    assert parse(src) == ast.Module(())


# ------------------------------------------------------------------ files and games

def test_import():
    assert parse('import "games/scheduling.spi"') == mod(ast.Import("games/scheduling.spi"))


def test_game_with_players_shared_actions_and_wildcards():
    src = """
    game G {
      players Alice, Bob
      actions X, Y
      payoff (X, X) = (3, 1)
      payoff (X, _) = (0, 2)
      payoff (_, _) = (1, 1)
    }
    """
    assert parse(src) == mod(ast.Game(N("G"), (
        ast.Players((N("Alice"), N("Bob"))),
        ast.SharedActions((N("X"), N("Y"))),
        ast.PayoffRule(prof("X", "X"), (num(3), num(1))),
        ast.PayoffRule(prof("X", "_"), (num(0), num(2))),
        ast.PayoffRule(prof("_", "_"), (num(1), num(1))),
    )))


def test_game_with_per_seat_actions_and_any_number_of_players():
    src = "game T { actions A: X actions B: X, Y actions C: Z payoff (_, Y, Z) = (1, 2, 3) }"
    assert parse(src) == mod(ast.Game(N("T"), (
        ast.SeatActions(N("A"), (N("X"),)),
        ast.SeatActions(N("B"), (N("X"), N("Y"))),
        ast.SeatActions(N("C"), (N("Z"),)),
        ast.PayoffRule(prof("_", "Y", "Z"), (num(1), num(2), num(3))),
    )))


@pytest.mark.parametrize("text, value", [
    ("3", Fraction(3)), ("-1", Fraction(-1)), ("0", Fraction(0)), ("007", Fraction(7)),
    ("0.25", Fraction(1, 4)), ("-0.5", Fraction(-1, 2)), ("10.125", Fraction(81, 8)),
    ("1/3", Fraction(1, 3)), ("-2/3", Fraction(-2, 3)), ("4/6", Fraction(2, 3)),
])
def test_numbers_are_exact_rationals(text, value):
    module = parse(f"game G {{ payoff (_) = ({text}) }}")
    assert module == mod(ast.Game(N("G"), (ast.PayoffRule(prof("_"), (ast.Num(value),)),)))
    assert type(module.decls[0].items[0].payoffs[0].value) is Fraction


# ------------------------------------------------------------------ base programs

def test_play_and_play_mix_with_trailing_comma():
    src = "program P { play mix { A: 1/3, B: 0.5, C: 1/6, } } program Q { play mix { A: 1 } }"
    assert parse(src) == mod(
        prog("P", ast.PlayMix((ast.Weight(N("A"), num("1/3")), ast.Weight(N("B"), num("1/2")),
                               ast.Weight(N("C"), num("1/6"))))),
        prog("Q", ast.PlayMix((ast.Weight(N("A"), num(1)),))))


def test_if_else_if_else_chain():
    src = """program P {
      if opponent == self { play A }
      else if opponent == Q { play B }
      else if opponent != R { play C }
      else { play D }
    }"""
    assert parse(src) == mod(prog("P", ast.If((
        ast.Branch(eq(), block(play("A"))),
        ast.Branch(eq("Q"), block(play("B"))),
        ast.Branch(ne("R"), block(play("C"))),
    ), block(play("D")))))


def test_if_without_else_then_more_statements_and_nested_ifs():
    src = "program P { if opponent != self { if opponent is csr { play A } } play B }"
    assert parse(src) == mod(prog(
        "P", if_(ne(), block(if_(ast.OpponentIs("csr"), block(play("A"))))), play("B")))


@pytest.mark.parametrize("cond, tree", [
    ("opponent == self", eq()),
    ("opponent == Other", eq("Other")),
    ("opponent != self", ne()),
    ("opponent != Other", ne("Other")),
    ("opponent is renegotiation", ast.OpponentIs("renegotiation")),
    ("opponent is csr", ast.OpponentIs("csr")),
    ("not opponent == self", ast.Not(eq())),
    ("not not opponent == self", ast.Not(ast.Not(eq()))),
    ("opponent == A and opponent == B and opponent == C", ast.And((eq("A"), eq("B"), eq("C")))),
    ("opponent == A or opponent == B or opponent == C", ast.Or((eq("A"), eq("B"), eq("C")))),
    # not binds tighter than and, and tighter than or
    ("not opponent == A and opponent == B", ast.And((ast.Not(eq("A")), eq("B")))),
    ("opponent == A or opponent == B and opponent == C",
     ast.Or((eq("A"), ast.And((eq("B"), eq("C")))))),
    ("opponent == A and opponent == B or opponent == C",
     ast.Or((ast.And((eq("A"), eq("B"))), eq("C")))),
    ("not opponent == A or not opponent == B and opponent is csr",
     ast.Or((ast.Not(eq("A")), ast.And((ast.Not(eq("B")), ast.OpponentIs("csr")))))),
    # parentheses group, and leave no node of their own
    ("(opponent == self)", eq()),
    ("((opponent == self))", eq()),
    ("not (opponent == A or opponent == B)", ast.Not(ast.Or((eq("A"), eq("B"))))),
    ("(opponent == A or opponent == B) and opponent == C",
     ast.And((ast.Or((eq("A"), eq("B"))), eq("C")))),
    ("(opponent == A and opponent == B) and opponent == C",
     ast.And((ast.And((eq("A"), eq("B"))), eq("C")))),
])
def test_conditions_and_precedence(cond, tree):
    assert parse(f"program P {{ if {cond} {{ play A }} play B }}") == mod(
        prog("P", if_(tree, block(play("A"))), play("B")))


# ------------------------------------------------------------------ renegotiation programs

def test_renegotiation_program_with_named_default_and_maps():
    src = """program R renegotiation {
      default Base
      map (A, B) -> (C, C)
      map (_, A) -> lottery { (A, A): 1/2, (B, B): 0.5, }
      map (B, _) -> lottery { (C, C): 1 }
    }"""
    assert parse(src) == mod(ast.RenegotiationProgram(N("R"), (
        ast.DefaultRef(N("Base")),
        ast.Map(prof("A", "B"), prof("C", "C")),
        ast.Map(prof("_", "A"), ast.Lottery((ast.LotteryEntry(prof("A", "A"), num("1/2")),
                                             ast.LotteryEntry(prof("B", "B"), num("1/2"))))),
        ast.Map(prof("B", "_"), ast.Lottery((ast.LotteryEntry(prof("C", "C"), num(1)),))),
    )))


def test_renegotiation_program_with_default_block_items_in_any_order():
    src = "program R renegotiation { map (A, B) -> (C, C) default { if opponent is renegotiation { play A } play B } }"
    default = ast.DefaultBlock(block(if_(ast.OpponentIs("renegotiation"), block(play("A"))), play("B")))
    tree = ast.RenegotiationProgram(N("R"), (ast.Map(prof("A", "B"), prof("C", "C")), default))
    assert parse(src) == mod(tree)
    assert tree.defaults == (default,) and tree.maps == (ast.Map(prof("A", "B"), prof("C", "C")),)


def test_an_outcome_parses_on_its_own():
    assert parse_outcome(" (A, _) ") == prof("A", "_")
    assert parse_outcome("lottery { (A, B): 1/2, (B, A): 0.5, }") == ast.Lottery((
        ast.LotteryEntry(prof("A", "B"), num("1/2")), ast.LotteryEntry(prof("B", "A"), num("1/2"))))
    with pytest.raises(SpiError):
        parse_outcome("program P { play A }")


def test_an_empty_renegotiation_body_parses_the_checker_rejects_it():
    assert parse("program R renegotiation { }") == mod(ast.RenegotiationProgram(N("R"), ()))


# ------------------------------------------------------------------ comments and layout

def test_comments_whitespace_and_newlines_are_insignificant():
    compact = "program P{if opponent==self{play mix{A:1/2,B:1/2}}else{play A}}"
    spread = """# leading comment
    program   P   # after the name
    {
    \tif opponent
          ==      # in the middle of a condition
       self {
          play mix {A   :   1/2   ,
                    B:1/2}    # trailing
       }
       else
       {
         play A}}
    # trailing comment without newline"""
    crlf = compact.replace("{", "{\r\n").replace("}", "\r\n}")
    expected = mod(prog("P", if_(eq(), block(ast.PlayMix((ast.Weight(N("A"), num("1/2")),
                                                           ast.Weight(N("B"), num("1/2"))))),
                                 block(play("A")))))
    assert parse(compact) == parse(spread) == parse(crlf) == expected


def test_declarations_in_any_order_and_names_are_kept():
    src = 'program P { play A } game G { actions A payoff (_, _) = (0, 0) } import "x.spi"'
    assert parse(src) == mod(prog("P", play("A")),
                             ast.Game(N("G"), (ast.SharedActions((N("A"),)),
                                               ast.PayoffRule(prof("_", "_"), (num(0), num(0))))),
                             ast.Import("x.spi"))


# ------------------------------------------------------------------ LANGUAGE.md, sections 2-5

BASE_PROGRAMS = ALWAYS_SLOT1 + CLIQUEBOT + YIELD_TO_HARDLINER2

SLOTS = ("Slot1", "Slot2", "Slot3")


def test_language_md_section_2_import():
    assert parse('    import "games/scheduling.spi"\n') == mod(ast.Import("games/scheduling.spi"))


def test_language_md_section_3_scheduling():
    assert parse(SCHEDULING) == mod(ast.Game(N("Scheduling"), (
        ast.Players((N("P1"), N("P2"))),
        ast.SharedActions(tuple(N(s) for s in SLOTS)),
        ast.PayoffRule(prof("Slot1", "Slot1"), (num(3), num(1))),
        ast.PayoffRule(prof("Slot2", "Slot2"), (num(1), num(3))),
        ast.PayoffRule(prof("Slot3", "Slot3"), (num(1), num(1))),
        ast.PayoffRule(prof("_", "_"), (num(0), num(0))),
    )))


def test_language_md_section_3_chicken():
    acts = (N("Dare"), N("Swerve"))
    assert parse(CHICKEN) == mod(ast.Game(N("Chicken"), (
        ast.SeatActions(N("Row"), acts),
        ast.SeatActions(N("Col"), acts),
        ast.PayoffRule(prof("Dare", "Dare"), (num(0), num(0))),
        ast.PayoffRule(prof("Dare", "Swerve"), (num(4), num(1))),
        ast.PayoffRule(prof("Swerve", "Dare"), (num(1), num(4))),
        ast.PayoffRule(prof("Swerve", "Swerve"), (num(3), num(3))),
    )))


def test_language_md_section_3_lottery_outcome_as_map_target():
    src = ("program R renegotiation { default { play Slot1 } map (Slot1, Slot2) -> "
           "lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 } }")
    lottery = ast.Lottery((ast.LotteryEntry(prof("Slot1", "Slot1"), num("1/2")),
                           ast.LotteryEntry(prof("Slot2", "Slot2"), num("1/2"))))
    assert parse(src) == mod(ast.RenegotiationProgram(N("R"), (
        ast.DefaultBlock(block(play("Slot1"))), ast.Map(prof("Slot1", "Slot2"), lottery))))


def test_language_md_section_4_base_programs():
    assert parse(BASE_PROGRAMS) == mod(
        prog("AlwaysSlot1", play("Slot1")),
        prog("CliqueBot", if_(eq(), block(play("Cooperate")), block(play("Defect")))),
        prog("YieldToHardliner2", if_(eq("AlwaysSlot1"), block(play("Slot1"))), play("Slot2")),
    )


def test_language_md_section_5_fair1():
    assert parse(FAIR1) == mod(ast.RenegotiationProgram(N("Fair1"), (
        ast.DefaultRef(N("AlwaysSlot1")),
        ast.Map(prof("Slot1", "Slot2"), prof("Slot3", "Slot3")),
        ast.Map(prof("Slot2", "Slot1"), prof("Slot3", "Slot3")),
    )))


def test_language_md_examples_parse_together_in_one_file():
    module = parse(SCHEDULING + CHICKEN + BASE_PROGRAMS + FAIR1)
    assert [d.name.text for d in module.decls] == [
        "Scheduling", "Chicken", "AlwaysSlot1", "CliqueBot", "YieldToHardliner2", "Fair1"]
