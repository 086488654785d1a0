"""The labelling widget: plain ipywidgets, every click saved to the label store the moment it is made.

``label(replies, rater="ana", store="labels.db")`` returns a widget showing one reply at a time:
the customer's post, the reply, how long it took and on which channel; one row of level buttons per
rubric dimension (hover a button for its level description, or open "What do the levels mean?");
N/A where the rubric allows it; a note; previous / next / skip / first unlabelled / undo; a flag for
the calibration meeting; progress for the rater and the team. In blind mode (the default) neither
the automatic score nor other raters' labels are shown until this rater has labelled every dimension
of the item; then "Reveal" shows both, for calibration.

Texts are untrusted: everything shown through HTML is escaped. A callback that fails shows its error
in the widget (and leaves the store as it was), it is never swallowed. Keyboard shortcuts are left
out on purpose: plain ipywidgets cannot listen to keys without custom JavaScript, and JupyterLab
binds most keys already.
"""

from __future__ import annotations

import html
import time
import traceback
from functools import wraps

import ipywidgets as w
import pandas as pd

from helpers.labelling.store import NA, LabelStore
from helpers.scoring.rubric import Rubric, load_rubric

__all__ = ["CSS", "LabellingWidget", "label"]

#: the look of the labelling card, shared by the workshop app and the rewrite lab
CSS = """<style>
.ek-card {border:1px solid #d1d5db; border-radius:10px; padding:12px 16px; background:#fafafa; max-width:820px}
.ek-meta {color:#6b7280; font-size:12px; margin-bottom:6px}
.ek-who {font-size:11px; text-transform:uppercase; letter-spacing:.05em; color:#6b7280; margin-top:6px}
.ek-text {font-size:15px; line-height:1.45; white-space:pre-wrap; color:#111827}
.ek-reply {border-left:4px solid #4b78a8; padding-left:10px}
.ek-q {font-size:13px; color:#374151; line-height:1.3}
.ek-dim {font-weight:600; font-size:14px; line-height:1.5}
.ek-levels .widget-toggle-button.mod-active {background:#4b78a8; color:#fff}
.ek-row {border-top:1px solid #e5e7eb; padding-top:4px}
.ek-hint {font-size:12px; color:#4b5563; line-height:1.3; padding-left:6px}
</style>"""


def _fmt_latency(seconds: float) -> str:
    if seconds != seconds:
        return "no reply"
    m = seconds / 60
    if m < 1:
        return "answered in under a minute"
    if m < 90:
        return f"answered after {m:.0f} min"
    if m < 48 * 60:
        return f"answered after {m / 60:.1f} h"
    return f"answered after {m / 1440:.1f} days"


def _guarded(method):
    """Run a callback; show any error inside the widget instead of losing it."""

    @wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            self.errors.value = (
                f"<div style='color:#b91c1c'><b>Something went wrong:</b> "
                f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</div>"
            )
            self.last_error = traceback.format_exc()
            return None

    return run


class LabellingWidget(w.VBox):
    """State plus callbacks around a :class:`LabelStore`; see the module docstring."""

    def __init__(
        self,
        replies: pd.DataFrame,
        rater: str,
        store: LabelStore | str,
        rubric: Rubric | None = None,
        *,
        blind: bool = True,
        scores: pd.DataFrame | None = None,
        auto_advance: bool = True,
        item_column: str | None = None,
    ):
        self.rubric = load_rubric(rubric)
        self.store = store if isinstance(store, LabelStore) else LabelStore(store, rubric=self.rubric.label)
        if not self.store.rubric:
            self.store.rubric = self.rubric.label
        if not str(rater).strip():
            raise ValueError("label(...) needs a rater name, e.g. rater='ana'")
        self.rater, self.blind, self.auto_advance = str(rater).strip(), blind, auto_advance
        key = item_column or ("reply_id" if "reply_id" in replies and replies["reply_id"].notna().all() else None)
        self.replies = replies.reset_index(drop=True)
        self.items = (self.replies[key].astype(str) if key else self.replies.index.astype(str)).tolist()
        self.scores = scores
        self.dims = [d.id for d in self.rubric.dimensions]
        mine = self.store.current()
        mine = mine[mine["rater"] == self.rater]
        self._mine: dict[str, dict[str, str]] = {}
        for r in mine.itertuples():
            self._mine.setdefault(r.item, {})[r.dimension] = NA if pd.isna(r.value) else str(int(r.value))
        self.last_error = ""
        self._loading = False
        self._shown_at = time.monotonic()
        self._build()
        self.position = self.store.resume_position(self.rater, self.items, self.dims) if self.items else 0
        self.position = min(self.position, max(len(self.items) - 1, 0))
        self._show()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.header = w.HTML()
        self.bar = w.IntProgress(min=0, max=max(len(self.items), 1), layout=w.Layout(width="320px"))
        self.card = w.HTML()
        self.buttons: dict[str, w.ToggleButtons] = {}
        self.hints: dict[str, w.HTML] = {}
        rows = []
        for d in self.rubric.dimensions:
            options = [(str(k), str(k)) for k in d.levels] + ([("N/A", NA)] if d.na_allowed else [])
            tips = [f"{k}: {v}" for k, v in d.levels.items()] + (
                [f"N/A: {d.na_description or 'not applicable'}"] if d.na_allowed else []
            )
            tb = w.ToggleButtons(options=options, value=None, tooltips=tips, style={"button_width": "54px"})
            tb.add_class("ek-levels")
            tb.observe(self._on_level, names="value")
            tb.dimension = d.id
            self.buttons[d.id] = tb
            hint = w.HTML(layout=w.Layout(width="300px"))
            self.hints[d.id] = hint
            row = w.HBox(
                [
                    w.HTML(
                        f"<div class='ek-dim'>{html.escape(d.label)}</div>"
                        f"<div class='ek-q'>{html.escape(d.question)}</div>",
                        layout=w.Layout(width="430px"),
                    ),
                    w.VBox([tb, hint]),
                ]
            )
            row.add_class("ek-row")
            rows.append(row)
        guide = "".join(
            f"<p><b>{html.escape(d.label)}</b> — {html.escape(d.question)}</p><ul>"
            + "".join(f"<li><b>{k}</b>: {html.escape(v)}</li>" for k, v in d.levels.items())
            + (f"<li><b>N/A</b>: {html.escape(d.na_description)}</li>" if d.na_allowed else "")
            + "</ul>"
            for d in self.rubric.dimensions
        )
        self.guide = w.Accordion(children=[w.HTML(guide)], selected_index=None)
        self.guide.set_title(0, "What do the levels mean?")
        self.note = w.Textarea(
            placeholder="Note for the team (optional)", layout=w.Layout(width="560px", height="48px")
        )
        self.save_note = w.Button(description="Save note", icon="")
        self.flag = w.ToggleButton(description="Flag for discussion", value=False, button_style="")
        self.prev = w.Button(description="◀ Previous")
        self.next = w.Button(description="Next ▶", button_style="primary")
        self.skip = w.Button(description="Skip")
        self.first_open = w.Button(description="First unlabelled")
        self.undo_button = w.Button(description="Undo")
        self.reveal = w.Button(description="Reveal score and team labels", layout=w.Layout(width="260px"))
        self.revealed = w.HTML()
        self.status = w.HTML()
        self.errors = w.HTML()
        for button, handler in (
            (self.prev, self._on_prev),
            (self.next, self._on_next),
            (self.skip, self._on_skip),
            (self.first_open, self._on_first_open),
            (self.undo_button, self._on_undo),
            (self.save_note, self._on_note),
            (self.reveal, self._on_reveal),
        ):
            button.on_click(handler)
        self.flag.observe(self._on_flag, names="value")
        super().__init__(
            [
                w.HTML(CSS),
                w.HBox([self.header, self.bar]),
                self.card,
                *rows,
                self.guide,
                w.HBox([self.note, self.save_note]),
                w.HBox([self.prev, self.next, self.skip, self.first_open, self.undo_button, self.flag]),
                w.HBox([self.reveal, self.status]),
                self.revealed,
                self.errors,
            ],
            layout=w.Layout(max_width="900px"),
        )

    # ------------------------------------------------------------------ display
    def _row(self) -> pd.Series:
        return self.replies.iloc[self.position]

    def _show(self) -> None:
        self._loading = True
        try:
            if not self.items:
                self.card.value = "<div class='ek-card'>No replies to label.</div>"
                return
            row = self._row()
            item = self.items[self.position]
            seconds = float("nan")
            if (
                "reply_at" in row
                and "customer_at" in row
                and pd.notna(row.get("reply_at"))
                and pd.notna(row.get("customer_at"))
            ):
                seconds = (pd.Timestamp(row["reply_at"]) - pd.Timestamp(row["customer_at"])).total_seconds()
            meta = " · ".join(html.escape(str(row[c])) for c in ("brand", "channel") if c in row and pd.notna(row[c]))
            meta = (meta + " · " if meta else "") + _fmt_latency(seconds)
            self.card.value = (
                f"<div class='ek-card'><div class='ek-meta'>{meta} · item {html.escape(item)}</div>"
                f"<div class='ek-who'>Customer</div>"
                f"<div class='ek-text'>{html.escape(str(row.get('customer_text', '') or ''))}</div>"
                f"<div class='ek-who'>Brand reply</div><div class='ek-text ek-reply'>"
                f"{html.escape(str(row.get('reply_text', '') or ''))}</div></div>"
            )
            mine = self._mine.get(item, {})
            for dim, tb in self.buttons.items():
                tb.value = mine.get(dim)
                self._hint(dim, tb.value)
            self.flag.value = False
            self.note.value = ""
            self.revealed.value = ""
            self._update_progress()
            self._shown_at = time.monotonic()
        finally:
            self._loading = False

    def _hint(self, dim: str, value) -> None:
        """Under the buttons: what the chosen level means (the rubric's words)."""
        d = self.rubric.dimension(dim)
        if value is None:
            text = "hover a level to see what it means"
        elif value == NA:
            text = f"N/A: {d.na_description or 'not applicable'}"
        else:
            text = f"{value}: {d.levels.get(int(value), '')}"
        self.hints[dim].value = f"<div class='ek-hint'>{html.escape(text)}</div>"

    def _complete(self, item: str) -> bool:
        return all(d in self._mine.get(item, {}) for d in self.dims)

    def _update_progress(self) -> None:
        done = (
            sum(self._complete(i) for i in self.items)
            if len(self.items) <= 2000
            else sum(1 for i, v in self._mine.items() if len(v) >= len(self.dims))
        )
        self.bar.value = done
        self.header.value = (
            f"<b>{html.escape(self.rater)}</b> · item {self.position + 1} of {len(self.items)}"
            f" · labelled {done} of {len(self.items)}"
        )
        item = self.items[self.position]
        self.reveal.disabled = self.blind and not self._complete(item)
        self.reveal.tooltip = "Label every dimension first (blind mode)" if self.reveal.disabled else ""

    def team_progress(self) -> pd.DataFrame:
        return self.store.progress(self.items, self.dims)

    # ------------------------------------------------------------------ callbacks
    @_guarded
    def _on_level(self, change) -> None:
        if self._loading:
            return
        dim, value = change["owner"].dimension, change["new"]
        item = self.items[self.position]
        self._hint(dim, value)
        seconds = time.monotonic() - self._shown_at
        if value is None:
            self.store.clear(item, self.rater, dim)
            self._mine.get(item, {}).pop(dim, None)
        else:
            self.store.set(item, self.rater, dim, value, seconds=seconds)
            self._mine.setdefault(item, {})[dim] = value
        self.errors.value = ""
        self.status.value = f"<span style='color:#15803d'>saved {html.escape(dim)} = {html.escape(str(value))}</span>"
        if self._complete(item) and self.auto_advance and self.position < len(self.items) - 1 and value is not None:
            self.position += 1
            self._show()
        else:
            self._update_progress()

    @_guarded
    def _on_prev(self, _=None) -> None:
        self.position = max(self.position - 1, 0)
        self._show()

    @_guarded
    def _on_next(self, _=None) -> None:
        self.position = min(self.position + 1, len(self.items) - 1)
        self._show()

    @_guarded
    def _on_skip(self, _=None) -> None:
        self.store.note(self.items[self.position], self.rater, "skipped")
        self._on_next()

    @_guarded
    def _on_first_open(self, _=None) -> None:
        for i, item in enumerate(self.items):
            if not self._complete(item):
                self.position = i
                break
        self._show()

    @_guarded
    def _on_undo(self, _=None) -> None:
        event = self.store.undo(self.rater)
        if event is None:
            self.status.value = "nothing to undo"
            return
        ev = self.store.events()
        undone = ev.loc[ev["id"] == ev.loc[ev["id"] == event, "undoes"].iloc[0]].iloc[0]
        cur = self.store.current()
        mine = cur[(cur["rater"] == self.rater) & (cur["item"] == undone["item"])]
        self._mine[undone["item"]] = {
            r.dimension: NA if pd.isna(r.value) else str(int(r.value)) for r in mine.itertuples()
        }
        if undone["item"] in self.items:
            self.position = self.items.index(undone["item"])
        self._show()
        self.status.value = (
            f"undid {html.escape(str(undone['kind']))} of {html.escape(str(undone['dimension'] or 'flag'))}"
        )

    @_guarded
    def _on_flag(self, change) -> None:
        if self._loading:
            return
        item = self.items[self.position]
        if change["new"]:
            self.store.flag(item, self.rater, self.note.value or None)
        else:
            self.store.unflag(item, self.rater)

    @_guarded
    def _on_note(self, _=None) -> None:
        if self.note.value.strip():
            self.store.note(self.items[self.position], self.rater, self.note.value.strip())
            self.status.value = "note saved"

    @_guarded
    def _on_reveal(self, _=None) -> None:
        item = self.items[self.position]
        if self.blind and not self._complete(item):
            self.revealed.value = "<i>Label every dimension first: the reveal is for calibration after you decide.</i>"
            return
        from helpers.scoring.scorer import explain

        row = self._row()
        scored = explain(
            str(row.get("customer_text", "") or ""), str(row.get("reply_text", "") or ""), rubric=self.rubric
        )
        cur = self.store.current()
        others = cur[(cur["item"] == item)].pivot_table(
            index="rater", columns="dimension", values="value", aggfunc="first", dropna=False
        )
        others = others.reindex(columns=[d for d in self.dims if d in others.columns])
        table = others.to_html(na_rep="N/A", float_format=lambda v: f"{v:.0f}", escape=True) if len(others) else ""
        self.revealed.value = (
            f"<div class='ek-card'><b>Team labels</b>{table}<br><b>Automatic score</b>{scored._repr_html_()}</div>"
        )


def label(replies: pd.DataFrame, rater: str, store="labels.db", rubric=None, **kwargs) -> LabellingWidget:
    """Label ``replies`` as ``rater``, saving every click to ``store``; returns the widget to display.

    Parameters
    ----------
    replies : DataFrame
        The replies to label, one per row, in the order shown: ``customer_text`` and ``reply_text``
        (``brand``, ``channel``, ``customer_at`` and ``reply_at`` are shown when present).
    rater : str
        The rater's name; labels are saved under it and labelling resumes at this rater's first
        unfinished item.
    store : LabelStore or str or Path, default "labels.db"
        The label store, or the path of its SQLite file (created if missing).
    rubric : Rubric or str or Path, optional
        The rubric whose dimensions and levels are shown; default: the kit's rubric.
    **kwargs
        ``blind`` (bool, default True: the automatic score and other raters' labels are revealed
        only once this rater has labelled every dimension of the item), ``scores`` (DataFrame,
        optional), ``auto_advance`` (bool, default True: go to the next item once every dimension
        is labelled) and ``item_column`` (str, optional: the column that identifies an item;
        default ``reply_id`` when every row has one, else the row position).

    Returns
    -------
    LabellingWidget
        An ``ipywidgets.VBox`` to display; ``.store`` is the :class:`LabelStore`, ``.items`` the
        item ids, ``.buttons`` the level buttons of each dimension.

    Raises
    ------
    ValueError
        ``rater`` is empty.
    DataError
        ``store`` is not a label store.

    Examples
    --------
    >>> import tempfile, os, pandas as pd
    >>> df = pd.DataFrame({"customer_text": ["Where is my parcel?"], "reply_text": ["Sorry! Checking now."]})
    >>> ui = label(df, rater="ana", store=os.path.join(tempfile.mkdtemp(), "l.db"))
    >>> ui.buttons["tone"].value = "2"
    >>> ui.store.current()[["item", "dimension", "value"]].to_dict("records")
    [{'item': '0', 'dimension': 'tone', 'value': 2.0}]

    On the bundled workshop replies (items are their ``reply_id``):

    >>> from helpers.data.bundled import load_workshop
    >>> replies = load_workshop().dropna(subset=["reply_id"]).head(5)
    >>> ui = label(replies, rater="ben", store=os.path.join(tempfile.mkdtemp(), "labels.db"))
    >>> ui.items[:2], ui.dims
    (['WS-R0013', 'WS-R0053'], ['acknowledge', 'personalize', 'apologize', 'act', 'tone'])
    >>> ui.buttons["tone"].value = "1"
    >>> ui.store.current()[["item", "rater", "value"]].to_dict("records")
    [{'item': 'WS-R0013', 'rater': 'ben', 'value': 1.0}]
    """
    return LabellingWidget(replies, rater, store, rubric, **kwargs)
