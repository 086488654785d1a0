"""The workshop app: each participant types a name and labels in the browser (served by Voila,
``empathy-kit label-app``; the notebook it runs is ``label_app.ipynb`` beside this module)."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from helpers.labelling.widget import CSS, label

__all__ = ["workshop_app"]


def workshop_app(data, store, rubric=None) -> w.VBox:
    """The workshop app: asks each participant for a name, then shows the labelling widget.

    ``data`` is a replies file (read with :func:`helpers.data.read.read_replies`) or a DataFrame.

    Parameters
    ----------
    data : str or Path or DataFrame
        The replies to label: a replies file, or a table with ``reply_text`` (and
        ``customer_text``). Rows without a reply text are left out.
    store : str or Path
        The label store's SQLite file, shared by every participant (created if missing).
    rubric : Rubric or str or Path, optional
        The rubric to label with; default: the kit's rubric.

    Returns
    -------
    ipywidgets.VBox
        The app: an introduction, a name box and a start button; once a name is given it shows
        :func:`helpers.label` for that participant.

    Raises
    ------
    DataError
        ``data`` cannot be read as a replies table, or a DataFrame has no ``reply_text`` column.

    Examples
    --------
    >>> import tempfile, os
    >>> from helpers.data.bundled import load_workshop
    >>> app = workshop_app(load_workshop(), os.path.join(tempfile.mkdtemp(), "labels.db"))
    >>> name, start = app.children[1].children
    >>> name.value = "ana"
    >>> start.click()
    >>> widget = app.children[0]
    >>> widget.rater, len(widget.items)
    ('ana', 208)
    >>> workshop_app(load_workshop().drop(columns="reply_text"), "labels.db")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: column 'reply_text': workshop_app: the replies have no reply_text column. Fix: ...
    """
    from helpers.data.errors import DataError
    from helpers.data.read import read_replies

    replies = data if isinstance(data, pd.DataFrame) else read_replies(data)
    if "reply_text" not in replies.columns:
        raise DataError(
            "workshop_app: the replies have no reply_text column",
            column="reply_text",
            fix="pass a replies file or the table helpers.read_replies gives",
        )
    replies = replies[replies["reply_text"].notna() & (replies["reply_text"].astype(str).str.strip() != "")]
    name = w.Text(placeholder="your first name", description="Your name:", layout=w.Layout(width="320px"))
    start = w.Button(description="Start labelling", button_style="primary")
    message = w.HTML()
    intro = w.HTML(
        CSS + "<h2 style='margin:4px 0'>Rate the replies</h2><p>Each reply is rated on five "
        f"dimensions of the empathy rubric. {len(replies)} replies; your labels are saved as you click, "
        "and you can come back any time with the same name.</p>"
    )
    app = w.VBox([intro, w.HBox([name, start]), message])

    def begin(_=None):
        who = name.value.strip()
        if not who:
            message.value = "<span style='color:#b91c1c'>Please type your name first.</span>"
            return
        try:
            app.children = [label(replies, rater=who, store=str(Path(store)), rubric=rubric)]
        except Exception as exc:
            message.value = f"<span style='color:#b91c1c'>{html.escape(str(exc))}</span>"

    start.on_click(begin)
    return app
