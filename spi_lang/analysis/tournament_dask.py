"""Tournaments on a Dask cluster (`dask.distributed`, the optional `dask` extra): an
existing scheduler by its address (a `dask-jobqueue` cluster on Slurm or PBS is one), or
a `LocalCluster` of worker processes on this machine, on 127.0.0.1 only. The files go to
the workers as their contents, in a worker plugin (`load.shipped`: no shared disk is
needed to read them); each worker loads them once, on its first block. Blocks
(`tournament_blocks`) are tasks with keys of their own; a worker that dies has its blocks
played again elsewhere by the scheduler, and since a block's result (and part file) is a
function of its range alone, nothing is lost or counted twice. Every wait is bounded:
connecting, and waiting for a worker (at the start, and whenever a run has none left)."""

from __future__ import annotations

import logging
import socket
import uuid

from spi_lang.analysis.tournament_blocks import Job
from spi_lang.load.shipped import Shipment
from spi_lang.syntax.errors import SpiError

CONNECT_TIMEOUT = 10   # seconds to reach a scheduler
WORKERS_TIMEOUT = 60   # seconds to wait for a worker, at the start or when none is left
POLL = 5               # seconds between checks that the cluster still has a worker
MISSING = ("this needs Dask (dask and distributed): install the dask extra, "
           "pip install 'spi_lang[dask]'")


def distributed():
    """The `distributed` module, or a SpiError saying how to install it."""
    try:
        import distributed as module
    except ImportError:
        raise SpiError(MISSING, path="spilang") from None
    return module


def address_problem(address: str) -> str | None:
    """Why `address` is not a scheduler address (a usage error), or None."""
    try:
        _host_port(address)
    except ValueError as exc:
        return f"--scheduler {address!r} is not a Dask scheduler address ({exc}): give HOST:PORT " \
               "or tcp://HOST:PORT"
    return None


def _host_port(address: str) -> tuple[str, int]:
    from distributed.comm.addressing import get_address_host_port
    host, port = get_address_host_port(address if "://" in address else f"tcp://{address}")
    if not 0 < port < 65536:
        raise ValueError(f"port {port} is not between 1 and 65535")
    return host, port


def _reach(address: str) -> None:
    """Raise OSError now, within CONNECT_TIMEOUT, if nothing listens at `address` (a
    failed `Client` would linger and complain when collected)."""
    host, port = _host_port(address)
    socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()


class Cluster:
    """A client of a Dask cluster: an existing one at `scheduler`, or a LocalCluster of
    `local` worker processes started here (and stopped on `close`)."""

    def __init__(self, scheduler: str | None = None, local: int | None = None) -> None:
        module = distributed()
        for name in ("distributed", "tornado"):  # the cluster's own chatter stays off stderr
            logging.getLogger(name).setLevel(logging.CRITICAL)
        self.local = None
        self.where = scheduler or f"a LocalCluster of {local} workers"
        try:
            if scheduler is not None:
                _reach(scheduler)
            else:
                self.local = module.LocalCluster(
                    n_workers=local, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
            self.client = module.Client(self.local or scheduler, timeout=CONNECT_TIMEOUT,
                                        set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise SpiError(f"cannot reach the Dask scheduler at {self.where}: {exc}", path="--scheduler") from None

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for part in ("client", "local"):
            thing = getattr(self, part, None)
            if thing is not None:
                thing.close()
                setattr(self, part, None)

    def worker_pids(self) -> dict[str, int]:
        """Each worker's process id (tests kill one)."""
        import os
        return self.client.run(os.getpid)

    def runner(self, shipment: Shipment):
        """A runner (`tournament_parts.Runner`) that plays blocks on this cluster."""
        return lambda job, todo: self._run(shipment, job, todo)

    def _run(self, shipment: Shipment, job: Job, todo):
        client = self.client
        self._wait_for_a_worker()
        run = uuid.uuid4().hex[:12]
        name = f"spilang-files-{run}"
        from spi_lang.analysis.tournament_dask_worker import Files, play_block
        client.register_plugin(Files(shipment, job), name=name)
        try:
            futures = client.map(play_block, [name] * len(todo), *zip(*todo), pure=False,
                                 key=[f"spilang-block-{run}-{n}" for n, _, _ in todo]) if todo else []
            yield from self._results(futures)
        finally:
            client.unregister_worker_plugin(name)

    def _results(self, futures):
        """Each future's result as it finishes; every POLL seconds without one, the cluster
        must still have a worker (within WORKERS_TIMEOUT), or the run stops."""
        module = distributed()
        pending = set(futures)
        while pending:
            try:
                with self.client.as_current():  # `wait` asks for the current client
                    done, pending = module.wait(pending, timeout=POLL, return_when="FIRST_COMPLETED")
            except TimeoutError:
                self._wait_for_a_worker()
                continue
            for future in sorted(done, key=futures.index):
                yield _result(future, self.where)
                future.release()

    def _wait_for_a_worker(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except (TimeoutError, OSError):
            raise SpiError(f"the Dask cluster at {self.where} has no worker (waited "
                           f"{WORKERS_TIMEOUT} s)", path="--scheduler") from None


def _result(future, where: str):
    try:
        return future.result()
    except SpiError:
        raise
    except Exception as exc:  # the worker's error (or KilledWorker), not a bug here
        raise SpiError(f"a block failed on the Dask cluster at {where}: {type(exc).__name__}: {exc}",
                       path="--scheduler") from None
