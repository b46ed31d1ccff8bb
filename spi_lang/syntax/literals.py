"""Literal tokens as AST values: names with their spans, and exact number literals (with
the length cap that keeps a literal from becoming a huge integer)."""

from __future__ import annotations

from fractions import Fraction

from lark import Token

from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError

MAX_NUMBER_CHARS = 200


def name(token: Token, path: str) -> ast.Name:
    """The name a token spells, with its span."""
    return ast.Name(str(token), span=Span(path, token.line, token.column, token.end_line, token.end_column))


def number(text: str, span: Span) -> Fraction:
    """The exact value of a number literal (`3`, `-1`, `0.25`, `1/3`)."""
    if len(text) > MAX_NUMBER_CHARS:
        raise SpiError(f"number literal is too long (more than {MAX_NUMBER_CHARS} characters)", span)
    if "/" in text:
        numerator, denominator = text.split("/")
        if int(denominator) == 0:
            raise SpiError("division by zero in number literal", span)
        return Fraction(int(numerator), int(denominator))
    return Fraction(text)
