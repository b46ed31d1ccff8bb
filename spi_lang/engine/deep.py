"""Running evaluation where Python's recursion limit cannot be what stops a program.

The evaluators recurse over syntax trees (at most `parser.MAX_TREE_DEPTH` levels) and over
nested evaluations (at most `csr.MAX_NESTING` levels of `offers(...)` and `result(...)`), so a
program's Python stack is bounded by those two documented limits, which give positioned
errors. That bound is far above Python's default recursion limit of 1,000 frames, so
`run_deep` runs the work on a thread with a large stack and a recursion limit above the bound:
a program meets spilang's own limits first, and a `RecursionError` can only mean a bug.

Each outermost call starts a thread (about 0.1 ms here; reusing one thread was no faster,
as handing work to it costs as much), so tournaments and analyses enter it once for all
their matches.
"""

from __future__ import annotations

import functools
import sys
import threading

# A set expression costs about 4 Python frames a tree level, so 64 nested evaluations over
# expressions 200 levels deep need about 50,000 (tests/test_deep.py measures the worst case
# against this bound).
RECURSION_LIMIT = 100_000
STACK_BYTES = 512 * 1024 * 1024  # reserved address space; only the pages used are touched

_local = threading.local()
_limit_lock = threading.Lock()
_users = 0
_saved_limit = 0


def on_deep_stack() -> bool:
    """Whether this thread is already on the deep stack (then `run_deep` is a plain call)."""
    return getattr(_local, "deep", False)


def run_deep(function, *args, **kwargs):
    """Call `function(*args, **kwargs)` on a deep stack; return its result or raise its error."""
    if on_deep_stack():
        return function(*args, **kwargs)
    outcome: dict = {}

    def body() -> None:
        _local.deep = True
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error

    _raise_limit()
    try:
        previous = threading.stack_size(STACK_BYTES)
        try:
            worker = threading.Thread(target=body, name="spilang-eval", daemon=True)
            worker.start()
        finally:
            threading.stack_size(previous)
        worker.join()
    finally:
        _restore_limit()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def deep_stack(function):
    """Decorate `function` so that every call runs through `run_deep`."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return run_deep(function, *args, **kwargs)
    return wrapper


def _raise_limit() -> None:
    global _users, _saved_limit
    with _limit_lock:
        if _users == 0:
            _saved_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_limit, RECURSION_LIMIT))
        _users += 1


def _restore_limit() -> None:
    global _users
    with _limit_lock:
        _users -= 1
        if _users == 0:
            sys.setrecursionlimit(_saved_limit)
