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
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from helpers.markers import MarkerSet, load_markers

__all__ = ["CUE_FAMILIES", "detect_cues", "describe_needs", "normalise_text"]

CUE_FAMILIES = ("struggle", "failure", "distress", "praise")

_NEEDS = {
    "struggle": "Struggle: the customer tried and is stuck. Acknowledge it, apologise for the effort it took, "
                "and give the concrete next step.",
    "failure": "Failure: something the brand owns went wrong. A specific apology and an owned action are due.",
    "distress": "Distress: name the feeling before the procedure; keep the tone calm and human.",
    "praise": "Praise: thank them warmly and personally; no apology is due.",
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


def normalise_text(text) -> str:
    """Text as the rules read it: str, curly quotes straightened (same length, so spans still fit)."""
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return ""
    return str(text).translate(_APOSTROPHES)


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
    due = bool(found & {"struggle", "failure", "distress"})
    evidence = "; ".join(f'{h.rule}: "{h.text}"' for h in hits)
    return flags + ["?" in text, due, evidence]


def describe_needs(cues: pd.Series) -> str:
    """What one post's cues ask of the reply, in plain words (for playbooks and the rewrite lab)."""
    needs = [_NEEDS[f] for f in CUE_FAMILIES if bool(cues.get(f, False))]
    if bool(cues.get("question", False)) and not needs:
        needs.append("Question: answer it directly; no apology is due unless something went wrong.")
    return " ".join(needs) or "No cue found: answer what was asked, in a human voice."
