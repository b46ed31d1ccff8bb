"""Tournaments on a Dask cluster (`--scheduler`, `--cluster local:N`): one LocalCluster of 2
worker processes on 127.0.0.1 for the module; output byte-identical to `--workers 1`,
with and without `--out`; a worker killed mid-run (by its pid) loses and duplicates no
cell; errors for a missing extra, a bad or unreachable address."""

import os
from importlib.metadata import version
import signal
import socket
import sys
import time
from pathlib import Path

import pytest

import spi_lang
from spi_lang import api
from spi_lang.analysis import tournament_dask, tournament_parts
from spi_lang.analysis.tournament_blocks import BlockState, Job
from spi_lang.analysis.tournament_parts import merge_parts
from spi_lang.load.shipped import ship
from spi_lang.syntax.errors import SpiError
from spi_lang.ui.cli import main

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import population  # noqa: E402

FOUR = ("scheduling/always_slot1.spi", "scheduling/always_slot2.spi",
        "scheduling/fair1.spi", "scheduling/fair2.spi")
MIXED = {"base": 0.4, "reneg": 0.3, "csr": 0.2, "pmp": 0.1}


@pytest.fixture(scope="module")
def cluster():
    with tournament_dask.Cluster(local=2) as started:
        started.client.wait_for_workers(2, timeout=60)
        yield started


@pytest.fixture
def stdlib(monkeypatch):
    monkeypatch.chdir(Path(spi_lang.__file__).parents[1] / "stdlib_programs")


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _address(cluster) -> str:
    return cluster.client.scheduler.address


def test_scheduler_output_is_byte_identical_to_one_worker(stdlib, cluster, capsys):
    for extra in ([], ["--fuel", "5"], ["--json"], ["--csv", "-"]):
        local = _run(capsys, "tournament", *FOUR, "--workers", "1", *extra)
        remote = _run(capsys, "tournament", *FOUR, "--scheduler", _address(cluster), "--block-cells", "3", *extra)
        assert remote == local and local[0] == 0


def test_scheduler_out_parts_are_byte_identical_to_a_local_out(stdlib, cluster, capsys, tmp_path):
    local, remote = tmp_path / "local", tmp_path / "remote"
    here = _run(capsys, "tournament", *FOUR, "--fuel", "5", "--out", str(local), "--block-cells", "3")
    there = _run(capsys, "tournament", *FOUR, "--fuel", "5", "--out", str(remote), "--block-cells", "3",
                 "--scheduler", _address(cluster))
    assert there[0] == 0 and there[1] == here[1].replace(str(local), str(remote))
    assert sorted(os.listdir(local)) == sorted(os.listdir(remote))
    for name in os.listdir(local):
        assert (local / name).read_bytes() == (remote / name).read_bytes(), name
    assert "".join(merge_parts(str(remote))) == _run(capsys, "tournament", *FOUR, "--fuel", "5", "--csv", "-")[1]


def test_a_worker_killed_mid_run_loses_and_duplicates_no_cell(cluster, tmp_path, monkeypatch):
    """60 programs of distinct code (3,600 cells) in 72 blocks of 50; when the first block
    is back, a worker that still has blocks to play is killed with SIGKILL. Its nanny
    starts it again, the scheduler gives its blocks to a worker, and the cells, parts and
    rankings are the local run's."""
    (tmp_path / "mixed.spi").write_text(population.spi_text(population.population(60, 3, MIXED)))
    monkeypatch.chdir(tmp_path)
    project = api.load("mixed.spi")
    programs = api.population(project, ["mixed.spi"])
    names = (tuple(sorted(p.name for p in programs)),) * 2
    game = project.games["Scheduling"]
    killed = []

    def killing(runner):
        def run(job, todo):
            for result in runner(job, todo):
                if not killed:
                    killed.append(_kill_a_busy_worker(cluster))
                yield result
        return run

    outputs = {}
    for where in ("local", "dask"):
        out = tmp_path / where
        tournament_parts.prepare_folder(str(out))
        job = Job(names, "Scheduling", "leximin", 1_000_000, str(out), version("spi_lang"))
        runner = tournament_parts.local_runner(lambda j: BlockState(project, j)) if where == "local" \
            else killing(cluster.runner(ship(project)))
        summary = tournament_parts.play(job, game, True, runner, block_cells=50)
        outputs[where] = summary.ranking, {n: (out / n).read_bytes() for n in os.listdir(out)}
    assert killed and killed[0] is not None, "no worker had blocks left to play when the first came back"
    assert outputs["dask"] == outputs["local"]
    assert len(outputs["local"][1]) == 73  # 72 parts and the manifest
    merged = "".join(merge_parts(str(tmp_path / "dask"))).splitlines()
    assert len(merged) == 1 + 3_600 and len(set(merged)) == len(merged)  # every cell once


def _kill_a_busy_worker(cluster) -> int | None:
    """SIGKILL the process of a worker that is playing blocks; its pid (None if none is)."""
    busy = [address for address, keys in cluster.client.processing().items() if keys]
    if not busy:
        return None
    pid = cluster.worker_pids()[busy[0]]
    os.kill(pid, signal.SIGKILL)
    return pid


def test_cluster_local_starts_and_stops_its_own_cluster(stdlib, capsys):
    local = _run(capsys, "tournament", *FOUR, "--fuel", "5")
    assert _run(capsys, "tournament", *FOUR, "--fuel", "5", "--cluster", "local:1") == local


def test_unreachable_scheduler_is_a_user_error(stdlib, capsys):
    with socket.socket() as free:  # a port nothing listens on once closed
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    code, out, err = _run(capsys, "tournament", *FOUR, "--scheduler", f"127.0.0.1:{port}")
    assert (code, out) == (1, "")
    assert err.startswith(f"--scheduler: error: cannot reach the Dask scheduler at 127.0.0.1:{port}: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("address", ["foo://x", "127.0.0.1", "127.0.0.1:99999"])
def test_bad_scheduler_address_is_a_usage_error(stdlib, capsys, address):
    code, out, err = _run(capsys, "tournament", *FOUR, "--scheduler", address)
    assert (code, out) == (2, "")
    assert f"error: --scheduler {address!r} is not a Dask scheduler address (" in err


def test_missing_dask_says_how_to_install_it(stdlib, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    with pytest.raises(SpiError, match=r"install the dask extra, pip install 'spi_lang\[dask\]'"):
        tournament_dask.distributed()
    code, out, err = _run(capsys, "tournament", *FOUR, "--cluster", "local:2")
    assert (code, out) == (1, "")
    assert err == ("spilang: error: this needs Dask (dask and distributed): install the dask extra, "
                   "pip install 'spi_lang[dask]'\n")


def test_a_cluster_left_without_workers_stops_the_run(stdlib, monkeypatch):
    """Bounded waits: a cluster with no worker is a user error after WORKERS_TIMEOUT (here
    1 s), not a run that waits forever (mid-run, the same check runs every POLL seconds
    without a finished block)."""
    monkeypatch.setattr(tournament_dask, "WORKERS_TIMEOUT", 1)
    monkeypatch.setattr(tournament_dask, "POLL", 0.2)
    project = api.load(*FOUR)
    population_ = api.population(project, FOUR)
    with tournament_dask.Cluster(local=1) as lonely:
        lonely.client.wait_for_workers(1, timeout=60)
        lonely.local.scale(0)
        for _ in range(600):  # the worker is retired within a minute
            if not lonely.client.scheduler_info()["workers"]:
                break
            time.sleep(0.1)
        with pytest.raises(SpiError, match="has no worker \\(waited 1 s\\)"):
            api.tournament_in_blocks(project, population_, cluster=lonely, block_cells=1)
