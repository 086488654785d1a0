"""Mask personal data in customer and reply texts before they are shared or shown.

Customer posts carry e-mail addresses, phone numbers, card and order numbers. :func:`redact`
replaces each with a bracketed tag so that a redacted table can go into a workshop deck or a
vendor ticket. Handles and links are masked only when asked: on public social media they are
usually part of the conversation, and twcs handles are already anonymised numbers.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.text import HANDLE_PATTERN, URL_PATTERN

__all__ = ["redact", "redact_series"]

_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
# 13-19 digits in groups of 4 (or a run), as card numbers are written
_CARD = r"(?<![\w@])\d{4}(?:[ -]?\d{4}){2}(?:[ -]?\d{1,7})?(?!\w)"
# international or national phone numbers: +44 7700 900123, (555) 123-4567, 555.123.4567, 07700900123
_PHONE = (
    r"(?<![\w@])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,6}){1,3}(?!\w)"
    r"|(?<![\w@#])\+?0\d{9,11}(?!\w)"
)
# order / case / account references: #123456, order 12345678, AB-1234567, 112-1234567-1234567
_ORDER = (
    r"(?<![\w@])#?[A-Za-z]{0,4}-?\d{6,}(?:-\d+)*(?!\w)"
    r"|#\d{4,}(?!\w)"
    r"|(?<![\w@/])(?=[A-Za-z]*\d)[A-Za-z0-9]{8,}(?!\w)"
)  # checked: >= 6 digits
# dashed references with a long group, e.g. marketplace orders 112-1234567-1234567
_DASHED_ORDER = r"(?<![\w@])\d{2,5}(?:-\d{6,})+(?!\w)"
_HANDLE = r"(?<![\w@])" + HANDLE_PATTERN  # not the middle of an e-mail address

# order matters: the longest, most specific patterns first
_BASE = [
    ("URL", URL_PATTERN),
    ("EMAIL", _EMAIL),
    ("CARD", _CARD),
    ("DASHED", _DASHED_ORDER),
    ("PHONE", _PHONE),
    ("ORDER", _ORDER),
]
_TAG = {"DASHED": "ORDER"}


def _pattern(handles: bool, urls: bool) -> re.Pattern:
    parts = [(tag, p) for tag, p in _BASE if urls or tag != "URL"]
    if handles:
        parts.insert(1, ("HANDLE", _HANDLE))
    return re.compile("|".join(f"(?P<{tag}>{p})" for tag, p in parts))


_PATTERNS = {(h, u): _pattern(h, u) for h in (False, True) for u in (False, True)}


_MIN_DIGITS = {"PHONE": 7, "ORDER": 6}


def _replace(match: re.Match) -> str:
    tag = match.lastgroup
    text = match.group(0)
    if tag in _MIN_DIGITS and sum(c.isdigit() for c in text) < _MIN_DIGITS[tag]:
        return text  # prices, times, dates and flight numbers are not personal data
    return f"[{_TAG.get(tag, tag)}]"


def redact(text: str | None, *, handles: bool = False, urls: bool = False) -> str | None:
    """Mask e-mail addresses, phone, card-like and order-like numbers in ``text``.

    Parameters
    ----------
    text : str or None
        A customer post or a reply. ``None`` and NaN are returned unchanged.
    handles : bool
        Also mask ``@handles``.
    urls : bool
        Also mask links. Links are otherwise kept, and their digits are never mistaken for orders.

    Examples
    --------
    >>> redact("Mail me at ana.lopez@example.com or call +44 7700 900123")
    'Mail me at [EMAIL] or call [PHONE]'
    >>> redact("Card 4111 1111 1111 1111 was charged twice for order #8812734")
    'Card [CARD] was charged twice for order [ORDER]'
    >>> redact("@AcmeHelp my order 112-9876543-1234567 never came", handles=True)
    '[HANDLE] my order [ORDER] never came'
    >>> redact("See https://t.co/ab12345678 at 9:30, gate 12")
    'See https://t.co/ab12345678 at 9:30, gate 12'
    """
    if text is None or (isinstance(text, float) and text != text):
        return text
    pattern = _PATTERNS[(handles, True)]
    if urls:
        return pattern.sub(_replace, text)
    # URLs are matched (so their digits are left alone) but put back as they were
    return pattern.sub(lambda m: m.group(0) if m.lastgroup == "URL" else _replace(m), text)


def redact_series(texts: pd.Series, *, handles: bool = False, urls: bool = False) -> pd.Series:
    """:func:`redact` over a column; each distinct text is redacted once.

    Parameters
    ----------
    texts : Series
        Customer posts or replies; missing values stay missing.
    handles : bool, default False
        Also mask ``@handles``.
    urls : bool, default False
        Also mask links.

    Returns
    -------
    Series
        The redacted texts, with the index of ``texts``.

    Examples
    --------
    >>> redact_series(pd.Series(["call 555-123-4567", "thanks!", "call 555-123-4567"])).tolist()
    ['call [PHONE]', 'thanks!', 'call [PHONE]']
    >>> redact_series(pd.Series(["@AcmeHelp mail me: jo@example.org", None]), handles=True).tolist()
    ['[HANDLE] mail me: [EMAIL]', nan]
    """
    uniques = texts.dropna().unique()
    mapping = {t: redact(t, handles=handles, urls=urls) for t in uniques}
    return texts.map(mapping, na_action="ignore")
