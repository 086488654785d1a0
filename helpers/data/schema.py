"""The canonical replies table every part of the kit reads.

One row per brand reply, or per customer post that got no reply (its ``reply_*`` cells are
empty: unanswered posts matter for reply rate and latency). Timestamps are timezone-aware UTC.

========================  =======================================================
column                    meaning
========================  =======================================================
``post_id``               the customer post being answered
``reply_id``              the brand reply (empty when unanswered)
``thread_id``             the conversation the post belongs to
``brand``                 the brand account
``channel``               twitter, facebook, instagram, ...
``customer_text``         what the customer wrote
``customer_at``           when the customer posted (UTC)
``reply_text``            what the brand replied (empty when unanswered)
``reply_at``              when the brand replied (UTC; empty when unanswered)
``agent``                 optional: who replied (e.g. a sign-off like ``^JS``)
``customer_id``           optional: the customer's handle or id
========================  =======================================================

Any other column is passed through untouched. An analysis needs only some of these columns
(:data:`ANALYSES`); the readers fill the others (ids generated, the rest left empty) and say so.
"""

from __future__ import annotations

__all__ = [
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "CANONICAL_COLUMNS",
    "TIME_COLUMNS",
    "ID_COLUMNS",
    "TEXT_COLUMNS",
    "ANALYSES",
]

REQUIRED_COLUMNS = (
    "post_id",
    "reply_id",
    "thread_id",
    "brand",
    "channel",
    "customer_text",
    "customer_at",
    "reply_text",
    "reply_at",
)
OPTIONAL_COLUMNS = ("agent", "customer_id")
CANONICAL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
TIME_COLUMNS = ("customer_at", "reply_at")
ID_COLUMNS = ("post_id", "reply_id", "thread_id")
TEXT_COLUMNS = ("customer_text", "reply_text")

ANALYSES = {
    "scoring": ("reply_text",),  # customer_text, when there, tells whether an apology was due
    "latency": ("customer_at", "reply_at"),  # post and reply times; ids are generated when absent
    "labelling": ("reply_text",),
}
"""The columns each analysis cannot do without; every other canonical column is optional to it."""
