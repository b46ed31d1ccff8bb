"""Parser tests, part 2: hand-checked source spans of AST nodes, keyword boundaries
(keywords are reserved; longer names that start with one are not), and the syntax-tree
depth limit that keeps deep input from exhausting Python's stack."""

import pytest
from ast_shorthands import N, block, eq, if_, mod, ne, num, play, prof, prog

from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError
from spi_lang.syntax.parser import MAX_TREE_DEPTH, parse

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
            "renegotiation", "self", "offer", "when", "nothing", "all", "frontier", "point",
            "below", "above", "hull", "pmp", "offers", "outcome", "result", "pmp_extension"]


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
