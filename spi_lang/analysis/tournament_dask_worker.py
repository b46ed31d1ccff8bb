"""What runs on a Dask worker for `tournament_dask` (imported only where `distributed` is
installed): the worker plugin holding one tournament's shipped files and job, and the
task that plays a block with them."""

from __future__ import annotations

import gc
import threading
from importlib.metadata import version

from distributed import WorkerPlugin, get_worker

from spi_lang.analysis.tournament_blocks import BlockResult, BlockState
from spi_lang.engine.deep import run_deep
from spi_lang.load.shipped import load_shipped
from spi_lang.syntax.errors import SpiError


class Files(WorkerPlugin):
    """The worker plugin of one tournament: the shipped files and the job; the project is
    loaded once per worker, on the first block it plays."""

    def __init__(self, shipment, job) -> None:
        self.shipment, self.job = shipment, job
        self._state = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {"shipment": self.shipment, "job": self.job}

    def __setstate__(self, data: dict) -> None:
        self.__init__(data["shipment"], data["job"])

    def setup(self, worker=None) -> None:
        """Nothing yet: loading waits for the first block, off the worker's event loop."""

    def teardown(self, worker=None) -> None:
        self._state = None

    def state(self) -> BlockState:
        here = version("spi_lang")
        if self.job.version != here:
            raise SpiError(f"this Dask worker runs spilang {here}, the driver {self.job.version}: "
                           "install the same version on both", path="--scheduler")
        with self._lock:
            if self._state is None:
                self._state = run_deep(lambda: BlockState(load_shipped(self.shipment), self.job))
                gc.freeze()  # the programs live as long as the run: keep the collector off them
        return self._state


def play_block(name: str, number: int, start: int, stop: int) -> BlockResult:
    """A task: play one block on this worker's copy of the tournament's programs."""
    state = get_worker().plugins[name].state()
    return run_deep(state.play, number, start, stop)
