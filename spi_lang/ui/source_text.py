"""Canonical code as text (the REPL's `:show`): every code class reachable from a program,
numbered breadth-first as in `programs.canonical_form`, printed in normalized syntax with
each program reference replaced by its class number (`@1`). Names, comments, layout and
number spellings are gone, so two programs have equal code exactly when they print the same
(the `#` comments naming a representative of each class are not part of the code)."""

from __future__ import annotations

from spi_lang.load.programs import BASE, ICSR, RENEGOTIATION, Program, canonical_classes
from spi_lang.syntax import ast

INDENT = "  "


def canonical_text(program: Program) -> str:
    """The canonical code of `program`, one block per code class (`@0` is the program)."""
    classes = canonical_classes(program)
    representatives: dict[int, Program] = {}
    for node, number in sorted(classes.items(), key=lambda item: item[1]):
        representatives.setdefault(number, node)
    blocks = []
    for number in sorted(representatives):
        node = representatives[number]
        blocks.append(_Printer(node, classes).program(number))
    return "\n".join(blocks)


class _Printer:
    """Prints one program's code, references as class numbers."""

    def __init__(self, program: Program, classes: dict[Program, int]) -> None:
        self.owner = program
        self.classes = classes

    def ref(self, name: ast.Name | None) -> str:
        target = self.owner if name is None else self.owner.refs.get(name.text)
        return name.text if target is None else f"@{self.classes[target]}"

    def program(self, number: int) -> str:
        program = self.owner
        head = f"@{number} = " + ("" if program.kind == BASE else f"{program.kind} ")
        if program.kind == BASE:
            lines = self.block(program.body.stmts, 1)
        else:
            lines = [f"{INDENT}default @{self.classes[program.default]}"]
            if program.kind == ICSR:
                for k, offers in enumerate(program.rounds, start=1):
                    lines += [f"{INDENT}round {k} {{", *(2 * INDENT + self.offer(i) for i in offers), INDENT + "}"]
            else:
                items = program.maps if program.kind == RENEGOTIATION else program.offers
                lines += [INDENT + (self.map(i) if program.kind == RENEGOTIATION else self.offer(i))
                          for i in items]
        return "\n".join([f"{head}{{  # {program.name}", *lines, "}"])

    def block(self, stmts, depth: int) -> list[str]:
        pad = INDENT * depth
        lines: list[str] = []
        for stmt in stmts:
            if isinstance(stmt, ast.Play):
                lines.append(f"{pad}play {stmt.action.text}")
            elif isinstance(stmt, ast.PlayMix):
                weights = ", ".join(f"{w.action.text}: {w.prob.value}" for w in stmt.weights)
                lines.append(f"{pad}play mix {{ {weights} }}")
            elif isinstance(stmt, ast.Within):
                lines += [f"{pad}within {stmt.budget.value} steps {{", *self.block(stmt.body.stmts, depth + 1),
                          f"{pad}}} otherwise {{", *self.block(stmt.otherwise.stmts, depth + 1), f"{pad}}}"]
            else:
                lines += self.if_stmt(stmt, depth)
        return lines

    def if_stmt(self, stmt: ast.If, depth: int) -> list[str]:
        pad = INDENT * depth
        lines: list[str] = []
        for i, branch in enumerate(stmt.branches):
            opener = "if" if i == 0 else "} else if"
            lines.append(f"{pad}{opener} {self.cond(branch.cond)} {{")
            lines += self.block(branch.body.stmts, depth + 1)
        if stmt.orelse is not None:
            lines.append(f"{pad}}} else {{")
            lines += self.block(stmt.orelse.stmts, depth + 1)
        lines.append(f"{pad}}}")
        return lines

    def map(self, item: ast.Map) -> str:
        return f"map {outcome(item.source)} -> {self.outcome_ref(item.target)}"

    def offer(self, item: ast.Offer) -> str:
        guard = "" if item.guard is None else f"when {self.cond(item.guard)}: "
        return f"offer {guard}{self.set(item.set)}"

    # Conditions and sets: parentheses wherever the source needed them, so the printed
    # text parses back to the same tree.
    def cond(self, node, parent: int = 0) -> str:
        if isinstance(node, (ast.Or, ast.And)):
            level, word = (1, " or ") if isinstance(node, ast.Or) else (2, " and ")
            text = word.join(self.cond(c, level) for c in node.operands)
        elif isinstance(node, ast.Not):
            level, text = 3, "not " + self.cond(node.operand, 2)
        else:
            return self.atom_cond(node)
        return f"({text})" if level <= parent else text

    def atom_cond(self, node) -> str:
        if isinstance(node, ast.Provable):
            system = "" if node.level == 0 else f" in PA+{node.level} "
            return f"provable{system}({self.cond(node.statement)})"
        if isinstance(node, ast.Plays):
            subject = "opponent" if isinstance(node.subject, ast.Opponents) else self.ref(node.subject.name)
            against = self.ref(None if isinstance(node.against, ast.SelfRef) else node.against.name)
            return f"{subject} plays {node.action.text} against {against}"
        if isinstance(node, ast.Random):
            return f"random < {node.prob.value}"
        if isinstance(node, ast.Simulate):
            return self.simulate(node)
        if isinstance(node, ast.OpponentIs):
            return f"{opponents(node.who)} is {node.template}"
        if isinstance(node, (ast.OutcomeEq, ast.OutcomeNe)):
            op = "==" if isinstance(node, ast.OutcomeEq) else "!="
            return f"outcome {op} {self.outcome_ref(node.ref)}"
        op = "==" if isinstance(node, ast.OpponentEq) else "!="
        name = None if isinstance(node.ref, ast.SelfRef) else node.ref.name
        return f"{opponents(node.who)} {op} {self.ref(name)}"

    def simulate(self, node: ast.Simulate) -> str:
        """`simulate opponent as P2 plays A against @0`."""
        who = "opponent" if isinstance(node.program, ast.SimOpponent) else self.ref(node.program.name)
        seat = "" if node.seat is None else f" as {node.seat.text}"
        against = self.ref(None if isinstance(node.against, ast.SelfRef) else node.against.name)
        return f"simulate {who}{seat} plays {node.action.text} against {against}"

    def set(self, node, parent: int = 0) -> str:
        if isinstance(node, (ast.SetUnion, ast.SetIntersect)):
            level, op = (1, " | ") if isinstance(node, ast.SetUnion) else (2, " & ")
            text = op.join(self.set(c, level) for c in node.operands)
            return f"({text})" if level <= parent else text
        if isinstance(node, ast.OutcomeSet):
            return "{ " + ", ".join(self.outcome_ref(o) for o in node.outcomes) + " }"
        if isinstance(node, ast.HullSet):
            items = (coords(i) if isinstance(i, ast.Coords) else self.outcome_ref(i) for i in node.items)
            return "hull { " + ", ".join(items) + " }"
        if isinstance(node, ast.PmpSet):
            return f"pmp({self.outcome_ref(node.outcome)})"
        if isinstance(node, ast.OffersSet):
            return f"offers({self.ref(node.name)})"
        words = {ast.NothingSet: "nothing", ast.AllSet: "all", ast.FrontierSet: "frontier"}
        if type(node) in words:
            return words[type(node)]
        word = {ast.PointSet: "point", ast.BelowSet: "below", ast.AboveSet: "above"}[type(node)]
        return f"{word} {coords(node.coords)}"

    def outcome_ref(self, node) -> str:
        if isinstance(node, ast.CurrentOutcome):
            return "outcome"
        if isinstance(node, ast.Result):
            return f"result({self.ref(node.name)})"
        return outcome(node)


def outcome(node) -> str:
    """A profile (with `_`) or a lottery in normalized syntax."""
    if isinstance(node, ast.Profile):
        return "(" + ", ".join(i.text if isinstance(i, ast.Name) else "_" for i in node.items) + ")"
    entries = ", ".join(f"{outcome(e.profile)}: {e.prob.value}" for e in node.entries)
    return f"lottery {{ {entries} }}"


def coords(node: ast.Coords) -> str:
    """`(3, 1/2)`."""
    return "(" + ", ".join(str(n.value) for n in node.values) + ")"


def opponents(who: ast.Opponents) -> str:
    """`opponent`, `opponent(P2)`, `every opponent` or `some opponent`."""
    if who.quantifier == ast.SEAT:
        return f"opponent({who.player.text})"
    return "opponent" if who.quantifier == ast.THE else f"{who.quantifier} opponent"
