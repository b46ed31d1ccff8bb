"""The text, CSV and JSON of `spilang dynamics`: the final shares (floats, and for a Moran
run the integer counts), and the whole trajectory as CSV, one row per time point."""

from __future__ import annotations

import csv
import io
import json

from spi_lang.analysis.dynamics import MORAN, Trajectory
from spi_lang.geometry.text import table
from spi_lang.syntax.schema import versioned


def columns(trajectory: Trajectory) -> list[str]:
    """A column per program: its name, or `seat:name` when there are two populations."""
    if len(trajectory.populations) == 1:
        return list(trajectory.populations[0])
    return [f"P{k}:{name}" for k, names in enumerate(trajectory.populations, 1) for name in names]


def _settings(trajectory: Trajectory) -> str:
    return ", ".join(f"{name} {value}" for name, value in trajectory.parameters)


def dynamics_text(trajectory: Trajectory, title: str) -> str:
    """What `spilang dynamics` prints: the settings and the final shares (floats)."""
    if trajectory.process == MORAN:
        head = (f"Moran process with mutation over {title} (floating point; seeded, reproducible): "
                f"{_settings(trajectory)}")
        end = f"after step {len(trajectory.times) - 1:,}" + (
            f" (one program took over: no mutation, stopped)" if trajectory.fixed_at else "")
    else:
        head = (f"replicator dynamics over {title} (floating point, scipy odeint via nashpy), "
                f"from equal shares: {_settings(trajectory)}")
        end = f"at time {trajectory.times[-1]:g}"
    rows = [["program", "share", *(["count"] if trajectory.counts else [])]]
    for k, name in enumerate(columns(trajectory)):
        count = [str(trajectory.counts[-1][k])] if trajectory.counts else []
        rows.append([name, f"{trajectory.shares[-1][k]:.6f}", *count])
    return f"{head}\n\nfinal shares {end}:\n{table(rows, indent='  ')}"


def dynamics_csv(trajectory: Trajectory) -> str:
    """One row per time point: the time (or Moran step), each program's share; a Moran
    run's rows have the counts, then the shares."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = columns(trajectory)
    if trajectory.counts is not None:
        writer.writerow(["step", *(f"count:{n}" for n in names), *(f"share:{n}" for n in names)])
        for t, (counts, shares) in enumerate(zip(trajectory.counts, trajectory.shares)):
            writer.writerow([t, *counts, *(repr(s) for s in shares)])
    else:
        writer.writerow(["time", *names])
        for t, shares in zip(trajectory.times, trajectory.shares):
            writer.writerow([repr(t), *(repr(s) for s in shares)])
    return out.getvalue()


def dynamics_json(trajectory: Trajectory) -> str:
    """The settings and the final point, numbers as JSON floats (they are floats)."""
    data = versioned({
        "process": trajectory.process, "floating_point": True,
        "parameters": {name: str(value) for name, value in trajectory.parameters},
        "programs": columns(trajectory), "points": len(trajectory.times),
        "final_time": trajectory.times[-1],
        "final_shares": dict(zip(columns(trajectory), trajectory.shares[-1])),
    })
    if trajectory.counts is not None:
        data["final_counts"] = dict(zip(columns(trajectory), trajectory.counts[-1]))
        data["fixed_at"] = trajectory.fixed_at
    return json.dumps(data, indent=2)
