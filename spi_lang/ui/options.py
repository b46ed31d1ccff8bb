"""Argument types and options that the command line and the REPL's commands share."""

from __future__ import annotations

import argparse


def positive(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def sandbox_option(parser: argparse.ArgumentParser) -> None:
    """`--sandbox DIR`, for every command that reads files."""
    parser.add_argument("--sandbox", metavar="DIR",
                        help="read files only from DIR and the stdlib (for untrusted submissions)")
