"""The `analyze` and `spi-check` commands: their options (one `--candidatesK` and
`--seatK` per seat, up to MAX_SEATS) and how they call the API."""

from __future__ import annotations

import argparse

from spi_lang import api
from spi_lang.engine.interpreter import DEFAULT_FUEL
from spi_lang.ui.options import positive, sandbox_option, selection, transform, usage_error

MAX_SEATS = 9  # --candidates1 ... --candidates9, --seat1 ... --seat9


def analysis_commands(sub) -> None:
    """The `analyze` and `spi-check` subcommands."""
    programs = "file.spi, file.spi:Name, or the name of a program in the loaded files"
    analyze = sub.add_parser(
        "analyze", help="expected utilities under beliefs, best responses, subjective equilibrium",
        description="Value each player's candidate programs against that player's beliefs, find "
                    "the best responses, check whether a profile is a subjective equilibrium "
                    "(Definition 1), before and after a transform, and check Assumptions 4 and 8. "
                    f"In games of 3 or more players give --candidates3 ... --candidates{MAX_SEATS} "
                    "likewise, and --profile with one program per player.")
    analyze.add_argument("files", metavar="FILE", nargs="*", help=".spi files to load")
    for seat in range(1, MAX_SEATS + 1):
        analyze.add_argument(f"--candidates{seat}", metavar="PROGRAM", nargs="+", default=[],
                             help=f"player {seat}'s candidate programs ({programs})" if seat <= 2
                             else argparse.SUPPRESS)
    analyze.add_argument("--beliefs", metavar="BELIEFS", nargs="+", default=[],
                         help="beliefs declarations, at most one per player (name or file.spi:Name)")
    analyze.add_argument("--profile", metavar="PROGRAM", nargs="+",
                         help="check whether this profile of candidates (one per player) is a "
                              "subjective equilibrium")
    analyze.add_argument("--all-programs", action="store_true",
                         help="also the best response over every program the language can express "
                              "(with a witness program), and Definition 1 over all programs")
    analyze.set_defaults(usage=analyze)
    _transform_option(analyze, required=False)
    _analysis_options(analyze)

    check = sub.add_parser(
        "spi-check", help="check that a transform is a safe Pareto improvement (Definition 2)",
        description="Play every seat-1 program against every seat-2 program, before and after the "
                    "transform, and check U(f(p)) >= U(p) for both players, strictly for some p. "
                    f"In games of 3 or more players give --seat3 ... --seat{MAX_SEATS} likewise: "
                    "every profile of the seats' programs is played.")
    check.add_argument("files", metavar="FILE", nargs="*", help=".spi files to load")
    for seat in range(1, MAX_SEATS + 1):
        check.add_argument(f"--seat{seat}", metavar="PROGRAM", nargs="+", required=seat <= 2,
                           default=[], help=f"the programs of seat {seat} ({programs})" if seat <= 2
                           else argparse.SUPPRESS)
    _transform_option(check, required=True)
    check.add_argument("--all", action="store_true", help="show every profile, not only counterexamples")
    _analysis_options(check)


def _transform_option(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--transform", metavar="T", required=required, type=transform,
                        help="renegotiate:NAME or csr:NAME (base programs become Algorithm 1 or 2 "
                             "programs with NAME's maps or offers), pmp or pmp:revised (csr programs "
                             "become their PMP-extensions, Definition 7 read literally, or the revised "
                             "PRN programs) or select:S (csr programs written for selection S switch "
                             "to --select, Appendix B)")


def _analysis_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--game", metavar="G", help="the game, when the files see several")
    parser.add_argument("--select", metavar="S", default="leximin", type=selection,
                        help="selection function for csr agreement sets (default leximin)")
    parser.add_argument("--fuel", metavar="N", type=positive, default=DEFAULT_FUEL,
                        help=f"step budget of each match (default {DEFAULT_FUEL:,})")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    sandbox_option(parser)


def _per_seat(args, option: str) -> list[list[str]]:
    """`--{option}1` ... `--{option}9`, up to the last one given (at least two)."""
    given = [getattr(args, f"{option}{k}") for k in range(1, MAX_SEATS + 1)]
    while len(given) > 2 and not given[-1]:
        given.pop()
    return given


def analyze_command(args) -> int:
    """`spilang analyze`."""
    candidates = _per_seat(args, "candidates")
    if not any(candidates):
        return usage_error(args, "no candidates: give --candidates1 and/or --candidates2")
    if args.profile is not None and len(args.profile) < 2:
        return usage_error(args, "argument --profile: give one program per player")
    result = api.analyze(*args.files, candidates=candidates,
                     beliefs=args.beliefs, profile=args.profile, transform=args.transform,
                     game=args.game, select=args.select, fuel=args.fuel, sandbox=args.sandbox,
                     all_programs=args.all_programs)
    from spi_lang.ui import report_analysis  # the analysis floor, only for these commands
    print(result.to_json() if args.json else report_analysis.analysis_text(result))
    return 0


def spi_check_command(args) -> int:
    """`spilang spi-check`."""
    result = api.spi_check(*args.files, seats=_per_seat(args, "seat"), transform=args.transform,
                       game=args.game, select=args.select, fuel=args.fuel, sandbox=args.sandbox)
    from spi_lang.ui import report_analysis
    print(result.to_json() if args.json else report_analysis.spi_check_text(result, args.all))
    return 0
