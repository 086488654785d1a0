"""``empathy-kit label-app``: serve the labelling room (a small web server on the label store).

``--voila`` serves the notebook app of the first release instead (one kernel per participant: fine
for a few people, slow for a room; see helpers/labelling/room.py for the measurements)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import DataError, package_file, serve_room
from helpers.cli.data import _read, add_reading_options

__all__ = ["register", "voila_command"]

APP = package_file("helpers.labelling", "label_app.ipynb")


def voila_command(port: int, host: str) -> list[str]:
    """The Voila command line (kernels of closed browser tabs are shut down after a few seconds)."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(APP),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        "--MappingKernelManager.cull_idle_timeout=10",
        "--MappingKernelManager.cull_interval=5",
        "--theme=light",
    ]


def _serve(args) -> int:
    data = Path(args.path).resolve()
    replies, notes = _read(args)  # fail here, in the terminal, with a clear message, not in every browser
    for note in notes:
        print(f"note: {note}")
    answered = int(replies["reply_text"].notna().sum())
    if answered == 0:
        raise DataError("no replies to label", file=data, fix="give a file whose reply_text column is filled")
    store = Path(args.store).resolve()
    where = f"http://{'<this-computer-ip>' if args.host == '0.0.0.0' else args.host}:{args.port}/"
    if not args.voila:
        server = serve_room(replies, store, host=args.host, port=args.port, rubric=args.rubric)
        print(
            f"Labelling room for {len(server.room.items)} replies of {data.name}; labels go to {store}\n"
            f"Participants open {where} (each types a name); the facilitator opens {where}facilitator\n"
            "Stop with Ctrl+C.",
            flush=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return 0
    env = dict(
        os.environ,
        EMPATHY_KIT_DATA=str(data),
        EMPATHY_KIT_STORE=str(store),
        EMPATHY_KIT_RUBRIC=str(Path(args.rubric).resolve()) if args.rubric else "",
    )
    print(
        f"Labelling app for {answered} replies of {data.name}; labels go to {store}\n"
        f"Open {where} in a browser (each participant types a name). Stop with Ctrl+C.",
        flush=True,
    )
    try:
        return subprocess.call(voila_command(args.port, args.host), env=env, cwd=str(data.parent))
    except KeyboardInterrupt:
        return 0


def register(sub) -> None:
    p = sub.add_parser(
        "label-app",
        help="serve the labelling room for a workshop",
        description="Serve the labelling room: everyone who opens the URL types a name and labels; all "
        "labels go to one shared store; /facilitator shows who has joined, progress and agreement so far.",
    )
    p.add_argument("path", help="the replies to label (a replies table, or a message log with --preset)")
    p.add_argument("--store", default="labels.db", help="the shared label store (SQLite file, created if missing)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on: 127.0.0.1 (this computer only, the default) or 0.0.0.0 to let "
        "people on the same network open it at http://<this-computer-ip>:PORT/",
    )
    p.add_argument("--rubric", help="a rubric YAML file (default: the kit's rubric v1)")
    p.add_argument(
        "--voila", action="store_true", help="serve the notebook app through Voila instead (one kernel each)"
    )
    add_reading_options(p)
    p.set_defaults(func=_serve)
