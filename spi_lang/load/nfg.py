"""Reading Gambit's `.nfg` strategic-form files (both the payoff and the outcome
versions) into a syntax tree of one `game` declaration, so that an `import "x.nfg"` and
`spilang game x.nfg` load it like any `.spi` game. Every value is read exactly (`3/2`,
`0.25`, `1e-3` are Fractions), every error is positioned at its token, and sizes are
bounded before anything is built: at most `MAX_PLAYERS` players and `MAX_PROFILES`
profiles (the bound of a declared game), numbers of at most `MAX_NUMBER_CHARS`.

Gambit's labels are free text, spilang's names are identifiers, so labels are turned
into names (`identifier`): runs of other characters become `_`, a leading digit gets a
prefix (players `P`, strategies `S`: Gambit's default labels `1`, `2` become `P1`,
`S1`), a reserved word gets a trailing `_`. The game is named after the title the same
way (prefix `G`), or after the file's name when the title is empty."""

from __future__ import annotations

import re
from fractions import Fraction
from math import prod
from pathlib import PurePath

import attrs

from spi_lang.geometry.games import MAX_PROFILES
from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError
from spi_lang.syntax.literals import MAX_NUMBER_CHARS
from spi_lang.syntax.parser import keywords

MAX_PLAYERS = 32
MAX_EXPONENT = 400  # |e| in `1e-3`: a longer exponent would build a huge integer
STRING, WORD, PUNCT, END = "string", "word", "punct", "end"
_TOKEN = re.compile(r'(\s+)|(")|([{},])|([^\s{}",]+)')
_RATIONAL = re.compile(r"^[+-]?[0-9]+/[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE]([+-]?[0-9]+))?$")


@attrs.frozen
class Token:
    kind: str
    text: str   # a string's value (escapes undone), a word or a punctuation mark
    span: Span


def tokens(text: str, path: str):
    """The tokens of an `.nfg` file, one at a time (a 2 MB file of braces is never a
    list of a million tokens): quoted strings, `{`, `}`, `,` and words, then END."""
    i, line, col = 0, 1, 1
    last = Span.point(path, 1, 0)
    while i < len(text):
        match = _TOKEN.match(text, i)
        space, quote, punct, word = match.groups()
        if space is not None:
            newlines = space.count("\n")
            line, col = (line + newlines, len(space) - space.rfind("\n")) if newlines else (line, col + len(space))
            i = match.end()
            continue
        if quote is not None:
            token, i, line, col = _string(text, i, line, col, path)
        else:
            chunk = punct or word
            token = Token(PUNCT if punct else WORD, chunk, Span(path, line, col, line, col + len(chunk)))
            i, col = match.end(), col + len(chunk)
        last = token.span
        yield token
    # The end is shown just after the last token, not on the empty line after it.
    yield Token(END, "end of file", Span.point(path, last.end_line, last.end_col))


def _string(text: str, i: int, line: int, col: int, path: str):
    """A quoted string from text[i] (`\\"` and `\\\\` are escapes; it may span lines)."""
    start, chars, j = (line, col), [], i + 1
    col += 1
    while j < len(text) and text[j] != '"':
        if text[j] == "\\" and j + 1 < len(text):
            j, col = j + 1, col + 1
        chars.append(text[j])
        line, col = (line + 1, 1) if text[j] == "\n" else (line, col + 1)
        j += 1
    if j == len(text):
        raise SpiError("this string is never closed (a `\"` is missing)", Span.point(path, *start))
    return Token(STRING, "".join(chars), Span(path, start[0], start[1], line, col + 1)), j + 1, line, col + 1


class _Reader:
    """A cursor over the tokens with the checks each step of the format needs."""

    def __init__(self, text: str, path: str):
        self.stream, self.path = tokens(text, path), path
        self.next = next(self.stream)
        self.numbers: dict[str, ast.Num] = {}

    def peek(self) -> Token:
        return self.next

    def take(self) -> Token:
        token = self.next
        if token.kind != END:
            self.next = next(self.stream)
        return token

    def expect(self, kind: str, text: str | None = None, what: str | None = None) -> Token:
        token = self.take()
        if token.kind != kind or (text is not None and token.text != text):
            raise SpiError(f"expected {what or repr(text)}, found {_shown(token)}", token.span)
        return token

    def strings_in_braces(self, what: str) -> list[Token]:
        self.expect(PUNCT, "{", f"`{{` opening the {what}")
        found = []
        while self.peek().kind == STRING:
            found.append(self.take())
        self.expect(PUNCT, "}", f"a quoted {what[:-1]} or `}}`")
        return found

    def number(self) -> ast.Num:
        """A payoff, as a node without a position (a million of them fit in a 2 MB file;
        each rule keeps the position of its first), equal values sharing one node."""
        token = self.expect(WORD, what="a number")
        node = self.numbers.get(token.text)
        if node is None:
            node = self.numbers[token.text] = ast.Num(number(token))
        return node

    def count(self, what: str, low: int, high: int) -> tuple[int, Token]:
        token = self.expect(WORD, what=what)
        if not token.text.isdigit() or not low <= int(token.text[:12]) <= high:
            raise SpiError(f"expected {what}, a whole number from {low} to {high:,}, "
                           f"found {_shown(token)}", token.span)
        return int(token.text), token


def _shown(token: Token) -> str:
    if token.kind == STRING:
        return f'the string "{token.text[:40]}"'
    return token.text if token.kind == END else f"`{token.text[:40]}`"


def number(token: Token) -> Fraction:
    """The exact value of a payoff: `3`, `-3/2`, `0.25`, `1e-3`."""
    text = token.text
    if len(text) > MAX_NUMBER_CHARS:
        raise SpiError(f"number is too long (more than {MAX_NUMBER_CHARS} characters)", token.span)
    if text.isdigit():  # the common case, fast
        return Fraction(int(text))
    if _RATIONAL.match(text):
        numerator, denominator = text.split("/")
        if int(denominator) == 0:
            raise SpiError("division by zero in this number", token.span)
        return Fraction(int(numerator), int(denominator))
    decimal = _DECIMAL.match(text)
    if decimal is None:
        raise SpiError(f"expected a number, found `{text[:40]}`", token.span)
    if decimal[3] is not None and abs(int(decimal[3])) > MAX_EXPONENT:
        raise SpiError(f"the exponent of this number is larger than {MAX_EXPONENT}", token.span)
    return Fraction(text)


def identifier(label: str, prefix: str) -> str:
    """A spilang name for a Gambit label (empty if the label has no letter or digit)."""
    name = re.sub(r"[^A-Za-z0-9_]+", "_", label.strip()).strip("_")
    if name[:1].isdigit():
        name = prefix + name
    return name + "_" if name in keywords() else name


def parse_nfg(text: str, path: str) -> ast.Module:
    """The `game` declaration an `.nfg` file's text stands for, or a positioned SpiError."""
    reader = _Reader(text, path)
    reader.expect(WORD, "NFG", "`NFG` (the start of a Gambit strategic-form file)")
    reader.expect(WORD, "1", "`1` (the version of the format)")
    kind = reader.expect(WORD, what="`R` or `D` (how numbers are written)")
    if kind.text not in ("R", "D"):
        raise SpiError(f"expected `R` or `D` (how numbers are written), found {_shown(kind)}", kind.span)
    title = reader.expect(STRING, what="the title, a quoted string")
    players = reader.strings_in_braces("players")
    if not 2 <= len(players) <= MAX_PLAYERS:
        raise SpiError(f"a game needs 2 to {MAX_PLAYERS} players, not {len(players)}",
                       players[0].span if players else title.span)
    strategies = _strategies(reader, len(players))
    if reader.peek().kind == STRING:
        reader.take()  # the comment
    player_names = _names(players, "player", "P")
    action_names = [_names(seat, "strategy", "S") for seat in strategies]
    count = prod(len(seat) for seat in strategies)
    rules = _outcomes(reader, len(players), count) if reader.peek().text == "{" \
        and reader.peek().kind == PUNCT else _payoffs(reader, len(players), count)
    reader.expect(END, what="the end of the file after the payoffs")
    items = [ast.Players(tuple(player_names), span=title.span)]
    items += [ast.SeatActions(p, tuple(a), span=p.span) for p, a in zip(player_names, action_names)]
    for profile, (payoffs, span) in zip(_gambit_order(count, [len(s) for s in strategies]), rules):
        pattern = ast.Profile(tuple(action_names[seat][k] for seat, k in enumerate(profile)), span=span)
        items.append(ast.PayoffRule(pattern, payoffs, span=span))
    return ast.Module((ast.Game(ast.Name(_game_name(title, path), span=title.span), tuple(items),
                                span=title.span),))


def _strategies(reader: _Reader, players: int) -> list[list[Token]]:
    """Each player's strategies: labelled (`{ { "C" "D" } ... }`) or counted (`{ 2 2 }`)."""
    opening = reader.expect(PUNCT, "{", "`{` opening the strategies")
    if reader.peek().kind == PUNCT and reader.peek().text == "{":
        seats = [reader.strings_in_braces("strategies") for _ in range(players)]
        empty = next((k for k, seat in enumerate(seats) if not seat), None)
        if empty is not None:
            raise SpiError(f"player {empty + 1} has no strategies", opening.span)
    else:
        counts = [reader.count("a number of strategies", 1, MAX_PROFILES) for _ in range(players)]
        seats = [[Token(STRING, str(k + 1), token.span) for k in range(n)] for n, token in counts]
    closing = reader.expect(PUNCT, "}", f"`}}`: one entry of strategies for each of the {players} players")
    size = 1
    for seat in seats:
        size *= len(seat)
        if size > MAX_PROFILES:
            raise SpiError(f"this game has more than {MAX_PROFILES:,} profiles",
                           Span(opening.span.path, opening.span.line, opening.span.col,
                                closing.span.end_line, closing.span.end_col))
    return seats


def _names(labels: list[Token], what: str, prefix: str) -> list[ast.Name]:
    """Names for labels, each once: an empty label is named by its place (P2, S3)."""
    names, first = [], {}
    for k, label in enumerate(labels, start=1):
        text = identifier(label.text, prefix) or f"{prefix}{k}"
        if text in first and first[text].text == label.text:
            raise SpiError(f"{what} {label.text!r} is listed twice (first on line "
                           f"{first[text].span.line})", label.span)
        if text in first:
            raise SpiError(f"{what} {label.text!r} is named {text} here, as {first[text].text!r} "
                           f"is on line {first[text].span.line}: relabel one", label.span)
        first[text] = label
        names.append(ast.Name(text, span=label.span))
    return names


def _payoffs(reader: _Reader, players: int, profiles: int):
    """The payoff version: every profile's payoffs, one per player, Gambit's order."""
    out = []
    for _ in range(profiles):
        span = reader.peek().span
        out.append((tuple(reader.number() for _ in range(players)), span))
    return out


def _outcomes(reader: _Reader, players: int, profiles: int):
    """The outcome version: a list of outcomes, then one outcome number per profile
    (0: the null outcome, every payoff 0)."""
    reader.expect(PUNCT, "{")
    outcomes = [None]
    while reader.peek().kind == PUNCT and reader.peek().text == "{":
        if len(outcomes) > MAX_PROFILES:
            raise SpiError(f"more than {MAX_PROFILES:,} outcomes", reader.peek().span)
        reader.take()
        reader.expect(STRING, what="the outcome's label, a quoted string")
        values = []
        for seat in range(players):
            if seat and reader.peek().text == ",":
                reader.take()
            values.append(reader.number())
        reader.expect(PUNCT, "}", f"`}}` after the outcome's {players} payoffs")
        outcomes.append(tuple(values))
    reader.expect(PUNCT, "}", "`{` opening an outcome, or `}` closing the outcomes")
    outcomes[0] = (ast.Num(Fraction(0)),) * players
    out = []
    for _ in range(profiles):
        index, token = reader.count("an outcome number", 0, len(outcomes) - 1)
        out.append((outcomes[index], token.span))
    return out


def _gambit_order(count: int, sizes: list[int]):
    """Gambit lists profiles with the first player's strategy varying fastest: the profile
    each of its entries is for, in that order (as tuples of strategy numbers)."""
    for index in range(count):
        profile = []
        for size in sizes:
            profile.append(index % size)
            index //= size
        yield tuple(profile)


def _game_name(title: Token, path: str) -> str:
    name = identifier(title.text, "G") or identifier(PurePath(path).stem, "G")
    return name or "NfgGame"
