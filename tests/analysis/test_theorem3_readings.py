"""Theorem 3's two readings (issue 12), worked by hand: Definition 7 read literally
(`--transform pmp`) and the authors' revised construction (`--transform pmp:revised`, PRN
programs), on the cross-generous pair of the Scheduling game, and the PMM check that
`analyze` and `spi-check` make of every profile, with the condition that failed.

Scheduling (Table 1): (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3), (Slot3, Slot3) =
(1, 1), anything else (0, 0). F is the triangle (0, 0), (3, 1), (1, 3); PMM (1, 1)."""

import json
from fractions import Fraction as F
from pathlib import Path

import pytest

import spi_lang
from spi_lang.ui.cli import main

CROSS = "scheduling/cross_generous.spi"
CROSS_EQ = dict(candidates1=["Cross1"], candidates2=["Cross2"], beliefs=["CrossBeliefs1", "CrossBeliefs2"],
                profile=["Cross1", "Cross2"])


def test_the_cross_pair_is_a_subjective_equilibrium_below_the_pmm():
    result = spi_lang.analyze(CROSS, **CROSS_EQ)
    # Cross1 vs Hardline2 (CrossBeliefs1 = {Hardline2: 1}): both offer only (1, 3), which is
    # above a = (Slot1, Slot2), paying (0, 0): I = {(1, 3)}, U_1 = 1. Symmetrically U_2 = 1.
    # Cross1 vs Cross2: {(1, 3)} & {(3, 1)} is empty, both play a: (0, 0) < PMM (1, 1).
    assert result.equilibrium.holds and result.equilibrium.payoffs == (0, 0)
    (before,) = result.pmm_checks
    assert (before.below, before.reasons) == ((0, 1), ())


def test_literal_reading_stays_below_the_pmm_and_says_why():
    result = spi_lang.analyze(CROSS, **CROSS_EQ, transform="pmp")
    # pmp_extension(Cross1) vs Hardline2: result(Cross1) = (1, 3), PMP_1((1, 3)) =
    # {x1 >= max(1, 1), x2 = max(1, 3)} = {(1, 3)}: the same offer, U_1 = 1 (no change).
    # The extended pair: result(Cross1) against pmp_extension(Cross2): that program offers
    # (3, 1) | PMP_2(result(Cross2) vs Cross1) = (3, 1) | PMP_2((0, 0)) = (3, 1) | the
    # segment (1, 1)-(1, 3), which holds (1, 3): agreement (1, 3), whose PMP_1 is {(1, 3)}.
    # So the extensions offer {(1, 3)} and {(3, 1)}: no agreement, (0, 0) again.
    after = result.equilibrium_after
    assert after.holds and after.payoffs == (0, 0)
    _, image = result.pmm_checks
    assert image.profile == ("pmp_extension(Cross1)", "pmp_extension(Cross2)") and image.below == (0, 1)
    (reason,) = image.reasons
    assert reason.startswith("Definition 7 read literally: the extensions add "
                             "PMP_1(a(Cross1, pmp_extension(Cross2))) = point (1, 3); "
                             "PMP_2(a(pmp_extension(Cross1), Cross2)) = point (3, 1): these have no common point")
    # The assumptions that are checked hold: 8(ii) (Hardline_j's offer is unconditional).
    assert {f.status for f in result.assumptions.findings} == {"holds"}


def test_revised_reading_reaches_the_pmm():
    result = spi_lang.analyze(CROSS, **CROSS_EQ, transform="pmp:revised")
    p1 = result.player("P1")
    # prn(Cross1) vs Hardline2 (not PRN): exactly Cross1's offer, U_1 = 1: no change.
    assert [(c.after.program, c.after.expected) for c in p1.candidates] == [("prn(Cross1)", 1)]
    # prn(Cross1) vs prn(Cross2): a = (Slot1, Slot2), (0, 0). Reference agreement
    # {(1, 3)} & {(3, 1)} is empty, so a^def = a. PMP_1((0, 0)) = segment (1, 1)-(3, 1),
    # PMP_2((0, 0)) = segment (1, 1)-(1, 3); they meet at (1, 1). I = ({(1, 3)} | PMP_1) &
    # ({(3, 1)} | PMP_2) = {(1, 3), (3, 1), (1, 1)}. Leximin compares sorted vectors,
    # (1, 3), (1, 3), (1, 1), then the vectors: (3, 1) > (1, 3). Payoffs (3, 1) >= PMM.
    after = result.equilibrium_after
    assert after.holds and after.payoffs == (3, 1) and after.outcome == "(Slot1, Slot1)"
    _, image = result.pmm_checks
    assert (image.below, image.reasons) == ((), ())
    assert image.conditions == ("revised construction: a^def = (Slot1, Slot2), payoffs (0, 0); the "
                                "intersection of PMP_i(a^def) over the players is point (1, 1): nonempty",)
    # 8(ii) is not needed by the revised construction, and the output says so.
    assert not [f for f in result.assumptions.findings if f.assumption == "8(ii)"]
    assert any("not needed by the revised construction" in n for n in result.assumptions.not_checked)


def test_revised_under_another_selection_also_reaches_the_pmm():
    # dictator:P2 picks the largest u2 in I = {(1, 3), (3, 1), (1, 1)}: (1, 3).
    result = spi_lang.analyze(CROSS, **CROSS_EQ, transform="pmp:revised", select="dictator:P2")
    assert result.equilibrium_after.payoffs == (1, 3)


def test_spi_check_flags_the_literal_images_below_the_pmm(run):
    code, out, _ = run("spi-check", CROSS, "--seat1", "Cross1", "Hardline1", "--seat2", "Cross2", "Hardline2",
                       "--transform", "pmp")
    assert code == 0
    # Hardline1Pmp vs Hardline2Pmp reach (1, 1) (hardline1_pmp.spi); only the cross pair fails.
    assert "payoffs against the PMM (1, 1):\n  (pmp_extension(Cross1), pmp_extension(Cross2)) pays (0, 0): " \
           "below the PMM for P1 and P2\n    - failed: Definition 7 read literally" in out
    assert out.count("below the PMM") == 1


def test_json_has_the_pmm_checks(run):
    code, out, _ = run("analyze", CROSS, "--candidates1", "Cross1", "--candidates2", "Cross2", "--beliefs",
                       "CrossBeliefs1", "CrossBeliefs2", "--profile", "Cross1", "Cross2", "--transform",
                       "pmp:revised", "--json")
    assert code == 0
    before, image = json.loads(out)["pmm_checks"]
    assert before == {"profile": ["Cross1", "Cross2"], "payoffs": ["0", "0"], "below_pmm": [0, 1],
                      "reasons": [], "conditions": []}
    assert image["payoffs"] == ["3", "1"] and image["below_pmm"] == []


# ------------------------------------------------------------------ n players

EMPTY3 = """\
game Empty3 {
  players P1, P2, P3
  actions X, Y
  payoff (X, X, X) = (2, 2, 1)
  payoff (Y, Y, Y) = (0, 0, 3)
  payoff (X, Y, Y) = (2, 0, 0)
  payoff (_, _, _) = (0, 0, 0)
}
program C1 csr { default { play X } offer point (2, 2, 1) }
program C2 csr { default { play Y } offer point (0, 0, 3) }
program C3 csr { default { play Y } offer point (0, 0, 3) }
"""


def test_three_players_the_revised_reading_at_the_division_game():
    check = spi_lang.spi_check("division/offers.spi", seats=[["Bold1"], ["Bold2"], ["Humble3"]],
                               transform="pmp:revised")
    # a = (To1, To2, To3), (0, 0, 0). References: below (3, 1, 1) & below (1, 3, 1) is below
    # (1, 1, 1), which misses E (sum 5): I^def empty, a^def = a. PMP_i((0, 0, 0)) is the
    # segment from (1, 1, 1) to player i's prize; they meet at (1, 1, 1), and every other
    # point of I would need RN_1 & RN_2 (below (1, 1, 1)) or a PMP_i with x_j = 1: I =
    # {(1, 1, 1)}, the PMM.
    (profile,) = check.profiles
    assert profile.after == (1, 1, 1)
    (image,) = check.pmm_checks
    assert image.below == () and image.conditions[0].endswith("point (1, 1, 1): nonempty")


@pytest.fixture
def empty3(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("e.spi").write_text(EMPTY3)
    return "e.spi"


def test_three_players_the_pmps_can_be_empty(empty3):
    # F = hull{(2, 2, 1), (0, 0, 3), (2, 0, 0), (0, 0, 0)}; E is the segment (0, 0, 3)-(2, 2, 1)
    # ((2, 0, 0) is below (2, 2, 1)), so PMM = (0, 0, 1). The defaults play a = (X, Y, Y),
    # (2, 0, 0); the offers {(2, 2, 1)}, {(0, 0, 3)}, {(0, 0, 3)} never agree, a^def = a.
    # PMP_1(a) = {x1 >= 2, x2 = 0, x3 = 1}: a point of F with x2 = 0 has no weight on
    # (2, 2, 1), so x1 = 2 forces all weight on (2, 0, 0) and x3 = 0: empty. Likewise PMP_3
    # (x1 = 2, x2 = 0, x3 >= 1). PMP_2(a) = {x1 = 2, x3 = 1} = {(2, 2, 1)}. The
    # intersection is empty, I is empty, and P3 gets 0 < 1.
    check = spi_lang.spi_check(empty3, seats=[["C1"], ["C2"], ["C3"]], transform="pmp:revised")
    (image,) = check.pmm_checks
    assert image.payoffs == (2, 0, 0) and image.below == (2,)
    (reason,) = image.reasons
    assert reason == ("revised construction: a^def = (X, Y, Y), payoffs (2, 0, 0); the intersection of "
                      "PMP_i(a^def) over the players is nothing: empty, so the PMM is not guaranteed; "
                      "PMP_1, PMP_3 are empty, so Theorem 3's premise that every PMP_i(a) is nonempty fails "
                      "in this game")


def test_three_players_a_non_csr_program_is_the_reason(empty3, capsys):
    Path("f.spi").write_text('import "e.spi"\nprogram B3 { play Y }\n')
    assert main(["spi-check", "f.spi", "--seat1", "C1", "--seat2", "C2", "--seat3", "B3",
                 "--transform", "pmp"]) == 0
    # C1, C2 and the base program B3 do not renegotiate: (X, Y, Y), (2, 0, 0), P3 below.
    assert "- failed: not every program is a csr program, so they do not renegotiate (B3 (P3))" \
        in capsys.readouterr().out


def test_revised_reading_with_a_randomizing_default(tmp_path, monkeypatch):
    # M1's default plays Slot1 or Slot2, 1/2 each, against AlwaysSlot2: a is (Slot1, Slot2)
    # or (Slot2, Slot2), and PRN programs renegotiate at each. At (Slot1, Slot2), (0, 0): as
    # for the cross pair, I = {(1, 3), (3, 1), (1, 1)}, leximin takes (3, 1). At (Slot2,
    # Slot2), (1, 3): cut to the points above (1, 3), M1 offers {(1, 3)} and Cross2 nothing,
    # so a^def = a; PMP_1((1, 3)) = {x1 >= 1, x2 = 3} = {(1, 3)} = PMP_2((1, 3)): I = {(1, 3)}.
    # Payoffs 1/2 (3, 1) + 1/2 (1, 3) = (2, 2) >= PMM, and the condition is reported per a.
    monkeypatch.chdir(tmp_path)
    Path("m.spi").write_text('import "scheduling/cross_generous.spi"\n'
                             "program M1 csr { default { play mix {Slot1: 1/2, Slot2: 1/2} } offer point (1, 3) }\n")
    check = spi_lang.spi_check("m.spi", seat1=["M1"], seat2=["Cross2"], transform="pmp:revised")
    (image,) = check.pmm_checks
    assert image.payoffs == (2, 2) and image.below == ()
    assert image.conditions == (
        "revised construction at a = (Slot1, Slot2): a^def = (Slot1, Slot2), payoffs (0, 0); the intersection "
        "of PMP_i(a^def) over the players is point (1, 1): nonempty",
        "revised construction at a = (Slot2, Slot2): a^def = (Slot2, Slot2), payoffs (1, 3); the intersection "
        "of PMP_i(a^def) over the players is point (1, 3): nonempty")


def test_other_transforms_do_not_promise_the_pmm(tmp_path, monkeypatch):
    # Half maps the miscoordination to a lottery paying 1/2 (1, 1) + 1/2 (0, 0) = (1/2, 1/2),
    # a Pareto improvement (Definition 3) below the PMM: Proposition 2 promises no more.
    # spi-check checks the PMM only for pmp, pmp:revised and csr:NAME; analyze flags the
    # image and says the transform does not promise it.
    monkeypatch.chdir(tmp_path)
    Path("h.spi").write_text('import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
                             'import "scheduling/always_slot2.spi"\n'
                             "program Half renegotiation {\n  default AlwaysSlot1\n"
                             "  map (Slot1, Slot2) -> lottery {(Slot3, Slot3): 1/2, (Slot1, Slot2): 1/2}\n}\n"
                             "beliefs B1 for P1 { AlwaysSlot2: 1 }\nbeliefs B2 for P2 { AlwaysSlot1: 1 }\n")
    check = spi_lang.spi_check("h.spi", seat1=["AlwaysSlot1"], seat2=["AlwaysSlot2"], transform="renegotiate:Half")
    assert check.profiles[0].after == (F(1, 2), F(1, 2)) and check.pmm_checks == ()
    result = spi_lang.analyze("h.spi", candidates1=["AlwaysSlot1"], candidates2=["AlwaysSlot2"],
                              beliefs=["B1", "B2"], profile=["AlwaysSlot1", "AlwaysSlot2"],
                              transform="renegotiate:Half")
    _, image = result.pmm_checks
    assert image.payoffs == (F(1, 2), F(1, 2)) and image.below == (0, 1)
    assert image.reasons == ("renegotiate:Half does not promise the PMM (Theorem 3's and Proposition 4's "
                             "transforms do: pmp, pmp:revised, csr:NAME)",)


def test_8i_covers_the_prn_images(tmp_path, monkeypatch):
    # The revision's Assumption 7: a non-csr program responds to csr AND PRN programs as to
    # their defaults. YieldToHardline2 yields (Slot1) only to Hardline1's code: it treats
    # Hardline1 unlike its default AlwaysSlot1 (Slot2), but prn(Hardline1) like it (Slot2).
    monkeypatch.chdir(tmp_path)
    Path("y.spi").write_text('import "scheduling/theorem3.spi"\nbeliefs YieldCsr for P1 { YieldToHardline2: 1 }\n')
    found = spi_lang.analyze("y.spi", candidates1=["Hardline1"], beliefs=["YieldCsr"],
                             transform="pmp:revised").assumptions.findings
    assert [(f.assumption, f.program, f.status) for f in found] == [
        ("8(i)", "Hardline1", "violated"), ("8(i)", "prn(Hardline1)", "holds")]
