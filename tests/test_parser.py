"""Parser tests: source text to `ast.Module`.

Covers, by whole-tree equality (spans are kept out of AST equality): every construct of
grammar/spilang.lark, every number form, condition precedence, comments and layout, and
every example of sections 2-5 of LANGUAGE.md; then hand-checked `.span`s, keyword
boundaries (keywords are reserved, longer names that start with one are not), the tree
depth limit, and that the grammar has no LALR conflict (`strict=True`).
"""

from fractions import Fraction

import pytest

from spi_lang import ast
from spi_lang.errors import Span, SpiError
from spi_lang.parser import MAX_TREE_DEPTH, grammar, parse, parse_outcome

# ------------------------------------------------------------------ AST shorthands

N = ast.Name


def num(value) -> ast.Num:
    return ast.Num(Fraction(value))


def prof(*items: str) -> ast.Profile:
    return ast.Profile(tuple(ast.Wildcard() if i == "_" else N(i) for i in items))


def block(*stmts) -> ast.Block:
    return ast.Block(stmts)


def play(action: str) -> ast.Play:
    return ast.Play(N(action))


def prog(name: str, *stmts) -> ast.BaseProgram:
    return ast.BaseProgram(N(name), block(*stmts))


def ref(name: str | None):
    return ast.SelfRef() if name is None else ast.ProgramRef(N(name))


def eq(name: str | None = None) -> ast.OpponentEq:
    return ast.OpponentEq(ref(name))


def ne(name: str | None = None) -> ast.OpponentNe:
    return ast.OpponentNe(ref(name))


def if_(cond, body, orelse=None) -> ast.If:
    return ast.If((ast.Branch(cond, body),), orelse)


def mod(*decls) -> ast.Module:
    return ast.Module(decls)


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

SCHEDULING = """
    game Scheduling {
      players P1, P2                  # optional; default P1, P2
      actions Slot1, Slot2, Slot3     # every player has these actions ...
      payoff (Slot1, Slot1) = (3, 1)
      payoff (Slot2, Slot2) = (1, 3)
      payoff (Slot3, Slot3) = (1, 1)
      payoff (_, _) = (0, 0)          # `_` matches any action; the first matching rule wins
    }
"""

CHICKEN = """
    game Chicken {
      actions Row: Dare, Swerve       # ... or each player its own list
      actions Col: Dare, Swerve       # (then `players` may be omitted: the names are taken from here)
      payoff (Dare, Dare) = (0, 0)
      payoff (Dare, Swerve) = (4, 1)
      payoff (Swerve, Dare) = (1, 4)
      payoff (Swerve, Swerve) = (3, 3)
    }
"""

BASE_PROGRAMS = """
    program AlwaysSlot1 { play Slot1 }

    program CliqueBot {                     # McAfee: cooperate with exact copies of itself
      if opponent == self { play Cooperate } else { play Defect }
    }

    program YieldToHardliner2 {             # p^C for player 2 in Example 3.1 of the paper
      if opponent == AlwaysSlot1 { play Slot1 }
      play Slot2
    }
"""

FAIR1 = """
    program Fair1 renegotiation {
      default AlwaysSlot1                   # a named base program, or a block: default { play Slot1 }
      map (Slot1, Slot2) -> (Slot3, Slot3)  # rn: profiles not listed map to themselves
      map (Slot2, Slot1) -> (Slot3, Slot3)
    }
"""

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


# ------------------------------------------------------------------ spans

SPAN_SRC = """# header
game G {
  actions Slot1, Slot2
  payoff (Slot1, _) = (3, -1/2)
}

program P {
  if opponent == Q and not opponent is csr {
    play Slot1
  } else if opponent != self {
    play mix { Slot1: 1/3, Slot2: 2/3, }
  } else {
    play Slot2
  }
}
program R renegotiation {
  default { play Slot1 }
  map (Slot1, _) -> lottery {
    (Slot1, Slot1): 0.5,
    (Slot2, Slot2): 1/2
  }
}
"""


def span(line, col, end_line, end_col):
    return Span("s.spi", line, col, end_line, end_col)


def test_spans_of_game_nodes():
    module = parse(SPAN_SRC, "s.spi")
    game = module.decls[0]
    actions, rule = game.items
    assert module.span == span(2, 1, 22, 2)  # comments are not part of the module's span
    assert game.span == span(2, 1, 5, 2)
    assert game.name.span == span(2, 6, 2, 7)
    assert actions.span == span(3, 3, 3, 23)
    assert [n.span for n in actions.actions] == [span(3, 11, 3, 16), span(3, 18, 3, 23)]
    assert rule.span == span(4, 3, 4, 32)
    assert rule.pattern.span == span(4, 10, 4, 20)
    assert rule.pattern.items[1].span == span(4, 18, 4, 19)  # the wildcard
    assert [n.span for n in rule.payoffs] == [span(4, 24, 4, 25), span(4, 27, 4, 31)]  # with '-'


def test_spans_of_base_program_nodes():
    program = parse(SPAN_SRC, "s.spi").decls[1]
    stmt = program.body.stmts[0]
    first, second = stmt.branches
    assert program.span == span(7, 1, 15, 2)
    assert program.name.span == span(7, 9, 7, 10)
    assert program.body.span == span(7, 11, 15, 2)
    assert stmt.span == span(8, 3, 14, 4)
    assert first.cond.span == span(8, 6, 8, 43)                      # the whole `and`
    assert first.cond.operands[0].span == span(8, 6, 8, 19)          # opponent == Q
    assert first.cond.operands[0].ref.name.span == span(8, 18, 8, 19)
    assert first.cond.operands[1].span == span(8, 24, 8, 43)         # not ...
    assert first.cond.operands[1].operand.span == span(8, 28, 8, 43)
    assert first.body.span == span(8, 44, 10, 4)
    assert first.body.stmts[0].span == span(9, 5, 9, 15)
    assert first.body.stmts[0].action.span == span(9, 10, 9, 15)
    assert second.span == span(10, 5, 12, 4)                         # from `else if`
    assert second.cond.ref.span == span(10, 25, 10, 29)              # self
    mix = second.body.stmts[0]
    assert mix.span == span(11, 5, 11, 41)
    assert [w.span for w in mix.weights] == [span(11, 16, 11, 26), span(11, 28, 11, 38)]
    assert mix.weights[1].action.span == span(11, 28, 11, 33)
    assert mix.weights[1].prob.span == span(11, 35, 11, 38)
    assert stmt.orelse.span == span(12, 10, 14, 4)


def test_span_of_the_first_branch_is_its_own_if_and_block():
    # The first branch of an `if` is `if COND { ... }`: it ends at its block's `}`, not at
    # the end of the last `else` (the `else if` branch ends at its own block, too).
    stmt = parse(SPAN_SRC, "s.spi").decls[1].body.stmts[0]
    first, second = stmt.branches
    assert second.span.end_line == second.body.span.end_line
    assert first.span == span(8, 3, 10, 4)


def test_spans_of_renegotiation_program_nodes():
    program = parse(SPAN_SRC, "s.spi").decls[2]
    default, item = program.items
    assert program.span == span(16, 1, 22, 2)
    assert program.name.span == span(16, 9, 16, 10)
    assert default.span == span(17, 3, 17, 25)
    assert default.body.span == span(17, 11, 17, 25)
    assert default.body.stmts[0].action.span == span(17, 18, 17, 23)
    assert item.span == span(18, 3, 21, 4)
    assert item.source.span == span(18, 7, 18, 17)
    assert item.target.span == span(18, 21, 21, 4)
    entry = item.target.entries[0]
    assert entry.span == span(19, 5, 19, 24)
    assert entry.profile.span == span(19, 5, 19, 19)
    assert entry.profile.items[1].span == span(19, 13, 19, 18)
    assert entry.prob.span == span(19, 21, 19, 24)


def test_spans_carry_the_path_and_count_a_tab_as_one_column():
    module = parse("\tprogram P { play A }\n", "dir/x.spi")
    assert module.decls[0].body.stmts[0].action.span == Span("dir/x.spi", 1, 19, 1, 20)


def test_spans_do_not_take_part_in_equality():
    assert parse("program P { play A }", "a.spi") == parse("\n\n  program   P{play A}", "b.spi")
    assert N("A", span=span(1, 1, 1, 2)) == N("A", span=span(5, 5, 5, 6))


# ------------------------------------------------------------------ keyword boundaries

def test_names_that_start_with_a_keyword_are_names():
    src = """program playX { play iffy }
    program mapping renegotiation { default default_ map (opponentX, _) -> (selfish, playX) }
    program Z { if opponent == selfish or opponent != notX { play mix { mapping: 1 } } play _x }"""
    assert parse(src) == mod(
        prog("playX", play("iffy")),
        ast.RenegotiationProgram(N("mapping"), (
            ast.DefaultRef(N("default_")),
            ast.Map(prof("opponentX", "_"), prof("selfish", "playX")))),
        prog("Z", if_(ast.Or((eq("selfish"), ne("notX"))),
                      block(ast.PlayMix((ast.Weight(N("mapping"), num(1)),)))), play("_x")),
    )


KEYWORDS = ["actions", "and", "csr", "default", "else", "game", "if", "import", "is", "lottery",
            "map", "mix", "not", "opponent", "or", "payoff", "play", "players", "program",
            "renegotiation", "self"]


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_keywords_are_not_names(keyword):
    with pytest.raises(SpiError) as info:
        parse(f"program {keyword} {{ play A }}", "k.spi")
    assert info.value.message == f"unexpected keyword '{keyword}', expected a name"
    assert info.value.span == Span("k.spi", 1, 9, 1, 9 + len(keyword))


@pytest.mark.parametrize("src, col", [
    ("game G { actions A, if }", 21),
    ("game G { players P1, self }", 22),
    ("program P { play A } program Q { play program }", 39),
    ("program P { if opponent == renegotiation { play A } play B }", 28),
    ("program R renegotiation { default map }", 35),
])
def test_keywords_are_rejected_wherever_a_name_is_expected(src, col):
    with pytest.raises(SpiError) as info:
        parse(src, "k.spi")
    assert info.value.message.startswith("unexpected keyword")
    assert (info.value.span.line, info.value.span.col) == (1, col)


def test_the_wildcard_is_not_a_name():
    with pytest.raises(SpiError) as info:
        parse("program _ { play A }", "k.spi")
    assert info.value.message == "unexpected '_', expected a name"


# ------------------------------------------------------------------ nesting depth

def nested_ifs(depth: int) -> str:
    return ("program P {\n" + "if opponent == self {\n" * depth + "play A\n"
            + "}\n" * depth + "play B\n}\n")


def deepest_parsable_if_nesting() -> int:
    depth = 1
    while True:
        try:
            parse(nested_ifs(depth + 1))
        except SpiError:
            return depth
        depth += 1


def test_nesting_is_limited_but_deep_enough_for_real_programs():
    deepest = deepest_parsable_if_nesting()
    assert 50 <= deepest < MAX_TREE_DEPTH
    node, depth = parse(nested_ifs(deepest)).decls[0].body.stmts[0], 0
    while isinstance(node, ast.If):
        node, depth = node.branches[0].body.stmts[0], depth + 1
    assert depth == deepest and node == play("A")
    with pytest.raises(SpiError) as info:
        parse(nested_ifs(deepest + 1), "d.spi")
    assert info.value.message == f"nesting is too deep (the syntax tree may be at most {MAX_TREE_DEPTH} levels deep)"


def test_very_deep_nesting_is_an_error_not_a_crash():
    for src in ("program P { if " + "not " * 20_000 + "opponent == self { play A } play B }",
                nested_ifs(5_000)):
        with pytest.raises(SpiError) as info:
            parse(src)
        assert info.value.message.startswith("nesting is too deep")


def test_parentheses_add_no_depth():
    src = "program P { if " + "(" * 5000 + "opponent == self" + ")" * 5000 + " { play A } play B }"
    assert parse(src) == mod(prog("P", if_(eq(), block(play("A"))), play("B")))
