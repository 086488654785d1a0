"""Customer-side cues: what the customer's post says about what the reply owes them.

Struggle cues ("I tried to", "can't seem to", "confusing", "how do I ...") show up even in polite,
friendly posts; failure cues name a product or service that let the customer down; distress cues
carry the feeling. Any of them means an apology is due (an apology expresses regret for the
customer's experience, not an admission of fault). Praise alone means none is due.

Examples
--------
>>> cues = detect_cues(["Hi! I tried to update my card but I can't seem to find where :)",
...                     "Love the new menu, thank you!"])
>>> cues[["struggle", "failure", "praise", "apology_due"]].to_dict("records")
[{'struggle': True, 'failure': False, 'praise': False, 'apology_due': True}, {'struggle': False, 'failure': False, 'praise': True, 'apology_due': False}]
>>> describe_needs(cues.iloc[0])
'Struggle: the customer tried and is stuck. Acknowledge it, apologise for the effort it took, and give the concrete next step.'
"""  # noqa: E501 (doctest output)

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from helpers.scoring.markers import MarkerSet, load_markers
from helpers.text import normalise_text

__all__ = ["APOLOGY_DUE_CUES", "CUE_FAMILIES", "apology_due", "detect_cues", "describe_needs"]

CUE_FAMILIES = ("struggle", "failure", "distress", "praise")
#: the one apology-due rule: any of these cues in the post means an apology is due, however
#: friendly the post (praise beside a struggle does not cancel it)
APOLOGY_DUE_CUES = ("struggle", "failure", "distress")

_NEEDS = {
    "struggle": "Struggle: the customer tried and is stuck. Acknowledge it, apologise for the effort it took, "
    "and give the concrete next step.",
    "failure": "Failure: something the brand owns went wrong. A specific apology and an owned action are due.",
    "distress": "Distress: name the feeling before the procedure; keep the tone calm and human.",
    "praise": "Praise: thank them warmly and personally.",
}
_NO_APOLOGY = "No apology is due: nothing went wrong for them."


def apology_due(has: Mapping[str, np.ndarray | bool], empty: np.ndarray | bool = False) -> np.ndarray | bool:
    """Whether an apology is due, from which cue families a post has (arrays or single booleans).

    Parameters
    ----------
    has : mapping
        Cue family -> bool or boolean array (families that are absent count as not found).
    empty : bool or array, default False
        Where the post is empty or unknown, nothing is due (the scorer cannot tell).

    Examples
    --------
    >>> bool(apology_due({"struggle": True, "praise": True}))
    True
    >>> bool(apology_due({"praise": True}))
    False
    """
    due = np.zeros(np.shape(empty), bool)
    for family in APOLOGY_DUE_CUES:
        due = due | np.asarray(has.get(family, False), bool)
    return due & ~np.asarray(empty, bool)


def detect_cues(texts: str | Iterable[str] | pd.Series, markers: MarkerSet | None = None) -> pd.DataFrame:
    """Cues in customer posts: one row per text.

    Parameters
    ----------
    texts : str or sequence of str
        Customer posts; missing or empty posts have no cues and ``apology_due`` missing (unknown).
    markers : MarkerSet, optional
        Rules to use (default: the kit's ``helpers/markers.yaml``).

    Returns
    -------
    DataFrame
        Boolean columns ``struggle``, ``failure``, ``distress``, ``praise``, ``question``;
        ``apology_due`` (boolean, missing when the post is empty); ``cues`` (``rule: "text"`` evidence).

    Examples
    --------
    >>> detect_cues("I tried twice and still can't log in")[["struggle", "apology_due"]].to_dict("records")
    [{'struggle': True, 'apology_due': True}]
    """
    markers = load_markers(markers)
    if isinstance(texts, str):
        texts = [texts]
    series = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
    keys = series.map(normalise_text)
    codes, uniques = pd.factorize(keys)
    rows = [_cues_of(text, markers) for text in uniques]
    table = pd.DataFrame(rows, columns=[*CUE_FAMILIES, "question", "apology_due", "cues"])
    if len(table) == 0:
        table = table.astype({c: bool for c in (*CUE_FAMILIES, "question")})
    out = table.iloc[codes].reset_index(drop=True)
    out.index = series.index
    out["apology_due"] = out["apology_due"].astype("boolean")
    return out


def _cues_of(text: str, markers: MarkerSet) -> list:
    if not text.strip():
        return [False] * len(CUE_FAMILIES) + [False, None, ""]
    hits = markers.find(text, "customer")
    found = {h.family for h in hits}
    flags = [f in found for f in CUE_FAMILIES]
    due = bool(apology_due({f: f in found for f in APOLOGY_DUE_CUES}))
    evidence = "; ".join(f'{h.rule}: "{h.text}"' for h in hits)
    return flags + ["?" in text, due, evidence]


def describe_needs(cues: pd.Series) -> str:
    """What one post's cues ask of the reply, in plain words (for playbooks and the rewrite lab).

    Parameters
    ----------
    cues : Series
        One row of :func:`detect_cues`.

    Returns
    -------
    str

    Examples
    --------
    >>> describe_needs(detect_cues("Love the new app!").iloc[0])
    'Praise: thank them warmly and personally. No apology is due: nothing went wrong for them.'
    """
    needs = [_NEEDS[f] for f in CUE_FAMILIES if bool(cues.get(f, False))]
    due = bool(apology_due({f: bool(cues.get(f, False)) for f in APOLOGY_DUE_CUES}))
    if bool(cues.get("question", False)) and not needs:
        needs.append("Question: answer it directly; no apology is due unless something went wrong.")
    elif needs and not due:
        needs.append(_NO_APOLOGY)
    return " ".join(needs) or "No cue found: answer what was asked, in a human voice."
