"""The `spilang` command through `main(argv)`: golden outputs for play/check/game, JSON,
exit codes and usage errors, plus real subprocess runs of `python -m spi_lang` (and Ctrl-C)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spi_lang.ui.cli import main

GOLDEN = Path(__file__).parents[1] / "golden"


# Each case: the golden file, the arguments, the exit code, and which stream is golden.
CASES = [
    ("play_fair.txt", ["play", "scheduling/fair1.spi", "scheduling/fair2.spi"], 0, "out"),
    ("play_fair_trace.txt", ["play", "scheduling/fair1.spi", "scheduling/fair2.spi", "--trace"], 0, "out"),
    ("play_fair_vs_yield_trace.txt",
     ["play", "scheduling/fair1.spi", "scheduling/yield_to_hardliner2.spi", "--trace"], 0, "out"),
    ("play_hardliners.txt", ["play", "scheduling/always_slot1.spi", "scheduling/always_slot2.spi"], 0, "out"),
    ("play_random.txt", ["play", "prisoners_dilemma/random_bot.spi", "prisoners_dilemma/clique_bot.spi"], 0, "out"),
    ("play_mixed_trace.txt", ["play", "mixed.spi:Coin", "mixed.spi:Stubborn2", "--trace"], 0, "out"),
    ("game_scheduling.txt", ["game", "games/scheduling.spi", "--pmp", "(Slot1, Slot2)"], 0, "out"),
    ("game_chicken.txt", ["game", "games/chicken.spi"], 0, "out"),
    ("check_errors.txt", ["check", "errors.spi"], 1, "err"),
    ("play_seat_error.txt", ["play", "seats.spi", "seats.spi"], 1, "err"),
    ("syntax_error.txt", ["check", "syntax.spi"], 1, "err"),
]


@pytest.mark.parametrize("golden, argv, code, stream", CASES, ids=[c[0] for c in CASES])
def test_golden(run, golden, argv, code, stream):
    got_code, out, err = run(*argv)
    assert got_code == code
    assert (out if stream == "out" else err) == (GOLDEN / golden).read_text()
    assert (err if stream == "out" else out) == ""


def test_play_json_has_exact_numbers_as_strings(run):
    code, out, _ = run("play", "mixed.spi:Coin", "mixed.spi:Stubborn2", "--json")
    assert code == 0
    data = json.loads(out)
    # a = (Slot1, Slot2) w.p. 1/2: both renegotiate to the same 1/2-1/2 lottery, giving
    # (Slot1, Slot1) and (Slot2, Slot2) 1/4 each; a = (Slot2, Slot2) w.p. 1/2 stays.
    # P(Slot2, Slot2) = 1/4 + 1/2 = 3/4. u_1 = 3*1/4 + 1*3/4 = 3/2, u_2 = 1*1/4 + 3*3/4 = 5/2.
    assert data == {
        "schema_version": 1,
        "game": "Scheduling",
        "players": ["P1", "P2"],
        "programs": ["Coin", "Stubborn2"],
        "outcome": [{"profile": ["Slot1", "Slot1"], "probability": "1/4"},
                    {"profile": ["Slot2", "Slot2"], "probability": "3/4"}],
        "payoffs": ["3/2", "5/2"],
    }


def test_play_json_trace_names_algorithm_lines(run):
    code, out, _ = run("play", "scheduling/fair1.spi", "scheduling/fair2.spi", "--json", "--trace")
    assert code == 0
    steps = [s["step"] for s in json.loads(out)["trace"]]
    assert steps[:3] == ["Alg. 1, line 1", "Alg. 1, line 1", "Alg. 1, line 2"]
    assert "Alg. 1, line 4" in steps and "Alg. 1, line 6" not in steps


def test_game_json(run):
    code, out, _ = run("game", "games/scheduling.spi", "--json", "--pmp", "(Slot1, Slot2)")
    assert code == 0
    (game,) = json.loads(out)["games"]
    assert game["pmm"] == ["1", "1"]
    assert game["frontier"] == [["1", "3"], ["3", "1"]]
    assert game["feasible_vertices"] == [["0", "0"], ["3", "1"], ["1", "3"]]
    # u(Slot1, Slot2) = (0, 0), so the floor is the PMM (1, 1): PMP_1 = {x in F: x_1 >= 1,
    # x_2 = 1} = segment (1, 1)-(3, 1); PMP_2 = segment (1, 1)-(1, 3).
    assert game["pmp"][0]["projections"] == [[["1", "1"], ["3", "1"]], [["1", "1"], ["1", "3"]]]


def test_check_ok(run):
    code, out, err = run("check", "scheduling/fair1.spi", "prisoners_dilemma/clique_bot.spi")
    assert (code, out, err) == (0, "ok: 2 files, no errors\n", "")


def test_pmp_argument_errors_point_into_the_argument(run):
    code, out, err = run("game", "games/scheduling.spi", "--pmp", "(Slot1, Nope)")
    assert (code, out) == (1, "")
    assert err == ("--pmp:1:9: error: 'Nope' is not an action of player P2 "
                   "(actions: Slot1, Slot2, Slot3)\n"
                   "1 | (Slot1, Nope)\n"
                   "  |         ^^^^\n")


def test_missing_file(run):
    code, out, err = run("play", "nope.spi", "scheduling/fair2.spi")
    assert (code, out) == (1, "")
    assert err == "nope.spi: error: no such file (looked in the current directory and the stdlib)\n"


@pytest.mark.parametrize("argv", [[], ["play"], ["play", "a.spi"], ["frobnicate"], ["game", "--bogus", "x"]])
def test_usage_errors_exit_2(run, argv):
    code, out, err = run(*argv)
    assert code == 2
    assert out == ""
    assert "usage: spilang" in err


@pytest.mark.parametrize("command", ["play", "check", "game"])
def test_help(run, command):
    code, out, _ = run(command, "--help")
    assert code == 0
    assert out.startswith(f"usage: spilang {command}")


def test_top_level_help_lists_commands(run):
    code, out, _ = run("--help")
    assert code == 0
    for command in ("play", "check", "game"):
        assert command in out


def test_real_subprocess(tmp_path):
    """`python -m spi_lang` in a real process, from a folder outside the checkout."""
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    done = subprocess.run(
        [sys.executable, "-m", "spi_lang", "play", "scheduling/fair1.spi", "scheduling/fair2.spi", "--json"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["outcome"] == [{"profile": ["Slot3", "Slot3"], "probability": "1"}]
    assert data["payoffs"] == ["1", "1"]
    bad = subprocess.run([sys.executable, "-m", "spi_lang", "check", "syntax.spi"], cwd=GOLDEN,
                         capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 1
    assert bad.stderr == (GOLDEN / "syntax_error.txt").read_text()
    assert "Traceback" not in bad.stderr


def test_an_internal_error_saves_its_traceback_and_exits_3(run, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("spi_lang.api.play", broken)
    code, out, err = run("play", "scheduling/fair1.spi", "scheduling/fair2.spi")
    assert (code, out) == (3, "")
    assert err.startswith("spilang: internal error: RuntimeError('boom'); please report it with "
                          "the traceback saved in ")
    saved = Path(err.split("saved in ")[1].split(" (--debug")[0])
    text = saved.read_text()
    saved.unlink()
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom" in text
    with pytest.raises(RuntimeError):
        main(["--debug", "play", "scheduling/fair1.spi", "scheduling/fair2.spi"])


def test_ctrl_c_stops_a_long_match_without_a_traceback(tmp_path):
    # Z intersects two 30-triangle offers and then, 1,000 times, a different `below` with
    # that (equal intersections are computed once: each term needs its own), tens of
    # seconds in all; SIGINT a few seconds in is Ctrl-C: exit status 130 and one line, no traceback.
    fan = [" | ".join(f"hull {{ (0, 0), (1, {400 + k + d}/1200), (1, {401 + k + d}/1200) }}"
                      for k in range(1, 31)) for d in (0, 1)]
    (tmp_path / "slow.spi").write_text(
        'import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
        f"program X csr {{ default AlwaysSlot1 offer {fan[0]} }}\n"
        f"program Y csr {{ default AlwaysSlot1 offer {fan[1]} }}\n"
        "program Z csr { default AlwaysSlot1 offer "
        + " | ".join(f"(offers(X) & offers(Y) & below ({2000 + k}/1000, 3) & nothing)" for k in range(1000)) + " }\n")
    proc = subprocess.Popen([sys.executable, "-m", "spi_lang", "play", "slow.spi:Z",
                             "scheduling/modest2.spi", "--fuel", "1000000000"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # past start-up and loading, well inside the match
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert (proc.returncode, out, err) == (130, "", "spilang: interrupted\n")
