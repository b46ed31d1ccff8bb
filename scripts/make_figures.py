"""Regenerate the docs' pictures (docs/figures) with `spilang plot` (CI runs this):

    .venv/bin/python scripts/make_figures.py [--out docs/figures]

Example 4.1 of the paper (Figure 2: Bold1 against Modest2 and against Generous2, and the
Pareto meet projections of the miscoordinated outcome and two lotteries, as in Figure 1),
and the Theorem 3 example (Hardline1 against Hardline2, and their PMP-extensions). Each
picture is one `spilang plot` command, printed as it runs. Needs the `plot` extra.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import _needs_spilang  # noqa: F401, I001 (first: a clear message when spilang is missing)
from spi_lang.ui.cli import main as spilang

ROOT = Path(__file__).resolve().parent.parent

FIGURES = [
    ("example_4_1_modest.png", ["scheduling/bold1.spi", "scheduling/modest2.spi"]),
    ("example_4_1_generous.png", ["scheduling/bold1.spi", "scheduling/generous2.spi"]),
    ("example_4_1_pmp.png", ["--game", "games/scheduling.spi", "--pmp", "(Slot1, Slot2)",
                             "lottery {(Slot1, Slot1): 1/2, (Slot1, Slot2): 1/2}",
                             "lottery {(Slot1, Slot2): 1/2, (Slot2, Slot2): 1/2}"]),
    ("theorem_3_hardline.png", ["scheduling/hardline1.spi", "scheduling/hardline2.spi"]),
    ("theorem_3_pmp.png", ["scheduling/hardline1_pmp.spi", "scheduling/hardline2_pmp.spi"]),
]


def main(argv: list[str] | None = None) -> int:
    """Write every figure into --out; return the first failing command's exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "figures"),
                        help="folder to write the pictures to (default docs/figures)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, plot_args in FIGURES:
        argv_ = ["plot", *plot_args, "-o", os.path.relpath(out / name)]
        print("spilang " + " ".join(f"'{a}'" if " " in a else a for a in argv_), flush=True)
        status = spilang(argv_)
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
