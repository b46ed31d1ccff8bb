"""Argument types that the command line and the REPL's commands share. Each checks the
form of an option's value before any file is read, so a mistaken value is a usage error
(exit 2, with the usage line) like an unknown option; what can only be checked against
the files (a dictator who is not a player, a transform's program that does not exist) is a
user error, reported where it is found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spi_lang.analysis.transforms import NAMED, PMP, PMP_REVISED, SELECT
from spi_lang.analysis.transforms import USAGE as TRANSFORM_USAGE
from spi_lang.geometry.selection import NAMES as SELECTIONS
from spi_lang.ui.exits import EXIT_USAGE

PICTURE_SUFFIXES = (".png", ".svg", ".pdf")  # what matplotlib writes without extra packages


def positive(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _is_selection(text: str) -> bool:
    kind, colon, player = text.partition(":")
    return (not colon and kind in ("leximin", "utilitarian", "nash")) or (kind == "dictator" and bool(player))


def selection(text: str) -> str:
    """An argparse type: the name of a selection function (`dictator:` needs a player)."""
    if _is_selection(text):
        return text
    raise argparse.ArgumentTypeError(f"unknown selection function {text!r}; choose one of {', '.join(SELECTIONS)}")


def transform(text: str) -> str:
    """An argparse type: `pmp`, `pmp:revised`, `renegotiate:NAME`, `csr:NAME` or `select:S`."""
    kind, _, name = text.partition(":")
    if text in (PMP, PMP_REVISED) or (kind in NAMED and name) or (kind == SELECT and _is_selection(name)):
        return text
    raise argparse.ArgumentTypeError(f"unknown transform {text!r}; {TRANSFORM_USAGE}")


def picture_problem(path: str) -> str | None:
    """Why `path` cannot name a picture (its suffix picks the format), or None."""
    if Path(path).suffix.lower() in PICTURE_SUFFIXES:
        return None
    return f"cannot tell the picture format of {path!r}: name a .png, .svg or .pdf file"


def picture(text: str) -> str:
    """An argparse type: a file name whose suffix is a picture format."""
    problem = picture_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def usage_error(args, problem: str) -> int:
    """What argparse does for a bad command line, for a problem it cannot see by itself."""
    args.usage.print_usage(sys.stderr)
    print(f"{args.usage.prog}: error: {problem}", file=sys.stderr)
    return EXIT_USAGE


def sandbox_option(parser: argparse.ArgumentParser) -> None:
    """`--sandbox DIR`, for every command that reads files."""
    parser.add_argument("--sandbox", metavar="DIR",
                        help="read files only from DIR and the stdlib (for untrusted submissions)")


def match_options(parser: argparse.ArgumentParser) -> None:
    """--game, --select, --fuel and --workers: how a command that plays a tournament plays
    its matches (tournament, metagame, dynamics)."""
    from spi_lang.engine.results import DEFAULT_FUEL
    parser.add_argument("--game", metavar="G", help="the game, when the files see several")
    parser.add_argument("--select", metavar="S", default="leximin", type=selection,
                        help="selection function for csr agreement sets (default leximin)")
    parser.add_argument("--fuel", metavar="N", type=positive, default=DEFAULT_FUEL,
                        help=f"step budget of each match (default {DEFAULT_FUEL:,})")
    parser.add_argument("--workers", metavar="N", type=positive, default=1,
                        help="play the matches in N processes (default 1)")
