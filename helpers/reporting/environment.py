"""Is this machine ready for the workshop? One table that says what is there and what to do."""

from __future__ import annotations

import importlib
import platform
import sys

import pandas as pd

from helpers.data import DataError, package_file

__all__ = ["environment_check"]

_PACKAGES = [
    ("pandas", "the replies table"),
    ("numpy", "statistics"),
    ("matplotlib", "charts"),
    ("ipywidgets", "the labelling widget"),
    ("jupyterlab", "the playbooks"),
    ("yaml", "the rubric file"),
    ("pyarrow", "Parquet and fast CSV"),
    ("openpyxl", "Excel exports"),
]
_FILES = [  # package data the playbooks need: (package, file, needed by)
    ("helpers.data", "files/beauties_and_beasts.csv", "playbook 01"),
    ("helpers.data", "files/workshop_replies.csv", "playbooks 03-07"),
    ("helpers.scoring", "rubric.yaml", "every score and label"),
    ("helpers.scoring", "markers.yaml", "every score"),
]


def environment_check() -> pd.DataFrame:
    """One row per check: ``check``, ``ok`` (bool), ``detail``, ``fix`` (empty when ok).

    Checks Python (3.10 or newer), the packages the playbooks import, and the data files shipped
    inside the kit. Nothing is installed or changed.

    Returns
    -------
    DataFrame
        ``check`` (python, a package, or a file name), ``ok``, ``detail`` (version, or what needs
        it) and ``fix`` (what to do; empty when ok).

    Examples
    --------
    >>> table = environment_check()
    >>> list(table.columns)
    ['check', 'ok', 'detail', 'fix']
    >>> bool(table.loc[table["check"] == "python", "ok"].iloc[0])
    True
    """
    rows = [
        {
            "check": "python",
            "ok": sys.version_info >= (3, 10),
            "detail": platform.python_version(),
            "fix": "" if sys.version_info >= (3, 10) else "install Python 3.10 or newer, then `make lab`",
        }
    ]
    for module, why in _PACKAGES:
        try:
            mod = importlib.import_module(module)
            rows.append(
                {"check": module, "ok": True, "detail": f"{getattr(mod, '__version__', '?')} ({why})", "fix": ""}
            )
        except ImportError:
            rows.append(
                {
                    "check": module,
                    "ok": False,
                    "detail": f"missing ({why})",
                    "fix": "run `make lab` from the kit's folder: it installs everything",
                }
            )
    for package, name, why in _FILES:
        try:
            package_file(package, name)
            present, fix = True, ""
        except DataError as exc:
            present, fix = False, exc.fix or "reinstall the kit"
        rows.append({"check": name.rsplit("/", 1)[-1], "ok": present, "detail": f"needed by {why}", "fix": fix})
    return pd.DataFrame(rows, columns=["check", "ok", "detail", "fix"])
