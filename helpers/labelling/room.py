"""The workshop room: one small web server on the label store, for a whole room labelling at once.

Why not one notebook kernel per person (Voilà, the first release): measured on a 2-core laptop, a
kernel costs ~157 MB and several seconds to start, so 30 people opening the page at once waited
minutes and some never got a page (kernels culled before their page connected). Here the page is
static HTML and JavaScript served from this package; joining is one request, every click one small
JSON request answered after the event is on disk. One process serves the room; the label store is
the same SQLite file the notebooks read.

Pages: ``/`` for participants, ``/facilitator`` for the person running the session (who has joined,
progress, agreement so far, the items the room disagrees on, and a "reveal" of one item's spread).

JSON API (all answers carry ``ok``; errors carry ``error`` with a message for people):

- ``GET /api/items``: the replies and the rubric's dimensions.
- ``POST /api/join {name, session, resume}``: names are matched without regard to case and spaces;
  a name open in another live session is refused (``taken``) unless ``resume`` says it is the same
  person on a new device (the old page is then told it was replaced). Returns the rater's labels and
  the first item they have not finished.
- ``POST /api/label {session, item, dimension, value}``, ``POST /api/undo {session}``,
  ``POST /api/ping {session}``.
- ``GET /api/room``: the facilitator's figures; ``GET /api/spread?item=ID``: one item's levels.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pandas as pd

from helpers.agreement.tables import agreement_summary, disagreements
from helpers.data.bundled import package_file
from helpers.data.errors import DataError
from helpers.labelling.store import NA, LabelStore
from helpers.scoring.rubric import load_rubric

__all__ = ["Room", "serve_room", "room_key"]

LIVE_SECONDS = 20.0  # a page that pinged within this many seconds is open (pages ping every 5 s)
_PAGES = {"/": "room.html", "/index.html": "room.html", "/facilitator": "facilitator.html"}


def room_key(name: str) -> str:
    """The identity of a rater name: case and spacing do not make another person.

    Parameters
    ----------
    name : str
        A name as typed.

    Returns
    -------
    str
        The name with its spaces collapsed, in case-folded form: ``"Noor"``, ``"noor "`` and ``"NOOR"``
        are one rater.

    Examples
    --------
    >>> room_key("  Noor  "), room_key("NOOR"), room_key("noor  el amin") == room_key("Noor El Amin")
    ('noor', 'noor', True)
    """
    return " ".join(str(name).split()).casefold()


@dataclass
class _Session:
    rater: str
    seen: float
    replaced: bool = False


class Room:
    """The state of one labelling room: the items, the rubric, the store and the open sessions.

    Parameters
    ----------
    replies : DataFrame
        The replies to label (``reply_id``, ``reply_text``, optional ``customer_text``, ``brand``,
        ``channel``); rows without a reply text are left out.
    store : str or Path
        The label store (SQLite file, created if missing), shared with notebooks and other rooms.
    rubric : Rubric or path, optional
        The rubric to label with; default: the kit's rubric.

    Examples
    --------
    >>> import tempfile, os
    >>> from helpers.data.bundled import load_workshop
    >>> room = Room(load_workshop().head(5), os.path.join(tempfile.mkdtemp(), "room.db"))
    >>> room.join("Noor", "s1")["rater"], room.join("noor ", "s2")["status"]
    ('Noor', 'taken')
    >>> item = room.items[0]["id"]
    >>> room.label("s1", item, "tone", 2)["saved"]
    'tone = 2'
    >>> room.join("NOOR", "s2", resume=True)["labels"][item]
    {'tone': '2'}
    """

    def __init__(self, replies: pd.DataFrame, store, rubric=None):
        self.rubric = load_rubric(rubric)
        if "reply_text" not in replies.columns:
            raise DataError("the replies have no reply_text column", column="reply_text", fix="pass a replies table")
        rows = replies[replies["reply_text"].notna() & (replies["reply_text"].astype(str).str.strip() != "")]
        if rows.empty:
            raise DataError("no replies to label", column="reply_text", fix="give a table whose reply_text is filled")
        ids = rows["reply_id"] if "reply_id" in rows else pd.Series(range(len(rows)), index=rows.index)
        self.items = [
            {
                "id": str(i),
                "post": None if pd.isna(r.get("customer_text")) else str(r.get("customer_text")),
                "reply": str(r["reply_text"]),
                "brand": None if pd.isna(r.get("brand")) else str(r.get("brand")),
                "channel": None if pd.isna(r.get("channel")) else str(r.get("channel")),
            }
            for i, (_, r) in zip(ids, rows.iterrows())
        ]
        self._ids = {it["id"] for it in self.items}
        self.dimensions = [
            {
                "id": d.id,
                "label": d.label,
                "question": d.question,
                "levels": [{"value": str(k), "text": v} for k, v in sorted(d.levels.items())]
                + ([{"value": NA, "text": d.na_description or "not applicable"}] if d.na_allowed else []),
            }
            for d in self.rubric.dimensions
        ]
        self._dim_ids = {d["id"] for d in self.dimensions}
        self.store = LabelStore(store, rubric=f"{self.rubric.id}@{self.rubric.version}")
        self._lock = threading.Lock()  # one SQLite connection: one writer at a time (each write ~ms)
        self._sessions: dict[str, _Session] = {}
        self._names = {room_key(r): r for r in self.store.events()["rater"].unique()}  # first spelling wins

    # ------------------------------------------------------------------ participants
    def join(self, name: str, session: str, resume: bool = False) -> dict:
        """A participant types a name (see the module's description). Returns the API answer."""
        key = room_key(name)
        if not key:
            return {"ok": False, "status": "empty", "error": "Please type your name first."}
        now = time.monotonic()
        with self._lock:
            rater = self._names.setdefault(key, " ".join(str(name).split()))
            others = [
                sid
                for sid, s in self._sessions.items()
                if sid != session and room_key(s.rater) == key and not s.replaced and now - s.seen < LIVE_SECONDS
            ]
            if others and not resume:
                return {
                    "ok": False,
                    "status": "taken",
                    "rater": rater,
                    "error": f"“{rater}” is labelling in another open page. Choose another name (e.g. add an "
                    "initial), or, if that page is yours on another device, continue here.",
                }
            for sid in others:
                self._sessions[sid].replaced = True
            self._sessions[session] = _Session(rater, now)
            labels = self._labels_of(rater)
        done = [it["id"] for it in self.items if len(labels.get(it["id"], {})) >= len(self.dimensions)]
        position = next((k for k, it in enumerate(self.items) if it["id"] not in set(done)), len(self.items))
        return {"ok": True, "status": "joined", "rater": rater, "labels": labels, "position": position}

    def _labels_of(self, rater: str) -> dict:
        cur = self.store.current(rater=rater)
        out: dict = {}
        for item, dim, value in zip(cur["item"], cur["dimension"], cur["value"]):
            out.setdefault(str(item), {})[dim] = NA if pd.isna(value) else str(int(value))
        return out

    def _session(self, session: str) -> _Session | dict:
        s = self._sessions.get(session)
        if s is None:
            return {"ok": False, "status": "unknown", "error": "This page is not joined (the server restarted?)."}
        if s.replaced:
            return {"ok": False, "status": "replaced", "error": "This name was opened on another device."}
        s.seen = time.monotonic()
        return s

    def label(self, session: str, item: str, dimension: str, value) -> dict:
        """Save one click; the answer comes once the event is on disk."""
        if item not in self._ids or dimension not in self._dim_ids:
            return {"ok": False, "status": "bad", "error": f"unknown item {item!r} or dimension {dimension!r}"}
        value = str(value)
        with self._lock:
            s = self._session(session)
            if isinstance(s, dict):
                return s
            event = self.store.set(item, s.rater, dimension, value, session=session)
        return {"ok": True, "event": event, "item": item, "saved": f"{dimension} = {value}"}

    def undo(self, session: str) -> dict:
        with self._lock:
            s = self._session(session)
            if isinstance(s, dict):
                return s
            event = self.store.undo(s.rater, session=session)
            labels = self._labels_of(s.rater)
        return {"ok": True, "event": event, "labels": labels}

    def ping(self, session: str) -> dict:
        with self._lock:
            s = self._session(session)
        return s if isinstance(s, dict) else {"ok": True}

    # ------------------------------------------------------------------ facilitator
    def summary(self, n_boot: int = 200) -> dict:
        """Who has joined, progress per person, agreement so far per dimension, the most disputed items."""
        with self._lock:
            cur = self.store.current()
            now = time.monotonic()
            online = {s.rater for s in self._sessions.values() if not s.replaced and now - s.seen < LIVE_SECONDS}
        cur = cur[cur["item"].isin(self._ids)]
        per = cur.groupby(["rater", "item"])["dimension"].nunique()
        done = (per >= len(self.dimensions)).groupby("rater").sum() if len(per) else pd.Series(dtype=int)
        raters = sorted(set(cur["rater"]) | online, key=str.casefold)
        people = [
            {"name": r, "online": r in online, "done": int(done.get(r, 0)), "total": len(self.items)} for r in raters
        ]
        agreement, agenda = [], []
        labels = cur[["item", "rater", "dimension", "value"]]
        if labels["rater"].nunique() >= 2:
            table = agreement_summary(labels, n_boot=n_boot)
            alpha = table[table["statistic"] == "alpha_ordinal"]
            agreement = [
                {
                    "dimension": r.dimension,
                    "alpha": _num(r.estimate),
                    "low": _num(r.ci_low),
                    "high": _num(r.ci_high),
                    "items": int(r.n),
                }  # fmt: skip
                for r in alpha.itertuples()
            ]
            top = disagreements(labels, top=8)
            agenda = [
                {"item": str(r.item), "dimension": r.dimension, "spread": _num(r.spread), "raters": int(r.raters)}
                for r in top.itertuples()
            ]
        return {"ok": True, "people": people, "agreement": agreement, "agenda": agenda, "items": len(self.items)}

    def spread(self, item: str) -> dict:
        """How the room labelled one item: per dimension, how many chose each level (names hidden)."""
        if item not in self._ids:
            return {"ok": False, "error": f"unknown item {item!r}"}
        with self._lock:
            cur = self.store.current()
        cur = cur[cur["item"] == item]
        dims = []
        for d in self.dimensions:
            values = cur.loc[cur["dimension"] == d["id"], "value"]
            counts = {lv["value"]: 0 for lv in d["levels"]}
            for v in values:
                counts[NA if pd.isna(v) else str(int(v))] = counts.get(NA if pd.isna(v) else str(int(v)), 0) + 1
            dims.append({"dimension": d["id"], "label": d["label"], "counts": counts})
        it = next(i for i in self.items if i["id"] == item)
        return {"ok": True, "item": it, "dimensions": dims}


def _num(value) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else round(float(value), 4)


class _Handler(BaseHTTPRequestHandler):
    room: Room  # set on the subclass made by serve_room
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # the terminal stays readable during a workshop
        pass

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, payload: dict, status: int = 200) -> None:
        self._send(status, json.dumps(payload).encode("utf-8"), "application/json; charset=utf-8")

    def do_GET(self):
        url = urlparse(self.path)
        if url.path in _PAGES:
            page = Path(package_file("helpers.labelling", _PAGES[url.path])).read_bytes()
            return self._send(200, page, "text/html; charset=utf-8")
        if url.path == "/api/items":
            return self._json({"ok": True, "items": self.room.items, "dimensions": self.room.dimensions})
        if url.path == "/api/room":
            return self._json(self.room.summary())
        if url.path == "/api/spread":
            return self._json(self.room.spread(parse_qs(url.query).get("item", [""])[0]))
        return self._json({"ok": False, "error": "not found"}, HTTPStatus.NOT_FOUND)

    def do_POST(self):
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        except (ValueError, json.JSONDecodeError):
            return self._json({"ok": False, "error": "not JSON"}, HTTPStatus.BAD_REQUEST)
        session = str(body.get("session", ""))
        routes = {
            "/api/join": lambda: self.room.join(str(body.get("name", "")), session, bool(body.get("resume"))),
            "/api/label": lambda: self.room.label(
                session, str(body.get("item", "")), str(body.get("dimension", "")), body.get("value")
            ),
            "/api/undo": lambda: self.room.undo(session),
            "/api/ping": lambda: self.room.ping(session),
        }
        route = routes.get(urlparse(self.path).path)
        if route is None:
            return self._json({"ok": False, "error": "not found"}, HTTPStatus.NOT_FOUND)
        try:
            return self._json(route())
        except Exception as exc:  # a failed write must reach the page, which then shows the click as not saved
            return self._json({"ok": False, "status": "error", "error": str(exc)}, HTTPStatus.INTERNAL_SERVER_ERROR)


class _RoomServer(ThreadingHTTPServer):
    # The standard library's backlog of 5 pending connections resets the 6th of a room joining at once
    # (and a browser retries a dropped connection only after a second): room for everyone at once.
    request_queue_size = 128


def serve_room(replies: pd.DataFrame, store, *, host: str = "127.0.0.1", port: int = 8866, rubric=None):
    """The room's web server, bound and ready (call ``serve_forever()``; ``shutdown()`` stops it).

    Parameters
    ----------
    replies : DataFrame
        The replies to label (see :class:`Room`).
    store : str or Path
        The label store's SQLite file.
    host : str, default "127.0.0.1"
        ``0.0.0.0`` lets people on the same network in (there are no passwords: a trusted network only).
    port : int, default 8866
        The port (0: any free port; read it from ``server.server_address``).
    rubric : Rubric or path, optional
        The rubric to label with.

    Returns
    -------
    http.server.ThreadingHTTPServer
        With ``.room`` (the :class:`Room`).

    Examples
    --------
    >>> import tempfile, os, threading, urllib.request, json
    >>> from helpers.data.bundled import load_workshop
    >>> replies = load_workshop().dropna(subset=["reply_text"]).head(3)
    >>> server = serve_room(replies, os.path.join(tempfile.mkdtemp(), "r.db"), port=0)
    >>> thread = threading.Thread(target=server.serve_forever, daemon=True)
    >>> thread.start()
    >>> url = f"http://127.0.0.1:{server.server_address[1]}/api/items"
    >>> len(json.load(urllib.request.urlopen(url))["items"])
    3
    >>> server.shutdown()
    >>> server.server_close()
    """
    room = Room(replies, store, rubric)
    handler = type("RoomHandler", (_Handler,), {"room": room})
    server = _RoomServer((host, port), handler)
    server.daemon_threads = True
    server.room = room
    return server
