"""Personalisation signals: overlap with the customer's post, names, sign-offs and templates.

A reply is personal when it takes up what this customer said, addresses them, or carries a
human sign-off; it is a template when the same text (after masking handles, links, numbers, names
and sign-offs) went to several customers. All functions work on distinct texts and are mapped back
to rows by the caller, so a million rows cost what their distinct texts cost.

Examples
--------
>>> sorted(content_words("My parcel never arrived and the tracking says delivered!"))
['arriv', 'deliver', 'never', 'parcel', 'track']
>>> skeleton("@123 Hi Jordan, please DM us your order 4411. ^JS")
'hi please dm us your order 0'
>>> bool(has_signoff("Thanks for waiting! -Becky")), bool(has_name("Hi Jordan, sorry about that"))
(True, True)
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["content_words", "has_name", "has_signoff", "mask_reply", "skeleton", "template_counts"]

_WORD = re.compile(r"[a-z][a-z']+")
_HANDLE = r"@\w+"
_URL = r"https?://\S+"
_SIGNOFF = re.compile(r"(?:[\^*~/]|\s-|^-|\s–)\s?[A-Z][A-Za-z]{1,14}\.?\s*(?:\(?\d/\d\)?)?\s*(?:https?://\S+\s*)*$"
                      r"|\b(?:[Rr]egards|[Cc]heers|[Tt]hanks|[Bb]est|[Tt]hank you),?\s*\n?\s*[A-Z][a-z]{2,14}\.?\s*(?:https?://\S+\s*)*$")
_NAME = re.compile(r"\b(?:Hi|Hey|Hello|Hiya|Dear|Thanks|Thank you|Sorry|Morning|Evening|Afternoon|Welcome),? "
                   r"(?!There\b|Team\b|All\b|Everyone\b|Again\b|Guys\b|Folks\b|Friend\b|For\b|So\b|Very\b|To\b)"
                   r"[A-Z][a-z]{2,14}\b|, [A-Z][a-z]{2,14}[!.?]")
_SKELETON = [
    (re.compile(_HANDLE), ""), (re.compile(_URL), ""), (_SIGNOFF, ""),
    (re.compile(r"\b((?i:hi|hey|hello|hiya|dear|thanks|thank you|sorry)),? [A-Z][a-z]+\b"), r"\1"),
    (re.compile(r"\d+"), "0"), (re.compile(r"[^\w\s]"), " "), (re.compile(r"\s+"), " "),
]
_STOP = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few
for from further had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'd i'll
i'm i've if in into is isn't it it's its itself just let's me more most my myself no nor not now of off on once only
or other our ours ourselves out over own same she should shouldn't so some such than that that's the their theirs
them themselves then there there's these they they'd they'll they're they've this those through to too under until
up very was wasn't we we'd we'll we're we've were weren't what what's when where which while who whom why will with
won't would wouldn't you you'd you'll you're you've your yours yourself yourselves get got getting go going gone
still yet even really please thanks thank thx hi hey hello dm us help team know like one would could ok okay yes
lol amp via today now just im dont cant wont ive youre thats whats hey via pls plz u ur r also back way say says said
""".split())


def mask_reply(texts: pd.Series) -> pd.Series:
    """Replace handles and links so replies that differ only there are matched once (vectorised)."""
    return (texts.astype("str").str.replace(_HANDLE, "@", regex=True)
            .str.replace(_URL, "https://t.co/", regex=True))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """Lower-cased, lightly stemmed words that carry content (no stop words, handles or links)."""
    text = re.sub(_URL, " ", re.sub(_HANDLE, " ", text.lower()))
    words = {_stem(w.strip("'")) for w in _WORD.findall(text)}
    numbers = set(re.findall(r"\b\d{3,}\b", text))
    return frozenset(w for w in words if len(w) >= 3 and w not in _STOP) | frozenset(numbers)


def has_signoff(text: str) -> bool:
    """An agent sign-off at the end: ^JS, -Becky, *JonPorter, /CB, 'Regards, Amruta'."""
    return _SIGNOFF.search(text.rstrip()) is not None


def has_name(text: str) -> bool:
    """The reply addresses someone by name (Hi Jordan, ... Kelly!)."""
    return _NAME.search(text) is not None


def skeleton(text: str) -> str:
    """The text a template shares with its copies: no handles, links, sign-offs, names or numbers."""
    for rx, repl in _SKELETON:
        text = rx.sub(repl, text)
    return text.strip().lower()


def template_counts(unique_texts, codes: np.ndarray) -> np.ndarray:
    """For each row, how many rows of the corpus share its reply's skeleton.

    Parameters
    ----------
    unique_texts : sequence of str
        Distinct (masked) reply texts.
    codes : int array
        Row -> index into ``unique_texts`` (``-1`` for a missing reply, which counts 0).
    """
    skel_codes, _ = pd.factorize(pd.Series([skeleton(t) for t in unique_texts], dtype=object))
    per_unique = np.bincount(codes[codes >= 0], minlength=len(unique_texts))
    per_skeleton = np.bincount(skel_codes, weights=per_unique, minlength=skel_codes.max() + 1 if len(skel_codes) else 0)
    counts = per_skeleton[skel_codes] if len(skel_codes) else np.zeros(0)
    out = np.zeros(len(codes))
    out[codes >= 0] = counts[codes[codes >= 0]]
    return out.astype(np.int64)
