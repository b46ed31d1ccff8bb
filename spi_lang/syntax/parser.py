"""Source text to AST: the lark LALR parser, the tree-to-AST transformer, and the one
boundary where lark's exceptions become `SpiError`s."""

from __future__ import annotations

import threading
from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError
from spi_lang.syntax.literals import name as _name, number as _number
from spi_lang.syntax.behaviour_rules import BehaviourRules
from spi_lang.syntax.in_loop import InLoopParser, Fallback
from spi_lang.syntax.parser_cache import cached_lark
from spi_lang.syntax.resources import grammar_path

MAX_TREE_DEPTH = 200

# How a message names the terminals that lark calls by an internal name.
_TERMINAL_WORDS = {"NAME": "a name", "NUMBER": "a number", "STRING": "a string", "$END": "end of file"}


@cache
def _lark(strict: bool = False) -> Lark:
    options = dict(parser="lalr", lexer="basic", propagate_positions=True, maybe_placeholders=False,
                   start=["start", "outcome"])
    text = grammar_path().read_text(encoding="utf-8")
    if strict:  # the conflict check builds the tables itself: never from the cache
        return Lark(text, strict=True, **options)
    return cached_lark(text, **options)


def grammar(strict: bool = False) -> Lark:
    """The lark parser for spilang (`strict=True` makes lark reject any conflict)."""
    return _lark(strict)


@cache
def keywords() -> tuple[str, ...]:
    """The reserved words, read from the grammar (its literal alphabetic terminals)."""
    words = {t.pattern.value for t in _lark().terminals
             if t.pattern.type == "str" and t.pattern.value[:1].isalpha()}
    return tuple(sorted(words))


def parse(text: str, path: str = "<input>") -> ast.Module:
    """Parse one file's text into a `Module`, or raise `SpiError`."""
    return _parse(text, path, "start")


def parse_outcome(text: str, path: str = "<outcome>") -> ast.Profile | ast.Lottery:
    """Parse an outcome written on its own (a profile or a lottery), e.g. a CLI argument."""
    return _parse(text, path, "outcome")


def _parse(text: str, path: str, start: str):
    fast = _in_loop()
    if fast is not None and _in_loop_busy.acquire(blocking=False):  # its builder's path is per parse
        try:
            fast.builder.path = path
            return fast.parse(text, start)
        except (SpiError, Fallback):
            pass  # lark's loop and the tree walk give the first error, exactly as always
        finally:
            _in_loop_busy.release()
    return _parse_by_tree(text, path, start)


def _parse_by_tree(text: str, path: str, start: str):
    """lark's tree, then the AST built from it: the path for errors (and the reference
    the in-loop parser is tested against)."""
    try:
        tree = _lark().parse(text, start=start)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, path) from None
    return _ToAst(path).transform(tree)


_in_loop_busy = threading.Lock()  # a parse in another thread meanwhile takes lark's loop


@cache
def _in_loop() -> InLoopParser | None:
    """The in-loop parser (None if lark's set-up is one it does not drive)."""
    try:
        return InLoopParser(_lark(), _ToAst("<input>"), Span, MAX_TREE_DEPTH)
    except (Fallback, AttributeError):  # AttributeError: a lark whose internals moved
        return None


def _syntax_error(exc: UnexpectedInput, text: str, path: str) -> SpiError:
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        return SpiError(f"unexpected character {char!r}", Span.point(path, exc.line, exc.column))
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        line, col = _end_position(text)
        return SpiError(f"unexpected end of file, expected {_expected(exc.expected)}",
                        Span.point(path, line, col))
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    span = Span(path, token.line, token.column, token.end_line, token.end_column)
    return SpiError(f"unexpected {_describe(token)}, expected {_expected(exc.accepts or exc.expected)}",
                    span)


def _describe(token: Token) -> str:
    if token.type in ("NAME", "NUMBER", "STRING"):
        return f"{token.type.lower()} {str(token)!r}"
    if str(token) != "_" and str(token).replace("_", "a").isalnum():  # a reserved word
        return f"keyword {str(token)!r}"
    return repr(str(token))


def _expected(names) -> str:
    if set(names) == {"LPAR", "NAME"}:  # the first entry of beliefs: name the 2-player form
        names = {"NAME"}              # (a profile `(X, Y): p` is for 3 or more players)
    words = sorted({_word(n) for n in names})
    if len(words) > 6:
        words = words[:6] + ["..."]
    return ", ".join(words) if len(words) > 1 else words[0]


def _word(terminal: str) -> str:
    if terminal in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[terminal]
    pattern = _lark().get_terminal(terminal).pattern
    return repr(pattern.value) if pattern.type == "str" else terminal.lower()


def _end_position(text: str) -> tuple[int, int]:
    """Just after the last non-blank character: where the missing text should go."""
    lines = text.rstrip().split("\n")
    return len(lines), len(lines[-1]) + 1


class _ToAst(BehaviourRules):
    """Tree to AST. Only builds nodes: every semantic check lives in checker.py. Each rule's
    method gets the span of its tree, then its children, already built."""

    def __init__(self, path: str):
        self.path = path

    def transform(self, tree: Tree, depth: int = 1):
        """Build bottom-up, calling the method named after each rule (a direct walk: lark's
        Transformer wraps every method call, which was most of the cost of loading). Trees
        deeper than MAX_TREE_DEPTH are an error: the passes that follow recurse too."""
        if depth == MAX_TREE_DEPTH:
            deeper = [c for c in tree.children if type(c) is Tree]
            if deeper:  # point at the last: it is where the nesting goes on
                raise SpiError(f"nesting is too deep (the syntax tree may be at most {MAX_TREE_DEPTH} "
                               "levels deep)", Span.point(self.path, deeper[-1].meta.line, deeper[-1].meta.column))
        children = [self.transform(c, depth + 1) if type(c) is Tree else c for c in tree.children]
        meta = tree.meta
        span = None if meta.empty else Span(self.path, meta.line, meta.column, meta.end_line,
                                            meta.end_column)  # the one place spans are set
        return getattr(self, tree.data)(span, *children)

    def _names(self, tokens) -> tuple[ast.Name, ...]:
        return tuple(_name(t, self.path) for t in tokens)

    def _num(self, token: Token) -> ast.Num:
        span = Span(self.path, token.line, token.column, token.end_line, token.end_column)
        return ast.Num(_number(str(token), span), span=span)

    def start(self, span, *decls):
        return ast.Module(decls, span=span)

    def import_decl(self, span, string):
        return ast.Import(str(string)[1:-1], span=span)

    def game_decl(self, span, name, *items):
        return ast.Game(_name(name, self.path), items, span=span)

    def players_decl(self, span, *names):
        return ast.Players(self._names(names), span=span)

    def shared_actions(self, span, *names):
        return ast.SharedActions(self._names(names), span=span)

    def seat_actions(self, span, player, *names):
        return ast.SeatActions(_name(player, self.path), self._names(names), span=span)

    def payoff_rule(self, span, pattern, vector):
        return ast.PayoffRule(pattern, vector, span=span)

    def vector(self, span, *numbers):
        return tuple(self._num(n) for n in numbers)

    def profile(self, span, *items):
        return ast.Profile(tuple(i if isinstance(i, ast.Wildcard) else _name(i, self.path)
                                 for i in items), span=span)

    def wildcard(self, span, _token):
        return ast.Wildcard(span=span)

    def lottery(self, span, *entries):
        return ast.Lottery(entries, span=span)

    def lottery_entry(self, span, profile, prob):
        return ast.LotteryEntry(profile, self._num(prob), span=span)

    def base_program(self, span, name, body):
        return ast.BaseProgram(_name(name, self.path), body, span=span)

    def reneg_program(self, span, name, *items):
        return ast.RenegotiationProgram(_name(name, self.path), items, span=span)

    def csr_program(self, span, name, *items):
        return ast.CsrProgram(_name(name, self.path), items, span=span)

    def icsr_program(self, span, name, *items):
        return ast.IcsrProgram(_name(name, self.path), items, span=span)

    def round_item(self, span, number, *offers):
        return ast.OfferRound(self._num(number), offers, span=span)

    def pmp_extension(self, span, name, base):
        return ast.PmpExtension(_name(name, self.path), _name(base, self.path), span=span)

    def beliefs_decl(self, span, name, player, *entries):
        return ast.Beliefs(_name(name, self.path), _name(player, self.path), entries, span=span)

    def belief_entry(self, span, program, prob):
        return ast.BeliefEntry(_name(program, self.path), self._num(prob), span=span)

    def profile_belief(self, span, *items):
        *programs, prob = items
        return ast.ProfileBelief(self._names(programs), self._num(prob), span=span)

    def seat_belief(self, span, seat, *entries):
        return ast.SeatBelief(_name(seat, self.path), entries, span=span)

    def offer(self, span, set_expr):
        return ast.Offer(None, set_expr, span=span)

    def guarded_offer(self, span, cond, set_expr):
        return ast.Offer(cond, set_expr, span=span)

    def set_expr(self, span, *operands):
        return ast.SetUnion(operands, span=span)

    def set_inter(self, span, *operands):
        return ast.SetIntersect(operands, span=span)

    def nothing_set(self, span):
        return ast.NothingSet(span=span)

    def all_set(self, span):
        return ast.AllSet(span=span)

    def frontier_set(self, span):
        return ast.FrontierSet(span=span)

    def outcome_set(self, span, *outcomes):
        return ast.OutcomeSet(outcomes, span=span)

    def point_set(self, span, coords):
        return ast.PointSet(coords, span=span)

    def below_set(self, span, coords):
        return ast.BelowSet(coords, span=span)

    def above_set(self, span, coords):
        return ast.AboveSet(coords, span=span)

    def hull_set(self, span, *items):
        return ast.HullSet(items, span=span)

    def pmp_set(self, span, outcome):
        return ast.PmpSet(outcome, span=span)

    def offers_set(self, span, name):
        return ast.OffersSet(_name(name, self.path), span=span)

    def current_outcome(self, span):
        return ast.CurrentOutcome(span=span)

    def result_ref(self, span, name):
        return ast.Result(_name(name, self.path), span=span)

    def coords(self, span, *numbers):
        return ast.Coords(tuple(self._num(n) for n in numbers), span=span)

    def outcome_eq(self, span, ref):
        return ast.OutcomeEq(ref, span=span)

    def outcome_ne(self, span, ref):
        return ast.OutcomeNe(ref, span=span)

    def default_ref(self, span, name):
        return ast.DefaultRef(_name(name, self.path), span=span)

    def default_block(self, span, block):
        return ast.DefaultBlock(block, span=span)

    def map_item(self, span, source, target):
        return ast.Map(source, target, span=span)

    def block(self, span, *stmts):
        return ast.Block(stmts, span=span)

    def play_stmt(self, span, action):
        return ast.Play(_name(action, self.path), span=span)

    def mix_stmt(self, span, *weights):
        return ast.PlayMix(weights, span=span)

    def weight(self, span, action, prob):
        return ast.Weight(_name(action, self.path), self._num(prob), span=span)

    def if_stmt(self, span, *clauses):
        orelse = clauses[-1] if isinstance(clauses[-1], ast.Block) else None
        branches = clauses[:-1] if orelse is not None else clauses
        return ast.If(branches, orelse, span=span)

    def if_clause(self, span, cond, body):
        return ast.Branch(cond, body, span=span)

    elif_clause = if_clause

    def else_clause(self, span, body):
        return body

    def cond(self, span, *operands):
        return ast.Or(operands, span=span)

    def and_cond(self, span, *operands):
        return ast.And(operands, span=span)

    def negation(self, span, operand):
        return ast.Not(operand, span=span)

    def opponent_eq(self, span, who, ref):
        return ast.OpponentEq(ref, who, span=span)

    def opponent_ne(self, span, who, ref):
        return ast.OpponentNe(ref, who, span=span)

    def opponent_is(self, span, who, template):
        return ast.OpponentIs(template, who, span=span)

    def the_opponent(self, span):
        return ast.Opponents(ast.THE, span=span)

    def seat_opponent(self, span, player):
        return ast.Opponents(ast.SEAT, _name(player, self.path), span=span)

    def every_opponent(self, span):
        return ast.Opponents(ast.EVERY, span=span)

    def some_opponent(self, span):
        return ast.Opponents(ast.SOME, span=span)

    def renegotiation_template(self, span):
        return "renegotiation"

    def csr_template(self, span):
        return "csr"

    def icsr_template(self, span):
        return "icsr"

    modal_stmt = cond  # provability statements reuse Or, And and Not
    modal_and = and_cond

    def self_ref(self, span):
        return ast.SelfRef(span=span)

    def name_ref(self, span, name):
        return ast.ProgramRef(_name(name, self.path), span=span)
