"""Floors 3 and 4: the label store (an append-only SQLite event log) and what people label with:
the notebook widget, the workshop app served by Voila, and the rewrite lab."""

from helpers.labelling.store import LabelStore
from helpers.labelling.widget import label, rewrite_lab, workshop_app

__all__ = ["LabelStore", "label", "rewrite_lab", "workshop_app"]
