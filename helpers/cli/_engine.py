"""``--engine dask``: run ``score`` and ``latency`` on a Dask cluster, local or remote."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path

from helpers import DataError

__all__ = ["add_engine_options", "compute", "dask_client", "local_cluster", "require_dask"]

_INSTALL = "install the optional extra: pip install 'empathy-kit[dask]'"  # the CLI reads only helpers' public API


def add_engine_options(p) -> None:
    """``--engine``, ``--scheduler`` and ``--workers``."""
    p.add_argument(
        "--engine",
        choices=["pandas", "dask"],
        default="pandas",
        help="dask: PATH may be a folder or glob of files (one partition per file), run on a Dask cluster "
        "(pip install 'empathy-kit[dask]'; see docs/scale.md)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default: a local cluster on this machine's cores)",
    )
    p.add_argument(
        "--workers", type=int, help="with --engine dask and no --scheduler: worker processes (default: cores)"
    )


def require_dask() -> None:
    """``--engine dask`` without Dask installed: the kit's error saying how to install it, before any
    file is read (the readers' ImportError would reach the user as a traceback)."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DataError("--engine dask needs Dask, which is not installed", fix=_INSTALL) from exc


@contextlib.contextmanager
def dask_client(args):
    """A Dask client for one command: the ``--scheduler`` cluster, or a local one that ends with it."""
    require_dask()
    from distributed import Client

    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    if args.scheduler:
        try:
            client = Client(args.scheduler, timeout="20s")
        except OSError as exc:
            raise DataError(
                f"no Dask scheduler answered at {args.scheduler} ({exc})",
                fix="start one with `dask scheduler` and workers with `dask worker ADDRESS`, or leave out "
                "--scheduler for a local cluster",
            ) from exc
        with client:
            print(
                f"dask: scheduler {args.scheduler}, {len(client.scheduler_info()['workers'])} workers", file=sys.stderr
            )
            yield client
        return
    workers = args.workers or os.cpu_count() or 1
    with local_cluster(workers) as cluster, Client(cluster) as client:
        print(f"dask: local cluster, {workers} worker processes", file=sys.stderr)
        yield client


def local_cluster(workers: int):
    """A Dask ``LocalCluster`` of ``workers`` single-threaded processes, on 127.0.0.1 only, without a
    dashboard, its shuffle notices silenced (the kit's analyses are single-threaded per task)."""
    from distributed import LocalCluster

    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )


def compute(client, collection, what: str):
    """Compute ``collection`` on ``client`` with Dask's progress bar on stderr; returns its result."""
    from distributed import progress

    started = time.perf_counter()
    future = client.compute(collection)
    print(what, file=sys.stderr)
    if sys.stderr.isatty() or os.environ.get("CI"):
        with contextlib.redirect_stdout(sys.stderr):
            progress(future)
        print(file=sys.stderr)
    result = future.result()
    return result, time.perf_counter() - started


def output_folder(path: str) -> Path:
    """``-o`` for partitioned output: a folder (new or empty), not a file name."""
    out = Path(path)
    if out.suffix.lower() in (".csv", ".tsv", ".xlsx", ".txt"):
        raise DataError(
            "--engine dask writes partitioned Parquet, one file per partition, into a folder",
            file=path,
            fix=f"give a folder: -o {out.with_suffix('')}/",
        )
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DataError(
            "the output folder exists and is not empty: nothing is overwritten",
            file=path,
            fix="choose a new folder, or remove this one",
        )
    return out
