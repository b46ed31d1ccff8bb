"""`spilang analyze --all-programs` through `main(argv)` and a real subprocess: the
golden text of the tour's Theorem 3 demo (not an equilibrium over all programs: the
supremum 2 = 1/2 x 1 + 1/2 x 3 beats Hardline_i's 3/2), JSON, the n-player form in the
Division game, and errors."""

import json
import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).parents[1] / "golden"
DEMO = ["analyze", "scheduling/theorem3.spi", "--candidates1", "Hardline1", "Bold1", "--candidates2",
        "Hardline2", "Modest2", "--beliefs", "Theorem3Beliefs1", "Theorem3Beliefs2", "--profile",
        "Hardline1", "Hardline2", "--all-programs"]


def test_golden_theorem3_demo(run):
    code, out, err = run(*DEMO)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / "analyze_all_programs.txt").read_text()


def test_json(run):
    code, out, _ = run(*DEMO, "--json")
    assert code == 0
    data = json.loads(out)["all_programs"]
    assert [b["supremum"] for b in data["best"]] == ["2", "2"]
    assert data["best"][0]["payoffs"] == ["1", "3"]
    assert data["equilibria"][0]["verdict"] == "fails"
    assert data["equilibria"][0]["payoffs"] == ["0", "0"]


def test_three_players(run):
    # Mixed1: (Give1, Give1) 1/2, (Give2, Give2) 1/4, (Give1, Give3) 1/4. A base program
    # naming To1 wins 3 against the first, To2 wins 1 against the second, nothing is
    # unanimous against the third: 1/2 x 3 + 1/4 x 1 + 1/4 x 0 = 7/4 > Give2's
    # 1/4 x 1 = 1/4. Sure2 and Sure3: everyone else names player 1, so 1 is the best.
    code, out, _ = run("analyze", "division3.spi", "--candidates1", "Give1", "Give2", "--candidates2",
                       "Give1", "--candidates3", "Give1", "--beliefs", "Mixed1", "Sure2", "Sure3",
                       "--profile", "Give2", "Give1", "Give1", "--all-programs")
    assert code == 0
    assert "P1, beliefs Mixed1: supremum 7/4, attained by BestResponse1 (fresh base program; payoffs 3, 1, 0" in out
    assert "  P1  Give2: expected utility 1/4, supremum 7/4: not optimal: BestResponse1 gets 7/4" in out
    assert "  P2  Give1: expected utility 1, supremum 1: optimal over all programs" in out
    assert "    if opponent(P2) == Give2 and opponent(P3) == Give2 {\n      play To2\n    }\n    play To1\n" in out


def test_three_players_csr(run):
    # Csr1: (Claim1, Claim1) 1/2 (each offers only (3, 1, 1)), (Give1, Give1) 1/2. A csr
    # witness offering (3, 1, 1) to the Claim1 pair agrees there, and its default names
    # To1 against Give1: 3 both times.
    code, out, _ = run("analyze", "division3.spi", "--candidates1", "Give1", "--beliefs", "Csr1",
                       "--all-programs")
    assert code == 0
    assert "P1, beliefs Csr1: supremum 3" in out
    assert "exact: every program the language can express is covered" in out


def test_subprocess(tmp_path):
    done = subprocess.run([sys.executable, "-m", "spi_lang", *DEMO], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "subjective equilibrium (Definition 1) over all programs: fails" in done.stdout


def test_without_beliefs_is_an_error(run):
    code, _, err = run("analyze", "scheduling/theorem3.spi", "--candidates1", "Hardline1", "--all-programs")
    assert code == 1
    assert "no beliefs for P1" in err
