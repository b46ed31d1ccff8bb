"""Writing the best-response witness of `all_programs` as .spi source: conditions that
tell the counterparts' code apart (named programs, or a named copy of an anonymous
default block), a base body or default that responds per code, `map`s, guarded `point`
offers and empty icsr rounds; and turning that text into programs, either linked
directly to a loaded project (for the search) or loaded for real through the loader and
its checks (for the final witness)."""

from __future__ import annotations

import re
from pathlib import Path

from spi_lang.geometry.text import format_outcome, format_profile, format_vector
from spi_lang.load.files import SourceFile
from spi_lang.load.programs import Program, assign_codes, link_programs
from spi_lang.load.project import Project, load
from spi_lang.syntax.errors import source_lines
from spi_lang.syntax.parser import parse

WITNESS_PATH = "<witness>"
NEVER = "some opponent == self and not some opponent == self"  # a condition that never holds


class Writer:
    """Names and source text for the programs of one witness, in one project."""

    def __init__(self, project: Project, players: tuple[str, ...], seat: int) -> None:
        self.project, self.players, self.seat = project, players, seat
        self.helpers: dict[Program, str] = {}  # anonymous programs -> their named copies
        self._texts: list[str] = []

    def fresh(self, stem: str) -> str:
        """A program name that nothing loaded uses."""
        taken = set(self.project.world.decls) | set(self.helpers.values())
        name, k = stem, 1
        while name in taken:
            k += 1
            name = f"{stem}_{k}"
        return name

    def ident(self, program: Program) -> str:
        """A name with `program`'s code: its own, or a named copy of an anonymous block."""
        if self.project.programs.get(program.name) is program:
            return program.name
        if program not in self.helpers:
            name = self.fresh(f"Copy_{program.name.replace('.', '_')}")
            self.helpers[program] = name
            self._texts.append(f"program {name} {block_source(program)}")
        return self.helpers[program]

    def condition(self, others: tuple[Program, ...]) -> str:
        """A condition true exactly against the programs of `others` (other seats, in order)."""
        if len(others) == 1:
            return f"opponent == {self.ident(others[0])}"
        seats = [p for k, p in enumerate(self.players) if k != self.seat]
        return " and ".join(f"opponent({p}) == {self.ident(q)}" for p, q in zip(seats, others))

    def respond(self, choices: list[tuple[tuple[Program, ...], str]], otherwise: str, pad: str,
                marks: int = 0) -> str:
        """A block body: `if COND { play A } else if ...` per (others, action), then `play`
        the most frequent action (`otherwise` when there are no choices);
        `marks` dead branches first (they only make the code differ from a compared one)."""
        if choices:  # the last `play` plays the most frequent choice (the first such)
            counts = [a for _, a in choices]
            otherwise = max(dict.fromkeys(counts), key=counts.count)
        choices = [(o, a) for o, a in choices if a != otherwise]
        lines = [f"{pad}{'if' if k == 0 else '} else if'} {self.condition(o)} {{\n{pad}  play {a}"
                 for k, (o, a) in enumerate(choices)]
        head = "\n".join(lines) + f"\n{pad}}}\n" if lines else ""
        return f"{pad}if {NEVER} {{ play {otherwise} }}\n" * marks + head + f"{pad}play {otherwise}\n"

    def with_helpers(self, source: str) -> str:
        """`source` after the declarations of the named copies that it uses."""
        used = [t for (program, name), t in zip(self.helpers.items(), self._texts)
                if re.search(rf"\b{name}\b", source)]
        return "".join(t + "\n" for t in used) + source


def base_text(name: str, body: str) -> str:
    return f"program {name} {{\n{body}}}\n"


def default_text(body: str) -> str:
    return "  default {\n" + body + "  }\n"


def renegotiation_text(name: str, default: str, maps: list[tuple[tuple[str, ...], object]]) -> str:
    lines = "".join(f"  map {format_profile(s)} -> {format_outcome(t)}\n" for s, t in maps)
    return f"program {name} renegotiation {{\n{default}{lines}}}\n"


def csr_text(name: str, default: str, offers: list[tuple[str, tuple[str, ...], tuple]], marks: int = 0) -> str:
    """`offers`: (condition on the others or "", default profile, point); `marks` clauses
    that never apply (they only make the code differ from a compared one)."""
    lines = [f"  offer when {NEVER}: nothing\n"] * marks
    for cond, profile, point in offers:
        guard = " and ".join(c for c in (cond, f"outcome == {format_profile(profile)}") if c)
        lines.append(f"  offer when {guard}: point {format_vector(point)}\n")
    return f"program {name} csr {{\n{default}{''.join(lines)}}}\n"


def icsr_text(name: str, default: str, rounds: int, marks: int = 0, per_round=None) -> str:
    """`per_round`: for each round, (condition on the others, current outcome, point)."""
    never = [f"offer when {NEVER}: nothing"] * marks
    body = ""
    for k in range(rounds):
        clauses = list(never) if k == 0 else []
        for cond, outcome, point in (per_round[k] if per_round else ()):
            clauses.append(f"offer when {cond} and outcome == {format_outcome(outcome)}: point {format_vector(point)}")
        inner = "".join(f"\n    {c}" for c in clauses)
        body += f"  round {k + 1} {{{inner}\n  }}\n" if clauses else f"  round {k + 1} {{ }}\n"
    return f"program {name} icsr {{\n{default}{body}}}\n"


def link(project: Project, text: str, name: str, keep=()) -> Program:
    """The program `name` of `text`, linked to the project's programs, codes assigned over
    them, `keep` and the new programs at once (equal codes exactly for bisimilar ones)."""
    module = parse(text, WITNESS_PATH)
    file = SourceFile(WITNESS_PATH, Path(WITNESS_PATH), text, module)
    own = link_programs(file, project.programs)
    assign_codes([*project.programs.values(), *keep, *own.values()])
    return own[name]


def loaded(project: Project, text: str, sandbox: str | None = None) -> Project:
    """The project's files loaded again with `text` as one more file that sees them all:
    the witness goes through every check of the loader."""
    roots = list(project.world.roots)
    return load(*roots, sandbox=sandbox, snippets=[(WITNESS_PATH, text)])


def imports(project: Project) -> str:
    """`import` lines for the files named on the command line."""
    return "".join(f'import "{root}"\n' for root in project.world.roots)


def block_source(program: Program) -> str:
    """The source text of an anonymous default block (its `{ ... }`)."""
    return span_source(program.file.text, program.decl.body.span)


def span_source(source: str, span) -> str:
    """The text of a span of a source."""
    lines = list(source_lines(source)[span.line - 1:span.end_line])
    lines[-1] = lines[-1][:span.end_col - 1]
    lines[0] = lines[0][span.col - 1:]
    return "\n".join(lines)
