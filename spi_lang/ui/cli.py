"""The `spilang` command: a thin argparse layer over the public API."""

from __future__ import annotations

import argparse
import io
import os
import sys

from spi_lang import __version__, api
from spi_lang.engine.deep import run_deep
from spi_lang.engine.interpreter import DEFAULT_FUEL
from spi_lang.geometry.nfg import to_nfg
from spi_lang.syntax.errors import SpiError, SpiWarning, flatten
from spi_lang.ui import output_files as atomic
from spi_lang.ui import metagame_command, report, tournament_command
from spi_lang.ui.cli_analysis import analysis_commands, analyze_command, spi_check_command
from spi_lang.ui.exits import (EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, EXIT_USER_ERROR, print_errors,
                               save_traceback)
from spi_lang.ui.options import picture, positive, sandbox_option, selection


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spilang", description="Play program-game programs written in .spi files, exactly.")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=f"spilang {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    play = sub.add_parser("play", help="play program A (player 1) against B (player 2)",
                          description="Play one program per seat of the game, in player order "
                                      "(A is player 1, B player 2, ...).")
    play.add_argument("programs", metavar="PROGRAM", nargs="+",
                      help="file.spi (its only program) or file.spi:Name, one per seat (at least 2)")
    play.set_defaults(usage_error=play.error)
    play.add_argument("--game", metavar="G", help="the game, when the files see several")
    play.add_argument("--select", metavar="S", default="leximin", type=selection,
                      help="selection function for csr agreement sets: leximin (default), "
                           "utilitarian, nash, dictator:PLAYER")
    play.add_argument("--fuel", metavar="N", type=positive, default=DEFAULT_FUEL,
                      help=f"step budget of the match, nested evaluations included "
                           f"(default {DEFAULT_FUEL:,})")
    play.add_argument("--trace", action="store_true", help="show every step of the algorithm that ran")
    play.add_argument("--json", action="store_true", help="print one JSON object")
    sandbox_option(play)

    check = sub.add_parser("check", help="report every error found without playing",
                           description="Report every error that can be found without playing.")
    check.add_argument("files", metavar="FILE", nargs="+")
    sandbox_option(check)

    game = sub.add_parser("game", help="payoff table, Pareto frontier and PMM of a game",
                          description="Show the games a file defines (or imports): payoff "
                                      "table, feasible set, Pareto frontier and PMM.")
    game.add_argument("file", metavar="FILE")
    game.add_argument("--game", metavar="G", help="show only this game")
    game.add_argument("--pmp", metavar="OUTCOME", action="append", default=[],
                      help="also show each player's Pareto meet projection of OUTCOME, "
                           "e.g. '(Slot1, Slot2)' (repeatable)")
    game.add_argument("--json", action="store_true", help="print JSON")
    game.add_argument("--nfg", metavar="OUT", help="also write the game as a Gambit .nfg file "
                                                   "(payoff version, exact; one game: --game G)")
    sandbox_option(game)
    tournament_command.add_parser(sub)
    metagame_command.add_parser(sub)
    metagame_command.add_dynamics_parser(sub)
    analysis_commands(sub)
    _plot_parser(sub)
    _repl_parser(sub)
    return parser


def _repl_parser(sub) -> None:
    repl = sub.add_parser("repl", help="an interactive session: declarations and :commands",
                          description="Start an interactive session (:help lists its commands). "
                                      "With piped input it reads the inputs from stdin.")
    repl.add_argument("files", metavar="FILE", nargs="*", help="files to load first")
    repl.add_argument("--echo", action="store_true",
                      help="with piped input, print each prompt and input line (for transcripts)")
    sandbox_option(repl)


def _plot_parser(sub) -> None:
    plot = sub.add_parser(
        "plot", help="draw a match, or Pareto meet projections, in payoff space (PNG, SVG or PDF)",
        description="Draw A vs B in payoff space: feasible set, Pareto frontier, PMM, default "
                    "outcome, each side's offer, the agreement set and the selected point; or, "
                    "with --pmp, PMP_1 and PMP_2 of outcomes of the game in --game FILE.")
    plot.add_argument("programs", metavar="A B", nargs="*",
                      help="two programs, as for play (file.spi or file.spi:Name)")
    plot.add_argument("-o", "--output", metavar="FILE", required=True, type=picture,
                      help="a .png, .svg or .pdf file")
    plot.add_argument("--game", metavar="G",
                      help="with A B: the game, when the files see several; with --pmp: "
                           "the file (file.spi, or file.spi:Game when it has several)")
    plot.add_argument("--pmp", metavar="OUTCOME", nargs="+", action="extend", default=[],
                      help="draw each player's Pareto meet projection of these outcomes")
    plot.add_argument("--select", metavar="S", default="leximin", type=selection,
                      help="selection function for csr agreement sets (default leximin)")
    plot.add_argument("--fuel", metavar="N", type=positive, default=DEFAULT_FUEL,
                      help="step budget of the match")
    sandbox_option(plot)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit status (0 ok, 1 user error, 2 usage, 3 internal)."""
    _tolerant_output()
    try:
        args = _parser().parse_args(argv)
        if args.command == "play" and len(args.programs) < 2:
            args.usage_error("give one program per seat, at least 2 (A is player 1, B player 2, ...)")
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        command = _COMMANDS[args.command]
        # The REPL stays on the main thread (prompt_toolkit and Ctrl-C need it), and so does
        # a tournament (its workers fork only from a process with one thread); what they
        # evaluate runs on the deep stack by itself.
        return command(args) if args.command in ("repl", "tournament", "metagame", "dynamics") else run_deep(command, args)
    except SpiError as error:
        print_errors(list(flatten(error)), error.sources)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # the reader went away (`spilang ... | head`): not an error
        try:  # keep Python from complaining again when it flushes stdout at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 0
    except KeyboardInterrupt:  # Ctrl-C: stop quietly, with the shell's status for SIGINT
        print("spilang: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # an internal bug, never the user's fault
        if args.debug:
            raise
        saved = save_traceback()
        print(f"spilang: internal error: {exc!r}; please report it with the traceback saved in "
              f"{saved} (--debug shows it here)", file=sys.stderr)
        return EXIT_INTERNAL


def _tolerant_output() -> None:
    """Write what the output encoding cannot show (`PYTHONIOENCODING=ascii` and a file
    named é.spi) as backslash escapes instead of failing the command."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot change any more
                pass


def _play(args) -> int:
    result = api.play(*args.programs, game=args.game, select=args.select, fuel=args.fuel,
                      sandbox=args.sandbox)
    text = report.match_json(result, args.trace) if args.json else report.match_text(result, args.trace)
    print(text)
    return 0


def _check(args) -> int:
    found, sources = api.check(*args.files, sandbox=args.sandbox, warnings=True)
    if found:
        print_errors(found, sources)
    if any(not isinstance(e, SpiWarning) for e in found):
        return EXIT_USER_ERROR
    warned = f", {len(found)} warning{'s' if len(found) != 1 else ''}" if found else ""
    print(f"ok: {len(args.files)} file{'s' if len(args.files) != 1 else ''}, no errors{warned}")
    return 0


def _game(args) -> int:
    if args.nfg is not None:
        atomic.check_writable(args.nfg, (args.file,))
    project = api.load(args.file, sandbox=args.sandbox)
    games = project.games_in(args.file, args.game)
    if args.nfg is not None:
        if len(games) > 1:
            raise project.fail([SpiError(f"{args.file} has several games ({', '.join(g.name for g in games)}); "
                                         "--nfg writes one: name it with --game G", path=args.file)])
        atomic.write_text(args.nfg, to_nfg(games[0]))
    shown = []
    for game in games:
        outcomes = [api.outcome(game, text, "--pmp") for text in args.pmp]
        if args.json:
            shown.append(report.game_json(game, outcomes))
        else:
            shown.append(report.game_text(game, outcomes))
    print(report.games_json(shown) if args.json else "\n\n".join(shown))
    return 0




def _plot(args) -> int:
    from spi_lang.ui import plot
    if bool(args.pmp) == bool(args.programs) or (args.programs and len(args.programs) < 2) \
            or (args.pmp and not args.game):
        print("usage: spilang plot A B -o FILE [--game G] [--select S], or spilang plot "
              "--game FILE --pmp OUTCOME... -o FILE\nspilang plot: error: give one program per "
              "seat (two or three), or --pmp with --game FILE", file=sys.stderr)
        return EXIT_USAGE
    inputs = tuple(api.files_of(*args.programs)) + ((api.split_spec(args.game)[0],) if args.pmp else ())
    refused = atomic.refusal(args.output, inputs)
    if refused:
        print(f"usage: spilang plot ...\nspilang plot: error: {args.output}: {refused}", file=sys.stderr)
        return EXIT_USAGE
    atomic.check_writable(args.output)
    if args.pmp:
        path, name = api.split_spec(args.game)
        project = api.load(path, sandbox=args.sandbox)
        games = project.games_in(path, name)
        if len(games) > 1:
            raise project.fail([SpiError(f"{path} has several games ({', '.join(g.name for g in games)}); "
                                         f"name one as {path}:GAME", path=path)])
        outcomes = [api.outcome(games[0], text, "--pmp") for text in args.pmp]
        figure = plot.pmp_figure(games[0], outcomes)
    else:
        project = api.load(*api.files_of(*args.programs), sandbox=args.sandbox)
        seated = [project.program(spec) for spec in args.programs]
        options = dict(game=args.game, select=args.select, fuel=args.fuel)
        figure = plot.match_figure(api.play_programs(project, *seated, **options),
                                   api.negotiate_programs(project, *seated, **options))
    plot.save(figure, args.output)
    print(f"wrote {args.output}")
    return 0


def _repl(args) -> int:
    from spi_lang.ui import repl
    session = repl.Repl(args.files, debug=args.debug, sandbox=args.sandbox)
    if sys.stdin.isatty() and sys.stdout.isatty():
        return repl.run_terminal(session, history=repl.history_path())
    return repl.run_piped(session, _lenient(sys.stdin), echo=args.echo)


def _lenient(stream):
    """Piped text with bytes that are not UTF-8 read as U+FFFD, which the parser reports
    at its position, rather than failing the whole session (as a strict locale would)."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # already text (tests pass a StringIO)
        return stream
    return io.TextIOWrapper(buffer, encoding="utf-8", errors="replace")


_COMMANDS = {"play": _play, "check": _check, "game": _game, "tournament": tournament_command.run,
             "metagame": metagame_command.run, "dynamics": metagame_command.run_dynamics,
             "analyze": analyze_command, "spi-check": spi_check_command, "plot": _plot, "repl": _repl}
