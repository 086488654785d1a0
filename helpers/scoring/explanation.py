"""``explain``: one reply scored, with its evidence highlighted and the reason for each level."""

from __future__ import annotations

import html

import pandas as pd

from helpers.scoring.markers import Hit, MarkerSet, load_markers
from helpers.scoring.rules import DIMENSIONS, FLAGS
from helpers.text import normalise_text

__all__ = ["Explanation", "explain"]


class Explanation:
    """One scored reply, rendered with its evidence highlighted (``_repr_html_`` for notebooks)."""

    def __init__(self, customer_text: str, reply_text: str, scores: pd.Series, rules: MarkerSet):
        self.customer_text = normalise_text(customer_text)
        self.reply_text = normalise_text(reply_text)
        self.scores = scores
        self.reply_hits = rules.find(self.reply_text, "reply")
        self.customer_hits = rules.find(self.customer_text, "customer")

    def __repr__(self) -> str:
        dims = ", ".join(f"{d}={_fmt(self.scores[d])}" for d in DIMENSIONS)
        return f"<Explanation empathy_index={_fmt(self.scores['empathy_index'])} {dims}>"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td style='padding:2px 8px'><b>{d}</b></td><td style='padding:2px 8px'>{_fmt(self.scores[d])}</td>"
            f"<td style='padding:2px 8px;color:#444'>{html.escape(str(self.scores.get('why_' + d, '')))}</td></tr>"
            for d in (*DIMENSIONS, *FLAGS)
            if not pd.isna(self.scores.get(d)) or d in DIMENSIONS
        )
        return (
            "<div style='font-family:sans-serif;max-width:760px;line-height:1.45'>"
            f"<div style='color:#555;font-size:90%'>Customer</div><div style='margin-bottom:6px'>"
            f"{_highlight(self.customer_text, self.customer_hits)}</div>"
            f"<div style='color:#555;font-size:90%'>Reply</div><div style='margin-bottom:6px'>"
            f"{_highlight(self.reply_text, self.reply_hits)}</div>"
            f"<div><b>Empathy index {_fmt(self.scores['empathy_index'], 1)}</b> / 100</div>"
            f"<table style='border-collapse:collapse;font-size:90%'>{rows}</table></div>"
        )


_COLOURS = {
    "apology": "#cfe8ff",
    "apology_generic": "#e6e6e6",
    "ack_feeling": "#c8f0c8",
    "ack_generic": "#e6f4e6",
    "act_owned": "#ffe7b3",
    "act_timing": "#ffe7b3",
    "act_why": "#fff2cc",
    "act_instruct": "#ffe7b3",
    "snark": "#ffc2c2",
    "blame": "#ffc2c2",
    "non_apology": "#ffc2c2",
    "deflect_policy": "#ffd6d6",
    "act_refuse": "#ffd6d6",
    "deflect_channel": "#ffd6d6",
    "delight": "#f3d1ff",
}


def _highlight(text: str, hits: list[Hit]) -> str:
    """HTML of ``text`` with each hit wrapped in a <mark> naming its rule. Everything is escaped."""
    parts, pos = [], 0
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if h.start < pos or len(h.text.strip()) <= 1:
            continue
        parts.append(html.escape(text[pos : h.start]))
        colour = _COLOURS.get(h.family, "#eeeeee")
        parts.append(
            f"<mark title='{html.escape(h.rule, quote=True)}' style='background:{colour};"
            f"padding:0 2px;border-radius:3px'>{html.escape(h.text)}</mark>"
            f"<sub style='color:#777;font-size:70%'>{html.escape(h.rule)}</sub>"
        )
        pos = h.end
    parts.append(html.escape(text[pos:]))
    return "".join(parts) or "<i>(empty)</i>"


def _fmt(value, digits: int = 0) -> str:
    return "n/a" if pd.isna(value) else f"{float(value):.{digits}f}"


def explain(
    row_or_customer, reply_text: str | None = None, *, rubric=None, markers=None, mode: str = "default", model=None
) -> Explanation:
    """Score one reply and show why: the evidence highlighted, and per level what moved it most.

    Parameters
    ----------
    row_or_customer : Series or str
        A row with ``customer_text`` and ``reply_text``, or the customer's post.
    reply_text : str, optional
        The reply, when the first argument is the post.
    rubric, markers, mode, model
        As for :func:`helpers.score_replies` (the evidence is always shown, whatever the mode).

    Returns
    -------
    Explanation
        Renders as HTML in a notebook; ``.scores`` holds the levels and ``why_<dimension>`` reasons.

    Examples
    --------
    >>> e = explain("My bag never arrived!", "So sorry your bag is missing, Ana. I've traced it: it arrives today.")
    >>> bool(e.scores["apologize"] >= 1), {"apology", "act_owned"} <= {h.family for h in e.reply_hits}
    (True, True)
    """
    from helpers.scoring.scorer import score_replies

    if reply_text is None:
        customer, reply = row_or_customer["customer_text"], row_or_customer["reply_text"]
    else:
        customer, reply = row_or_customer, reply_text
    rules = markers if isinstance(markers, MarkerSet) else load_markers(markers)
    frame = pd.DataFrame({"customer_text": [normalise_text(customer)], "reply_text": [normalise_text(reply)]})
    scored = score_replies(frame, rubric, rules, mode=mode, model=model, reasons=True).iloc[0]
    return Explanation(customer, reply, scored, rules)
