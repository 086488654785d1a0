"""The one home of the text patterns the kit shares: handles, links, quotes, sign-offs, greetings.

Each pattern is written once here and used by the twcs reader (agent names from sign-offs), the
redaction, personalisation signals and the scorer, so what counts as a sign-off or a handle
cannot drift between them. Patterns are plain strings that both Python's ``re`` and RE2 (used by
Arrow's vectorised matching) accept.

Examples
--------
>>> import re
>>> [re.search(SIGNOFF_PATTERN, t) is not None for t in
...  ["Thanks for waiting! -Becky", "We'll look into it ^JS", "Sorry about that /CB", "Regards,\\nAmruta",
...   "Let us know - thanks", "More here: https://t.co/UUMNDRIFMj"]]
[True, True, True, True, False, False]
>>> signoff_name("Happy to help! ^KM https://t.co/x"), signoff_name("Best regards, Amruta"), signoff_name("No name")
('KM', 'Amruta', None)
>>> normalise_text("We\u2019re on it"), normalise_text(None)
("We're on it", '')
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = [
    "GREETING_NAME_PATTERN",
    "GREETING_WORDS",
    "HANDLE_PATTERN",
    "NAME_PATTERN",
    "NOT_NAMES",
    "QUOTE_PAIRS",
    "SIGNOFF_PATTERN",
    "URL_PATTERN",
    "normalise_text",
    "signoff_name",
]

#: an @handle as written in a post ("@AmazonHelp", "@115712")
HANDLE_PATTERN = r"@\w+"
#: a link, with or without its scheme (the twcs export shortens every link to https://t.co/...)
URL_PATTERN = r"(?:https?://|www\.)\S+"
#: words that open a greeting or thanks and may be followed by the customer's name
GREETING_WORDS = (
    "Hi",
    "Hey",
    "Hello",
    "Hiya",
    "Dear",
    "Thanks",
    "Thank you",
    "Sorry",
    "Morning",
    "Evening",
    "Afternoon",
    "Welcome",
)
#: capitalised words after a greeting that are not names ("Hi there", "Thanks again")
NOT_NAMES = ("There", "Team", "All", "Everyone", "Again", "Guys", "Folks", "Friend", "For", "So", "Very", "To")
#: a greeting addressed to a name ("Hi Jordan", "Thanks, Priya") or a name closing a clause (", Sam!")
NAME_PATTERN = (
    r"\b(?:" + "|".join(GREETING_WORDS) + r"),? (?!" + "|".join(w + r"\b" for w in NOT_NAMES) + r")"
    r"[A-Z][a-z]{2,14}\b|, [A-Z][a-z]{2,14}[!.?]"
)
#: an agent's sign-off at the very end of a reply, before any trailing links: "^JS", "-KevinM", "*TJ",
#: "~Ana", "/CB", " – Sam", "-A.B." (initials), "(2/2)" counters; or "Regards, Amruta", "Thanks, Sam"
SIGNOFF_PATTERN = (
    r"(?:[\^*~]|(?:^|\s)/|[\s?!.]-|^-|\s–)\s?(?:[A-Z]\.[A-Z]\.?|[A-Z][A-Za-z]{0,14})\.?\s*(?:\(?\d/\d\)?)?\s*"
    r"(?:https?://\S+\s*)*$"
    r"|\b(?:[Rr]egards|[Cc]heers|[Tt]hanks|[Bb]est|[Tt]hank you),?\s*\n?\s*[A-Z][a-z]{2,14}\.?\s*"
    r"(?:https?://\S+\s*)*$"
)
#: a greeting followed by any capitalised word: masked when reducing replies to their template skeleton
GREETING_NAME_PATTERN = r"\b((?i:hi|hey|hello|hiya|dear|thanks|thank you|sorry)),? [A-Z][a-z]+\b"
_SIGNOFF = re.compile(SIGNOFF_PATTERN)
_SIGNOFF_NAME = re.compile(r"(?:[A-Z]\.[A-Z]\.?|[A-Z][A-Za-z]{0,14})(?=\.?\s*(?:\(?\d/\d\)?)?\s*(?:https?://\S+\s*)*$)")
#: curly quotes and the straight ones the rules read them as (same length: spans still fit)
QUOTE_PAIRS = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u201c", '"'), ("\u201d", '"'))
_QUOTES = str.maketrans(dict(QUOTE_PAIRS))


def normalise_text(text) -> str:
    """Text as the rules read it: a str (missing -> ``""``), curly quotes straightened.

    The replacement keeps the length, so spans found in the normalised text fit the original.
    """
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return ""
    return str(text).translate(_QUOTES)


def signoff_name(text) -> str | None:
    """The name or initials an agent signed the reply with, or None when it has no sign-off."""
    match = _SIGNOFF.search(normalise_text(text))
    if match is None:
        return None
    name = _SIGNOFF_NAME.search(match.group(0))
    return name.group(0).rstrip(".") if name else None
