"""Is this machine ready for the workshop? One table that says what is there and what to do."""
from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

import pandas as pd

__all__ = ["environment_check"]

ROOT = Path(__file__).resolve().parents[1]
_PACKAGES = [
    ("pandas", "the replies table"), ("numpy", "statistics"), ("matplotlib", "charts"),
    ("ipywidgets", "the labelling widget"), ("jupyterlab", "the playbooks"), ("yaml", "the rubric file"),
    ("pyarrow", "Parquet and fast CSV"), ("openpyxl", "Excel exports"),
]
_FILES = [
    ("datasets/beauties_and_beasts.csv", "playbook 01"), ("datasets/workshop_replies.csv", "playbooks 03-07"),
    ("datasets/rubric.yaml", "every score and label"),
]


def environment_check(root: str | Path | None = None) -> pd.DataFrame:
    """One row per check: ``check``, ``ok`` (bool), ``detail``, ``fix`` (empty when ok).

    >>> table = environment_check()
    >>> list(table.columns)
    ['check', 'ok', 'detail', 'fix']
    >>> bool(table.loc[table["check"] == "python", "ok"].iloc[0])
    True
    """
    root = Path(root) if root else ROOT
    rows = [{"check": "python", "ok": sys.version_info >= (3, 10), "detail": platform.python_version(),
             "fix": "" if sys.version_info >= (3, 10) else "install Python 3.10 or newer, then `make lab`"}]
    for module, why in _PACKAGES:
        try:
            mod = importlib.import_module(module)
            rows.append({"check": module, "ok": True, "detail": f"{getattr(mod, '__version__', '?')} ({why})",
                         "fix": ""})
        except ImportError:
            rows.append({"check": module, "ok": False, "detail": f"missing ({why})",
                         "fix": "run `make lab` from the kit's folder: it installs everything"})
    for name, why in _FILES:
        present = (root / name).exists()
        rows.append({"check": name, "ok": present, "detail": f"needed by {why}",
                     "fix": "" if present else "restore the file with `git checkout -- " + name + "`"})
    return pd.DataFrame(rows, columns=["check", "ok", "detail", "fix"])
