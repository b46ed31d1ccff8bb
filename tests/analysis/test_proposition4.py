"""Proposition 4 (`--transform csr:NAME`) and Appendix B (`--transform select:S`) through
`spi-check`, worked by hand. Scheduling (Table 1): (Slot1, Slot1) = (3, 1), (Slot2, Slot2)
= (1, 3), (Slot3, Slot3) = (1, 1), anything else (0, 0); PMM (1, 1). YieldToHardliner_i
yields only to AlwaysSlot_j's code."""

import json
from fractions import Fraction as F

import pytest

import spi_lang

PROP4 = "scheduling/proposition4.spi"
SEATS = dict(seat1=["AlwaysSlot1", "YieldToHardliner1"], seat2=["AlwaysSlot2", "YieldToHardliner2"])


def test_pmp_only_meets_both_conclusions():
    check = spi_lang.spi_check(PROP4, **SEATS, transform="csr:PmpOnly")
    # Each image csr(p, PmpOnly) offers PMP_i(a) at the default outcome a = a(p):
    # (AS1, AS2): a = (Slot1, Slot2), (0, 0): PMP_1 & PMP_2 = {(1, 1)} -> (1, 1).
    # (AS1, YTH2): YTH2 yields, a = (Slot1, Slot1), (3, 1): PMP_1((3, 1)) = {x1 >= 3, x2 = 1}
    #   = {(3, 1)}, PMP_2((3, 1)) = {x1 = 3, x2 >= 1} = {(3, 1)} -> (3, 1).
    # (YTH1, AS2): symmetrically (1, 3). (YTH1, YTH2): nobody yields, (0, 0) -> (1, 1).
    assert [(c.before, c.after) for c in check.profiles] == [
        ((0, 0), (1, 1)), ((3, 1), (3, 1)), ((1, 3), (1, 3)), ((0, 0), (1, 1))]
    # (1): an SPI; (2): U_i(f(p)) = max(U_i(p), PMM_i) here, so >= holds everywhere.
    assert check.is_spi and check.bound_failures == ()
    assert {c.conditions for c in check.pmm_checks} == {(
        "Proposition 4's condition holds: PMP_i(a) is inside every player's offer at every realized "
        "default profile a",)}


def test_the_image_of_a_base_program_has_the_code_of_the_declared_csr_program():
    project = spi_lang.load(PROP4)
    check = spi_lang.spi_check(seat1=["PmpOnly"], seat2=["AlwaysSlot2"], transform="csr:PmpOnly",
                               project=project)
    # csr(AlwaysSlot2, PmpOnly) is exactly PmpOnly2: PmpOnly vs it is (1, 1).
    assert check.profiles[0].after == (1, 1)


def test_timid_is_an_spi_on_these_sets_but_misses_the_bound():
    check = spi_lang.spi_check(PROP4, **SEATS, transform="csr:Timid")
    # Timid offers {(1/2, 1/2)}, cut to the points above a. From (0, 0) both images agree on
    # it: (1/2, 1/2) > (0, 0), so (1) holds. From (3, 1) or (1, 3) nothing is left: the
    # default is played, unchanged. (2) needs (1/2, 1/2) >= max((0, 0), (1, 1)): fails on
    # the two miscoordinated profiles, where the condition fails too (PMP_1((0, 0)), the
    # segment (1, 1)-(3, 1), is not inside {(1/2, 1/2)}).
    assert check.is_spi
    assert [c.profile for c in check.bound_failures] == [("AlwaysSlot1", "AlwaysSlot2"),
                                                        ("YieldToHardliner1", "YieldToHardliner2")]
    flagged = [c for c in check.pmm_checks if c.below]
    assert [c.reasons for c in flagged] == [(
        "Proposition 4's condition fails at a = (Slot1, Slot2): PMP_1(a) = segment (1, 1) - (3, 1) is not "
        f"inside the offer point (1/2, 1/2) of csr({p}, Timid)",) for p in ("AlwaysSlot1", "YieldToHardliner1")]


def test_spi_check_prints_both_conclusions(run):
    code, out, _ = run("spi-check", PROP4, "--seat1", "AlwaysSlot1", "YieldToHardliner1", "--seat2", "AlwaysSlot2",
                       "YieldToHardliner2", "--transform", "csr:Timid")
    assert code == 0
    assert ("Proposition 4 on these sets: (1) f is an SPI (Definition 2, above); (2) U_i(f(p)) >= "
            "max(U_i(p), PMM_i) fails for 2 of 4 profiles of base programs:\n"
            "  p = (AlwaysSlot1, AlwaysSlot2): U(p) = (0, 0), U(f(p)) = (1/2, 1/2)\n") in out
    code, out, _ = run("spi-check", PROP4, "--seat1", "AlwaysSlot1", "--seat2", "AlwaysSlot2",
                       "--transform", "csr:Timid", "--json")
    assert json.loads(out)["proposition4_bound_failures"] == [["AlwaysSlot1", "AlwaysSlot2"]]


def test_csr_and_renegotiation_programs_are_left_by_csr_transform():
    check = spi_lang.spi_check(PROP4, seat1=["PmpOnly"], seat2=["PmpOnly2"], transform="csr:Timid")
    # Both are csr already: f leaves them, and (2) is only about profiles of base programs.
    assert check.profiles[0].image == ("PmpOnly", "PmpOnly2") and check.bound_failures == ()


# ------------------------------------------------------------------ Appendix B

OPEN = """\
import "games/scheduling.spi"
import "scheduling/always_slot1.spi"
import "scheduling/always_slot2.spi"
program Open1 csr { default AlwaysSlot1 offer frontier }
program Open2 csr { default AlwaysSlot2 offer frontier }
program Bold1 csr { default AlwaysSlot1 offer below (3, 1) }
"""


@pytest.fixture
def open_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "o.spi").write_text(OPEN)
    return str(tmp_path / "o.spi")


def test_appendix_b_the_switched_programs_keep_the_leximin_outcomes(open_file):
    check = spi_lang.spi_check(open_file, seat1=["Open1", "Bold1"], seat2=["Open2"],
                               transform="select:leximin", select="dictator:P2")
    # Under leximin: Open1 vs Open2 agree on E, leximin takes (2, 2). Bold1 vs Open2: below
    # (3, 1) & E = {(3, 1)}, taken. Switched, each side offers only that point, and
    # dictator:P2 has nothing else to pick.
    assert [(c.profile, c.before, c.after, c.outcomes[0] == c.outcomes[1]) for c in check.profiles] == [
        (("Open1", "Open2"), (2, 2), (2, 2), True), (("Bold1", "Open2"), (3, 1), (3, 1), True)]
    assert check.changed_outcomes == ()
    # Unswitched, dictator:P2 would take (1, 3) from E: the switch is what keeps (2, 2).
    plain = spi_lang.spi_check(open_file, seat1=["Open1"], seat2=["Open2"], transform="select:dictator:P2",
                               select="dictator:P2")
    assert plain.profiles[0].before == (1, 3)


def test_appendix_b_in_the_text(open_file, run):
    code, out, _ = run("spi-check", open_file, "--seat1", "Open1", "--seat2", "Open2",
                       "--transform", "select:leximin", "--select", "utilitarian")
    assert code == 0
    assert out.endswith("Appendix B: f(p) under utilitarian plays what p plays under leximin, for the 1 profile\n")


def test_appendix_b_an_unknown_player_for_the_old_selection(open_file, run):
    code, _, err = run("spi-check", open_file, "--seat1", "Open1", "--seat2", "Open2",
                       "--transform", "select:dictator:P9")
    assert code == 1 and "P9" in err


def test_three_players_csr_transform_and_switching():
    # Division: Selfish_i names itself, a = (To1, To2, To3), (0, 0, 0). csr(Selfish_i,
    # Humble1) offers E (sum 5): I = E; leximin takes (5/3, 5/3, 5/3) >= max((0, 0, 0), PMM
    # (1, 1, 1)). The condition fails (PMP_1((0, 0, 0)), the segment (1, 1, 1)-(3, 1, 1), is
    # not inside E), yet (2) holds here.
    seats = [["Selfish1"], ["Selfish2"], ["Selfish3"]]
    check = spi_lang.spi_check("division/offers.spi", seats=seats, transform="csr:Humble1")
    (profile,) = check.profiles
    assert (profile.before, profile.after) == ((0, 0, 0), (F(5, 3),) * 3) and check.bound_failures == ()
    (image,) = check.pmm_checks
    assert (image.below, image.reasons) == ((), ())
    assert image.conditions[0].startswith("Proposition 4's condition fails at a = (To1, To2, To3): PMP_1(a) = ")
    humble = [["Humble1"], ["Humble2"], ["Humble3"]]
    switched = spi_lang.spi_check("division/offers.spi", seats=humble, transform="select:leximin",
                                  select="dictator:P1")
    # Under leximin: (5/3, 5/3, 5/3); switched, dictator:P1 must take it too.
    assert switched.profiles[0].after == switched.profiles[0].before and switched.changed_outcomes == ()
