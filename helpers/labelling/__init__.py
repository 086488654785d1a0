"""Floors 3 and 4: the label store (an append-only SQLite event log) and what people label with:
the notebook widget, the workshop room (a small web server on the store, ``room``), the notebook app
of the first release served by Voila, and the rewrite lab."""

from helpers.labelling.rewriting import rewrite_lab
from helpers.labelling.room import Room, room_key, serve_room
from helpers.labelling.store import LabelStore
from helpers.labelling.widget import label
from helpers.labelling.workshop import workshop_app

__all__ = ["LabelStore", "Room", "label", "rewrite_lab", "room_key", "serve_room", "workshop_app"]
