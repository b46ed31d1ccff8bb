"""Tournaments played in blocks of cells (`tournament_blocks`, `tournament_parts`), in this
process: the same results as the local run whatever the block size, `--out` parts that
merge to the local run's `--csv`, the manifest, the folder rules, and the shipped files
(`load.shipped`) that a Dask worker loads without the driver's disk."""

import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

import spi_lang
from spi_lang import api
from spi_lang.analysis.tournament_blocks import blocks
from spi_lang.analysis.tournament_parts import merge_parts
from spi_lang.load.shipped import load_shipped, ship
from spi_lang.syntax.errors import SpiError
from spi_lang.ui.cli import main

FOUR = ("scheduling/always_slot1.spi", "scheduling/always_slot2.spi",
        "scheduling/fair1.spi", "scheduling/fair2.spi")
DIVISION = (["division/offers.spi:Bold1", "division/offers.spi:Humble1", "division/selfish.spi:Selfish1"],
            ["division/offers.spi:Humble2", "division/clique.spi"],
            ["division/offers.spi:Humble3", "division/share.spi:Share3"])


@pytest.fixture
def stdlib(monkeypatch):
    monkeypatch.chdir(Path(spi_lang.__file__).parents[1] / "stdlib_programs")


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_blocks_cover_the_cells_in_order_and_depend_on_the_count_only():
    assert blocks(16, 5) == [(0, 0, 5), (1, 5, 10), (2, 10, 15), (3, 15, 16)]
    # 9,000,000 cells / 64 = 140,625 per block, capped at 20,000: 450 blocks
    assert len(blocks(9_000_000)) == 450 and blocks(9_000_000)[-1] == (449, 8_980_000, 9_000_000)
    # 16 cells / 64 is below the floor of 2,000 cells: one block
    assert blocks(16) == [(0, 0, 16)]


@pytest.mark.parametrize("size", [1, 3, 7, 16])
def test_blocks_give_the_local_results_with_failures(stdlib, size):
    project = api.load(*FOUR)
    population = api.population(project, FOUR)
    local = api.tournament_programs(project, population, fuel=5, cache=None)
    blocked = api.tournament_in_blocks(project, population, fuel=5, block_cells=size)
    assert blocked == local
    assert (blocked.to_text(), blocked.to_csv(), blocked.to_json()) == \
        (local.to_text(), local.to_csv(), local.to_json())
    assert "failed [1]" in blocked.to_text()  # fuel 5: the renegotiation pairs fail (each takes 9)


def test_blocks_give_the_local_results_in_three_seats(stdlib):
    project = api.load(*{spec.split(":")[0] for seat in DIVISION for spec in seat})
    seats = [api.population(project, specs) for specs in DIVISION]
    local = api.tournament_programs(project, *seats, cache=None)
    blocked = api.tournament_in_blocks(project, *seats, block_cells=5)
    assert blocked.to_text() == local.to_text() and blocked.to_json() == local.to_json()


def test_out_writes_parts_that_merge_to_the_local_csv(stdlib, tmp_path, capsys):
    out = tmp_path / "cells"
    code, text, err = _run(capsys, "tournament", *FOUR, "--out", str(out), "--block-cells", "5")
    assert (code, err) == (0, "")
    assert sorted(os.listdir(out)) == ["manifest.json", *(f"part-0000{k}.csv" for k in range(4))]
    code, csv_text, _ = _run(capsys, "tournament", *FOUR, "--csv", "-")
    assert "".join(merge_parts(str(out))) == csv_text
    # each part is a CSV of its own: the header, then its 5 cells (the last: cell 16 only)
    part = (out / "part-00003.csv").read_text().splitlines()
    assert part == ["program1,program2,payoff1,payoff2,outcome,error",
                    "Fair2,Fair2,1,3,\"(Slot2, Slot2)\","]
    manifest = json.loads((out / "manifest.json").read_text())
    assert [(p["first"], p["stop"]) for p in manifest["parts"]] == [(0, 5), (5, 10), (10, 15), (15, 16)]
    # the rankings are the local run's: Fair1 as P1 earns 3 + 0 + 3 + 1 = 7 over its row (7/4),
    # as P2 1 + 0 + 1 + 1 = 3 over its column (3/4), (7 + 3) / 8 = 5/4 over both seats
    code, local_text, _ = _run(capsys, "tournament", *FOUR)
    ranking = local_text[local_text.index("ranking by mean"):]
    assert text.endswith(ranking)
    assert "1     Fair1        5/4   1.2500  7/4    3/4    8         0" in text
    assert text.startswith("tournament: game Scheduling, selection leximin, fuel 1,000,000\n"
                           "4 programs play both seats: 16 matches, 0 failed\n\n"
                           f"cells: 4 CSV parts in {out}, in profile order")


def test_out_again_replaces_an_earlier_run_and_refuses_other_folders(stdlib, tmp_path, capsys):
    out = tmp_path / "cells"
    assert _run(capsys, "tournament", *FOUR, "--out", str(out), "--block-cells", "3")[0] == 0
    assert len(os.listdir(out)) == 7  # 6 parts and the manifest
    assert _run(capsys, "tournament", *FOUR, "--out", str(out))[0] == 0
    assert sorted(os.listdir(out)) == ["manifest.json", "part-00000.csv"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    code, _, err = _run(capsys, "tournament", *FOUR, "--out", str(other))
    assert code == 1
    assert err == (f"{other}: error: this folder holds files that are not a tournament's parts; "
                   "name a new or empty folder for --out\n")
    assert (other / "notes.txt").read_text() == "mine"
    # a run stopped midway (parts, no manifest) leaves a folder the next run can use
    os.unlink(out / "manifest.json")
    assert _run(capsys, "tournament", *FOUR, "--out", str(out), "--block-cells", "8")[0] == 0
    assert sorted(os.listdir(out)) == ["manifest.json", "part-00000.csv", "part-00001.csv"]


def test_merge_checks_each_part_against_the_manifest(stdlib, tmp_path):
    out = tmp_path / "cells"
    assert main(["tournament", *FOUR, "--out", str(out), "--block-cells", "8"]) == 0
    (out / "part-00001.csv").write_text("program1,program2,payoff1,payoff2,outcome,error\n")
    with pytest.raises(SpiError, match="not the one the manifest names"):
        "".join(merge_parts(str(out)))
    with pytest.raises(SpiError, match="no finished tournament here"):
        "".join(merge_parts(str(tmp_path)))


@pytest.mark.parametrize("argv, message", [
    (["--out", "d", "--csv", "x.csv"], "--out writes the cells as parts and prints the rankings: --csv needs"),
    (["--out", "d", "--json"], "--json needs the whole matrix"),
    (["--out", "d", "--nfg", "m.nfg"], "--nfg needs the whole matrix"),
    (["--cluster", "local:2", "--workers", "2"], "--workers plays on this machine's processes"),
    (["--cluster", "local:2", "--scheduler", "127.0.0.1:8786"], "give --scheduler or --cluster, not both"),
    (["--cluster", "2"], "argument --cluster: give local:N, N worker processes (local:2), not '2'"),
    (["--block-cells", "0"], "argument --block-cells: give a positive whole number, not '0'"),
])
def test_cluster_options_usage_errors(stdlib, capsys, argv, message):
    code, out, err = _run(capsys, "tournament", *FOUR, *argv)
    assert (code, out) == (2, "") and message in err and "Traceback" not in err


def test_shipped_files_load_alike_from_anywhere(tmp_path, monkeypatch):
    """A worker sees only the shipment: the same files under the same names, imports
    included (next to the importer and in the stdlib), from another working folder."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.spi").write_text('import "../b.spi"\nprogram A { play Slot1 }\n')
    (tmp_path / "b.spi").write_text('import "games/scheduling.spi"\nprogram B { play Slot2 }\n')
    monkeypatch.chdir(tmp_path)
    project = api.load("sub/a.spi", "scheduling/fair1.spi")
    shipment = ship(project)
    assert shipment.digest == ship(project).digest  # named by its contents
    monkeypatch.chdir("/")
    again = load_shipped(shipment)
    assert [f.path for f in again.world.files.values()] == [f.path for f in project.world.files.values()]
    assert {n: p.digest for n, p in again.programs.items()} == {n: p.digest for n, p in project.programs.items()}
    # a path that was not shipped is not there, even if the worker's disk has it
    (tmp_path / "b.spi").unlink()
    assert load_shipped(shipment).programs.keys() == project.programs.keys()


def test_summary_failed_count_and_means(stdlib, tmp_path):
    project = api.load(*FOUR)
    population = api.population(project, FOUR)
    summary = api.tournament_in_blocks(project, population, fuel=5, out=str(tmp_path / "o"), block_cells=4)
    # fuel 5: Fair1 vs Fair1, Fair1 vs Fair2, Fair2 vs Fair1, Fair2 vs Fair2 fail (4 cells)
    assert (summary.cells, summary.failed) == (16, 4)
    fair1 = next(s for s in summary.ranking if s.program == "Fair1")
    # Fair1 finishes 2 cells per seat: as P1 3 + 0 (vs AlwaysSlot1, 2) = 3/2, as P2 1 + 0 = 1/2
    assert (fair1.mean, fair1.seat_means, fair1.finished, fair1.failed) == \
        (Fraction(1), (Fraction(3, 2), Fraction(1, 2)), 4, 4)


def test_code_equal_copies_across_blocks_give_the_local_cells(tmp_path, monkeypatch):
    """Renamed copies form one code class: a block reuses the match another block played
    (the worker's memo), and a failure is still replayed per profile, its message naming
    the copy (fuel 5: every renegotiation pair fails)."""
    copies = "\n".join(f"program Fair{k} renegotiation {{\n  default AlwaysSlot1\n"
                       "  map (Slot1, Slot2) -> (Slot3, Slot3)\n  map (Slot2, Slot1) -> (Slot3, Slot3)\n}\n"
                       for k in "ABC")
    (tmp_path / "copies.spi").write_text('import "scheduling/always_slot1.spi"\n'
                                         'import "scheduling/always_slot2.spi"\n' + copies)
    monkeypatch.chdir(tmp_path)
    project = api.load("copies.spi")
    seat = api.population(project, ["copies.spi"]) + [project.programs["AlwaysSlot2"]]
    local = api.tournament_programs(project, seat, fuel=5, cache=None)
    blocked = api.tournament_in_blocks(project, seat, fuel=5, block_cells=2)
    assert blocked.to_text() == local.to_text()
    assert "FairB vs FairC: copies.spi:" in local.to_text()  # the copy's own message
    # 3 copies x 3 copies fail (9 cells); the copies' class plays AlwaysSlot2 once per seat
    assert sum(not c.ok for c in blocked.cells) == 9 and blocked.played < len(blocked.cells)


def test_a_part_left_half_written_by_a_killed_worker_is_swept(stdlib, tmp_path):
    """A worker killed while writing leaves its temporary; its block is written again
    elsewhere, and the finished folder holds the parts and the manifest only."""
    from spi_lang.analysis import tournament_parts
    from spi_lang.analysis.tournament_blocks import BlockState, Job
    project = api.load(*FOUR)
    names = (tuple(sorted(p.name for p in api.population(project, FOUR))),) * 2
    out = tmp_path / "o"
    tournament_parts.prepare_folder(str(out))
    job = Job(names, "Scheduling", "leximin", 1_000_000, str(out), "0")
    local = tournament_parts.local_runner(lambda j: BlockState(project, j))

    def killed_once(job_, todo):
        (out / ".part-00001.csv.abc123.tmp").write_bytes(b"program1,prog")
        yield from local(job_, todo)
    tournament_parts.play(job, project.games["Scheduling"], True, killed_once, block_cells=8)
    assert sorted(os.listdir(out)) == ["manifest.json", "part-00000.csv", "part-00001.csv"]
