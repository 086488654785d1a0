"""Provenance: what produced a number (data hash, rubric, scorer and kit versions, git commit, seed).

>>> p = provenance(seed=3)
>>> sorted(p)[:4], p["seed"]
(['created_utc', 'git_commit', 'kit_version', 'python'], 3)
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from helpers.scoring.rubric import load_rubric

__all__ = ["file_sha256", "format_provenance", "provenance"]

_PACKAGE_DIR = str(files("helpers"))  # git is asked about the code that runs; a wheel install has no commit


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", _PACKAGE_DIR, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5
        )
        dirty = subprocess.run(
            ["git", "-C", _PACKAGE_DIR, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return out.stdout.strip() + ("+uncommitted changes" if dirty else "") if out.returncode == 0 else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def provenance(data=None, rubric=None, seed: int | None = None, *, scorer_mode: str = "default", **extra) -> dict:
    """A dict to print or save beside every result.

    Parameters
    ----------
    data : str or Path, optional
        The data file the result was computed from: its name and SHA-256 are recorded.
    rubric : Rubric or str or Path, optional
        The rubric used; default: the kit's rubric. Recorded as ``id@version``.
    seed : int, optional
        The seed of any resampling.
    scorer_mode : str
        The scoring mode the result used (``"default"``, ``"fast"``, ``"rules"``).
    **extra
        Anything else worth recording (e.g. ``labels="labels.csv"``), added as it is.

    Returns
    -------
    dict
        ``created_utc, git_commit`` (with ``+uncommitted changes`` when the code differs from it;
        ``unknown`` outside a git checkout), ``kit_version, python, rubric, scorer_version``,
        ``scorer_mode``, ``scorer_files_sha256`` (a hash of the model and rule files), ``seed``,
        then ``data`` and ``data_sha256`` when ``data`` is given, then ``extra``.

    Raises
    ------
    FileNotFoundError
        ``data`` does not exist.

    Examples
    --------
    >>> from helpers.data.bundled import package_file
    >>> record = provenance(package_file("helpers.data", "files/workshop_replies.csv"), seed=1, run="demo")
    >>> list(record)  # doctest: +NORMALIZE_WHITESPACE
    ['created_utc', 'git_commit', 'kit_version', 'python', 'rubric', 'scorer_version', 'scorer_mode',
     'scorer_files_sha256', 'seed', 'data', 'data_sha256', 'run']
    >>> record["data"], len(record["data_sha256"]), record["rubric"]
    ('workshop_replies.csv', 64, 'empathy-v1@1.0.0')
    """
    from helpers.scoring.scorer import scorer_fingerprint

    try:
        version = metadata.version("empathy-kit")
    except metadata.PackageNotFoundError:
        version = "not installed"
    out = {
        "created_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
        "git_commit": _git_commit(),
        "kit_version": version,
        "python": platform.python_version(),
        "rubric": load_rubric(rubric).label,
        **scorer_fingerprint(scorer_mode),
        "seed": seed,
    }
    if data is not None:
        out["data"] = Path(data).name
        out["data_sha256"] = file_sha256(data)
    out.update(extra)
    return out


def format_provenance(record: dict) -> str:
    """A provenance record as aligned ``key: value`` lines, nothing cut short (for notebooks and reports).

    Parameters
    ----------
    record : dict
        A provenance record (:func:`provenance`) or any flat dict.

    Returns
    -------
    str
        One line per key, keys right-aligned so the values line up.

    Examples
    --------
    >>> print(format_provenance({"seed": 3, "rubric": "empathy-v1@1.0.0"}))
      seed: 3
    rubric: empathy-v1@1.0.0
    """
    width = max((len(k) for k in record), default=0)
    return "\n".join(f"{key:>{width}}: {value}" for key, value in record.items())
