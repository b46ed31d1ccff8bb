"""How a syntax node class is declared (shared by ast.py and ast_icsr.py)."""

from __future__ import annotations

import attrs

from spi_lang.syntax.errors import Span  # noqa: F401 (named by the `span` annotation)


def _span_field():
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


def node(cls):
    """Declare an AST node class: frozen, slotted, with a position kept out of equality."""
    cls.__annotations__["span"] = "Span | None"
    cls.span = _span_field()
    return attrs.frozen(cls)
