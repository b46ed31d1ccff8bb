"""The in-loop parser (syntax/in_loop.py) against the tree-walking path it replaced: every
program in the repository, hand-picked shapes (parenthesized sets and conditions, `?rule`s
with one child, long separated lists, the depth limit) and random mutations of them give
the same AST with the same span at every node, or the same error."""

from pathlib import Path

import attrs
import pytest
from lark.exceptions import UnexpectedCharacters
from hypothesis import given, settings
from hypothesis import strategies as st

from spi_lang.syntax import in_loop, parser
from spi_lang.syntax.errors import SpiError

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for p in ROOT.glob("**/*.spi") if ".venv" not in p.parts)

SHAPES = [
    "program P csr { default D offer ((point (1, 2))) | (below (3, 4) & above (0, 0)) }\n",
    "program P csr { default D offer hull { (1, 2), (A, B), result(Q), outcome, } }\n",
    "program P { if (opponent == Q) or ((not opponent is csr and opponent != self)) { play a } }\n",
    "program P { if not not (opponent(P2) == self) { play a } else if every opponent == Q "
    "{ play b } else { play mix { a: 1/3, b: 2/3 } } }\n",
    "game G { players P1, P2\n actions P1: a, b\n actions P2: c\n payoff (_, c) = (1, -1/2) }\n",
    "program R renegotiation { default { play a } map (a, _) -> lottery { (a, b): 0.5, (b, a): 1/2, } }\n",
    "beliefs B for P1 { X: 1/2, (Y, Z): 1/4, P2: { W: 1/4 }, }\n",
    "program P { if provable in PA + 2 (opponent plays a against self and not provable (Q plays b "
    "against Q)) { play a } }\n",
    "program P { within 10 steps { if simulate opponent as P2 plays a against self or random < 1/3 "
    "{ play a } } otherwise { play b } }\n",
    "program P csr { default D offer " + " & ".join(["below (1, 1)"] * 300) + " }\n",
    "",
    "# only a comment\n",
    "program P { play é }\n",
    "program P { play a } $\n",
    'import "a.spi"\n\n\n  program   P{play a}# done',
    "program programs { play play_ }\n",
]


def fields(node):
    """The whole AST as nested tuples of node types and every field, spans included (AST
    equality leaves spans out)."""
    if isinstance(node, tuple):
        return tuple(fields(item) for item in node)
    if not attrs.has(type(node)):
        return node
    return (type(node).__name__,) + tuple(fields(getattr(node, f.name)) for f in attrs.fields(type(node)))


def both(text: str, start: str = "start"):
    """(in-loop result or error text, tree-walking result or error text)."""
    out = []
    for parse in (lambda: parser._parse(text, "t.spi", start), lambda: parser._parse_by_tree(text, "t.spi", start)):
        try:
            out.append(fields(parse()))
        except SpiError as error:
            out.append(("error", error.message, error.span))
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_program_parses_the_same(path):
    fast, by_tree = both(path.read_text(encoding="utf-8"))
    assert fast == by_tree  # golden error files (tests/golden/syntax.spi) give the same error


@pytest.mark.parametrize("text", SHAPES)
def test_shapes_parse_the_same(text):
    fast, by_tree = both(text)
    assert fast == by_tree


def test_a_parenthesized_set_spans_its_parentheses_for_its_parent_only():
    # "program P csr { default D offer " is 32 characters, so `((point (1, 2)))` takes cols
    # 33-48: the point set itself spans `point (1, 2)`, cols 35-46 (end_col 47, exclusive);
    # the union it is the first operand of starts at the outer parenthesis, col 33.
    module = parser.parse(SHAPES[0], "t.spi")
    union = module.decls[0].items[1].set
    assert (union.span.col, union.operands[0].span.col, union.operands[0].span.end_col) == (33, 35, 47)


def test_outcomes_parse_the_same():
    for text in ["(a, b)", "lottery { (a, b): 1/2, (b, a): 1/2 }", "(a, _)", "(a b)"]:
        fast, by_tree = both(text, "outcome")
        assert fast == by_tree


def test_depth_limit_is_the_same_on_both_sides():
    # Each `not` adds one tree level: the block, if-clause etc. hold the rest; around the
    # limit the first parses on both paths and the deeper one is the same error on both.
    for depth in range(parser.MAX_TREE_DEPTH - 10, parser.MAX_TREE_DEPTH + 3):
        text = "program P { if " + "not " * depth + "opponent == Q { play a } }\n"
        fast, by_tree = both(text)
        assert fast == by_tree
    assert fast[0] == "error" and "nesting is too deep" in fast[1]


def lark_tokens(text: str) -> list:
    return [(t.type, t.value, t.start_pos, t.line, t.column, t.end_line, t.end_column, t.end_pos)
            for t in parser.grammar().lex(text)]


def in_loop_tokens(text: str) -> list:
    lexer = in_loop._Lexer(parser.grammar())
    return [(t.type, t.value, t.start_pos, t.line, t.column, t.end_line, t.end_column, t.end_pos)
            for t in lexer.tokens(text)]


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in FILES] + SHAPES[:-4] + SHAPES[-2:])
def test_the_lexer_makes_larks_tokens(text):
    assert in_loop_tokens(text) == lark_tokens(text)


def test_a_character_no_terminal_matches_is_left_to_lark():
    with pytest.raises(in_loop.Fallback):
        in_loop_tokens("program P { play é }")


SOURCES = [p.read_text(encoding="utf-8") for p in FILES] + SHAPES


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_programs_parse_the_same(data):
    text = data.draw(st.sampled_from(SOURCES))
    for _ in range(data.draw(st.integers(1, 3))):
        if not text:
            break
        i = data.draw(st.integers(0, len(text) - 1))
        j = data.draw(st.integers(i, min(len(text), i + 40)))
        k = data.draw(st.integers(0, len(text)))
        # drop a slice, or copy it elsewhere: both keep most programs valid often enough
        text = text[:i] + text[j:] if data.draw(st.booleans()) else text[:k] + text[i:j] + text[k:]
    fast, by_tree = both(text)
    assert fast == by_tree
    assert tokens_or_stop(in_loop_tokens, text) == tokens_or_stop(lark_tokens, text)


def tokens_or_stop(lex, text):
    """The tokens, or where lexing stops (lark raises; the in-loop lexer hands back)."""
    try:
        return lex(text)
    except (in_loop.Fallback, UnexpectedCharacters):
        return "stopped"
