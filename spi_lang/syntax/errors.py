"""User-facing errors: source spans, `SpiError`, and the one function that renders them.

Two families, as in Hy: a `SpiError` is the user's fault and always carries a position;
anything else that escapes is a bug in spilang.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import lru_cache

import attrs

# A source line longer than LONG_LINE is quoted as a window of LINE_WINDOW characters
# around the caret, so that an error in a 180 KB one-line file prints a line, not the file.
LONG_LINE = 400
LINE_WINDOW = 160
MAX_ERRORS_PER_FILE = 100  # errors shown per file; the rest are counted


@attrs.frozen
class Span:
    """A region of a source file; lines and columns count from 1, `end_col` is exclusive."""

    path: str
    line: int
    col: int
    end_line: int
    end_col: int

    @classmethod
    def point(cls, path: str, line: int, col: int) -> Span:
        """A one-character span."""
        return cls(path, line, col, line, col + 1)


class SpiError(Exception):
    """An error in the user's input, reported at `span` (or at a file when span is None)."""

    def __init__(self, message: str, span: Span | None = None, *,
                 path: str | None = None, notes: tuple[tuple[str, Span], ...] = ()):
        super().__init__(message)
        self.message = message
        self.span = span
        self.path = span.path if span is not None else path
        self.notes = notes
        self.sources: Mapping[str, str] = {}  # set where the error leaves the library

    def __repr__(self) -> str:
        return f"SpiError({self.message!r}, {self.span!r})"


class SpiWarning(SpiError):
    """Something worth saying about the input that does not stop it from running (`check`
    reports it with `warning:` and still exits 0)."""


class SpiErrors(SpiError):
    """Several user errors found in one pass (for `spilang check`)."""

    def __init__(self, errors: list[SpiError], sources: Mapping[str, str] | None = None):
        errors = [e for error in errors for e in flatten(error)]
        super().__init__(errors[0].message, errors[0].span, path=errors[0].path,
                         notes=errors[0].notes)
        self.errors = tuple(errors)
        self.sources = dict(sources or {})


def flatten(error: SpiError) -> tuple[SpiError, ...]:
    """The individual errors inside `error`."""
    if isinstance(error, SpiErrors):
        return error.errors
    return (error,)


def unique(errors: list[SpiError]) -> list[SpiError]:
    """Errors without repeats (a program reached twice is checked twice), in order."""
    seen: dict[tuple, SpiError] = {}
    for error in errors:
        seen.setdefault((error.message, error.span), error)
    return list(seen.values())


def did_you_mean(word: str, names: Iterable[str], most: int = 3, *, close: bool = True) -> str:
    """`; did you mean X?` (or `X or Y?`) for the names that differ from `word` only in
    case, and with `close` the names nearest to it, else ""."""
    names = list(dict.fromkeys(names))
    same_case = [n for n in names if n.lower() == word.lower() and n != word]
    if not close:  # actions: Slot9 is not a typo of Slot1, but slot1 is of Slot1
        names = []
    # Case is the commonest slip (`play cooperate`); then near misses, compared ignoring case.
    matcher, scored = difflib.SequenceMatcher(), []
    matcher.set_seq2(word.lower())
    for name in names:
        matcher.set_seq1(name.lower())
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75:
            scored.append((-matcher.ratio(), name))  # the closest first, ties in name order
    close = [name for _, name in sorted(scored)]
    found = list(dict.fromkeys(same_case + close))[:most]
    if not found:
        return ""
    return "; did you mean " + (found[0] if len(found) == 1 else ", ".join(found[:-1]) + " or " + found[-1]) + "?"


@lru_cache(maxsize=8)
def source_lines(text: str) -> tuple[str, ...]:
    """A source's lines as the parser counts them (only "\n" breaks a line), computed
    once per text however many errors or trace steps quote it."""
    return tuple(line.rstrip("\r") for line in text.split("\n"))


def render(error: SpiError, sources: Mapping[str, str] | str) -> str:
    """The text a user sees for `error`: `path:line:col: error: message`, the line, a caret.

    `sources` maps paths to their text; a plain string is the text of the error's file.
    """
    if isinstance(sources, str):
        sources = {error.path or "": sources}
    kind = "warning" if isinstance(error, SpiWarning) else "error"
    parts = [_render_one(kind, error.message, error.span, error.path, sources)]
    for message, span in error.notes:
        parts.append(_render_one("note", message, span, span.path, sources))
    return "\n".join(parts)


def _render_one(kind: str, message: str, span: Span | None, path: str | None,
                sources: Mapping[str, str]) -> str:
    if span is None:
        return f"{path or 'spilang'}: {kind}: {message}"
    head = f"{span.path}:{span.line}:{span.col}: {kind}: {message}"
    text = sources.get(span.path)
    if text is None:
        return head
    lines = source_lines(text)
    if not 1 <= span.line <= len(lines):
        return head
    line = lines[span.line - 1].expandtabs(1)
    end = span.end_col if span.end_line == span.line else len(line) + 1
    start, width = span.col - 1, max(1, min(end, len(line) + 1) - span.col)
    if len(line) > LONG_LINE:
        line, start, width = _window(line, start, width)
    gutter = str(span.line)
    pad = " " * len(gutter)
    caret = " " * start + "^" * width
    return f"{head}\n{gutter} | {line}\n{pad} | {caret}"


def _window(line: str, start: int, width: int) -> tuple[str, int, int]:
    """A long line cut to LINE_WINDOW characters around a caret at `start` (a quarter of
    the window before it), "..." marking each cut; the caret's new start and width."""
    left = max(0, start - LINE_WINDOW // 4)
    right = min(len(line), left + LINE_WINDOW)
    left = max(0, min(left, right - LINE_WINDOW))
    before = "..." if left > 0 else ""
    after = "..." if right < len(line) else ""
    width = max(1, min(width, right + 1 - start))
    return before + line[left:right] + after, start - left + len(before), width


def capped(errors: list[SpiError]) -> tuple[list[SpiError], dict[str, int]]:
    """The errors worth printing, in order: at most MAX_ERRORS_PER_FILE per file; and how
    many more each file had (a file of 60,000 duplicates gets 100 errors and a count)."""
    shown: list[SpiError] = []
    per_file: dict[str, int] = {}
    left_out: dict[str, int] = {}
    for error in errors:
        where = error.path or ""
        per_file[where] = per_file.get(where, 0) + 1
        if per_file[where] <= MAX_ERRORS_PER_FILE:
            shown.append(error)
        else:
            left_out[where] = left_out.get(where, 0) + 1
    return shown, left_out
