"""Bulk work and Python's cyclic garbage collector: loading a large file and playing a large
tournament allocate millions of objects that mostly stay alive (AST nodes, programs, the
cells of the matrix). The collector would rescan that growing heap again and again, which
cost about a third of the time of both. Neither makes cyclic garbage along the way (a
match frees its own state), so collection waits until the work ends."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector inside the block (reference counting still frees
    everything that is not in a cycle)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
