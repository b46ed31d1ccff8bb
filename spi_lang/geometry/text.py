"""How game objects are written: profiles, payoff vectors, outcomes and counts as text,
aligned tables, and outcomes as plain data (exact numbers as strings) for JSON."""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 entry`, `3 entries`."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def format_profile(profile: tuple[str, ...]) -> str:
    """`(Slot1, Slot2)`."""
    return "(" + ", ".join(profile) + ")"


def format_vector(point) -> str:
    """`(1, 1/3)`."""
    return "(" + ", ".join(str(x) for x in point) + ")"


def format_outcome(outcome) -> str:
    """`(Slot3, Slot3)` or `lottery {(A, B): 1/2, (B, A): 1/2}`."""
    if outcome.is_pure:
        return format_profile(outcome.support[0][0])
    return "lottery {" + ", ".join(f"{format_profile(p)}: {q}" for p, q in outcome.support) + "}"


def outcome_json(outcome) -> list[dict]:
    """An outcome as a list of {"profile": [...], "probability": "p"}."""
    return [{"profile": list(profile), "probability": str(prob)} for profile, prob in outcome.support]


def table(rows: list[list[str]], indent: str = "") -> str:
    """Rows of cells as left-aligned columns separated by two spaces."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(indent + line for line in lines)


def format_set(points) -> str:
    """A set as its pieces: `point (3, 1) | segment (1, 1) - (3, 1) | polygon (..), ..`
    (`polytope` for a piece of dimension 3 or more)."""
    if points.empty:
        return "nothing"
    parts = []
    for piece in points.pieces:
        shown = ", ".join(format_vector(v) for v in piece.vertices)
        kind = {0: "point", 1: "segment", 2: "polygon"}.get(piece.dimension, "polytope")
        parts.append(f"{kind} {shown.replace(', (', ' - (') if kind == 'segment' else shown}")
    return " | ".join(parts)
