"""Provability through the command (`main(argv)`): golden traces with the Kripke chain's
table (tests/golden/modal.spi), a tournament of the four 2014 bots, JSON, `check`,
`analyze` (and `--all-programs`, which cannot search against programs that read
behaviour: a positioned error), and the REPL's `:show` and `:play`."""

import json
from pathlib import Path

import pytest

from spi_lang.ui.cli import main

GOLDEN = Path(__file__).parents[1] / "golden"

CASES = [
    # PB vs FB: [1] PB's []FB(PB), [2] FB's []PB(FB), [3] PB's [1](FB(DB) = D), [4] FB's
    # []DB(FB). World 0: all T; FB(DB) = C there. World 1: [4] reads DB(FB) = D at 0: F,
    # so FB(DB) = D; [3] reads only worlds >= 1: still T. Stable: (C, C), payoffs (3, 3).
    ("play_modal_prudent_fair_trace.txt", ["play", "modal.spi:PrudentBot", "modal.spi:FairBot", "--trace"]),
    # PB vs CB: []CB(PB) = []true, stable at world 0; [1](CB(DB) = D) = [1]false: T at
    # worlds 0 and 1, F from world 2. PB defects: (D, C), payoffs (5, 0).
    ("play_modal_prudent_cooperate_trace.txt",
     ["play", "modal.spi:PrudentBot", "modal.spi:CooperateBot", "--trace"]),
    # The 2014 table, both seats: rows play P1. CB: 3 vs CB and FB, 0 vs DB and PB;
    # DB: 5 vs CB, 1 otherwise; FB: 3 vs CB, FB, PB, 1 vs DB; PB: 5 vs CB, 1 vs DB, 3
    # vs FB and PB. Means over both seats (8 matches): PB (5+1+3+3)*2/8 = 3, FB
    # (3+1+3+3)*2/8 = 5/2, DB (5+1+1+1)*2/8 = 2, CB (3+0+3+0)*2/8 = 3/2.
    ("tournament_modal.txt", ["tournament", "modal.spi"]),
]


@pytest.mark.parametrize("golden, argv", CASES, ids=[c[0] for c in CASES])
def test_golden(run, golden, argv):
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / golden).read_text()


def test_json_trace_carries_the_chain(run):
    code, out, _ = run("play", "modal.spi:FairBot", "modal.spi:DefectBot", "--json", "--trace")
    assert code == 0
    data = json.loads(out)
    assert (data["outcome"], data["payoffs"]) == ([{"profile": ["Defect", "Defect"], "probability": "1"}],
                                                  ["1", "1"])
    chain = [s["text"] for s in data["trace"] if s["step"] == "GL chain"]
    # []DB(FB) = []false: T at world 0, F at world 1, stable
    assert chain[2:] == ["world  [1]  DefectBot vs FairBot", "0      T    Defect", "1      F    Defect",
                         "stable from world 1 on: [1] false"]


def test_check_accepts_the_modal_bots(run):
    assert run("check", "modal.spi") == (0, "ok: 1 file, no errors\n", "")


def test_analyze_values_modal_candidates(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.spi").write_text(f'import "{GOLDEN / "modal.spi"}"\n'
                                    "beliefs B1 for P1 { FairBot: 1/2, CooperateBot: 1/2 }\n")
    code, out, err = run("analyze", "b.spi", "--candidates1", "FairBot", "PrudentBot", "--beliefs", "B1")
    assert (code, err) == (0, "")
    # FB: 3 vs FB, 3 vs CB: 3. PB: 3 vs FB, 5 vs CB: 1/2*3 + 1/2*5 = 4.
    assert "best response: PrudentBot (4)" in out


def test_all_programs_refuses_counterparts_that_read_behaviour(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.spi").write_text((GOLDEN / "modal.spi").read_text().replace(
        'import "games/prisoners_dilemma.spi"', 'import "games/prisoners_dilemma.spi"\n'
        "beliefs B1 for P1 { FairBot: 1 }"))
    code, out, err = run("analyze", "m.spi", "--candidates1", "FairBot", "--beliefs", "B1", "--all-programs")
    assert (code, out) == (1, "")
    assert err == """\
m.spi:9:6: error: FairBot reads what its counterpart plays here, not only its code and template, so the search over all programs (which varies only code and template) has no supremum to give against it
9 |   if provable(opponent plays Cooperate against self) { play Cooperate } else { play Defect }
  |      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"""


def test_repl_shows_canonical_code_and_plays(repl):
    code, out, err = repl(":show PrudentBot\n:play PrudentBot CooperateBot\n:play FairBot DefectBot --trace\n",
                          str(GOLDEN / "modal.spi"))
    assert (code, err) == (0, "")
    assert ("  if provable(opponent plays Cooperate against @0) and provable in PA+1 "
            "(opponent plays Defect against @1) {") in out
    # PB vs CB: (D, C), payoffs (5, 0)
    assert "(Defect, Cooperate)  1            5   0" in out
    # FB vs DB: []false, T at world 0 and F from world 1
    assert "GL chain    0      T    Defect\n  GL chain    1      F    Defect\n" in out


def test_repl_defines_a_modal_program(repl):
    code, out, err = repl('import "games/prisoners_dilemma.spi"\n'
                          "program Fair { if provable(opponent plays Cooperate against self) "
                          "{ play Cooperate } else { play Defect } }\n"
                          ":play Fair Fair\n")
    assert (code, err) == (0, "")
    # Löb: (C, C)
    assert "(Cooperate, Cooperate)  1            3   3" in out
