"""Start-up of a command on a one-program file (issue 15, target 4 second half: under 0.3 s
of CPU): each command a fresh process, its CPU (user + system) from the kernel's account
of that one child (`os.wait4`), best and median of --repeat runs, interleaved with the
baselines measured in the same run: bare `python -c pass`, `python -c "import lark"`
and `python -c "import spi_lang"` (what benchmarks/whole_process.py's figures include).

The children run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed from their
environment; the first round, not counted, writes the .pyc files), as an installed
spilang runs: without .pyc files every module is compiled from source on every run,
about 0.2 s more on a loaded machine. `--no-pyc` measures that case instead (the
children look for .pyc files in an empty PYTHONPYCACHEPREFIX and write none). Lark's tables come from their
cache (spi_lang/syntax/parser_cache.py) unless `--no-cache`.

    .venv/bin/python benchmarks/startup.py --repeat 7
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAIR = [os.path.join(ROOT, "stdlib_programs", "scheduling", name) for name in ("fair1.spi", "fair2.spi")]
TARGET = 0.3


def cpu_of(command: list[str], env: dict) -> float:
    """CPU seconds (user + system) of one child process run to its end; fails loudly if
    the command fails."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return usage.ru_utime + usage.ru_stime


def commands(directory: str) -> dict[str, list[str]]:
    python = sys.executable
    spilang = os.path.join(os.path.dirname(python), "spilang")
    one = os.path.join(directory, "one.spi")
    with open(one, "w", encoding="utf-8") as out:
        out.write('import "games/scheduling.spi"\nprogram A { play Slot1 }\n')
    return {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import lark'": [python, "-c", "import lark"],
        "python -c 'import spi_lang'": [python, "-c", "import spi_lang"],
        "spilang play fair1.spi fair2.spi": [spilang, "play", *FAIR],
        "spilang play one.spi:A one.spi:A": [spilang, "play", f"{one}:A", f"{one}:A"],
        "spilang check fair1.spi": [spilang, "check", FAIR[0]],
        "spilang game fair1.spi": [spilang, "game", FAIR[0]],
    }


def environment(args, directory: str) -> dict:
    env = dict(os.environ)
    if args.no_pyc:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = os.path.join(directory, "no-pyc")  # empty: nothing to read
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["SPILANG_CACHE_DIR"] = "" if args.no_cache else os.path.join(directory, "cache")
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--no-pyc", action="store_true", help="children compile every module from source")
    parser.add_argument("--no-cache", action="store_true", help="lark's tables built in every run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        env = environment(args, directory)
        table = commands(directory)
        for command in table.values():  # writes the .pyc files and fills the tables' cache
            cpu_of(command, env)
        times: dict[str, list[float]] = {label: [] for label in table}
        for _ in range(args.repeat):  # interleaved: a change of load touches every row alike
            for label, command in table.items():
                times[label].append(cpu_of(command, env))
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; {args.repeat} runs each; "
          f"CPU seconds (user + system) of each child; .pyc {'off' if args.no_pyc else 'on'}, "
          f"tables cache {'off' if args.no_cache else 'on'}")
    print(f"{'command':<36} {'best':>6} {'median':>7}")
    for label, values in times.items():
        verdict = ""
        if label.startswith("spilang"):
            verdict = "  target < 0.3 s: " + ("met" if statistics.median(values) < TARGET else "NOT met")
        print(f"{label:<36} {min(values):>6.3f} {statistics.median(values):>7.3f}{verdict}")


if __name__ == "__main__":
    main()
