"""The inputs of an evaluation (playbook 07, ``make report``), resolved from its parameters.

>>> replies, human, prov = prepare_evaluation(limit=20, seed=3)
>>> len(replies), sorted(human["rater"].unique()), prov["seed"], prov["data"]
(20, ['ana', 'ben', 'cy'], 3, 'workshop_replies.csv')
"""

from __future__ import annotations

import pandas as pd

from helpers.data.bundled import load_example_labels, package_file
from helpers.data.read import read_replies
from helpers.reporting.records import provenance

__all__ = ["prepare_evaluation"]


def prepare_evaluation(
    data=None, labels=None, rubric=None, seed: int = 0, limit: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The replies, the human labels and the provenance record of one evaluation run.

    Parameters
    ----------
    data : path, optional
        A replies file (CSV, Excel, Parquet); default: the bundled workshop set.
    labels : path, optional
        Human labels in long format (``item, rater, dimension, value``); default: the bundled
        simulated example labels.
    rubric : path, optional
        A rubric YAML; default: rubric v1 (recorded in the provenance).
    seed : int, default 0
        Recorded in the provenance; every resampling of the run uses it.
    limit : int, optional
        Keep only the first ``limit`` rows of ``data``.

    Returns
    -------
    replies : DataFrame
        The canonical replies table.
    labels : DataFrame
        The human labels.
    provenance : dict
        What produced the numbers (see :func:`helpers.provenance`), with the data file's hash.

    Raises
    ------
    FileNotFoundError
        ``data`` or ``labels`` does not exist.
    DataError
        ``data`` cannot be read as a replies table.

    Examples
    --------
    >>> replies, human, prov = prepare_evaluation(limit=20, seed=3)
    >>> len(replies), human.shape, prov["seed"], prov["data"], prov["labels"]
    (20, (720, 5), 3, 'workshop_replies.csv', 'example_labels.csv (simulated)')
    """
    path = data or package_file("helpers.data", "files/workshop_replies.csv")
    replies = read_replies(path)
    if limit:
        replies = replies.head(int(limit))
    human = pd.read_csv(labels) if labels else load_example_labels()
    prov = provenance(path, rubric, seed, labels=str(labels or "example_labels.csv (simulated)"))
    return replies, human, prov
