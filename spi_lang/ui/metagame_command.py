"""The `spilang metagame` and `spilang dynamics` commands: play a tournament (the same
program options as `spilang tournament`), then print the exact Nash equilibria of its
program-vs-program game (`analysis.metagame`; `--nfg OUT` also writes that game for
Gambit), or run population dynamics over it (`analysis.dynamics`)."""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction

from spi_lang import api
from spi_lang.analysis import dynamics
from spi_lang.analysis.metagame import AUTO, SOLVERS
from spi_lang.syntax.errors import SpiError
from spi_lang.ui import output_files as atomic
from spi_lang.ui.options import match_options, picture, positive, sandbox_option, usage_error
from spi_lang.ui.report_dynamics import dynamics_csv, dynamics_json, dynamics_text
from spi_lang.ui.report_metagame import metagame_json, metagame_text
from spi_lang.ui.tournament_command import _seats


def program_options(parser) -> None:
    """The options that say which tournament to play (as `spilang tournament` has them)."""
    parser.add_argument("files", metavar="FILE", nargs="*",
                        help="file.spi or file.spi:Name: one population that plays both seats")
    parser.add_argument("--seat1", metavar="SPEC", nargs="+", default=[], help="the player-1 programs")
    parser.add_argument("--seat2", metavar="SPEC", nargs="+", default=[], help="the player-2 programs")
    match_options(parser)
    sandbox_option(parser)
    parser.set_defaults(usage=parser, seat_n=[])


def add_parser(sub) -> None:
    meta = sub.add_parser(
        "metagame", help="exact Nash equilibria of a tournament's program-vs-program game",
        description="Play a two-seat tournament and compute the Nash equilibria of its "
                    "meta-game (the programs are the actions) exactly with Gambit: mixtures "
                    "over programs and each program's expected payoff; for one population "
                    "also the symmetric equilibria. Needs the meta extra (pygambit).")
    program_options(meta)
    meta.add_argument("--solver", choices=SOLVERS, default=AUTO,
                      help="enummixed: every extreme equilibrium (up to 10 programs per seat); "
                           "lcp: one equilibrium, exact (up to 100); auto (default): enummixed "
                           "if it is practical, else lcp")
    meta.add_argument("--json", action="store_true", help="print JSON instead of the text")
    meta.add_argument("--nfg", metavar="OUT", help="also write the meta-game as a Gambit .nfg file")


def add_dynamics_parser(sub) -> None:
    dyn = sub.add_parser(
        "dynamics", help="replicator dynamics or a seeded Moran process over a tournament (floats)",
        description="Play a two-seat tournament and evolve a population of its programs: "
                    "replicator dynamics (one population, or one per seat) or a Moran "
                    "process with mutation (one population), in floating point. Prints the "
                    "final shares; --csv writes the trajectory, --plot draws it. Needs the "
                    "dynamics extra (nashpy, numpy).")
    program_options(dyn)
    dyn.add_argument("--process", choices=(dynamics.REPLICATOR, dynamics.MORAN), default=dynamics.REPLICATOR,
                     help="replicator (default) or moran")
    dyn.add_argument("--time", metavar="T", type=positive, default=50,
                     help="replicator: integrate from 0 to T (default 50)")
    dyn.add_argument("--points", metavar="N", type=positive, default=501,
                     help="replicator: time points recorded (default 501)")
    dyn.add_argument("--population", metavar="N", type=positive, default=100,
                     help="moran: individuals (default 100)")
    dyn.add_argument("--steps", metavar="N", type=positive, default=10_000,
                     help="moran: births and deaths (default 10,000)")
    dyn.add_argument("--mutation", metavar="P", type=probability, default=Fraction(1, 100),
                     help="moran: the chance a newborn is of another program (default 1/100)")
    dyn.add_argument("--intensity", metavar="W", type=probability_like, default=Fraction(1),
                     help="moran: selection intensity, fitness exp(W x mean payoff) (default 1)")
    dyn.add_argument("--seed", metavar="N", type=natural, default=0, help="moran: the seed (default 0)")
    dyn.add_argument("--csv", metavar="OUT", help="also write the trajectory as CSV (- prints it instead)")
    dyn.add_argument("--json", action="store_true", help="print JSON instead of the text")
    dyn.add_argument("--plot", metavar="FILE", type=picture,
                     help="also draw the shares over time (.png, .svg or .pdf; the plot extra)")


def probability(text: str) -> Fraction:
    """An argparse type: an exact number from 0 to 1 (`0.01`, `1/100`)."""
    value = probability_like(text)
    if value > 1:
        raise argparse.ArgumentTypeError(f"expected a probability from 0 to 1, not {text!r}")
    return value


def probability_like(text: str) -> Fraction:
    """An argparse type: an exact number >= 0 of at most 40 characters."""
    try:
        value = Fraction(text) if len(text) <= 40 else None
    except (ValueError, ZeroDivisionError):
        value = None
    if value is None or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of at least 0 (like 0.01 or 1/100), not {text!r}")
    return value


def natural(text: str) -> int:
    """An argparse type: a whole number >= 0 (of at most 20 digits)."""
    if not text.isdigit() or len(text) > 20:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 0, not {text!r}")
    return int(text)


def run_dynamics(args) -> int:
    outputs = [path for path in (args.csv, args.plot) if path not in (None, "-")]
    if args.json and args.csv == "-":
        return usage_error(args, "--json and --csv - both print to standard output")
    inputs = tuple(api.files_of(*args.files, *args.seat1, *args.seat2))
    for path in outputs:
        atomic.check_writable(path, inputs)
    if args.plot:
        from spi_lang.ui import plot
        plot.require_matplotlib()
    results, problem = played(args)
    if problem:
        return usage_error(args, problem)
    trajectory = _trajectory(args, results)
    title = f"tournament {results.game.name}"
    with atomic.Batch() as batch:
        if args.csv not in (None, "-"):
            batch.add(args.csv, dynamics_csv(trajectory).encode("utf-8"))
        if args.plot:
            from spi_lang.ui import plot
            from spi_lang.ui.plot_dynamics import dynamics_figure
            batch.add(args.plot, plot.figure_bytes(dynamics_figure(trajectory, title), args.plot))
    text = dynamics_csv(trajectory) if args.csv == "-" else \
        (dynamics_json(trajectory) if args.json else dynamics_text(trajectory, title)) + "\n"
    sys.stdout.write(text)
    return 0


def _trajectory(args, results):
    if args.process == dynamics.REPLICATOR:
        return api.replicator(results, args.time, args.points)
    settings = dynamics.MoranSettings(args.population, args.steps, args.mutation, args.intensity, args.seed)
    return api.moran(results, settings)


def played(args):
    """The tournament the program options name, or a usage problem (results None)."""
    seats, problem = _seats(args)
    if problem:
        return None, problem
    inputs = tuple(api.files_of(*args.files, *(spec for specs in seats for spec in specs)))
    project = api.load(*inputs, sandbox=args.sandbox)
    game = project.game_for([p for spec in args.files or inputs for p in project.programs_in(spec)], args.game)
    if len(game.players) != 2:  # before playing: the meta-game's analyses are for two seats
        raise project.fail([SpiError(f"{args.command} needs a two-player game, and {game.name} has "
                                     f"{len(game.players)} players (tournament --nfg exports its meta-game)",
                                     game.span)])
    results = api.tournament(*args.files, seats=tuple(map(tuple, seats)) if seats else None,
                             game=args.game, select=args.select, fuel=args.fuel,
                             workers=args.workers, sandbox=args.sandbox, cache=None, project=project)
    return results, None


def run(args) -> int:
    if args.nfg is not None:
        atomic.check_writable(args.nfg, tuple(api.files_of(*args.files, *args.seat1, *args.seat2)))
    results, problem = played(args)
    if problem:
        return usage_error(args, problem)
    if args.nfg is not None:
        atomic.write_text(args.nfg, api.to_nfg(api.meta_game(results)))
    solution = api.metagame(results, args.solver)
    text = metagame_json(solution, results.one_population) if args.json else \
        metagame_text(solution, results.one_population)
    sys.stdout.write(text + "\n")
    return 0
