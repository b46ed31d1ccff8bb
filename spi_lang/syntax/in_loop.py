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
        for token in self._lexer.tokens(text):  # _feed's loop, inlined: it runs per token
            kind = token.type
            while True:
                try:
                    shift, arg = states[state_stack[-1]][kind]
                except KeyError:
                    raise Fallback from None
                if shift:
                    state_stack.append(arg)
                    value_stack.append(token)
                    break
                _reduce(states, state_stack, value_stack, arg)
            last = token
        end = Token.new_borrow_pos("$END", "", last) if last is not None else Token("$END", "", 0, 1, 1)
        _feed_end(states, state_stack, value_stack, end, end_state)
        built = value_stack[-1]
        return built.value if type(built) is _Built else built


def _reduce(states, state_stack, value_stack, arg) -> None:
    callback, size, origin = arg
    if size:
        children = value_stack[-size:]
        del state_stack[-size:]
        del value_stack[-size:]
    else:
        children = []
    value_stack.append(callback(children))
    state_stack.append(states[state_stack[-1]][origin][1])


def _feed_end(states, state_stack, value_stack, end, end_state) -> None:
    """The reductions that `$END` calls for, to the end state."""
    while state_stack[-1] != end_state:
        try:
            shift, arg = states[state_stack[-1]]["$END"]
        except KeyError:
            raise Fallback from None
        if shift:
            raise Fallback
        _reduce(states, state_stack, value_stack, arg)


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
        mode = ("splice" if name.startswith("_") else
                "expand1" if rule.options.expand1 and not rule.alias else "node")
        make = _makers.get((kinds, mode))
        if make is None:
            make = _makers[kinds, mode] = _compile(kinds, mode)
        built[rule] = (make(getattr(builder, name, None), builder, span_class, max_height),
                       len(rule.expansion), rule.origin.name)
    return built[rule]


_makers: dict = {}  # (kinds, mode) -> its callback maker, shared by the rules of one shape


def _kind(symbol) -> int:
    if symbol.is_term:
        return _FILTERED if symbol.filter_out else _TOKEN
    return _SPLICE if symbol.name.startswith("_") else _NODE


def _compile(kinds: tuple[int, ...], mode: str):
    """The callback maker for one shape of rule, as straight-line code: this is the
    parser's inner loop, and a loop over `kinds` per reduction cost a quarter of parsing.
    `mode` is "splice" (a `_rule`: its items, for the parent), "node" (an AST builder
    call) or "expand1" (a `?rule`: its one item, if it has one, else a node)."""
    names = [f"c{i}" for i in range(len(kinds))]
    body = [f"    {', '.join(names)}, = children"] if names else []
    body.append(f"    first = {_first(kinds, range(len(kinds)))}")
    body.append(f"    last = {_first(kinds, reversed(range(len(kinds))))}")
    body += _items(kinds)
    tall = [f"c{i}.height" for i, kind in enumerate(kinds) if kind in (_NODE, _SPLICE)]
    height = "0" if not tall else tall[0] if len(tall) == 1 else f"max({', '.join(tall)})"
    if mode == "splice":
        body.append(f"    return _Built(items, first, last, {height})")
    else:
        if mode == "expand1":
            body += ["    if len(items) == 1:", "        child = items[0]",
                     "        if type(child) is _Built:  # spanning this rule's text, for its parent",
                     "            return child if first is child is last else _Built(child.value, first, last, child.height)",
                     "        return _Built(child, child, child, 0)  # lark's parent sees the token itself"]
        body += [f"    height = {height} + 1", "    if height > max_height or method is None:",
                 "        raise Fallback",
                 "    span = None if first is None else span_class(builder.path, first.line, first.column, "
                 "last.end_line, last.end_column)",
                 "    return _Built(method(span, *[i.value if type(i) is _Built else i for i in items]), "
                 "first, last, height)"]
    source = ("def make(method, builder, span_class, max_height):\n    def callback(children):\n"
              + "\n".join("    " + line for line in body) + "\n    return callback\n")
    scope = {"_Built": _Built, "Fallback": Fallback}
    exec(source, scope)  # noqa: S102 (code made here from the grammar's rule shapes only)
    return scope["make"]


def _first(kinds, order) -> str:
    """The first child in `order` that takes up text: a token always does, a node unless
    it is empty."""
    expression = "None"
    for i in reversed(list(order)):
        expression = f"c{i}" if kinds[i] in (_FILTERED, _TOKEN) else \
            f"(c{i} if c{i}.line is not None else {expression})"
    return expression


def _items(kinds) -> list[str]:
    """Lines that gather the kept children into `items`, spliced rules' items in place (a
    leading spliced list is reused: `x ("," x)*` is left-recursive and stays linear)."""
    kept = [(i, kind) for i, kind in enumerate(kinds) if kind != _FILTERED]
    if kept and kept[0][1] == _SPLICE:
        lines, rest = [f"    items = c{kept[0][0]}.value"], kept[1:]
    else:
        lead = []
        while kept and kept[0][1] != _SPLICE:
            lead.append(f"c{kept.pop(0)[0]}")
        lines, rest = [f"    items = [{', '.join(lead)}]"], kept
    for i, kind in rest:
        lines.append(f"    items.extend(c{i}.value)" if kind == _SPLICE else f"    items.append(c{i})")
    return lines
