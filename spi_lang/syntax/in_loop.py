"""Building the AST inside the LALR loop. lark compiles the grammar (its terminals' regular
expression, keyword table and LALR tables); this module drives them: a lexer loop that
makes lark's tokens, the shift-reduce loop, and at each reduction the AST builder called
at once with the span lark's `propagate_positions` would give. lark's own loop builds a
`Tree` with its `Meta` per reduction and a `LexerState` step per token, which the AST
walk then visited again: together about half of loading.

The grammar's shaping is applied as lark applies it: anonymous tokens are dropped,
`_rule`s are spliced into their parent, a `?rule` with one child is that child. Anything
unusual (a character no terminal matches, a token the table does not expect, an error from
a builder, a tree deeper than the limit) raises `Fallback` or the builder's `SpiError`, and
the caller parses again with lark's own loop, which gives the same first error as always."""

from __future__ import annotations

from lark import Token
from lark.lexer import UnlessCallback
from lark.parsers.lalr_analysis import Shift

_FILTERED, _TOKEN, _NODE, _SPLICE = range(4)


class Fallback(Exception):
    """Left to lark's loop: an input error (that path names it), a tree deeper than the
    limit (that path says where), or a lark set-up this module does not drive."""


class _Built:
    """A value on the parser's stack with the extent of the text it came from (lark's
    `container_*` positions: a parenthesized set spans its parentheses for its parent) and
    the height of the lark tree it stands for. A spliced `_rule` holds a list of items."""

    __slots__ = ("value", "line", "column", "end_line", "end_column", "height")

    def __init__(self, value, first, last, height):
        self.value = value
        if first is None:
            self.line = self.column = self.end_line = self.end_column = None
        else:
            self.line, self.column = first.line, first.column
            self.end_line, self.end_column = last.end_line, last.end_column
        self.height = height


class InLoopParser:
    """lark's compiled grammar driven with callbacks that call `builder`'s rule methods
    (its `path` is set per parse); `max_height` bounds the tree as the tree walk does."""

    def __init__(self, lark, builder, span_class, max_height: int):
        self.builder = builder
        self._lexer = _Lexer(lark)
        table = lark.parser.parser.parser.parse_table
        self._starts, self._ends = table.start_states, table.end_states
        built: dict = {}  # one callback per rule object of the table
        self._states = {state: {symbol: (action is Shift, arg if action is Shift else
                                         _reduction(arg, built, builder, span_class, max_height))
                                for symbol, (action, arg) in actions.items()}
                        for state, actions in table.states.items()}

    def parse(self, text: str, start: str):
        """The AST of `text` from the rule `start`."""
        states, end_state = self._states, self._ends[start]
        state_stack, value_stack = [self._starts[start]], []
        last = None
        for token in self._lexer.tokens(text):
            _feed(states, state_stack, value_stack, token, token.type)
            last = token
        end = Token.new_borrow_pos("$END", "", last) if last is not None else Token("$END", "", 0, 1, 1)
        _feed(states, state_stack, value_stack, end, "$END", end_state)
        built = value_stack[-1]
        return built.value if type(built) is _Built else built


def _feed(states, state_stack, value_stack, token, kind, end_state=None) -> None:
    """Shift one token after the reductions it calls for (for `$END`: reduce to the end)."""
    while True:
        try:
            shift, arg = states[state_stack[-1]][kind]
        except KeyError:
            raise Fallback from None
        if shift:
            if end_state is not None:
                raise Fallback
            state_stack.append(arg)
            value_stack.append(token)
            return
        callback, size, origin = arg
        if size:
            children = value_stack[-size:]
            del state_stack[-size:]
            del value_stack[-size:]
        else:
            children = []
        value_stack.append(callback(children))
        state_stack.append(states[state_stack[-1]][origin][1])
        if end_state is not None and state_stack[-1] == end_state:
            return


class _Lexer:
    """lark's basic lexer as one loop: the same regular expression, keyword table, line
    and column counting and `Token`s, without its per-token state objects."""

    def __init__(self, lark):
        lexer = lark.parser.lexer
        scanner = lexer.scanner
        if (len(scanner._mres) != 1 or lark.options.postlex is not None or lexer.user_callbacks
                or lark.lexer_conf.g_regex_flags or lark.lexer_conf.use_bytes):
            raise Fallback
        self._match = scanner._mres[0].match
        self._keywords = {name: _keyword_table(callback) for name, callback in lexer.callback.items()}
        self._newlines, self._ignored = lexer.newline_types, lexer.ignore_types

    def tokens(self, text: str):
        """The tokens of `text`, as lark's lexer makes them."""
        match, keywords, newlines, ignored = self._match, self._keywords, self._newlines, self._ignored
        new = Token
        pos, line, line_start, end = 0, 1, 0, len(text)
        while pos < end:
            m = match(text, pos)
            if m is None:
                raise Fallback
            value, kind, after = m.group(0), m.lastgroup, m.end()
            end_line, end_start = line, line_start
            if kind in newlines:
                count = value.count("\n")
                if count:
                    end_line, end_start = line + count, pos + value.rindex("\n") + 1
            if kind not in ignored:
                table = keywords.get(kind)
                if table is not None:
                    kind = table.get(value, kind)
                yield new(kind, value, pos, line, pos - line_start + 1, end_line, after - end_start + 1, after)
            pos, line, line_start = after, end_line, end_start


def _keyword_table(callback) -> dict[str, str]:
    """lark's keyword re-typing of a terminal (`UnlessCallback`) as a dictionary: each of
    its string terminals, without flags, matches exactly its own text."""
    if type(callback) is not UnlessCallback:
        raise Fallback
    table = {}
    for terminal in callback.scanner.terminals:
        if terminal.pattern.type != "str" or terminal.pattern.flags:
            raise Fallback
        table.setdefault(terminal.pattern.value, terminal.name)  # lark takes the first match
    return table


def _reduction(rule, built: dict, builder, span_class, max_height: int):
    """(callback, number of children, the rule's name) for a reduce action."""
    if rule not in built:
        kinds = tuple(_kind(symbol) for symbol in rule.expansion)
        name = rule.alias or rule.origin.name
        if name.startswith("_"):
            callback = _splice(kinds)
        else:
            callback = _node(kinds, getattr(builder, name, None), builder, span_class, max_height,
                             expand1=bool(rule.options.expand1) and not rule.alias)
        built[rule] = (callback, len(rule.expansion), rule.origin.name)
    return built[rule]


def _kind(symbol) -> int:
    if symbol.is_term:
        return _FILTERED if symbol.filter_out else _TOKEN
    return _SPLICE if symbol.name.startswith("_") else _NODE


def _gather(kinds, children):
    """The kept items of a reduction (spliced rules' items in place), the first and last
    children that take up text, and the tallest child's height."""
    items = None
    first = last = None
    height = 0
    for kind, child in zip(kinds, children):
        if child.line is not None:
            if first is None:
                first = child
            last = child
        if kind == _FILTERED:
            continue
        if kind == _SPLICE:
            if items is None:  # reuse a left-recursive list: `x ("," x)*` stays linear
                items = child.value
            else:
                items.extend(child.value)
            height = max(height, child.height)
            continue
        if items is None:
            items = []
        items.append(child)
        if kind == _NODE:
            height = max(height, child.height)
    return (items if items is not None else []), first, last, height


def _splice(kinds):
    def callback(children):
        items, first, last, height = _gather(kinds, children)
        return _Built(items, first, last, height)
    return callback


def _node(kinds, method, builder, span_class, max_height: int, expand1: bool):
    def callback(children):
        items, first, last, height = _gather(kinds, children)
        if expand1 and len(items) == 1:
            child = items[0]
            if type(child) is _Built:  # the child, spanning this rule's text for its parent
                return _Built(child.value, first, last, child.height)
            return child
        height += 1
        if height > max_height or method is None:
            raise Fallback
        span = None if first is None else span_class(builder.path, first.line, first.column,
                                                     last.end_line, last.end_column)
        return _Built(method(span, *[i.value if type(i) is _Built else i for i in items]),
                      first, last, height)
    return callback
