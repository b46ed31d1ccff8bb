"""The simulation constructs through the `spilang` command and the REPL: golden outputs of
play (with --trace and --json), the regress error, a tournament and `:show`."""

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parents[1] / "golden"

CASES = [
    ("sim_play_fairbot_defectbot_trace.txt",
     ["play", "simulation/fair_bot_10.spi", "prisoners_dilemma/defect_bot.spi", "--trace"], 0, "out"),
    ("sim_play_shared_tape_trace.txt",
     ["play", "simulation/shared_tape.spi:FairBot10S", "simulation/shared_tape.spi:CoinBotS", "--trace"], 0, "out"),
    ("sim_play_mirror_trace.txt",
     ["play", "simulation/mirror_bot.spi", "simulation/mirror_bot.spi", "--trace"], 0, "out"),
    ("sim_play_regress.txt", ["play", "simulation/pure_fair_bot.spi", "simulation/pure_fair_bot.spi"], 1, "err"),
    ("sim_play_fairbot_defectbot.json",
     ["play", "simulation/fair_bot_10.spi", "prisoners_dilemma/defect_bot.spi", "--json"], 0, "out"),
]


@pytest.mark.parametrize("golden, argv, code, stream", CASES, ids=[c[0] for c in CASES])
def test_golden(run, golden, argv, code, stream):
    got_code, out, err = run(*argv)
    assert got_code == code
    assert (out if stream == "out" else err) == (GOLDEN / golden).read_text()


def test_json_probabilities_are_exact_strings(run):
    # FairBot10 vs DefectBot: (C, D) 1/10, (D, D) 9/10, payoffs (9/10, 14/10 = 7/5).
    code, out, _ = run("play", "simulation/fair_bot_10.spi", "prisoners_dilemma/defect_bot.spi", "--json")
    data = json.loads(out)
    assert [o["probability"] for o in data["outcome"]] == ["1/10", "9/10"]
    assert data["payoffs"] == ["9/10", "7/5"]


def test_tournament_of_simulating_programs(run):
    # Row FairBot4 vs DefectBot: (3/4, 2) (fair_bot_4.spi); MirrorBot vs MirrorBot (3, 3).
    code, out, err = run("tournament", "simulation/fair_bot_4.spi", "simulation/mirror_bot.spi",
                         "prisoners_dilemma/defect_bot.spi", "--json")
    assert code == 0, err
    data = json.loads(out)
    text = json.dumps(data)
    assert '"3/4"' in text and '"2"' in text


def test_check_accepts_the_stdlib_simulation_programs(run):
    code, out, _ = run("check", "simulation/renegotiating_fair_bot.spi")
    assert code == 0
    assert out.startswith("ok")


def test_repl_shows_canonical_code_and_plays(repl, tmp_path):
    code, out, err = repl(":load simulation/mirror_bot.spi\n:show MirrorBot\n"
                          ":load prisoners_dilemma/defect_bot.spi\n:play MirrorBot DefectBot\n")
    assert code == 0, err
    assert "  within 50 steps {\n    if simulate opponent plays Cooperate against @0 {" in out
    assert "(Defect, Defect)  1" in out


ANALYZE = """\
import "simulation/fair_bot_10.spi"
import "prisoners_dilemma/defect_bot.spi"
beliefs B1 for P1 { FairBot10: 1/2, DefectBot: 1/2 }
beliefs B2 for P2 { FairBot10: 1/2, DefectBot: 1/2 }
"""


def test_analyze_values_simulating_candidates(run, tmp_path, monkeypatch):
    (tmp_path / "a.spi").write_text(ANALYZE)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("analyze", "a.spi", "--candidates1", "FairBot10", "DefectBot",
                         "--candidates2", "FairBot10", "DefectBot", "--beliefs", "B1", "B2")
    assert code == 0, err
    # P1's FairBot10: vs FairBot10 3, vs DefectBot 9/10: 3/2 + 9/20 = 39/20. DefectBot: vs
    # FairBot10 (which cooperates w.p. 1/10) 5/10 + 9/10 = 7/5, vs DefectBot 1: 6/5.
    assert "  FairBot10  3                   9/10                39/20" in out
    assert "  DefectBot  7/5                 1                   6/5" in out


def test_all_programs_refuses_simulating_beliefs(run, tmp_path, monkeypatch):
    (tmp_path / "a.spi").write_text(ANALYZE)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("analyze", "a.spi", "--candidates1", "FairBot10", "--candidates2", "FairBot10",
                         "--beliefs", "B1", "B2", "--all-programs")
    assert code == 1
    # The simulation reads the witness's behaviour, which the search (over code and
    # template) cannot vary: refused at the `simulate`.
    assert err.startswith("<stdlib>/simulation/fair_bot_10.spi:23:11: error: FairBot10 reads what its "
                          "counterpart plays here, not only its code and template")
