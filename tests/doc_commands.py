"""The commands a documentation page shows: each indented `$ COMMAND` line (a trailing `\\`
continues it on the next line) and the output under it, which is split into chunks at
`...` lines (chunks must appear in the real output in order; `...` stands for lines left
out). Shared by the tests that run the docs' commands."""

from __future__ import annotations

import shlex

PROMPT = "    $ "


def commands(text: str) -> list[tuple[str, list[str]]]:
    """(command as typed, expected output chunks) for every `$` command in `text`."""
    lines, found = text.split("\n"), []
    for i, line in enumerate(lines):
        if not line.startswith(PROMPT):
            continue
        command, j = line[len(PROMPT):], i + 1
        while command.endswith("\\"):
            command, j = command[:-1] + lines[j].strip(), j + 1
        output = []
        while j < len(lines) and (lines[j].startswith("    ") and not lines[j].startswith(PROMPT)
                                  or not lines[j]):
            output.append(lines[j][4:])
            j += 1
        chunks, chunk = [], []
        for out in output + ["..."]:
            if out == "...":
                chunks.append("\n".join(chunk).strip("\n"))
                chunk = []
            else:
                chunk.append(out)
        found.append((command, [c for c in chunks if c.strip()]))
    return found


def spilang_argv(command: str) -> list[str] | None:
    """The arguments of a `.venv/bin/spilang ...` command, or None for another command."""
    words = shlex.split(command)
    return words[1:] if words and words[0] == ".venv/bin/spilang" else None


def missing_chunk(output: str, chunks: list[str]) -> str | None:
    """The first chunk that is not in `output` (after the chunks before it), or None."""
    position = 0
    for chunk in chunks:
        found = output.find(chunk, position)
        if found < 0:
            return chunk
        position = found + len(chunk)
    return None
