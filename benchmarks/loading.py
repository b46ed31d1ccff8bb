"""Loading alone: the 10,000-program load of benchmarks/tournament.py (its `loading`
function: spi_lang.load against lark's bare parse with the collector paused as
spi_lang.load pauses it, interleaved, best of --repeat + 1), without the rest of that
benchmark.

    python benchmarks/loading.py [--seed 1] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tournament  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} before")
    with tempfile.TemporaryDirectory() as directory:
        tournament.loading(directory, args)
    print(f"load average {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
