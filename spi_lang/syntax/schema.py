"""The version of spilang's JSON outputs. Every JSON object a command prints or writes
starts with `"schema_version": SCHEMA_VERSION`; the README documents the schema. Raise
the number when a field is removed or changes meaning (adding a field does not)."""

from __future__ import annotations

SCHEMA_VERSION = 1


def versioned(data: dict) -> dict:
    """`data` with the schema version as its first key."""
    return {"schema_version": SCHEMA_VERSION, **data}
