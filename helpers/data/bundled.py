"""The datasets shipped inside the package, loaded as tables (data cards: ``datasets/README.md``).

Everything the kit reads at run time is package data found through :mod:`importlib.resources`, so
the kit works the same from a checkout and installed from its wheel.

>>> cases = load_cases()
>>> len(cases) >= 16, str(cases["customer_at"].dt.tz)
(True, 'UTC')
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pandas as pd

from helpers.data.errors import DataError
from helpers.data.read import read_replies

__all__ = ["load_cases", "load_example_labels", "load_workshop", "package_file"]


def package_file(package: str, name: str) -> Path:
    """A file shipped inside ``package`` (e.g. ``"helpers.scoring"``, ``"rubric.yaml"``), as a path.

    Parameters
    ----------
    package : str
        Dotted name of a package of the kit.
    name : str
        File name relative to that package's folder (``"files/workshop_replies.csv"``).

    Returns
    -------
    Path
        The file on disk (the kit is installed unzipped, from a checkout or a wheel).

    Examples
    --------
    >>> package_file("helpers.scoring", "rubric.yaml").name
    'rubric.yaml'
    """
    path = Path(str(files(package).joinpath(name)))
    if not path.is_file():
        raise DataError(
            f"the kit's file {name!r} is missing from package {package}",
            file=str(path),
            fix="reinstall the kit (`make lab`, or `pip install --force-reinstall empathy-kit`)",
        )
    return path


def _data_file(name: str) -> Path:
    return package_file("helpers.data", f"files/{name}")


def load_cases() -> pd.DataFrame:
    """The beauties-and-beasts cases, with timestamps parsed and ``latency_min`` added.

    Returns
    -------
    DataFrame
        One row per case: ``case_id, title, ..., verdict, why, source``, ``customer_at`` and
        ``reply_at`` as UTC timestamps and ``latency_min`` (minutes from post to reply).

    Examples
    --------
    >>> load_cases()["verdict"].isin(["beauty", "beast", "near miss"]).all()
    np.True_
    """
    cases = pd.read_csv(_data_file("beauties_and_beasts.csv"))
    for col in ("customer_at", "reply_at"):
        cases[col] = pd.to_datetime(cases[col], utc=True)
    cases["latency_min"] = (cases["reply_at"] - cases["customer_at"]).dt.total_seconds() / 60
    return cases


def load_workshop() -> pd.DataFrame:
    """The workshop replies (written for the kit) as a canonical replies table.

    Examples
    --------
    >>> w = load_workshop()
    >>> len(w), w["brand"].nunique()
    (230, 7)
    """
    return read_replies(_data_file("workshop_replies.csv"))


def load_example_labels() -> pd.DataFrame:
    """Simulated labels of three raters on 48 workshop replies (for practising calibration).

    Returns
    -------
    DataFrame
        Long format ``item, rater, dimension, value, at``; ``value`` is missing where a rater
        judged that no apology was due.

    Examples
    --------
    >>> labels = load_example_labels()
    >>> sorted(labels["rater"].unique()), labels["item"].nunique()
    (['ana', 'ben', 'cy'], 48)
    """
    return pd.read_csv(_data_file("example_labels.csv"), keep_default_na=True)
