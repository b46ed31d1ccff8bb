"""Tournaments of 3 players, worked out by hand on the division game
(stdlib_programs/games/division.spi: when all three name the same player, that player gets
3 and the others 1; otherwise everyone gets 0): one population over every seat, one list
per seat, code classes, the cell limit, golden text/CSV/JSON, worker-count determinism,
argument errors, `--plot` refused, and the REPL's :tournament."""

import json
from fractions import Fraction
from pathlib import Path

import pytest

import spi_lang
from spi_lang.analysis import tournament_plan
from spi_lang.syntax.errors import SpiErrors
from spi_lang.ui.cli import main

GOLDEN = Path(__file__).parents[1] / "golden"
F = Fraction

# DivisionClique plays To1 when both others are copies of it, else To2. Selfish1 always
# plays To1. Share1 is a renegotiation program whose default is Selfish1: only with Share1
# in all three seats do all follow its template, and then the default outcome is
# (To1, To1, To1), which its map leaves alone; otherwise it plays Selfish1. So Selfish1 and
# Share1 both play To1 in every profile, and a profile pays (3, 1, 1) exactly when it has no
# clique (2^3 = 8 profiles) or three cliques (1 profile); every other profile (18) pays 0.
POPULATION = ("division/clique.spi", "division/selfish.spi:Selfish1", "division/share.spi:Share1")
NAMES = ("DivisionClique", "Selfish1", "Share1")

# Separate seats, from the header of division/offers.spi: Humble_i offers the efficient
# triangle, Bold1 below (3, 1, 1). Csr programs reach an agreement only when all three
# seats are csr (Humble2 and Humble3 are the only csr programs in seats 2 and 3):
#   (Bold1, Humble2, Humble3) -> (3, 1, 1); (Humble1, Humble2, Humble3) -> leximin
#   (5/3, 5/3, 5/3). Every other profile plays defaults or mismatched names: (0, 0, 0)
#   (the clique sees no copies and plays To2; Share3 plays Selfish3's To3).
SEATS = (("division/offers.spi:Bold1", "division/offers.spi:Humble1", "division/selfish.spi:Selfish1"),
         ("division/offers.spi:Humble2", "division/clique.spi"),
         ("division/offers.spi:Humble3", "division/share.spi:Share3"))
SEATS_ARGV = ["tournament", "--seat", "1", *SEATS[0], "--seat2", *SEATS[1], "--seat", "3", *SEATS[2]]


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_one_population_by_hand(elsewhere):
    results = spi_lang.tournament(*POPULATION, cache=None)
    assert results.seats == (NAMES, NAMES, NAMES)
    assert len(results.cells) == 27 and results.played == 27  # three distinct codes per seat
    win = (F(3), F(1), F(1))
    expected = {(a, b, c): win if NAMES[0] not in (a, b, c) or a == b == c == NAMES[0] else (0, 0, 0)
                for a in NAMES for b in NAMES for c in NAMES}
    assert {names: cell.payoffs for names, cell in results.profiles()} == expected
    assert [names for names, _ in results.profiles()][:3] == [
        (NAMES[0], NAMES[0], NAMES[0]), (NAMES[0], NAMES[0], NAMES[1]), (NAMES[0], NAMES[0], NAMES[2])]
    assert results.cell("Selfish1", "Share1", "Share1").payoffs == win
    assert results.cell("Selfish1", "DivisionClique", "Share1").payoffs == (0, 0, 0)
    # Equal results (payoffs and outcome) share one cell object: 27 cells, 7 objects (the
    # win, and 6 different miscoordinated outcomes).
    assert len({id(cell) for cell in results.cells}) == len(set(results.cells)) == 7
    # Selfish1 as P1: 9 profiles of the others; (3, 1, 1) when neither other is the clique,
    # 2 x 2 = 4 of them: 4 * 3 / 9 = 4/3. As P2 (or P3): 4 * 1 / 9 = 4/9. Over every seat:
    # (12 + 4 + 4) / 27 = 20/27. The clique wins only in (C, C, C): 3/9 = 1/3 as P1, 1/9 as
    # P2 and P3, (3 + 1 + 1) / 27 = 5/27 over every seat. Share1 is Selfish1's equal.
    got = [(s.rank, s.program, s.seat, s.mean, s.seat_means, s.finished, s.failed) for s in results.ranking]
    assert got[:3] == [(1, "Selfish1", "all", F(20, 27), (F(4, 3), F(4, 9), F(4, 9)), 27, 0),
                       (1, "Share1", "all", F(20, 27), (F(4, 3), F(4, 9), F(4, 9)), 27, 0),
                       (3, "DivisionClique", "all", F(5, 27), (F(1, 3), F(1, 9), F(1, 9)), 27, 0)]
    p2 = results.seat_ranking("P2")
    assert [(s.rank, s.program, s.mean, s.finished) for s in p2] == [
        (1, "Selfish1", F(4, 9), 9), (1, "Share1", F(4, 9), 9), (3, "DivisionClique", F(1, 9), 9)]
    assert [s for s in results.ranking if s.seat == "P2"] == list(p2)
    assert all(isinstance(x, Fraction) for cell in results.cells for x in cell.payoffs)


def test_code_classes_make_few_matches(elsewhere):
    # Copy1 has Selfish1's code: two classes per seat, 2^3 = 8 matches for 27 cells, each
    # cell the same as with Selfish1 in its place.
    (elsewhere / "copy.spi").write_text('import "games/division.spi"\nprogram Copy1 { play To1 }\n')
    results = spi_lang.tournament("copy.spi", "division/clique.spi", "division/selfish.spi:Selfish1",
                                  cache=None)
    assert (len(results.cells), results.played) == (27, 8)
    assert results.cell("Copy1", "Selfish1", "Copy1").payoffs == (3, 1, 1)
    assert results.cell("Copy1", "DivisionClique", "Selfish1").payoffs == (0, 0, 0)
    assert results.cell("DivisionClique", "DivisionClique", "DivisionClique").payoffs == (3, 1, 1)
    # The cache holds the 8 matches: a second run plays none.
    from spi_lang.engine.matches import MatchCache
    cache = MatchCache()
    spi_lang.tournament("copy.spi", "division/clique.spi", "division/selfish.spi:Selfish1", cache=cache)
    again = spi_lang.tournament("copy.spi", "division/clique.spi", "division/selfish.spi:Selfish1", cache=cache)
    assert again.played == 0 and again.to_json() == results.to_json()


def test_separate_seats_by_hand(elsewhere):
    results = spi_lang.tournament(seats=SEATS, cache=None)
    assert results.seats == (("Bold1", "Humble1", "Selfish1"), ("DivisionClique", "Humble2"),
                             ("Humble3", "Share3"))
    assert results.cell("Bold1", "Humble2", "Humble3").payoffs == (3, 1, 1)
    assert results.cell("Humble1", "Humble2", "Humble3").payoffs == (F(5, 3),) * 3
    assert results.cell("Humble1", "Humble2", "Share3").payoffs == (0, 0, 0)
    # P1: Bold1 has (3, 1, 1) in one of its 4 profiles: 3/4; Humble1 5/3 in one: 5/12.
    # P2: Humble2's payoffs over its 6 profiles: 1 (Bold1, Humble3) + 5/3 (Humble1,
    # Humble3) = 8/3, / 6 = 4/9; likewise Humble3 as P3.
    got = [(s.seat, s.rank, s.program, s.mean, s.finished) for s in results.ranking]
    assert got == [("P1", 1, "Bold1", F(3, 4), 4), ("P1", 2, "Humble1", F(5, 12), 4),
                   ("P1", 3, "Selfish1", F(0), 4),
                   ("P2", 1, "Humble2", F(4, 9), 6), ("P2", 2, "DivisionClique", F(0), 6),
                   ("P3", 1, "Humble3", F(4, 9), 6), ("P3", 2, "Share3", F(0), 6)]
    with pytest.raises(ValueError, match="3 seats has no matrix"):
        results.matrix
    with pytest.raises(ValueError, match="one program per seat"):
        results.cell("Bold1", "Humble2")


GOLDEN_CASES = [
    ("tournament_division.txt", SEATS_ARGV),
    ("tournament_division.csv", [*SEATS_ARGV, "--fuel", "10", "--csv", "-"]),
    ("tournament_division_population.json", ["tournament", *POPULATION, "--json"]),
]


@pytest.mark.parametrize("golden, argv", GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(run, golden, argv):
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / golden).read_text()


def test_golden_failures_by_hand(run):
    # With 10 steps the all-csr profiles run out of fuel while evaluating the first offer;
    # the others (defaults, a clique) need fewer.
    rows = run(*SEATS_ARGV, "--fuel", "10", "--csv", "-")[1].splitlines()
    assert rows[0] == "program1,program2,program3,payoff1,payoff2,payoff3,outcome,error"
    failed = [row.split(",")[:3] for row in rows[1:] if "out of fuel" in row]
    assert failed == [["Bold1", "Humble2", "Humble3"], ["Humble1", "Humble2", "Humble3"]]
    assert "out of fuel: Bold1 vs Humble2 vs Humble3 took more than 10 steps" in rows[3]


def test_the_same_bytes_with_any_number_of_workers(run, monkeypatch):
    outputs = set()
    for workers in ("1", "2"):
        for view in ([], ["--json"], ["--csv", "-"]):
            code, out, err = run("tournament", *POPULATION, "--workers", workers, *view)
            assert (code, err) == (0, "")
            outputs.add((tuple(view), out))
    assert len(outputs) == 3  # one output per view, whatever the worker count
    code, out, err = run(*SEATS_ARGV, "--workers", "2")
    assert out == (GOLDEN / "tournament_division.txt").read_text()
    # Spawned workers (where processes cannot fork) load the files themselves.
    from spi_lang.analysis import tournaments
    monkeypatch.setattr(tournaments, "get_all_start_methods", lambda: ["spawn"])
    assert run(*SEATS_ARGV, "--workers", "2")[1] == out


def test_the_cell_limit_is_an_error_before_any_match(run, monkeypatch):
    # The real limit, 1,000,000 cells for 3+ seats (100 programs in 3); 2 seats have none.
    assert tournament_plan.size_problem([4000, 4000]) is None
    assert tournament_plan.size_problem([100, 100, 100]) is None
    assert tournament_plan.size_problem([101, 100, 100]).startswith(
        "this tournament has 1,010,000 cells (101 x 100 x 100 programs per seat)")
    monkeypatch.setattr(tournament_plan, "MAX_CELLS", 26)
    monkeypatch.setattr(spi_lang.engine.matches, "play_match", None)  # no match may start
    code, out, err = run("tournament", *POPULATION)
    assert (code, out) == (1, "")
    assert err == ("spilang: error: this tournament has 27 cells (3 x 3 x 3 programs per seat), more "
                   "than the limit of 26: give fewer programs, or separate seats with fewer in some\n")
    with pytest.raises(SpiErrors, match="27 cells"):
        spi_lang.tournament(*POPULATION)


@pytest.mark.parametrize("argv, message", [
    (["tournament", "--seat1", "a.spi", "--seat", "3", "b.spi"], "give every seat's programs, 1 to 3: seat 2 has none"),
    (["tournament", "--seat", "2", "a.spi", "--seat", "3", "b.spi"], "give every seat's programs, 1 to 3: seat 1 has none"),
    (["tournament", "--seat", "x", "a.spi"], "--seat takes a seat number (1, 2, 3, ...) and then its programs, not 'x'"),
    (["tournament", "--seat", "3"], "--seat 3 needs at least one SPEC"),
    (["tournament", "--seat1", "a.spi", "--seat", "1", "b.spi"], "seat 1 is given twice"),
    (["tournament", "x.spi", "--seat", "1", "a.spi", "--seat", "2", "b.spi"],
     "give FILE... or --seat N SPEC... for every seat, not both"),
])
def test_usage_errors_exit_2(run, argv, message):
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith("usage: spilang tournament")
    assert err.rstrip().endswith(message)


def test_seats_that_do_not_fit_the_game_and_plots_are_user_errors(run):
    code, out, err = run("tournament", "--seat1", *SEATS[0], "--seat2", *SEATS[1])
    assert (code, out) == (1, "")
    assert err.startswith("<stdlib>/games/division.spi:9:6: error: game Division has 3 players: "
                          "give one list of programs per seat (3 lists, not 2)\n9 | game Division {\n")
    code, out, err = run("tournament", *POPULATION, "--plot", "heat.png")
    assert (code, out) == (1, "")
    assert "error: game Division has 3 players: a tournament's heat map (--plot) draws the payoff " \
           "matrix of a 2-player game" in err and "Traceback" not in err
    assert not (GOLDEN / "heat.png").exists()


def test_python_api_seats(elsewhere):
    with pytest.raises(ValueError, match="either as one population or as seat1 and seat2"):
        spi_lang.tournament(*POPULATION, seats=SEATS)
    with pytest.raises(ValueError, match="either as one population or as seat1 and seat2"):
        spi_lang.tournament(seats=(SEATS[0],))
    with pytest.raises(ValueError, match="either as one population or as seat1 and seat2"):
        spi_lang.tournament(seats=(SEATS[0], ()))
    # For 2 players, seats=(a, b) is seat1=a, seat2=b.
    two = spi_lang.tournament(seats=(("scheduling/fair1.spi",), ("scheduling/fair2.spi",)))
    assert two.to_json() == spi_lang.tournament(seat1=("scheduling/fair1.spi",), seat2=("scheduling/fair2.spi",)).to_json()
    assert two.matrix == ((two.cell("Fair1", "Fair2"),),)


def test_json_of_three_seats(run):
    data = json.loads(run(*SEATS_ARGV, "--json")[1])
    assert data["seats"] == [["Bold1", "Humble1", "Selfish1"], ["DivisionClique", "Humble2"],
                             ["Humble3", "Share3"]]
    assert "matrix" not in data and "seat1" not in data
    lex = next(c for c in data["cells"] if c["programs"] == ["Humble1", "Humble2", "Humble3"])
    assert lex["payoffs"] == ["5/3", "5/3", "5/3"]
    # leximin's (5/3, 5/3, 5/3) is the lottery 1/3 each over the three prizes.
    assert [o["probability"] for o in lex["outcome"]] == ["1/3", "1/3", "1/3"]
    assert data["ranking"][0] == {"rank": 1, "program": "Bold1", "seat": "P1", "mean": "3/4",
                                  "means": {"P1": "3/4"}, "finished": 4, "failed": 0}


def test_repl_tournament_in_a_three_player_game(repl):
    code, out, err = repl(":tournament --seat 1 Bold1 Humble1 --seat 2 Humble2 --seat 3 Humble3\n"
                          ":tournament --seat 1 Bold1 --seat 3 Humble3\n"
                          ":tournament Humble1 --plot t.png\n"
                          ":tournament Humble1 Humble2 Humble3\n", "division/offers.spi")
    assert code == 1
    # (Bold1, Humble2, Humble3) -> (3, 1, 1); (Humble1, Humble2, Humble3) -> (5/3, 5/3, 5/3).
    assert ("P1       P2       P3       payoffs\nBold1    Humble2  Humble3  3, 1, 1\n"
            "Humble1  Humble2  Humble3  5/3, 5/3, 5/3\n") in out
    # Humble2 as P2: (1 + 5/3) / 2 = 4/3.
    assert "1     Humble2  4/3   1.3333  2         0" in out
    assert "(--seat N NAME... for every seat of a game of more players)" in err
    assert "game Division has 3 players: a tournament's heat map (--plot)" in err
    assert "3 programs play every seat: 27 matches, 0 failed" in out
    assert not any(Path("t.png").exists() for _ in [0])
