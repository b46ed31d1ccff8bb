"""Walking syntax trees: every node of a tree in depth-first order, the loader's and the
checks' inner loop. A large tree is walked once and its nodes kept (a few trees at a time),
since a program is walked by each check in turn: a 60,000-operand offer was walked nine
times on every load before. Within `walks_kept()` every walk is kept until it ends: the
checks of one program in a seat walk its bodies several times each."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import attrs

_LARGE = 4096  # nodes: smaller trees are walked again, which costs less than keeping them
_KEEP = 16     # large trees whose nodes are kept (the oldest is dropped first)
_walked: dict[int, tuple[object, tuple]] = {}  # id(root) -> (root, its nodes); the root is kept alive
_scope = threading.local()  # .walks: the walks kept within walks_kept() on this thread, or None


@contextmanager
def walks_kept() -> Iterator[None]:
    """Keep every walk made on this thread until the outermost of these ends."""
    if getattr(_scope, "walks", None) is not None:
        yield
        return
    _scope.walks = {}
    try:
        yield
    finally:
        _scope.walks = None


def walk(tree) -> tuple:
    """Every AST node in a tree (a node or a tuple of them), depth first."""
    kept = getattr(_scope, "walks", None)
    hit = _walked.get(id(tree)) if kept is None else kept.get(id(tree)) or _walked.get(id(tree))
    if hit is not None and hit[0] is tree:
        return hit[1]
    if type(tree) is tuple:  # its items in turn, so that a large item's kept nodes are used
        nodes = tuple(node for item in tree for node in walk(item))
    else:
        nodes = _walk(tree)
    if kept is not None:
        kept[id(tree)] = (tree, nodes)
    if len(nodes) >= _LARGE:
        if len(_walked) >= _KEEP:
            del _walked[next(iter(_walked))]
        _walked[id(tree)] = (tree, nodes)
    return nodes


def _walk(tree) -> tuple:
    """Iterative: trees can be deep."""
    out = []
    stack = [tree]
    fields_of = node_fields
    while stack:
        node = stack.pop()
        if type(node) is tuple:
            stack.extend(reversed(node))
            continue
        out.append(node)
        children = []
        for name in fields_of(type(node)):
            value = getattr(node, name)
            if type(value) is tuple:
                children.extend([v for v in value if fields_of(type(v)) is not None])
            elif fields_of(type(value)) is not None:
                children.append(value)
        stack.extend(reversed(children))
    return tuple(out)


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def node_fields(cls: type) -> tuple[str, ...] | None:
    """The fields of an AST node class other than its span (None for anything that is not
    a node), looked up once per class."""
    try:
        return _FIELDS[cls]
    except KeyError:
        fields = tuple(f.name for f in attrs.fields(cls) if f.name != "span") if attrs.has(cls) else None
        _FIELDS[cls] = fields
        return fields
