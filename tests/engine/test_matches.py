"""The match cache (spi_lang/matches.py): keys by canonical code, hits for code-equal
programs of any world, misses for another selection, fuel or game, failures never cached,
LRU eviction, and the seat checks that come before a match."""

from pathlib import Path

import pytest

import spi_lang
from spi_lang import SpiErrors
from spi_lang.engine import matches
from spi_lang.engine.matches import MatchCache


@pytest.fixture
def world(tmp_path, monkeypatch):
    """A project with renamed copies and a counter of the matches really played."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.spi").write_text(
        'import "games/scheduling.spi"\nimport "scheduling/fair1.spi"\nimport "scheduling/fair2.spi"\n'
        "program Hard1 { play Slot1 }\n"
        "program Hard1Copy {\n  # a comment and other layout: the same code\n  play   Slot1\n}\n"
        "program Soft2 { play Slot2 }\n"
        "program Fair1Copy renegotiation {\n  default { play Slot1 }\n"
        "  map (Slot1, Slot2) -> (Slot3, Slot3)\n  map (Slot2, Slot1) -> (Slot3, Slot3)\n}\n"
        "program Loop csr { default Hard1\n offer offers(Loop) }\n"
        "program LoopCopy csr { default Hard1\n offer offers(LoopCopy) }\n")
    project = spi_lang.load("p.spi")
    played = []
    real = matches.play_match

    def counting(game, programs, *args, **kwargs):
        played.append(tuple(p.name for p in programs))
        return real(game, programs, *args, **kwargs)
    monkeypatch.setattr(matches, "play_match", counting)
    return project, played


def test_code_equal_programs_share_a_key(world):
    project, _ = world
    p, game = project.programs, project.games["Scheduling"]
    assert p["Hard1"].digest == p["Hard1Copy"].digest
    # A named default and an equal default block are the same code (README, code equality).
    assert p["Fair1"].digest == p["Fair1Copy"].digest
    assert p["Hard1"].digest != p["Soft2"].digest
    assert matches.key(game, (p["Hard1"], p["Soft2"]), "leximin", 10) == \
        matches.key(game, (p["Hard1Copy"], p["Soft2"]), "leximin", 10)
    assert matches.key(game, (p["Hard1"], p["Soft2"]), "leximin", 10) != \
        matches.key(game, (p["Soft2"], p["Hard1"]), "leximin", 10)


def test_digests_agree_across_worlds(world, tmp_path):
    project, _ = world
    (tmp_path / "other.spi").write_text('import "games/scheduling.spi"\nprogram Zzz { play Slot1 }\n')
    other = spi_lang.load("other.spi")
    assert other.programs["Zzz"].digest == project.programs["Hard1"].digest
    assert matches.game_digest(other.games["Scheduling"]) == matches.game_digest(project.games["Scheduling"])


def test_a_code_equal_match_is_played_once(world):
    project, played = world
    p, game = project.programs, project.games["Scheduling"]
    cache = MatchCache()
    first = matches.play(game, (p["Hard1"], p["Soft2"]), cache=cache)
    second = matches.play(game, (p["Hard1Copy"], p["Soft2"]), cache=cache)
    # (Slot1, Slot2) pays (0, 0) in Scheduling.
    assert first == second
    assert first.payoffs == (0, 0)
    assert played == [("Hard1", "Soft2")]
    assert (cache.hits, cache.misses, len(cache)) == (1, 1, 1)


def test_selection_fuel_and_seats_are_part_of_the_key(world):
    project, played = world
    p, game = project.programs, project.games["Scheduling"]
    cache = MatchCache()
    matches.play(game, (p["Fair1"], p["Fair2"]), "leximin", 100, cache=cache)
    matches.play(game, (p["Fair1"], p["Fair2"]), "nash", 100, cache=cache)
    matches.play(game, (p["Fair1"], p["Fair2"]), "leximin", 101, cache=cache)
    reverse = matches.play(game, (p["Fair2"], p["Fair1"]), "leximin", 100, cache=cache)
    assert len(played) == 4 and cache.hits == 0
    # Fair2 vs Fair1: defaults (Slot2, Slot1), renegotiated to (Slot3, Slot3) = (1, 1).
    assert reverse.payoffs == (1, 1)


def test_failures_are_not_cached_and_keep_their_names(world):
    project, played = world
    p, game = project.programs, project.games["Scheduling"]
    cache = MatchCache()
    for a, b in (("Loop", "LoopCopy"), ("LoopCopy", "Loop"), ("Loop", "LoopCopy")):
        with pytest.raises(SpiErrors) as info:
            matches.play(game, (p[a], p[b]), cache=cache)
        assert f"the offer of {a} (P1) against {b}" in info.value.errors[0].message
    assert len(played) == 3 and len(cache) == 0


def test_out_of_fuel_is_a_failure(world):
    project, _ = world
    p, game = project.programs, project.games["Scheduling"]
    # Two plays and the result line: 3 steps; 2 is not enough.
    assert matches.play(game, (p["Hard1"], p["Soft2"]), fuel=3, cache=None).payoffs == (0, 0)
    with pytest.raises(SpiErrors, match="out of fuel: Hard1 vs Soft2 took more than 2 steps"):
        matches.play(game, (p["Hard1"], p["Soft2"]), fuel=2, cache=None)


def test_least_recently_used_results_are_dropped(world):
    project, played = world
    p, game = project.programs, project.games["Scheduling"]
    cache = MatchCache(maxsize=2)
    for a, b in (("Hard1", "Soft2"), ("Soft2", "Hard1"), ("Hard1", "Soft2"), ("Soft2", "Soft2"),
                 ("Hard1", "Soft2"), ("Soft2", "Hard1")):
        matches.play(game, (p[a], p[b]), cache=cache)
    # Hard1-Soft2 was used last when Soft2-Soft2 came in, so Soft2-Hard1 was dropped.
    assert played == [("Hard1", "Soft2"), ("Soft2", "Hard1"), ("Soft2", "Soft2"), ("Soft2", "Hard1")]
    assert len(cache) == 2
    cache.clear()
    assert (len(cache), cache.hits, cache.misses) == (0, 0, 0)


def test_the_default_cache_is_used_without_one(world):
    project, played = world
    p, game = project.programs, project.games["Scheduling"]
    matches.CACHE.clear()
    matches.play(game, (p["Soft2"], p["Soft2"]))
    matches.play(game, (p["Soft2"], p["Soft2"]))
    assert played == [("Soft2", "Soft2")] and matches.CACHE.hits == 1
    matches.CACHE.clear()


def test_a_program_must_fit_its_seat_before_playing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "asym.spi").write_text(
        "game Asym {\n  actions Row: Up, Down\n  actions Col: Left, Right\n  payoff (_, _) = (0, 0)\n}\n"
        "program Up1 { play Up }\nprogram Left2 { play Left }\n")
    project = spi_lang.load("asym.spi")
    p, game = project.programs, project.games["Asym"]
    assert matches.seat_errors(p["Up1"], game, 0) == []
    (error,) = matches.seat_errors(p["Up1"], game, 1)
    assert error.message == "'Up' is not an action of player Col (seat 2) in game Asym; its actions are Left, Right"
    with pytest.raises(SpiErrors) as info:
        matches.play(game, (p["Left2"], p["Up1"]), cache=None)
    assert len(info.value.errors) == 2  # Left2 cannot sit in seat 1 and Up1 not in seat 2


STDLIB_SCHEDULING = ["always_slot1", "always_slot2", "fair1", "fair2", "yield_to_hardliner2",
                     "bold1", "modest2", "hardline1_pmp", "hardline2_pmp"]


def test_untraced_matches_spend_the_same_fuel_and_give_the_same_outcome(tmp_path, monkeypatch):
    """Tournaments play without a trace; the steps must still count exactly as when traced,
    so the same --fuel fails the same matches with the same message."""
    from spi_lang.engine.interpreter import play_match
    monkeypatch.chdir(tmp_path)
    specs = [f"scheduling/{name}.spi" for name in STDLIB_SCHEDULING] + ["mixed.spi"]
    (tmp_path / "mixed.spi").write_text((Path(__file__).parents[1] / "golden" / "mixed.spi").read_text())
    project = spi_lang.load(*specs)
    game = project.games["Scheduling"]
    programs = [p for spec in specs for p in project.programs_in(spec)]
    for p1 in programs:
        for p2 in programs:
            traced = play_match(game, (p1, p2))
            steps = _fewest_steps(game, p1, p2)
            untraced = play_match(game, (p1, p2), fuel=steps, trace=False)
            assert (untraced.outcome, untraced.payoffs, untraced.steps) == (traced.outcome, traced.payoffs, ())
            with pytest.raises(spi_lang.SpiError) as traced_error:
                play_match(game, (p1, p2), fuel=steps - 1)
            with pytest.raises(spi_lang.SpiError) as untraced_error:
                play_match(game, (p1, p2), fuel=steps - 1, trace=False)
            assert traced_error.value.message == untraced_error.value.message


def _fewest_steps(game, p1, p2) -> int:
    """The smallest fuel a traced match finishes with (binary search)."""
    from spi_lang.engine.interpreter import play_match
    low, high = 1, 100_000  # play_match(fuel=high) finishes
    while low < high:
        middle = (low + high) // 2
        try:
            play_match(game, (p1, p2), fuel=middle)
            high = middle
        except spi_lang.SpiError:
            low = middle + 1
    return low
