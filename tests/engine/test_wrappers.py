"""The csr engine's wrappers of csr programs (engine/csr.py): PRN programs, the authors'
revised construction of Theorem 3 (prn_revision.tex), and switched programs (Appendix B),
built with `prn_program_of` / `switched_program_of` and played directly. Numbers worked by
hand in the Scheduling game: (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3),
(Slot3, Slot3) = (1, 1), anything else (0, 0); E is the segment (1, 3)-(3, 1)."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_csr import SELECTIONS
from test_csr_properties import game_file, games, set_exprs

from spi_lang import api
from spi_lang.geometry.text import format_outcome
from spi_lang.load.programs import assign_codes, prn_program_of, switched_program_of

OPEN = """\
import "games/scheduling.spi"
import "scheduling/always_slot1.spi"
import "scheduling/always_slot2.spi"
import "scheduling/cross_generous.spi"
program Open1 csr { default AlwaysSlot1 offer frontier }
program Open2 csr { default AlwaysSlot2 offer frontier }
"""


def _project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("o.spi").write_text(OPEN)
    return api.load("o.spi")


def _wrap(project, make, *names):
    found = [make(project.programs[n]) for n in names]
    assign_codes([*project.programs.values(), *found])
    return found


def test_prn_pair_adds_the_pmp_of_the_reference_outcome(tmp_path, monkeypatch):
    project = _project(tmp_path, monkeypatch)
    w1, w2 = _wrap(project, lambda p: prn_program_of(p, f"prn({p.name})"), "Cross1", "Cross2")
    # I = {(1, 3), (3, 1), (1, 1)} (see cross_generous.spi); leximin takes (3, 1).
    result = api.play_programs(project, w1, w2)
    assert result.payoffs == (3, 1)
    assert any(s.where == "Alg. 2 (PRN)" and "a^def = (Slot1, Slot2)" in s.text for s in result.steps)


def test_prn_against_an_ordinary_csr_program_is_its_reference(tmp_path, monkeypatch):
    project = _project(tmp_path, monkeypatch)
    (w1,) = _wrap(project, lambda p: prn_program_of(p, f"prn({p.name})"), "Cross1")
    # Cross2Pmp is a literal extension, not PRN: prn(Cross1) offers Cross1's {(1, 3)};
    # Cross2Pmp offers (3, 1) | PMP_2(result(Cross2) vs prn(Cross1)). That inner match is
    # Cross1's {(1, 3)} against {(3, 1)}: (0, 0), whose PMP_2 is the segment (1, 1)-(1, 3),
    # holding (1, 3). Agreement (1, 3), as Cross1 vs Cross2Pmp.
    cross2pmp = project.programs["Cross2Pmp"]
    assert api.play_programs(project, w1, cross2pmp).payoffs == (1, 3)
    assert api.play_programs(project, project.programs["Cross1"], cross2pmp).payoffs == (1, 3)
    # Against a base program both play their default, AlwaysSlot1 (Alg. 2, line 8).
    assert api.play_programs(project, w1, project.programs["AlwaysSlot2"]).payoffs == (0, 0)


def test_switched_programs_play_the_old_selection_under_any_other(tmp_path, monkeypatch):
    project = _project(tmp_path, monkeypatch)
    open1, open2 = project.programs["Open1"], project.programs["Open2"]
    # Both offer E from a = (Slot1, Slot2): I = E. Leximin takes (2, 2) (played as a
    # lottery over (Slot1, Slot1) and (Slot2, Slot2), 1/2 each); dictator:P2 takes (1, 3).
    assert api.play_programs(project, open1, open2).payoffs == (2, 2)
    assert api.play_programs(project, open1, open2, select="dictator:P2").payoffs == (1, 3)
    s1, s2 = _wrap(project, lambda p: switched_program_of(p, f"switch({p.name})", "leximin"), "Open1", "Open2")
    # Switched from leximin, each offers only {(2, 2)}: every selection picks it.
    for select in SELECTIONS:
        assert api.play_programs(project, s1, s2, select=select).payoffs == (2, 2)
    # Against an unswitched csr program a switched one offers its old offer: E & E under
    # dictator:P2 is (1, 3).
    assert api.play_programs(project, s1, open2, select="dictator:P2").payoffs == (1, 3)


def _random_pair(tmp_path_factory, data, wrap):
    """A random 2-player game, two csr programs B1, B2 with pure defaults and constant
    offers, and their images under `wrap`: (project, originals, images)."""
    n1, n2, table = data.draw(games())
    x, y = data.draw(st.integers(0, n1 - 1)), data.draw(st.integers(0, n2 - 1))
    s1, s2 = data.draw(set_exprs(n1, n2, True)), data.draw(set_exprs(n1, n2, True))
    path = game_file(tmp_path_factory, n1, n2, table,
                     f"program B1 csr {{ default {{ play X{x} }} offer {s1} }}\n"
                     f"program B2 csr {{ default {{ play Y{y} }} offer {s2} }}\n")
    project = api.load(path)
    originals = (project.programs["B1"], project.programs["B2"])
    wrapped = tuple(wrap(p) for p in originals)
    assign_codes([*project.programs.values(), *wrapped])
    return project, originals, wrapped


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_appendix_b_switching_keeps_every_outcome(tmp_path_factory, data):
    # Appendix B: with RN'^i = {sel(I)}, the new agreement set is the single point sel(I)
    # (or empty when I is: every offer is then empty), so any sel' picks sel(I), played as
    # its canonical outcome: the outcome of the old programs under sel. The defaults are
    # unchanged, so against an empty I both play a as before.
    old, new = data.draw(st.sampled_from(SELECTIONS)), data.draw(st.sampled_from(SELECTIONS))
    project, (b1, b2), (w1, w2) = _random_pair(tmp_path_factory, data,
                                               lambda p: switched_program_of(p, f"switch({p.name})", old))
    before = api.play_programs(project, b1, b2, select=old).outcome
    after = api.play_programs(project, w1, w2, select=new).outcome
    assert format_outcome(after) == format_outcome(before)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_the_revised_construction_reaches_the_pmm_with_two_players(tmp_path_factory, data):
    # Proof sketch (docs/theory.md). a^def = sel(I^def) >= u(a) (or a). Every point added
    # (PMP_1(a^def) or PMP_2(a^def)) weakly dominates a^def, so by transitivity sel(I) >=
    # a^def: the PRN pair never does worse than its references. m = (max(PMM_1, a^def_1),
    # max(PMM_2, a^def_2)) is in F (test_csr_properties) and in both PMPs, so in I. A point
    # x of I below PMM_1 is not in a PMP (those are >= PMM), so x is in I^def; x >= sel(I)
    # >= a^def and a^def is efficient in I^def, so u(x) = u(a^def) and m strictly dominates
    # x: sel(I), efficient in I, is never below the PMM.
    select = data.draw(st.sampled_from(SELECTIONS))
    project, (b1, b2), (w1, w2) = _random_pair(tmp_path_factory, data, lambda p: prn_program_of(p, f"prn({p.name})"))
    before = api.play_programs(project, b1, b2, select=select).payoffs
    after = api.play_programs(project, w1, w2, select=select).payoffs
    pmm = project.games["R"].pmm
    assert all(u >= v for u, v in zip(after, before)) and all(u >= m for u, m in zip(after, pmm))
