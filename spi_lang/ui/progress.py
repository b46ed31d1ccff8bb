"""One progress bar over a whole `spilang tournament`: loading the files, the matches, the
matrix and writing the results, so a long run is never silent at a terminal. tqdm draws
it on standard error, only when that is a terminal and only after DELAY seconds (short
runs, pipes and logs stay clean); it is cleared when the command ends."""

from __future__ import annotations

import contextlib
import sys
import threading

from tqdm import tqdm

DELAY = 1.0   # seconds before the bar appears
TICK = 0.25   # how often a stage without steps redraws its clock

_STAGE = "{desc} [{elapsed}]"  # a stage without a count: its name and the time so far


class _Bar(tqdm):
    """tqdm without its monitor thread: a process with a thread cannot safely fork the
    tournament's workers (stages that tick start their own thread, and join it, outside
    the matches)."""

    monitor_interval = 0


class Stages:
    """The bar of one tournament, named by stage; `matches(total)` hands the bar to the
    tournament's matches, `stage(name)` and `ticking(name)` show the other stages."""

    def __init__(self, name: str = "tournament", file=None) -> None:
        self.name = name
        self.bar = _Bar(total=None, desc=f"{name}: loading", unit="match", file=file or sys.stderr,
                        delay=DELAY, leave=False, disable=None, bar_format=_STAGE)

    def __enter__(self) -> Stages:
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()

    def _due(self) -> bool:
        bar = self.bar
        return not bar.disable and bar._time() >= bar.start_t + bar.delay

    def stage(self, name: str, *, counted: bool = False) -> None:
        """Show stage `name` (counted: a bar of steps, else the time so far)."""
        if self.bar.disable:
            return
        self.bar.bar_format = None if counted else _STAGE
        self.bar.set_description_str(f"{self.name}: {name}", refresh=self._due())

    def matches(self, total: int) -> tqdm:
        """The bar, now counting `total` matches (the tournament updates it)."""
        self.bar.total, self.bar.n = total, 0
        self.stage("matches", counted=True)
        return self.bar

    @contextlib.contextmanager
    def ticking(self, name: str):
        """Stage `name`, redrawn every TICK seconds by a thread while the block runs (the
        block must not fork: the thread is joined when it ends)."""
        self.stage(name)
        if self.bar.disable:
            yield
            return
        done = threading.Event()

        def tick() -> None:
            while not done.wait(TICK):
                if self._due():
                    self.bar.refresh()
        thread = threading.Thread(target=tick, name="spilang-progress", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
