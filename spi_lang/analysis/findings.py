"""What the checks of Assumptions 4 and 8 find, as plain data: one `Finding` per checked
pair, and the `Assumptions` of one analysis (its findings and what it could not check)."""

from __future__ import annotations

import attrs

from spi_lang.engine.interpreter import format_mix

HOLDS, VIOLATED, UNKNOWN, UNCONSTRAINED = "holds", "violated", "unknown", "not constrained"


@attrs.frozen
class Finding:
    """One checked pair: does `responder` treat `program` as the assumption requires?"""

    assumption: str   # "4(1)", "4(2)", "8(i)" or "8(ii)"
    player: str       # player i, whose beliefs and programs these are
    responder: str    # player j's program whose response (or offer) is checked
    program: str      # player i's renegotiation or csr program
    status: str       # HOLDS, VIOLATED, UNKNOWN or UNCONSTRAINED
    detail: str


@attrs.frozen
class Assumptions:
    """Every pair checked, and what could not be checked."""

    findings: tuple[Finding, ...]
    not_checked: tuple[str, ...]

    @property
    def violations(self) -> tuple[Finding, ...]:
        """Findings that are, or may be, violations."""
        return tuple(f for f in self.findings if f.status in (VIOLATED, UNKNOWN))


def shown_response(response) -> str:
    """An action distribution as text: the action, or `mix {A: p, ...}`."""
    if len(response) == 1:
        return response[0][0]
    return "mix " + format_mix(dict(response))
