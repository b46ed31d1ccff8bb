"""The cluster options of `spilang tournament`: `--scheduler ADDRESS` (an existing Dask
cluster), `--cluster local:N` (a LocalCluster started for the run), `--out DIR` (the cells
written as CSV parts by whoever plays them, the driver keeping only the rankings) and
`--block-cells N`; their usage checks, and the run that plays the tournament in blocks."""

from __future__ import annotations

import argparse

from spi_lang import api

LOCAL = "local:"


def add_options(tour) -> None:
    tour.add_argument("--scheduler", metavar="ADDRESS",
                      help="play on the Dask cluster whose scheduler is at ADDRESS (HOST:PORT or "
                           "tcp://HOST:PORT; needs the dask extra)")
    tour.add_argument("--cluster", metavar="local:N", type=_local,
                      help="play on a Dask LocalCluster of N worker processes on this machine, "
                           "started for the run (needs the dask extra)")
    tour.add_argument("--out", metavar="DIR",
                      help="write the cells to DIR as CSV parts with a manifest.json, and print the "
                           "rankings only (the whole matrix is never held in this process)")
    tour.add_argument("--block-cells", metavar="N", type=_positive, default=None,
                      help="cells per block of work (default: from the cell count, 2,000 to 20,000)")


def _local(text: str) -> int:
    count = text[len(LOCAL):] if text.startswith(LOCAL) else ""
    if not count.isdigit() or int(count) < 1:
        raise argparse.ArgumentTypeError(f"give local:N, N worker processes (local:2), not {text!r}")
    return int(count)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"give a positive whole number, not {text!r}")
    return int(text)


def wanted(args) -> bool:
    """Whether the run is played in blocks (any cluster option given)."""
    return any(x is not None for x in (args.scheduler, args.cluster, args.out, args.block_cells))


def problem(args) -> str | None:
    """Why the cluster options do not go together with the others (a usage error), or None."""
    if not wanted(args):
        return None
    if args.scheduler is not None and args.cluster is not None:
        return "give --scheduler or --cluster, not both"
    if args.workers > 1:
        return "--workers plays on this machine's processes: with --scheduler, --cluster or --out " \
               "leave it out (--cluster local:N starts N worker processes here)"
    if args.out is not None:
        others = [name for name, given in (("--csv", args.csv), ("--json", args.json),
                                           ("--json-out", args.json_out), ("--plot", args.plot),
                                           ("--nfg", args.nfg)) if given]
        if others:
            return f"--out writes the cells as parts and prints the rankings: {others[0]} needs the " \
                   "whole matrix (merge the parts instead: docs/dask.md)"
    if args.scheduler is not None:
        from spi_lang.analysis import tournament_dask
        tournament_dask.distributed()  # the missing extra is a user error, said first
        return tournament_dask.address_problem(args.scheduler)
    return None


def play(args, project, seats, stages):
    """The tournament played in blocks: on the cluster asked for, or here."""
    options = dict(game=args.game, select=args.select, fuel=args.fuel, out=args.out,
                   block_cells=args.block_cells, progress=stages)
    populations = [api.population(project, specs) for specs in seats] if seats else \
        [api.population(project, args.files)]
    if args.scheduler is None and args.cluster is None:
        return api.tournament_in_blocks(project, *populations, **options)
    from spi_lang.analysis.tournament_dask import Cluster
    with stages.ticking("starting the cluster" if args.cluster else "connecting to the cluster"):
        cluster = Cluster(scheduler=args.scheduler, local=args.cluster)
    with cluster:
        return api.tournament_in_blocks(project, *populations, cluster=cluster, **options)
