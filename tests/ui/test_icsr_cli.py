"""`spilang play` of iterated csr programs (Algorithm 3): the golden trace of
Proposition 5's construction (one block per round; the numbers are worked out in the
header of scheduling/proposition5.spi), JSON, a real subprocess run and the error of
`:offers`-style negotiation views."""

import json
import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).parents[1] / "golden"
ARGS = ["play", "scheduling/proposition5.spi:Concede1", "scheduling/proposition5.spi:Concede2"]


def test_golden_trace_per_round(run):
    code, out, err = run(*ARGS, "--trace")
    assert (code, err) == (0, "")
    assert out == (GOLDEN / "play_proposition5_trace.txt").read_text()


def test_json_exact(run):
    code, out, _ = run(*ARGS, "--json")
    assert code == 0
    data = json.loads(out)
    # 7/16 (3, 1) + 1/8 (0, 0) + 7/16 (1, 3) = (7/4, 7/4)
    assert data["payoffs"] == ["7/4", "7/4"]
    assert data["outcome"] == [{"profile": ["Slot1", "Slot1"], "probability": "7/16"},
                               {"profile": ["Slot1", "Slot2"], "probability": "1/8"},
                               {"profile": ["Slot2", "Slot2"], "probability": "7/16"}]


def test_real_subprocess(tmp_path):
    done = subprocess.run([sys.executable, "-m", "spi_lang", *ARGS], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "expected payoffs: P1 7/4, P2 7/4" in done.stdout


def test_a_misnumbered_round_is_an_error_with_a_caret(run, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.spi").write_text('import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
                                      "program B icsr {\n  default AlwaysSlot1\n  round 2 { offer all }\n}\n")
    from spi_lang.ui.cli import main
    assert main(["check", "bad.spi"]) == 1
    assert capsys.readouterr().err == """\
bad.spi:5:9: error: rounds are numbered 1, 2, ... in order: expected round 1, found round 2
5 |   round 2 { offer all }
  |         ^
"""


def test_show_prints_the_rounds(repl):
    code, out, err = repl(":show Quick2\n:offers Concede1 Concede2\n", "scheduling/proposition5.spi")
    # :offers shows one round of renegotiation: for icsr programs, a clear error instead.
    assert code == 1
    assert "error: the offers of icsr programs change from round to round: see them with `play --trace`" in err
    assert out.startswith("program Quick2 (icsr), declared at <stdlib>/scheduling/proposition5.spi:")
    assert ("@0 = icsr {  # Quick2\n"
            "  default @1\n"
            "  round 1 {\n"
            "    offer above (1, 1) & below (5/4, 3)\n"
            "  }\n"
            "  round 2 {\n"
            "    offer all\n"
            "  }\n"
            "}\n") in out
