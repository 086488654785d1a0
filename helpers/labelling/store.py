"""The label store: every labelling action, saved the moment it happens, in one SQLite file.

An append-only event log (``set``, ``clear``, ``undo``, ``flag``, ``unflag``, ``note``) with rater,
item, dimension, value, UTC timestamp, rubric id and version, time on item and the session (browser
page) it came from. Nothing is ever
updated or deleted: the current labels are computed from the log, so a mistaken click, an undo
or a crash never loses what was there before.

SQLite runs in WAL mode with ``synchronous=FULL``: each event is its own transaction and is on disk
when a writing method returns (NORMAL could lose the last events on power loss, which is the
failure a workshop laptop meets). Several processes may write to one store at once (a busy timeout
serialises them).

Examples
--------
>>> import tempfile, os
>>> store = LabelStore(os.path.join(tempfile.mkdtemp(), "labels.db"))
>>> for dim, value in [("tone", 2), ("act", 1), ("tone", 1)]:
...     _ = store.set("r1", "ana", dim, value)
>>> _ = store.undo("ana")
>>> store.current()[["item", "rater", "dimension", "value"]].to_dict("records")
[{'item': 'r1', 'rater': 'ana', 'dimension': 'act', 'value': 1.0}, {'item': 'r1', 'rater': 'ana', 'dimension': 'tone', 'value': 2.0}]
"""  # noqa: E501 (doctest output)

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.errors import DataError

__all__ = ["EVENT_KINDS", "LabelStore"]

EVENT_KINDS = ("set", "clear", "undo", "flag", "unflag", "note")
NA = "NA"  # stored value for "not applicable" (a dimension the rubric allows to be N/A)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    rater TEXT NOT NULL,
    item TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('set', 'clear', 'undo', 'flag', 'unflag', 'note')),
    dimension TEXT,
    value TEXT,
    note TEXT,
    rubric TEXT,
    seconds_on_item REAL,
    undoes INTEGER,
    session TEXT
);
CREATE INDEX IF NOT EXISTS events_rater ON events (rater, id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class LabelStore:
    """Labels of several raters in one SQLite file (created if missing).

    Parameters
    ----------
    path : str or Path
        The ``.db`` file. Share it between processes (a workshop app, notebooks) freely.
    rubric : str, default ""
        ``id@version`` of the rubric in use, recorded with every event.

    Raises
    ------
    DataError
        ``path`` exists but is not a SQLite label store.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "labels.db")
    >>> store = LabelStore(path, rubric="empathy-v1@1.0.0")
    >>> _ = store.set("WS-R0013", "ana", "tone", 2)
    >>> _ = store.set("WS-R0013", "ana", "apologize", "NA")  # not applicable
    >>> _ = store.flag("WS-R0013", "ana", "is 'rough night' too casual?")
    >>> store.current()[["item", "dimension", "value", "rubric"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'item': 'WS-R0013', 'dimension': 'apologize', 'value': nan, 'rubric': 'empathy-v1@1.0.0'},
     {'item': 'WS-R0013', 'dimension': 'tone', 'value': 2.0, 'rubric': 'empathy-v1@1.0.0'}]
    >>> store.flags()["note"].tolist(), store.events()["kind"].tolist()
    (["is 'rough night' too casual?"], ['set', 'set', 'flag'])
    >>> store.close()
    >>> with LabelStore(path) as again:  # another process or a later session sees the same labels
    ...     len(again.current())
    2
    """

    def __init__(self, path, rubric: str = ""):
        self.path = Path(path)
        self.rubric = rubric
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(events)")}
            if "session" not in columns:  # a store made before events recorded their session
                self._db.execute("ALTER TABLE events ADD COLUMN session TEXT")
        except sqlite3.DatabaseError as exc:
            raise DataError(
                f"not a label store ({exc})",
                file=self.path,
                fix="point to a .db file made by the kit, or to a new file name",
            ) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ writing
    def _add(
        self,
        kind: str,
        rater: str,
        item,
        dimension=None,
        value=None,
        note=None,
        seconds: float | None = None,
        undoes: int | None = None,
        session: str | None = None,
    ) -> int:
        if not str(rater).strip():
            raise ValueError("a rater name is needed for every label")
        at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        for attempt in range(20):
            try:
                cur = self._db.execute(
                    "INSERT INTO events (at, rater, item, kind, dimension, value, note, rubric, seconds_on_item,"
                    " undoes, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        at,
                        str(rater),
                        str(item),
                        kind,
                        dimension,
                        None if value is None else str(value),
                        note,
                        self.rubric,
                        seconds,
                        undoes,
                        session,
                    ),
                )
                return int(cur.lastrowid)
            except sqlite3.OperationalError as exc:  # locked beyond the busy timeout: back off and retry
                if "locked" not in str(exc) or attempt == 19:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise RuntimeError("unreachable")

    def set(
        self, item, rater: str, dimension: str, value, *, seconds: float | None = None, session: str | None = None
    ) -> int:
        """Record a label (``value`` a level, or ``"NA"`` for not applicable). Returns the event id.

        ``session`` names the browser page (or notebook) the click came from, so two devices of one
        rater, or two people who typed the same name, can be told apart in the log.
        """
        if value is None or (isinstance(value, float) and np.isnan(value)):
            value = NA
        return self._add("set", rater, item, dimension, value, seconds=seconds, session=session)

    def clear(self, item, rater: str, dimension: str) -> int:
        return self._add("clear", rater, item, dimension)

    def flag(self, item, rater: str, note: str | None = None) -> int:
        """Put the item on the calibration agenda."""
        return self._add("flag", rater, item, note=note)

    def unflag(self, item, rater: str) -> int:
        return self._add("unflag", rater, item)

    def note(self, item, rater: str, text: str) -> int:
        return self._add("note", rater, item, note=text)

    def undo(self, rater: str, *, session: str | None = None) -> int | None:
        """Revert this rater's latest set/clear/flag/unflag that is not already undone."""
        row = self._db.execute(
            "SELECT id, item FROM events e WHERE rater = ? AND kind IN ('set', 'clear', 'flag', 'unflag')"
            " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.kind = 'undo' AND u.undoes = e.id)"
            " ORDER BY id DESC LIMIT 1",
            (str(rater),),
        ).fetchone()
        if row is None:
            return None
        return self._add("undo", rater, row[1], undoes=row[0], session=session)

    # ------------------------------------------------------------------ reading
    def events(self, rater: str | None = None) -> pd.DataFrame:
        """The whole log (or one rater's part of it), oldest first."""
        if rater is None:
            frame = pd.read_sql_query("SELECT * FROM events ORDER BY id", self._db)
        else:  # an undo only ever undoes its own rater's events, so one rater's log is complete in itself
            frame = pd.read_sql_query("SELECT * FROM events WHERE rater = ? ORDER BY id", self._db, params=(rater,))
        frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
        return frame

    def _effective(self, rater: str | None = None) -> pd.DataFrame:
        ev = self.events(rater)
        undone = set(ev.loc[ev["kind"] == "undo", "undoes"].dropna().astype(int))
        return ev[~ev["id"].isin(undone) & (ev["kind"] != "undo")]

    def current(self, *, with_na: bool = True, rater: str | None = None) -> pd.DataFrame:
        """Latest label per item, rater and dimension: ``item, rater, dimension, value, at, rubric,
        seconds_on_item`` (value is float; NaN = not applicable). Cleared and undone labels are gone.
        ``rater`` reads one rater's labels only (quick on a large store)."""
        ev = self._effective(rater)
        labels = ev[ev["kind"].isin(["set", "clear"])]
        latest = labels.drop_duplicates(["item", "rater", "dimension"], keep="last")
        latest = latest[latest["kind"] == "set"]
        out = latest[["item", "rater", "dimension", "value", "at", "rubric", "seconds_on_item"]].copy()
        out["value"] = pd.to_numeric(out["value"].replace(NA, np.nan), errors="coerce").astype(float)
        if not with_na:
            out = out.dropna(subset=["value"])
        return out.sort_values(["item", "rater", "dimension"], kind="stable").reset_index(drop=True)

    def flags(self) -> pd.DataFrame:
        """Items currently flagged for discussion, with who flagged them and why."""
        ev = self._effective()
        f = ev[ev["kind"].isin(["flag", "unflag"])].drop_duplicates(["item", "rater"], keep="last")
        return f[f["kind"] == "flag"][["item", "rater", "note", "at"]].reset_index(drop=True)

    def notes(self) -> pd.DataFrame:
        ev = self.events()
        return ev[ev["kind"] == "note"][["item", "rater", "note", "at"]].reset_index(drop=True)

    def labelled_items(self, rater: str, dimensions) -> set:
        """Items this rater has labelled on every one of ``dimensions``."""
        cur = self.current()
        mine = cur[(cur["rater"] == str(rater)) & cur["dimension"].isin(list(dimensions))]
        counts = mine.groupby("item")["dimension"].nunique()
        return set(counts[counts >= len(list(dimensions))].index)

    def resume_position(self, rater: str, items, dimensions) -> int:
        """Index in ``items`` of this rater's first item not yet fully labelled (len(items) when done)."""
        done = self.labelled_items(rater, dimensions)
        for i, item in enumerate(map(str, items)):
            if item not in done:
                return i
        return len(list(items))

    def progress(self, items, dimensions) -> pd.DataFrame:
        """Per rater: items fully labelled out of ``len(items)``."""
        cur = self.current()
        wanted = set(map(str, items))
        cur = cur[cur["item"].isin(wanted) & cur["dimension"].isin(list(dimensions))]
        per = cur.groupby(["rater", "item"])["dimension"].nunique()
        done = (per >= len(list(dimensions))).groupby("rater").sum()
        return pd.DataFrame({"rater": done.index, "done": done.to_numpy(dtype=int), "total": len(wanted)})

    # ------------------------------------------------------------------ exchange
    def export(self, path, *, events: bool = False) -> Path:
        """Write current labels (or the whole event log) to CSV or Parquet (exact), or .xlsx for spreadsheets."""
        from helpers.data.write import write_replies

        frame = self.events() if events else self.current()
        return write_replies(frame.assign(at=frame["at"].astype(str)), path)

    def import_labels(self, labels, *, file=None) -> int:
        """Add labels made elsewhere (a long frame or file: item, rater, dimension, value). Returns how many."""
        if not isinstance(labels, pd.DataFrame):
            from helpers.data.read import read_table

            file = labels
            labels = read_table(labels)
        from helpers.agreement.tables import check_labels

        clean = check_labels(labels, file=file)
        raw = labels["value"].astype("string").str.strip().str.upper()
        clean.loc[raw.isin(["NA", "N/A"]).fillna(False).to_numpy(), "value"] = np.nan
        with self._db:
            self._db.execute("BEGIN")
            at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
            self._db.executemany(
                "INSERT INTO events (at, rater, item, kind, dimension, value, note, rubric)"
                " VALUES (?, ?, ?, 'set', ?, ?, ?, ?)",
                [
                    (
                        at,
                        str(r.rater),
                        str(r.item),
                        str(r.dimension),
                        NA if pd.isna(r.value) else str(r.value),
                        json.dumps({"imported_from": str(file) if file else "frame"}),
                        self.rubric,
                    )
                    for r in clean.itertuples()
                ],
            )
        return len(clean)
