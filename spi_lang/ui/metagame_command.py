"""The `spilang metagame` command: play a tournament (the same program options as
`spilang tournament`), then print the exact Nash equilibria of its program-vs-program
game (`analysis.metagame`); `--nfg OUT` also writes that game for Gambit."""

from __future__ import annotations

import sys

from spi_lang import api
from spi_lang.analysis.metagame import AUTO, SOLVERS, meta_game, solve
from spi_lang.engine.results import DEFAULT_FUEL
from spi_lang.geometry.nfg import to_nfg
from spi_lang.ui import output_files as atomic
from spi_lang.ui.options import positive, sandbox_option, selection, usage_error
from spi_lang.ui.report_metagame import metagame_json, metagame_text
from spi_lang.ui.tournament_command import _seats


def program_options(parser) -> None:
    """The options that say which tournament to play (as `spilang tournament` has them)."""
    parser.add_argument("files", metavar="FILE", nargs="*",
                        help="file.spi or file.spi:Name: one population that plays both seats")
    parser.add_argument("--seat1", metavar="SPEC", nargs="+", default=[], help="the player-1 programs")
    parser.add_argument("--seat2", metavar="SPEC", nargs="+", default=[], help="the player-2 programs")
    parser.add_argument("--game", metavar="G", help="the game, when the files see several")
    parser.add_argument("--select", metavar="S", default="leximin", type=selection,
                        help="selection function for csr agreement sets (default leximin)")
    parser.add_argument("--fuel", metavar="N", type=positive, default=DEFAULT_FUEL,
                        help=f"step budget of each match (default {DEFAULT_FUEL:,})")
    parser.add_argument("--workers", metavar="N", type=positive, default=1,
                        help="play the matches in N processes (default 1)")
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


def played(args):
    """The tournament the program options name, or a usage problem (results None)."""
    seats, problem = _seats(args)
    if problem:
        return None, problem
    inputs = tuple(api.files_of(*args.files, *(spec for specs in seats for spec in specs)))
    results = api.tournament(*args.files, seats=tuple(map(tuple, seats)) if seats else None,
                             game=args.game, select=args.select, fuel=args.fuel,
                             workers=args.workers, sandbox=args.sandbox, cache=None,
                             project=api.load(*inputs, sandbox=args.sandbox))
    return results, None


def run(args) -> int:
    if args.nfg is not None:
        atomic.check_writable(args.nfg, tuple(api.files_of(*args.files, *args.seat1, *args.seat2)))
    results, problem = played(args)
    if problem:
        return usage_error(args, problem)
    if args.nfg is not None:
        atomic.write_text(args.nfg, to_nfg(meta_game(results)))
    solution = solve(results, args.solver)
    text = metagame_json(solution, results.one_population) if args.json else \
        metagame_text(solution, results.one_population)
    sys.stdout.write(text + "\n")
    return 0
