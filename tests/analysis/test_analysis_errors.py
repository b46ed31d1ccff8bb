"""`analyze` and its inputs: usage errors, beliefs that cannot be used, matches that fail
while analysing (positioned errors, never a traceback), and names on the command line."""

from fractions import Fraction as F
from pathlib import Path

import pytest
from error_helpers import raised
from test_analysis import EXAMPLE_31, PROP2, THM3

import spi_lang

# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("argv, message", [
    (["--candidates1", "AlwaysSlot1", "--beliefs", "AlwaysSlot2"],
     "--beliefs: error: AlwaysSlot2 is a program, not beliefs"),
    (["--candidates1", "AlwaysSlot1", "--beliefs", "Nope"],
     "--beliefs: error: nothing named 'Nope' in the loaded files"),
    (["--candidates1", "Example31Beliefs1", "--beliefs", "Example31Beliefs1"],
     "--candidates1: error: Example31Beliefs1 is beliefs, not a program"),
    (["--candidates1", "AlwaysSlot1", "AlwaysSlot1", "--beliefs", "Example31Beliefs1"],
     "--candidates1: error: AlwaysSlot1 is listed twice"),
    (["--candidates2", "AlwaysSlot2", "--beliefs", "Example31Beliefs1"],
     "--candidates2: error: no beliefs for P2: its candidates are valued against them (pass them with --beliefs)"),
    (["--candidates1", "AlwaysSlot1", "--beliefs", "Example31Beliefs1", "--profile", "AlwaysSlot1", "AlwaysSlot2"],
     "--profile: error: a profile is one program per player, among --candidates1 and --candidates2"),
    (["--candidates1", "AlwaysSlot1", "--candidates2", "AlwaysSlot2", "--beliefs", "Example31Beliefs1",
      "Example31Beliefs2", "--profile", "YieldToHardliner1", "AlwaysSlot2"],
     "--profile: error: YieldToHardliner1 is not one of --candidates1; Definition 1 compares it with them"),
    (["--candidates1", "AlwaysSlot1", "--beliefs", "Example31Beliefs1", "--select", "dictator:P9"],
     "spilang: error: unknown player 'P9' in 'dictator:P9'; the players of Scheduling are P1, P2"),
])
def test_usage_errors(run, argv, message):
    code, out, err = run("analyze", PROP2, *argv)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == message


def test_two_beliefs_for_one_player(run):
    code, _, err = run("analyze", PROP2, "--candidates1", "AlwaysSlot1", "--beliefs", "Example31Beliefs1",
                       "NoPunishmentBeliefs1")
    assert code == 1
    assert err == """\
<stdlib>/scheduling/proposition2.spi:57:34: error: NoPunishmentBeliefs1 and Example31Beliefs1 are both beliefs for P1; give one per player
57 | beliefs NoPunishmentBeliefs1 for P1 { YieldToHardlinerOrFair2: 1/2, Fair2: 1/2 }
   |                                  ^^
<stdlib>/scheduling/proposition2.spi:54:31: note: the other
54 | beliefs Example31Beliefs1 for P1 { YieldToHardliner2: 3/4, AlwaysSlot2: 1/4 }
   |                               ^^
"""


def test_beliefs_for_a_player_of_another_game(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("b.spi").write_text('import "games/scheduling.spi"\nimport "games/chicken.spi"\n'
                             'program Dare1 { play Dare }\nbeliefs Row1 for Row { Dare1: 1 }\n')
    assert raised(spi_lang.analyze, "b.spi", candidates1=["Dare1"], beliefs=["Row1"], game="Scheduling") == """\
b.spi:4:18: error: Row is not a player of game Scheduling (players: P1, P2)
4 | beliefs Row1 for Row { Dare1: 1 }
  |                  ^^^"""


def test_a_match_out_of_fuel_is_a_positioned_error(run):
    code, out, err = run("analyze", THM3, "--candidates1", "Hardline1", "--beliefs", "Theorem3Beliefs1",
                         "--fuel", "5")
    assert (code, out) == (1, "")
    assert err == """\
<stdlib>/scheduling/hardline1.spi:11:9: error: out of fuel: Hardline1 vs Hardline2 took more than 5 steps (raise it with --fuel)
11 | program Hardline1 csr {
   |         ^^^^^^^^^
"""


def test_an_offer_that_depends_on_itself_is_a_positioned_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("loop.spi").write_text('import "scheduling/hardline2.spi"\nimport "scheduling/always_slot1.spi"\n'
                                "program Loop1 csr {\n  default AlwaysSlot1\n  offer offers(Loop1)\n}\n"
                                "beliefs B for P1 { Hardline2: 1 }\n")
    assert raised(spi_lang.analyze, "loop.spi", candidates1=["Loop1"], beliefs=["B"]) == """\
loop.spi:5:9: error: this evaluation depends on itself: the offer of Loop1 (P1) against Hardline2 -> the offer of Loop1 (P1) against Hardline2
5 |   offer offers(Loop1)
  |         ^^^^^^^^^^^^^"""


def test_a_bare_name_is_a_program_even_when_a_file_has_that_name(tmp_path, monkeypatch):
    # Only `x.spi` and `x.spi:Name` name files: a stray file called AlwaysSlot1 in the
    # current folder does not hide the program. AlwaysSlot1's expected utility is 9/4 as in
    # test_expected_utilities_and_best_response_of_example_3_1 (3 x 3/4 + 0 x 1/4).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "AlwaysSlot1").write_text("not a program")
    result = spi_lang.analyze(PROP2, **EXAMPLE_31)
    assert result.player("P1").expected_utility("AlwaysSlot1") == F(9, 4)
