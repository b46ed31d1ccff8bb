"""Issue 17, F3 and F7: output that the terminal's encoding cannot show degrades instead of
crashing; result files are written atomically (plots too), only over regular files that
are not inputs of the same run, consistently with each other, with no temporary files left
after a kill; and tournament workers exit when their parent is killed."""

import os
import subprocess
import sys

GAME = 'import "games/scheduling.spi"\n'


def spilang(*argv, cwd, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "spi_lang", *argv], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})}, **kwargs)


# ------------------------------------------------------------------ F3: an ASCII terminal

def test_an_ascii_terminal_gets_escapes_not_a_crash(tmp_path):
    (tmp_path / "é.spi").write_text(GAME + "program Q { play Slot1 }\n")
    done = spilang("play", "é.spi", "é.spi", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert (done.returncode, done.stderr) == (0, "")
    assert "P1    Q           (\\xe9.spi)\n" in done.stdout
    done = spilang("check", "ü.spi", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert (done.returncode, done.stderr) == (
        1, "\\xfc.spi: error: no such file (looked in the current directory and the stdlib)\n")


# ------------------------------------------------------------------ F7: output files

import signal  # noqa: E402
import stat  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402

from spi_lang.ui import plot_heatmap  # noqa: E402
from spi_lang.ui.cli import main  # noqa: E402

POPULATION = GAME + "".join(f"program P{k} {{ if opponent == P{(k + 1) % 3} {{ play Slot2 }} play Slot1 }}\n"
                            for k in range(3))

# Runs spilang, but dies by SIGKILL at the moment a written output would first get a name
# (an unnamed temporary being linked, or a named one renamed over its target): the worst
# moment for a kill -9, after the bytes are on disk and before any output is in place.
KILLED_AT_COMMIT = """
import os, signal, sys
from spi_lang.ui import output_files
from spi_lang.ui.cli import main
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
os.replace = die
if hasattr(output_files, "_link_unnamed"):
    output_files._link_unnamed = die
sys.exit(main(sys.argv[1:]))
"""


def test_a_kill_while_committing_leaves_old_consistent_outputs_and_no_temporaries(tmp_path):
    (tmp_path / "pop.spi").write_text(POPULATION)
    for name in ("out.csv", "out.json", "heat.svg"):
        (tmp_path / name).write_text("the previous run\n")
    done = subprocess.run([sys.executable, "-c", KILLED_AT_COMMIT, "tournament", "pop.spi", "--csv", "out.csv",
                           "--json-out", "out.json", "--plot", "heat.svg"], cwd=tmp_path, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heat.svg", "out.csv", "out.json", "pop.spi"]
    assert {(tmp_path / n).read_text() for n in ("out.csv", "out.json", "heat.svg")} == {"the previous run\n"}


def test_a_temporary_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    (tmp_path / "pop.spi").write_text(POPULATION)
    stale = tmp_path / ".out.csv.4194305.abc.spilang.tmp"  # past Linux's largest pid, 2**22
    stale.write_text("half a CSV")
    done = spilang("tournament", "pop.spi", "--csv", "out.csv", cwd=tmp_path)
    assert done.returncode == 0 and not stale.exists()
    assert (tmp_path / "out.csv").read_text().startswith("program1,program2,")


def test_the_plot_command_writes_its_picture_atomically(tmp_path):
    (tmp_path / "pop.spi").write_text(POPULATION)
    (tmp_path / "m.svg").write_text("the previous picture\n")
    done = subprocess.run([sys.executable, "-c", KILLED_AT_COMMIT, "plot", "pop.spi:P0", "pop.spi:P1", "-o", "m.svg"],
                          cwd=tmp_path, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.svg", "pop.spi"]
    assert (tmp_path / "m.svg").read_text() == "the previous picture\n"


def run(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_outputs_over_special_files_and_inputs_are_usage_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pop.spi").write_text(POPULATION)
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "pop.spi", tmp_path / "link.csv")
    special = "this is not a regular file (a device, a link or a pipe); name a regular file to write"
    for target in ("pipe", "link.csv"):
        code, err = run(capsys, "tournament", "pop.spi", "--csv", target)
        assert (code, err.splitlines()[-1]) == (2, f"spilang tournament: error: {target}: {special}")
    code, err = run(capsys, "tournament", "pop.spi", "--json-out", "pop.spi")
    assert (code, err.splitlines()[-1]) == (
        2, "spilang tournament: error: pop.spi: this is an input of the same run; name another file to write")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode) and os.path.islink(tmp_path / "link.csv")
    assert (tmp_path / "pop.spi").read_text() == POPULATION


def test_dev_null_is_never_replaced(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pop.spi").write_text(POPULATION)
    code, err = run(capsys, "tournament", "pop.spi", "--csv", "/dev/null")
    assert code == 2 and err.splitlines()[-1].startswith("spilang tournament: error: /dev/null: this is not a regular")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# ------------------------------------------------------------------ F6c: large heat maps

def test_a_large_heat_map_is_drawn_without_cell_labels(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pop.spi").write_text(POPULATION)
    monkeypatch.setattr(plot_heatmap, "MAX_LABELLED_CELLS", 8)  # 3 x 3 = 9 cells: one too many
    code, err = run(capsys, "tournament", "pop.spi", "--plot", "heat.svg")
    assert (code, err) == (0, "spilang: note: the heat map has 9 cells, more than 8: their values are not written in it\n")
    svg = (tmp_path / "heat.svg").read_text()
    assert 'id="value' not in svg and 'id="heat-1"' in svg


def test_a_heat_map_too_large_to_draw_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pop.spi").write_text(POPULATION)
    monkeypatch.setattr(plot_heatmap, "MAX_HEATMAP_CELLS", 8)
    code, err = run(capsys, "tournament", "pop.spi", "--plot", "heat.svg")
    assert (code, err) == (1, "spilang: error: a heat map of 3 x 3 = 9 cells is too large to draw (at most 8); "
                              "use --csv or --json-out for the matrix\n")
    assert not (tmp_path / "heat.svg").exists()


# ------------------------------------------------------------------ F7d: orphaned workers

def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(p) for p in listing.read().split()]
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as status:
            return status.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/task") or (os.cpu_count() or 1) < 2,
                    reason="needs Linux's /proc and two cores (one core means no workers)")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    # 400 csr programs of distinct code (each its own `below` constant; with equal offers the
    # ring of references made them one code class, one match, over before the workers were
    # seen): 160,000 matches of set geometry, about 12 s on 2 workers, far more than the
    # seconds this test waits (base programs' matches come from tables, too fast for it).
    (tmp_path / "big.spi").write_text(GAME + "program A { play Slot1 }\n" + "".join(
        f"program Q{k} csr {{ default A\n offer when opponent == Q{(k + 1) % 400}: below (3, 1)\n"
        f" offer below ({k + 1}/400, 1) }}\n" for k in range(400)))
    parent = subprocess.Popen([sys.executable, "-m", "spi_lang", "tournament", "big.spi", "--workers", "2"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        for _ in range(300):  # up to 30 s for the pool to start
            workers = _children(parent.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.1)
        assert len(workers) >= 2
        parent.kill()
        parent.wait(timeout=10)
        for _ in range(100):  # up to 10 s for the workers to notice
            if not any(_running(w) for w in workers):
                break
            time.sleep(0.1)
        assert not any(_running(w) for w in workers)
    finally:
        parent.kill()
        for worker in workers:
            try:
                os.kill(worker, signal.SIGKILL)
            except OSError:
                pass
