"""Assumption 4(2) as the paper states it (the audit's repro, issue 12): if p_i's default
is used in a subjective equilibrium and p_j is a renegotiation program that does not
renegotiate with p_i, then p_i's default responds to p_j as to p_j's default. Worked by
hand in the Scheduling game: (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3),
(Slot3, Slot3) = (1, 1), anything else (0, 0)."""

from fractions import Fraction as F

import pytest

import spi_lang
from spi_lang.analysis.findings import HOLDS, UNKNOWN, VIOLATED
from spi_lang.ui.cli import main

REPRO = """\
import "games/scheduling.spi"
import "scheduling/always_slot2.spi"
import "scheduling/fair1.spi"

program Q2 renegotiation {
  default AlwaysSlot2
  map (Slot1, Slot2) -> (Slot2, Slot2)
}
program Z1 { if opponent == Q2 { play Slot2 } play Slot1 }
program R1 renegotiation {
  default Z1
  map (Slot1, Slot2) -> (Slot3, Slot3)
}
beliefs OnQ2 for P1 { Q2: 1 }
"""


@pytest.fixture
def repro(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repro.spi").write_text(REPRO)
    return "repro.spi"


def test_z1_against_q2_violates_4_2_and_the_transform_costs_z1(repro):
    result = spi_lang.analyze(repro, candidates1=["Z1"], beliefs=["OnQ2"], transform="renegotiate:Fair1")
    (z1,) = result.player("P1").candidates
    # Z1 vs Q2: Z1 is a base program, so Q2 plays its default AlwaysSlot2 (Alg. 1, line 8),
    # Slot2, and Z1 sees Q2's code and plays Slot2: (Slot2, Slot2) pays U_1 = 1.
    # f*(Z1) = renegotiate(Z1, Fair1) vs Q2: both are renegotiation programs; the defaults
    # Z1 vs AlwaysSlot2 give a = (Slot1, Slot2) (Z1 sees AlwaysSlot2, not Q2); rn_1(a) =
    # (Slot3, Slot3) (Fair1's map), rn_2(a) = (Slot2, Slot2): they differ, so both play a,
    # paying 0. EU 1 -> 0.
    assert (z1.before.expected, z1.after.expected) == (F(1), F(0))
    found = result.assumptions.findings
    # 4(1): Q2 plays Slot2 against f*(Z1) (its part of a) and Slot2 against Z1 (its default).
    # 4(2): Z1, the default of f*(Z1) and the only candidate (so a best response), plays
    # Slot2 against Q2 but Slot1 against Q2's default AlwaysSlot2: violated.
    assert [(f.assumption, f.responder, f.status) for f in found] == [
        ("4(1)", "Q2", HOLDS), ("4(2)", "Q2", VIOLATED)]
    assert found[1].detail == "Z1 plays Slot2 against Q2 but Slot1 against its default AlwaysSlot2"


def test_4_2_is_unknown_when_the_default_is_not_a_candidate(repro):
    # R1 (default Z1) vs Q2: the defaults give a = (Slot1, Slot2); rn_1(a) = (Slot3, Slot3),
    # rn_2(a) = (Slot2, Slot2): no renegotiation. Z1 responds differently (Slot2 vs Slot1),
    # but Z1 is not a candidate: whether it is used in a subjective equilibrium is unknown.
    found = spi_lang.analyze(repro, candidates1=["R1"], beliefs=["OnQ2"]).assumptions.findings
    assert [(f.assumption, f.status) for f in found] == [("4(1)", HOLDS), ("4(2)", UNKNOWN)]
    assert found[1].detail.endswith("; a violation if Z1 is used in a subjective equilibrium (it is not a candidate)")


def test_the_cli_prints_the_violation(repro, capsys):
    assert main(["analyze", repro, "--candidates1", "Z1", "--beliefs", "OnQ2",
                 "--transform", "renegotiate:Fair1"]) == 0
    out = capsys.readouterr().out
    assert "4(2): 1 check, 1 not satisfied" in out
    assert ("4(2) violated (beliefs of P1): Z1 plays Slot2 against Q2 but Slot1 against its default "
            "AlwaysSlot2") in out


REPRO3 = """\
import "games/division.spi"
import "division/selfish.spi"
import "division/share.spi"

program Follow3 { play To2 }
program Q2 renegotiation {
  default Selfish2
  map (To1, To2, To2) -> (To2, To2, To2)
}
program Q3 renegotiation {
  default Follow3
  map (To1, To2, To2) -> (To2, To2, To2)
}
program Z1 { if opponent(P2) == Q2 { play To2 } play To1 }
beliefs OnQ for P1 { (Q2, Q3): 1 }
"""


def test_three_players_the_same_repro(tmp_path, monkeypatch):
    # Division: all three naming To2 pays (1, 3, 1); anything not unanimous (0, 0, 0).
    # Z1 vs (Q2, Q3): Z1 is a base program, so Q2 and Q3 play their defaults, To2 and To2;
    # Z1 sees Q2 and plays To2: (1, 3, 1), U_1 = 1. f*(Z1) = renegotiate(Z1, Share1) vs
    # (Q2, Q3): the defaults give a = (To1, To2, To2) (Z1 sees Selfish2); Share1's map does
    # not match a (rn_1(a) = a), Q2's and Q3's send it to (To2, To2, To2): no agreement, all
    # play a, U_1 = 0. 4(2) (Appendix A): Z1 plays To2 against (Q2, Q3) but To1 against
    # their defaults (Selfish2, Follow3): violated, since Z1 is the best response.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r3.spi").write_text(REPRO3)
    result = spi_lang.analyze("r3.spi", candidates=[["Z1"]], beliefs=["OnQ"], transform="renegotiate:Share1")
    (z1,) = result.player("P1").candidates
    assert (z1.before.expected, z1.after.expected) == (F(1), F(0))
    found = {f.assumption: f for f in result.assumptions.findings}
    assert (found["4(1)"].status, found["4(2)"].status) == (HOLDS, VIOLATED)
    assert found["4(2)"].detail == "Z1 plays To2 against (Q2, Q3) but To1 against their defaults (Selfish2, Follow3)"
