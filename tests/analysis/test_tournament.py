"""Tournaments (`spilang tournament`, `spi_lang.tournament`): the payoff matrix and the
ranking worked out by hand on the Scheduling game, seats, failing matches recorded in
their cells, golden text/CSV/JSON, determinism, atomic writes, the progress bar and
argument errors."""

import io
import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

import spi_lang
import spi_lang.engine.compiled_rows
from spi_lang.analysis import tournaments
from spi_lang.syntax.errors import SpiError
from spi_lang.ui import output_files as atomic
from spi_lang.ui.cli import main

GOLDEN = Path(__file__).parents[1] / "golden"

# Scheduling (Table 1): (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3),
# (Slot3, Slot3) = (1, 1), every other profile (0, 0).
FOUR = ("scheduling/always_slot1.spi", "scheduling/always_slot2.spi",
        "scheduling/fair1.spi", "scheduling/fair2.spi")
F = Fraction


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_matrix_by_hand(elsewhere):
    results = spi_lang.tournament(*FOUR)
    assert results.seat1 == results.seat2 == ("AlwaysSlot1", "AlwaysSlot2", "Fair1", "Fair2")
    # A base program meets a renegotiation program: the latter plays its default (line 8),
    # so Fair1 acts as AlwaysSlot1 and Fair2 as AlwaysSlot2 against the base programs.
    # Fair1 vs Fair1: defaults (Slot1, Slot1), which both maps leave alone -> (3, 1).
    # Fair1 vs Fair2: defaults (Slot1, Slot2) -> both map it to (Slot3, Slot3) -> (1, 1);
    # Fair2 vs Fair1: defaults (Slot2, Slot1) -> (Slot3, Slot3) -> (1, 1).
    expected = [[(3, 1), (0, 0), (3, 1), (0, 0)],
                [(0, 0), (1, 3), (0, 0), (1, 3)],
                [(3, 1), (0, 0), (3, 1), (1, 1)],
                [(0, 0), (1, 3), (1, 1), (1, 3)]]
    assert [[c.payoffs for c in row] for row in results.matrix] == expected
    assert results.cell("Fair2", "Fair1").outcome.support == ((("Slot3", "Slot3"), 1),)
    assert all(c.ok for row in results.matrix for c in row)


def test_ranking_by_hand_over_both_seats_with_ties(elsewhere):
    results = spi_lang.tournament(*FOUR)
    # Each program: its 4 payoffs as P1 (its row, first numbers) and 4 as P2 (its column,
    # second numbers), self-play counted in both seats.
    #   AlwaysSlot1: P1 3+0+3+0 = 6, P2 1+0+1+0 = 2 -> (6+2)/8 = 1 (3/2 as P1, 1/2 as P2)
    #   AlwaysSlot2: P1 0+1+0+1 = 2, P2 0+3+0+3 = 6 -> 1 (1/2, 3/2)
    #   Fair1:       P1 3+0+3+1 = 7, P2 1+0+1+1 = 3 -> 10/8 = 5/4 (7/4, 3/4)
    #   Fair2:       P1 0+1+1+1 = 3, P2 0+3+1+3 = 7 -> 5/4 (3/4, 7/4)
    # Equal means share a rank (competition ranking) and are listed by name.
    got = [(s.rank, s.program, s.seat, s.mean, s.seat_means, s.finished, s.failed)
           for s in results.ranking]
    assert got == [
        (1, "Fair1", "both", F(5, 4), (F(7, 4), F(3, 4)), 8, 0),
        (1, "Fair2", "both", F(5, 4), (F(3, 4), F(7, 4)), 8, 0),
        (3, "AlwaysSlot1", "both", F(1), (F(3, 2), F(1, 2)), 8, 0),
        (3, "AlwaysSlot2", "both", F(1), (F(1, 2), F(3, 2)), 8, 0),
    ]


def test_seats_have_their_own_rankings(elsewhere):
    results = spi_lang.tournament(seat1=("scheduling/fair1.spi", "scheduling/always_slot1.spi"),
                                  seat2=("scheduling/fair2.spi", "scheduling/yield_to_hardliner2.spi"))
    assert (results.seat1, results.seat2) == (("AlwaysSlot1", "Fair1"), ("Fair2", "YieldToHardliner2"))
    # AlwaysSlot1 vs Fair2 (default AlwaysSlot2): (Slot1, Slot2) -> (0, 0);
    # AlwaysSlot1 vs YieldToHardliner2, which sees AlwaysSlot1 and yields -> (3, 1);
    # Fair1 vs Fair2 -> (Slot3, Slot3) = (1, 1); Fair1 vs YieldToHardliner2: Fair1 plays
    # its default Slot1, Fair1 is not AlwaysSlot1's code so P2 plays Slot2 -> (0, 0).
    assert [[c.payoffs for c in row] for row in results.matrix] == [[(0, 0), (3, 1)], [(1, 1), (0, 0)]]
    # As P1: AlwaysSlot1 (0 + 3)/2 = 3/2, Fair1 (1 + 0)/2 = 1/2.
    # As P2: Fair2 (0 + 1)/2 = 1/2, YieldToHardliner2 (1 + 0)/2 = 1/2: a tie.
    got = [(s.rank, s.program, s.seat, s.mean, s.seat_means) for s in results.ranking]
    assert got == [(1, "AlwaysSlot1", "P1", F(3, 2), (F(3, 2),)), (2, "Fair1", "P1", F(1, 2), (F(1, 2),)),
                   (1, "Fair2", "P2", F(1, 2), (F(1, 2),)),
                   (1, "YieldToHardliner2", "P2", F(1, 2), (F(1, 2),))]


def test_a_program_that_exhausts_its_fuel_fails_only_its_cells(elsewhere):
    # Steps (each trace step costs one, as `spilang play --trace` shows them):
    #   base vs base: 2 plays + the result line = 3;
    #   base vs Fair: Fair's line 1, 2 plays, Fair's line 8, the result = 5;
    #   Fair vs Fair: 2 x line 1, line 2, 2 default plays, a = ..., line 3, line 4, result = 9.
    # With 5 steps every match finishes except the four between Fair programs.
    results = spi_lang.tournament(*FOUR, fuel=5)
    failed = {(a, b) for a, row in zip(results.seat1, results.matrix)
              for b, c in zip(results.seat2, row) if not c.ok}
    assert failed == {("Fair1", "Fair1"), ("Fair1", "Fair2"), ("Fair2", "Fair1"), ("Fair2", "Fair2")}
    cell = results.cell("Fair1", "Fair2")
    assert cell.payoffs is None
    assert cell.error == ("<stdlib>/scheduling/fair1.spi:16:9: out of fuel: Fair1 vs Fair2 took more "
                          "than 5 steps (raise it with --fuel)")
    assert results.cell("Fair1", "AlwaysSlot1").payoffs == (3, 1)
    # Fair1 without its two failed matches against Fair programs in each seat:
    # P1 3 + 0, P2 1 + 0 -> 4/4 = 1.
    fair1 = next(s for s in results.ranking if s.program == "Fair1")
    assert (fair1.mean, fair1.finished, fair1.failed) == (1, 4, 4)


def test_the_fuel_failure_on_the_command_line(run):
    code, out, err = run("tournament", *FOUR, "--fuel", "5")
    assert (code, err) == (0, "")
    assert "16 matches, 4 failed" in out
    assert "Fair1        3, 1         0, 0         failed [1]  failed [2]" in out
    assert ("  [2] Fair1 vs Fair2: <stdlib>/scheduling/fair1.spi:16:9: out of fuel: Fair1 vs Fair2 "
            "took more than 5 steps (raise it with --fuel)") in out


GOLDEN_CASES = [
    ("tournament_loop.txt", ["tournament", "tournament_loop.spi", "scheduling/fair1.spi",
                             "scheduling/hardline2.spi"]),
    ("tournament_loop.csv", ["tournament", "tournament_loop.spi", "scheduling/fair1.spi",
                             "scheduling/hardline2.spi", "--csv", "-"]),
    ("tournament_seats.json", ["tournament", "--seat1", "tournament_loop.spi", "scheduling/fair1.spi",
                               "--seat2", "scheduling/hardline2.spi", "scheduling/fair2.spi", "--json"]),
]


@pytest.mark.parametrize("golden, argv", GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(run, golden, argv):
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / golden).read_text()


def test_golden_loop_by_hand(run):
    # Fair1 vs Hardline2: different templates, both play their defaults: (Slot1, Slot2).
    # Hardline2 vs Hardline2: defaults (Slot2, Slot2) = (1, 3); both offer point (1, 3),
    # which is the agreement -> (1, 3). Loop vs Fair1: defaults (Slot1, Slot1) = (3, 1).
    # Loop against a csr program evaluates offers(Loop) inside its own offer: it fails.
    data = json.loads(run("tournament", "tournament_loop.spi", "scheduling/fair1.spi",
                          "scheduling/hardline2.spi", "--json")[1])
    cells = {(a, b): c for a, row in zip(data["seat1"], data["matrix"]) for b, c in zip(data["seat2"], row)}
    assert cells["Fair1", "Hardline2"]["payoffs"] == ["0", "0"]
    assert cells["Hardline2", "Hardline2"]["payoffs"] == ["1", "3"]
    assert cells["Loop", "Fair1"]["payoffs"] == ["3", "1"]
    assert cells["Loop", "Loop"] == {"error": "tournament_loop.spi:8:9: this evaluation depends on "
                                              "itself: the offer of Loop (P1) against Loop -> the "
                                              "offer of Loop (P1) against Loop"}
    # Loop finished only against Fair1: 3 as P1, 1 as P2 -> mean 2, with 4 failed matches.
    loop = next(s for s in data["ranking"] if s["program"] == "Loop")
    assert loop == {"rank": 1, "program": "Loop", "seat": "both", "mean": "2",
                    "means": {"P1": "3", "P2": "1"}, "finished": 2, "failed": 4}


def test_output_does_not_depend_on_file_order_or_workers(run):
    files = ["tournament_loop.spi", "scheduling/fair1.spi", "scheduling/hardline2.spi",
             "scheduling/always_slot2.spi", "scheduling/hardline1_pmp.spi"]
    outputs = {run("tournament", *order, *extra, "--json", "--fuel", "60")
               for order in (files, files[::-1], files[2:] + files[:2])
               for extra in ([], ["--workers", "2"])}
    assert len(outputs) == 1
    (code, out, err), = outputs
    assert (code, err) == (0, "")
    # Against itself Hardline1Pmp nests result(...) evaluations past 60 steps.
    assert "out of fuel: Hardline1Pmp vs Hardline1Pmp" in out


def test_output_is_the_same_under_every_hash_seed():
    outputs = set()
    for seed in ("0", "7"):
        done = subprocess.run([sys.executable, "-m", "spi_lang", "tournament", "tournament_loop.spi",
                               "scheduling/fair1.spi", "scheduling/hardline2_pmp.spi", "--workers", "2"],
                              cwd=GOLDEN, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_renamed_identical_programs_are_played_once(elsewhere):
    (elsewhere / "twins.spi").write_text(
        'import "games/scheduling.spi"\n'
        "program Hard1 { play Slot1 }\n"
        "program Hard1Again {\n  play Slot1   # the same code as Hard1\n}\n"
        "program Soft { play Slot2 }\n")
    # 3 x 3 = 9 matches, but Hard1 and Hard1Again have equal code: the distinct code pairs
    # are {Hard}x{Hard}, {Hard}xSoft, Softx{Hard} and SoftxSoft, so 4 are played.
    results = spi_lang.tournament("twins.spi", cache=None)
    assert results.played == 4
    assert results.cell("Hard1Again", "Hard1").payoffs == (3, 1)
    assert results.cell("Soft", "Hard1Again").payoffs == (0, 0)
    # With a shared cache, a second tournament plays nothing.
    cache = spi_lang.engine.matches.MatchCache()
    first = spi_lang.tournament("twins.spi", cache=cache)
    again = spi_lang.tournament("twins.spi", cache=cache)
    assert (first.played, again.played, len(cache)) == (4, 0, 4)
    assert (again.matrix, again.ranking) == (first.matrix, first.ranking)


def test_code_equal_pairs_that_fail_get_their_own_message(elsewhere):
    (elsewhere / "loops.spi").write_text(
        'import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
        "program LoopA csr { default AlwaysSlot1\n offer offers(LoopA) }\n"
        "program LoopB csr { default AlwaysSlot1\n offer offers(LoopB) }\n")
    results = spi_lang.tournament("loops.spi", cache=None)
    # LoopA and LoopB have equal code: one key for all 4 matches, but a failure's message
    # names its programs, so each failed match is played for its own message.
    assert results.played == 4
    assert "the offer of LoopB (P1) against LoopA" in results.cell("LoopB", "LoopA").error
    assert "the offer of LoopA (P1) against LoopB" in results.cell("LoopA", "LoopB").error


def test_a_program_that_cannot_take_a_seat_fails_its_cells(elsewhere):
    (elsewhere / "asym.spi").write_text(
        "game Asym {\n  actions Row: Up, Down\n  actions Col: Left, Right\n"
        "  payoff (Up, Left) = (2, 1)\n  payoff (_, _) = (0, 0)\n}\n"
        "program Up1 { play Up }\nprogram Left2 { play Left }\n")
    results = spi_lang.tournament("asym.spi")
    # Up1 can only sit in seat 1 and Left2 only in seat 2: one match of four can be played.
    assert results.cell("Up1", "Left2").payoffs == (2, 1)
    assert results.cell("Up1", "Up1").error == ("asym.spi:7:20: 'Up' is not an action of player "
                                                "Col (seat 2) in game Asym; its actions are Left, Right")
    assert results.cell("Left2", "Up1").error.endswith("(and 1 more error)")
    assert results.played == 1


def test_csv_and_json_files_are_written_atomically(run, tmp_path, monkeypatch):
    csv_out, json_out = tmp_path / "out.csv", tmp_path / "out.json"
    code, out, err = run("tournament", "tournament_loop.spi", "scheduling/fair1.spi", "scheduling/hardline2.spi",
                         "--csv", str(csv_out), "--json-out", str(json_out))
    assert (code, err) == (0, "")
    assert out == (GOLDEN / "tournament_loop.txt").read_text()
    assert csv_out.read_text() == (GOLDEN / "tournament_loop.csv").read_text()
    assert json.loads(json_out.read_text())["seat1"] == ["Fair1", "Hardline2", "Loop"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.json"]  # no temp files
    assert csv_out.stat().st_mode & 0o777 == 0o666 & ~_umask()

    # A failure while replacing leaves the old file whole and no temporary file behind.
    def broken(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(SpiError, match="cannot write the file: No space left on device"):
        atomic.write_text(str(csv_out), "half")
    assert csv_out.read_text() == (GOLDEN / "tournament_loop.csv").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.json"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_unwritable_output_is_an_error_before_the_run(run, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the tournament must not run")
    monkeypatch.setattr(spi_lang.api.tournaments, "run", never)
    code, out, err = run("tournament", *FOUR, "--csv", "no/such/folder/out.csv")
    assert (code, out) == (1, "")
    assert err.startswith("no/such/folder/out.csv: error: cannot write here: no folder ")
    code, out, err = run("tournament", *FOUR, "--json-out", ".")
    assert (code, err) == (1, ".: error: this is a folder; name a file to write\n")
    code, out, err = run("tournament", *FOUR, "--csv", "")
    assert (code, err) == (1, "<output>: error: an empty file name; name a file to write\n")
    code, out, err = run("tournament", *FOUR, "--plot", "no/such/folder/heat.png")
    assert code == 1 and err.startswith("no/such/folder/heat.png: error: cannot write here")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_runs_longer_than_a_second(elsewhere, monkeypatch):
    real = spi_lang.analysis.tournaments._play_profiles
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    spi_lang.tournament(*FOUR, progress=True, cache=None)
    assert terminal.getvalue() == ""  # a fast run stays quiet

    def slow(profiles, state):  # each match 0.15 s, whether compiled or interpreted
        import time
        time.sleep(0.15 * len(profiles))
        return real(profiles, state)
    real_row = spi_lang.engine.compiled_rows.Rows.row

    def slow_row(self, program):  # cells filled from compiled tables count too
        import time
        found = real_row(self, program)
        time.sleep(0.15 * len(found))
        return found
    monkeypatch.setattr(spi_lang.analysis.tournaments, "_play_profiles", slow)
    monkeypatch.setattr(spi_lang.engine.compiled_rows.Rows, "row", slow_row)
    spi_lang.tournament(*FOUR, progress=True, cache=None)  # 16 matches x 0.15 s
    assert "tournament: " in terminal.getvalue() and "match" in terminal.getvalue()


@pytest.mark.parametrize("argv, message", [
    (["tournament"], "no programs: give FILE... or --seat1 SPEC... --seat2 SPEC..."),
    (["tournament", "--seat1", "scheduling/fair1.spi"], "give both --seat1 and --seat2"),
    (["tournament", "scheduling/fair1.spi", "--seat1", "a.spi", "--seat2", "b.spi"],
     "give FILE... or --seat1 and --seat2, not both"),
    (["tournament", *FOUR, "--json", "--csv", "-"], "--json and --csv - both print to standard output"),
    (["tournament", *FOUR, "--workers", "0"], "expected a whole number of at least 1, not '0'"),
    (["tournament", *FOUR, "--json-out", "-"], "--json-out - is not a file: use --json to print the JSON"),
])
def test_usage_errors_exit_2(run, argv, message):
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith("usage: spilang tournament")
    assert err.rstrip().endswith(message)


@pytest.mark.parametrize("argv, error", [
    (["tournament", "games/scheduling.spi"], "<stdlib>/games/scheduling.spi: error: this file declares no program"),
    (["tournament", "scheduling/fair1.spi:Nope"], "scheduling/fair1.spi has no program Nope"),
    (["tournament", "scheduling/fair1.spi", "prisoners_dilemma/clique_bot.spi"],
     "several games are visible (PrisonersDilemma, Scheduling); pick one with --game"),
    (["tournament", "nope.spi"], "nope.spi: error: no such file"),
])
def test_user_errors_exit_1(run, argv, error):
    code, out, err = run(*argv)
    assert (code, out) == (1, "")
    assert error in err
    assert "Traceback" not in err


def test_a_game_of_three_players_is_played(elsewhere, capsys):
    # Tournaments used to stop here ("spilang plays 2-player games"); now Only plays every
    # seat of the one profile (Only, Only, Only) = (X, X, X) = (1, 1, 1). The n-player
    # tournaments are tested in tests/analysis/test_tournament_nplayer.py.
    (elsewhere / "three.spi").write_text(
        "game Three {\n  players A, B, C\n  actions X\n  payoff (X, X, X) = (1, 1, 1)\n}\n"
        "program Only { play X }\n")
    assert main(["tournament", "three.spi", "--csv", "-"]) == 0
    assert capsys.readouterr().out == ("program1,program2,program3,payoff1,payoff2,payoff3,outcome,error\n"
                                       'Only,Only,Only,1,1,1,"(X, X, X)",\n')


def test_python_api_rejects_unclear_populations(elsewhere):
    with pytest.raises(ValueError, match="either as one population or as seat1 and seat2"):
        spi_lang.tournament()
    with pytest.raises(ValueError, match="either as one population or as seat1 and seat2"):
        spi_lang.tournament(*FOUR, seat1=FOUR, seat2=FOUR)
    with pytest.raises(ValueError, match="workers must be at least 1"):
        spi_lang.tournament(*FOUR, workers=0)


def test_results_object_for_notebooks(elsewhere):
    results = spi_lang.tournament(*FOUR, workers=2)
    assert isinstance(results, spi_lang.TournamentResults)
    assert results.cell("Fair1", "Fair2").payoffs == (F(1), F(1))
    assert all(isinstance(x, Fraction) for row in results.matrix for c in row for x in c.payoffs)
    csv_rows = results.to_csv().splitlines()
    assert csv_rows[0] == "program1,program2,payoff1,payoff2,outcome,error"
    assert csv_rows[3] == 'AlwaysSlot1,Fair1,3,1,"(Slot1, Slot1)",'
    assert json.loads(results.to_json())["ranking"][0]["mean"] == "5/4"
    assert results.to_text() == spi_lang.tournament(*FOUR).to_text()


def test_reason_is_one_line_with_the_position():
    from spi_lang.syntax.errors import Span
    errors = [SpiError("first", Span.point("a.spi", 3, 4)), SpiError("second", None, path="b.spi"),
              SpiError("third")]
    assert tournaments.reason(errors) == "a.spi:3:4: first (and 2 more errors)"
    assert tournaments.reason(errors[1:2]) == "b.spi: second"


def test_workers_that_cannot_fork_load_the_files_themselves(run, monkeypatch):
    # Where processes cannot fork (Windows, and macOS by default), each worker is a fresh
    # interpreter that loads the files in its initializer, from the same folder.
    monkeypatch.setattr(tournaments, "get_all_start_methods", lambda: ["spawn"])
    argv = ["tournament", "tournament_loop.spi", "scheduling/fair1.spi", "scheduling/hardline2.spi"]
    code, out, err = run(*argv, "--workers", "2")
    assert (code, err) == (0, "")
    assert out == (GOLDEN / "tournament_loop.txt").read_text()


def test_a_process_with_threads_spawns_its_workers(run, monkeypatch):
    # Forking a process that runs other threads (a notebook's, say) is unsafe: spawn.
    monkeypatch.setattr(tournaments.threading, "active_count", lambda: 2)
    contexts = []
    real = tournaments.get_context
    monkeypatch.setattr(tournaments, "get_context", lambda method: contexts.append(method) or real(method))
    code, out, err = run("tournament", "tournament_loop.spi", "scheduling/fair1.spi",
                         "scheduling/hardline2.spi", "--workers", "2")
    assert (code, err, contexts) == (0, "", ["spawn"])
    assert out == (GOLDEN / "tournament_loop.txt").read_text()


def test_the_sandbox_confines_tournament_files(elsewhere, capsys):
    box = elsewhere / "box"
    box.mkdir()
    (box / "in.spi").write_text('import "games/scheduling.spi"\nprogram In { play Slot1 }\n')
    (elsewhere / "out.spi").write_text('import "games/scheduling.spi"\nprogram Out { play Slot2 }\n')
    assert main(["tournament", "box/in.spi", "out.spi", "--sandbox", "box"]) == 1
    assert "out.spi: error: outside the sandbox" in capsys.readouterr().err
    # In.spi alone, against itself: (Slot1, Slot1) = (3, 1).
    assert main(["tournament", "box/in.spi", "--sandbox", "box", "--workers", "2", "--csv", "-"]) == 0
    assert capsys.readouterr().out == ("program1,program2,payoff1,payoff2,outcome,error\n"
                                       'In,In,3,1,"(Slot1, Slot1)",\n')
