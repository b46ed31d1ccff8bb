"""The REPL's `:commands`: each parses its words with argparse and returns the text to
show, calling the public API (`api.py`) and the text views (`report.py`) as the `spilang`
command does. Programs and games are named directly (`:play Bold1 Modest2`): every name
loaded in one session is unique."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import attrs

from spi_lang import api
from spi_lang.engine.interpreter import DEFAULT_FUEL
from spi_lang.geometry.selection import NAMES as SELECTIONS
from spi_lang.syntax.errors import SpiError, did_you_mean
from spi_lang.ui import output_files as atomic
from spi_lang.ui import report
from spi_lang.ui.options import picture, positive, selection
from spi_lang.ui.repl_state import Session, kind_of
from spi_lang.ui.source_text import canonical_text


class UsageError(Exception):
    """A command typed wrongly: unknown command, missing or bad arguments."""


class Quit(Exception):
    """`:quit`."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, with the usage line in the message."""

    def error(self, message: str):
        raise UsageError(f"{self.format_usage().strip()}\n{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None):
        raise UsageError(message or "")


@attrs.frozen
class Command:
    """One `:command`: its parser, what it does, and a summary for `:help`."""

    parser: _Parser
    run: Callable[[Session, argparse.Namespace], str]
    summary: str

    def options(self) -> list[str]:
        """Its `--options`, for completion."""
        return [s for a in self.parser._actions for s in a.option_strings if s.startswith("--")]


def split_words(line: str) -> list[str]:
    """The words of a command line: `(A, B)`, `{...}`, `lottery {...}` and "quoted text"
    are one word each."""
    words, word, depth, quoted = [], "", 0, False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
            continue
        if not quoted and char in "({[":
            depth += 1
        elif not quoted and char in ")}]":
            depth -= 1
            if depth < 0:
                raise UsageError(f"unbalanced {char!r} in the command")
        if char.isspace() and depth == 0 and not quoted:
            if word == "lottery" and line[i:].lstrip().startswith("{"):
                word += " "
            elif word and not word.endswith(" "):
                words.append(word)
                word = ""
            continue
        word += char
    if depth or quoted:
        raise UsageError("unclosed bracket or quote in the command")
    return words + ([word] if word else [])


def run_command(session: Session, line: str) -> str:
    """Run one `:command` line; return its text (raise SpiError or UsageError)."""
    words = split_words(line.strip()[1:])
    if not words:
        raise UsageError("a command name must follow ':' (:help lists them)")
    name = ALIASES.get(words[0], words[0])
    if name not in COMMANDS:
        raise UsageError(f"unknown command :{name} (:help lists the commands)")
    command = COMMANDS[name]
    return command.run(session, command.parser.parse_args(words[1:]))


def _seated(session: Session, args) -> list:
    """The programs of :play and :offers, one per seat (at least two)."""
    if len(args.programs) < 2:
        raise UsageError("give one program per seat, at least two")
    return [session.project.named(name) for name in args.programs]


def _play(session: Session, args) -> str:
    result = api.play_programs(session.project, *_seated(session, args), game=args.game,
                               select=args.select, fuel=args.fuel)
    return report.match_json(result, args.trace) if args.json else report.match_text(result, args.trace)


def _offers(session: Session, args) -> str:
    talk = api.negotiate_programs(session.project, *_seated(session, args), game=args.game,
                                  select=args.select, fuel=args.fuel)
    return report.negotiation_text(talk)


def _game(session: Session, args) -> str:
    games = [session.game(args.name)] if args.name else list(session.project.games.values())
    if not games:
        session.game()  # raises: no game loaded
    return "\n\n".join(report.game_text(g) for g in games)


def _pmm(session: Session, args) -> str:
    game = session.game(args.game)
    return f"Pareto meet minimum of {game.name}: {report.format_vector(game.pmm)}"


def _pmp(session: Session, args) -> str:
    game = session.game(args.game)
    words, seats = list(args.words), tuple(range(len(game.players)))
    if len(words) > 1 and words[0] in game.players:
        seats = (game.players.index(words.pop(0)),)
    outcome = api.outcome(game, " ".join(words), "<outcome>")
    return report.pmp_text(game, outcome, seats)


def _plot(session: Session, args) -> str:
    from spi_lang.ui import plot  # matplotlib only when plotting
    if args.pmp:
        if args.programs:
            raise UsageError(":plot takes either two programs or --pmp OUTCOME..., not both")
        game = session.game(args.game)
        outcomes = [api.outcome(game, text, "--pmp") for text in args.pmp]
        path = args.output or "pmp.png"
        plot.save(plot.pmp_figure(game, outcomes), path)
        return f"wrote {path}"
    if len(args.programs) < 2:
        raise UsageError(":plot A B [C...] [-o FILE] [--select S] [--game G], or :plot --pmp OUTCOME... [--game G]")
    project = session.project
    seated = [project.named(n) for n in args.programs]
    options = dict(game=args.game, select=args.select, fuel=args.fuel)
    result = api.play_programs(project, *seated, **options)
    talk = api.negotiate_programs(project, *seated, **options)
    path = args.output or "-".join(p.name for p in seated) + ".png"
    plot.save(plot.match_figure(result, talk), path)
    return f"wrote {path}"


def _tournament(session: Session, args) -> str:
    project = session.project
    seats = _tournament_seats(args)
    if seats:
        seats = [[project.named(n) for n in names] for names in seats]
    else:  # no names: every program in scope (written for the game, if one is named) plays every seat
        names = args.names or sorted(project.programs)
        seats = [[project.named(n) for n in dict.fromkeys(names)]]
        if not args.names and args.game:
            game = session.game(args.game)
            seats = [[p for p in seats[0] if project.written_for(p, game)]]
    if args.plot:  # before the run, not after it
        from spi_lang.ui import plot_heatmap  # matplotlib only when plotting
        plot_heatmap.check_players(project.game_for(seats[0], args.game))
        atomic.check_writable(args.plot)
    results = api.tournament_programs(project, *seats, game=args.game, select=args.select,
                                      fuel=args.fuel)
    if args.plot:
        plot_heatmap.tournament_heatmap(results, args.plot)
        return results.to_text() + f"\nwrote {args.plot}"
    return results.to_text()


def _tournament_seats(args) -> list[list[str]]:
    """The names of each seat's programs (none: one population), or a UsageError."""
    given = {n: names for n, names in ((1, args.seat1), (2, args.seat2)) if names}
    for words in args.seat:
        if not words[0].isdigit() or int(words[0]) < 1 or len(words) < 2 or int(words[0]) in given:
            raise UsageError(f":tournament --seat takes a seat number and its programs, once per seat "
                             f"(--seat 3 NAME...), not --seat {' '.join(words)}")
        given[int(words[0])] = words[1:]
    if given and (args.names or len(given) < 2 or set(given) != set(range(1, max(given) + 1))):
        raise UsageError(":tournament takes NAME... or both --seat1 NAME... and --seat2 NAME..."
                         + (" (--seat N NAME... for every seat of a game of more players)" if args.seat else ""))
    return [given[n] for n in sorted(given)]


def _load(session: Session, args) -> str:
    return session.load_file(args.file)


def _reload(session: Session, args) -> str:
    return session.reload()


def _list(session: Session, args) -> str:
    project = session.project
    rows = []
    for name, (decl, file) in sorted(project.world.decls.items()):
        if name in project.games:
            kind = f"game ({', '.join(project.games[name].players)})"
        elif name in project.programs:
            kind = f"{project.programs[name].kind} program"
        else:
            kind = kind_of(decl)
        rows.append([name, kind, file.path])
    if not rows:
        return "nothing loaded yet: :load FILE, or type a declaration"
    return report.table([["name", "kind", "from"]] + rows)


def _show(session: Session, args) -> str:
    project = session.project
    if args.name in project.games:
        return report.game_text(project.games[args.name])
    if args.name not in project.world.decls:
        raise SpiError(f"no game or program named {args.name}{did_you_mean(args.name, project.world.decls)}")
    if args.name not in project.programs:  # another kind of declaration: its source
        decl, file = project.world.decls[args.name]
        lines = file.text.split("\n")[decl.span.line - 1:decl.span.end_line]
        return f"{kind_of(decl)} {args.name}, declared at {decl.span.path}:{decl.span.line}\n" + "\n".join(lines)
    program = project.programs[args.name]
    span = program.decl.name.span
    return (f"program {program.name} ({program.kind}), declared at {span.path}:{span.line}\n"
            f"canonical code (@0 is {program.name}; equal code prints the same):\n"
            f"{canonical_text(program)}")


def _help(session: Session, args) -> str:
    if args.command:
        name = args.command.lstrip(":")
        if name not in COMMANDS:
            raise UsageError(f"unknown command :{name}")
        return COMMANDS[name].parser.format_help().rstrip()
    rows = [[COMMANDS[n].parser.usage, COMMANDS[n].summary] for n in COMMANDS]
    return ("Type declarations (import, game, program, ...) or commands; a declaration goes on\n"
            "while a { is open. Names of games and programs are unique in a session; typing a\n"
            "declaration again redefines it.\n\n" + "\n".join(f"{u}\n    {s}" for u, s in rows))


def _quit(session: Session, args) -> str:
    raise Quit()


def _parser(name: str, usage: str = "", *, match: bool = False) -> _Parser:
    parser = _Parser(prog=f":{name}", usage=f":{name} {usage}".strip(), add_help=False)
    if match:
        parser.add_argument("--game", metavar="G", help="the game, when several are loaded")
        parser.add_argument("--select", metavar="S", default="leximin", type=selection,
                            help=f"selection function: {', '.join(SELECTIONS)}")
        parser.add_argument("--fuel", metavar="N", type=positive, default=DEFAULT_FUEL,
                            help="step budget of the match")
    return parser


def _match_parsers() -> tuple[_Parser, _Parser]:
    """The parsers of :play and :offers."""
    play = _parser("play", "A B [C...] [--select S] [--trace] [--json] [--game G] [--fuel N]", match=True)
    offers = _parser("offers", "A B [C...] [--select S] [--game G] [--fuel N]", match=True)
    for parser in (play, offers):
        parser.add_argument("programs", metavar="A B", nargs="+")
    play.add_argument("--trace", action="store_true", help="show every step")
    play.add_argument("--json", action="store_true", help="print JSON")
    return play, offers


def _tournament_parser() -> _Parser:
    """The parser of :tournament."""
    parser = _parser("tournament", "[NAME...] [--seat1 NAME... --seat2 NAME...] [--seat N NAME...] "
                                   "[--plot FILE] [--select S] [--game G] [--fuel N]", match=True)
    parser.add_argument("names", metavar="NAME", nargs="*",
                        help="programs that play every seat (default: every one in scope)")
    parser.add_argument("--seat1", metavar="NAME", nargs="+", default=[], help="the P1 programs")
    parser.add_argument("--seat2", metavar="NAME", nargs="+", default=[], help="the P2 programs")
    parser.add_argument("--seat", metavar=("N", "NAME"), nargs="+", action="append", default=[],
                        help="the player-N programs (one for each seat: --seat 3 NAME...)")
    parser.add_argument("--plot", metavar="FILE", type=picture,
                        help="also draw the payoff matrix (.png, .svg or .pdf)")
    return parser


def _commands() -> dict[str, Command]:
    play, offers = _match_parsers()
    game = _parser("game", "[NAME]")
    game.add_argument("name", metavar="NAME", nargs="?")
    pmm = _parser("pmm", "[--game G]")
    pmm.add_argument("--game", metavar="G")
    pmp = _parser("pmp", "[PLAYER] OUTCOME [--game G]")
    pmp.add_argument("words", metavar="[PLAYER] OUTCOME", nargs="+")
    pmp.add_argument("--game", metavar="G")
    plot = _parser("plot", "A B [-o FILE] [--select S] [--game G], or :plot --pmp OUTCOME... "
                           "[-o FILE] [--game G]", match=True)
    plot.add_argument("programs", metavar="A B", nargs="*")
    plot.add_argument("--pmp", metavar="OUTCOME", nargs="+", action="extend", default=[],
                      help="outcomes whose Pareto meet projections to draw")
    plot.add_argument("-o", "--output", metavar="FILE", type=picture, help="a .png, .svg or .pdf file "
                      "(default A-B.png, or pmp.png)")
    tournament = _tournament_parser()
    load = _parser("load", "FILE")
    load.add_argument("file", metavar="FILE")
    show = _parser("show", "NAME")
    show.add_argument("name", metavar="NAME")
    help_ = _parser("help", "[COMMAND]")
    help_.add_argument("command", metavar="COMMAND", nargs="?")
    return {
        "play": Command(play, _play, "play program A (player 1) against B (player 2)"),
        "offers": Command(offers, _offers, "each side's offer and the agreement set of A and B"),
        "game": Command(game, _game, "payoff table, feasible set, Pareto frontier and PMM"),
        "pmm": Command(pmm, _pmm, "the Pareto meet minimum"),
        "pmp": Command(pmp, _pmp, "Pareto meet projections of an outcome (one player's, or both)"),
        "plot": Command(plot, _plot, "draw A vs B in payoff space, or PMP_1 and PMP_2 of outcomes "
                                     "(PNG, SVG or PDF, by the file's suffix)"),
        "tournament": Command(tournament, _tournament, "every program against every program "
                                                       "(all in scope, or those named): matrix "
                                                       "and ranking"),
        "load": Command(load, _load, "load a .spi file (and its imports)"),
        "reload": Command(_parser("reload"), _reload, "read the loaded files again"),
        "list": Command(_parser("list"), _list, "the games and programs in scope"),
        "show": Command(show, _show, "a program's canonical code, or a game"),
        "help": Command(help_, _help, "this list, or one command's options"),
        "quit": Command(_parser("quit"), _quit, "leave (so does Ctrl-D)"),
    }


COMMANDS = _commands()
ALIASES = {"q": "quit", "exit": "quit", "h": "help", "?": "help"}
