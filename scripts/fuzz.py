"""Deep fuzzing of the `spilang` command: mutations of the stdlib programs (deleted,
duplicated, swapped and inserted tokens, huge numbers, deep nesting, non-UTF-8 bytes,
empty files) and random bytes, fed to `check`, `game`, `play` and `tournament`. Pass means exit 0 or a
rendered user error with exit 1: never an internal error, never a usage error, never
longer than the time bound per input.

    python scripts/fuzz.py [--inputs 100000] [--seed 0] [--seconds-per-input 10]

Prints the number of inputs, the time taken, and every failure (with the input saved).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

import _needs_spilang  # noqa: F401, I001 (first: a clear message when spilang is missing)
from spi_lang.syntax.resources import stdlib_dir
from spi_lang.ui.cli import main

TOKENS = re.compile(r'"[^"\n]*"|-?[0-9]+(?:[./][0-9]+)?|[A-Za-z_][A-Za-z0-9_]*|->|==|!=|\S')
VOCAB = ["{", "}", "(", ")", ",", ":", "=", "->", "==", "!=", "_", "|", "&", "play", "mix", "if",
         "else", "opponent", "self", "is", "not", "and", "or", "map", "default", "renegotiation",
         "csr", "offer", "when", "below", "above", "point", "hull", "pmp", "offers", "result",
         "outcome", "all", "nothing", "frontier", "pmp_extension", "lottery", "program", "game",
         "actions", "players", "payoff", "import", "simulate", "plays", "against", "as", "random",
         "<", "within", "steps", "otherwise", "randomness", "shared", "regress", "1/0", "-1/3",
         "0.5", "9" * 300, '"x.spi"',
         '"/etc/passwd"', '"../../x.spi"', "Slot1", "Slot2", "Slot3", "Defect", "Zz"]


def sources() -> dict[str, str]:
    """Stdlib files with sibling imports made stdlib-relative, so they load from anywhere."""
    out = {}
    for path in sorted(stdlib_dir().rglob("*.spi")):
        folder = path.parent.relative_to(stdlib_dir()).as_posix()
        out[path.relative_to(stdlib_dir()).as_posix()] = re.sub(
            r'import "([^"/]+)"', rf'import "{folder}/\1"', path.read_text())
    return out


def mutate(rng: random.Random, text: str) -> bytes:
    kind = rng.random()
    if kind < 0.03:
        return b""
    if kind < 0.06:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
    if kind < 0.09:
        depth = rng.choice([300, 5000, 100_000])
        return ("program P { if " + "(" * depth + "opponent == self" + ")" * depth
                + " { play A } play A }").encode()
    tokens = TOKENS.findall(text)
    for _ in range(rng.randint(1, 4)):
        if not tokens:
            break
        i, j = rng.randrange(len(tokens)), rng.randrange(len(tokens))
        op = rng.choice(["delete", "duplicate", "swap", "insert"])
        if op == "delete":
            del tokens[i]
        elif op == "duplicate":
            tokens.insert(i, tokens[i])
        elif op == "swap":
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            tokens.insert(i, rng.choice(VOCAB))
    data = " ".join(tokens).encode()
    if rng.random() < 0.03:
        data += b"\xff\xfe"
    return data


def commands_for(path) -> list[list[str]]:
    """The commands each input is fed to."""
    return [["check", str(path)], ["game", str(path)], ["play", str(path), str(path)],
            ["tournament", str(path)]]


class TimeUp(Exception):
    pass


def run_one(path: Path, argv: list[str], seconds: int) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    signal.alarm(seconds)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        signal.alarm(0)
    return code, err.getvalue()


def main_fuzz() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds-per-input", type=int, default=10)
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeUp()))
    rng = random.Random(args.seed)
    texts = sources()
    names = sorted(texts)
    work = Path(tempfile.mkdtemp(prefix="spilang-fuzz-"))
    failures = 0
    start = time.perf_counter()
    for n in range(args.inputs):
        data = mutate(rng, texts[rng.choice(names)])
        path = work / "fuzz.spi"
        path.write_bytes(data)
        for argv in commands_for(path):
            try:
                code, err = run_one(path, argv, args.seconds_per_input)
                bad = code not in (0, 1) or "internal error" in err
            except TimeUp:
                bad, err = True, "timed out"
            if bad:
                failures += 1
                kept = work / f"failure-{failures}.spi"
                kept.write_bytes(data)
                print(f"FAIL {argv[0]}: {err.strip()[:300]} (input saved in {kept})")
                break
        if (n + 1) % 5000 == 0:
            print(f"{n + 1} inputs, {time.perf_counter() - start:.0f} s, {failures} failures", flush=True)
    elapsed = time.perf_counter() - start
    print(f"command: python scripts/fuzz.py --inputs {args.inputs} --seed {args.seed}")
    print(f"inputs: {args.inputs}, commands run: {len(commands_for('x')) * args.inputs}, time: {elapsed:.0f} s, "
          f"failures: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main_fuzz())
