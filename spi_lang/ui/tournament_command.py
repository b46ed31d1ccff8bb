"""The `spilang tournament` command: its options, the checks of its output paths before
the run, one progress bar from loading to writing, and its outputs written together."""

from __future__ import annotations

import os
import sys

from spi_lang import api
from spi_lang.analysis.metagame import meta_game
from spi_lang.geometry.nfg import to_nfg
from spi_lang.ui import output_files as atomic
from spi_lang.ui import tournament_cluster
from spi_lang.ui.options import match_options, picture, sandbox_option, usage_error


def add_parser(sub) -> None:
    tour = sub.add_parser(
        "tournament", help="play every program against every program: payoff matrix and ranking",
        description="Play every seat-1 program against every seat-2 program (and every "
                    "other seat's, in games of more players) and print the payoffs and a ranking "
                    "by mean payoff. FILE... is one population that plays every seat; --seat1 "
                    "and --seat2, or one --seat N for each seat, give the seats separately. A "
                    "SPEC is file.spi (every program the file declares) or file.spi:Name.")
    tour.add_argument("files", metavar="FILE", nargs="*", help="file.spi or file.spi:Name")
    tour.add_argument("--seat1", metavar="SPEC", nargs="+", default=[], help="the player-1 programs")
    tour.add_argument("--seat2", metavar="SPEC", nargs="+", default=[], help="the player-2 programs")
    tour.add_argument("--seat", metavar=("N", "SPEC"), nargs="+", action="append", default=[],
                      dest="seat_n", help="the player-N programs (repeatable: --seat 3 SPEC...; "
                                          "--seat 1 is --seat1)")
    match_options(tour)
    tour.add_argument("--csv", metavar="OUT", help="also write one CSV row per match to OUT "
                                                   "(- prints it instead of the text)")
    tour.add_argument("--json", action="store_true", help="print JSON instead of the text")
    tour.add_argument("--json-out", metavar="OUT", help="also write the JSON to OUT")
    tour.add_argument("--plot", metavar="FILE", type=picture,
                      help="also draw the payoff matrix as a heat map (.png, .svg or .pdf; needs "
                           "the plot extra)")
    tour.add_argument("--nfg", metavar="OUT", help="also write the program-vs-program meta-game "
                                                   "as a Gambit .nfg file (spilang metagame solves it)")
    sandbox_option(tour)
    tournament_cluster.add_options(tour)
    tour.set_defaults(usage=tour)


def run(args) -> int:
    seats, problem = _seats(args)
    problem = problem or (
        "--json and --csv - both print to standard output" if args.json and args.csv == "-" else
        "--json-out - is not a file: use --json to print the JSON" if args.json_out == "-" else None)
    problem = problem or tournament_cluster.problem(args)
    if problem:
        return usage_error(args, problem)
    outputs = [(path, kind) for path, kind in ((args.csv, "csv"), (args.json_out, "json"), (args.plot, "plot"),
                                                               (args.nfg, "nfg"))
               if path not in (None, "-")]
    inputs = tuple(api.files_of(*args.files, *(spec for specs in seats for spec in specs)))
    problem = _output_problem([path for path, _ in outputs] + ([args.out] if args.out else []), inputs)
    if problem:
        return usage_error(args, problem)
    for path, _ in outputs:
        atomic.check_writable(path)
    if args.plot:
        from spi_lang.ui import plot
        plot.check_output(args.plot)
        plot.require_matplotlib()
    from spi_lang.ui import progress  # tqdm, only for this command (start-up time)
    with progress.Stages() as stages:  # one bar from loading to the text, cleared before it
        with stages.ticking("loading"):
            project = api.load(*inputs, sandbox=args.sandbox)
        if args.plot:  # a heat map is a matrix: 2 players
            _check_heatmap_game(project, args.files or [s for specs in seats for s in specs], args.game)
        if tournament_cluster.wanted(args):
            results = tournament_cluster.play(args, project, seats, stages)
        else:
            results = api.tournament(*args.files, seats=tuple(map(tuple, seats)) if seats else None,
                                     game=args.game, select=args.select, fuel=args.fuel,
                                     workers=args.workers, sandbox=args.sandbox, project=project,
                                     progress=stages, cache=None)  # a fresh process: nothing to reuse
        with stages.ticking("writing the results"):
            if args.plot:
                _heatmap_size_note(results)
            with atomic.Batch() as batch:  # every file written before any is renamed into place
                for path, kind in outputs:
                    if kind == "plot":
                        batch.add(path, _heatmap_bytes(results, path))
                    elif kind == "nfg":  # the meta-game: one entry per program pair, not per cell
                        batch.add(path, to_nfg(meta_game(results)).encode("utf-8"))
                    elif isinstance(results, api.TournamentResults):  # written as it is made: no N x N text in memory
                        batch.add_chunks(path, _chunks(results, kind))
                    else:  # --out: a Summary, whose cells are in the parts
                        batch.add(path, (results.to_csv() if kind == "csv" else results.to_json() + "\n").encode("utf-8"))
            if not isinstance(results, api.TournamentResults):
                text = results.to_csv() if args.csv == "-" else \
                    (results.to_json() if args.json else results.to_text()) + "\n"
    if not isinstance(results, api.TournamentResults):
        sys.stdout.write(text)
        return 0
    for chunk in _chunks(results, "csv" if args.csv == "-" else "json" if args.json else "text"):
        sys.stdout.write(chunk)
    if args.csv != "-":
        sys.stdout.write("\n")
    return 0


def _chunks(results, kind: str):
    """The text of an output, in pieces (CSV rows, matrix rows)."""
    from spi_lang.analysis import tournament_views as views
    if kind == "csv":
        return views.tournament_csv_chunks(results)
    if kind == "json":
        return views.tournament_json_chunks(results)
    return views.tournament_text_chunks(results)


def _seats(args) -> tuple[list[list[str]], str | None]:
    """The specs of each seat, in order (none: one population), or a usage problem: the
    files and seats both given, or seats missing or given twice."""
    given = {n: specs for n, specs in ((1, args.seat1), (2, args.seat2)) if specs}
    numbered = bool(args.seat_n)
    for words in args.seat_n:
        if not words[0].isdigit() or int(words[0]) < 1:
            return [], f"--seat takes a seat number (1, 2, 3, ...) and then its programs, not {words[0]!r}"
        if len(words) < 2:
            return [], f"--seat {words[0]} needs at least one SPEC"
        if int(words[0]) in given:
            return [], f"seat {int(words[0])} is given twice"
        given[int(words[0])] = words[1:]
    if args.files and given:
        return [], ("give FILE... or --seat N SPEC... for every seat, not both" if numbered else
                    "give FILE... or --seat1 and --seat2, not both")
    if not args.files and not given:
        return [], "no programs: give FILE... or --seat1 SPEC... --seat2 SPEC..."
    if given and not numbered and not (args.seat1 and args.seat2):
        return [], "give both --seat1 and --seat2"
    missing = [n for n in range(1, max(given, default=0) + 1) if n not in given]
    if given and (missing or len(given) < 2):
        seat = missing[0] if missing else 2
        return [], f"give every seat's programs, 1 to {max(max(given), 2)}: seat {seat} has none"
    return [given[n] for n in sorted(given)], None


def _check_heatmap_game(project, specs: list[str], game: str | None) -> None:
    """Raise `SpiErrors` if the tournament's game is not a 2-player game (no heat map)."""
    from spi_lang.ui import plot_heatmap
    programs = [p for spec in specs for p in project.programs_in(spec)]
    chosen = project.game_for(programs, game)
    with project.failing():
        plot_heatmap.check_players(chosen)


def _output_problem(paths: list[str], inputs: tuple[str, ...]) -> str | None:
    """Why an output file cannot be written (a usage error), or None: not a regular file,
    an input of the run, or the same file named twice."""
    if len(set(map(os.path.abspath, paths))) < len(paths):
        return "the same file is named for two outputs"
    for path in paths:
        refused = atomic.refusal(path, inputs)
        if refused:
            return f"{path}: {refused}"
    return None


def _heatmap_size_note(results) -> None:
    """Refuse a heat map too large to draw; say when its cells go unlabelled."""
    from spi_lang.ui import plot_heatmap
    rows, cols = len(results.seat1), len(results.seat2)
    plot_heatmap.check_size(rows, cols)
    if rows * cols > plot_heatmap.MAX_LABELLED_CELLS:
        print(f"spilang: note: the heat map has {rows * cols:,} cells, more than "
              f"{plot_heatmap.MAX_LABELLED_CELLS:,}: their values are not written in it", file=sys.stderr)


def _heatmap_bytes(results, path: str) -> bytes:
    from spi_lang.ui import plot, plot_heatmap
    figure = plot_heatmap.heatmap_figure(list(results.seat1), list(results.seat2),
                                         plot_heatmap.tournament_cells(results), results.game.players)
    return plot.figure_bytes(figure, path)
