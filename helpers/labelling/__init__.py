"""Floors 3 and 4: the label store (an append-only SQLite event log) and what people label with:
the notebook widget, the workshop app served by Voila, and the rewrite lab."""

from helpers.labelling.rewriting import rewrite_lab
from helpers.labelling.store import LabelStore
from helpers.labelling.widget import label
from helpers.labelling.workshop import workshop_app

__all__ = ["LabelStore", "label", "rewrite_lab", "workshop_app"]
