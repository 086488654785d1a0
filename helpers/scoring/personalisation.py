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
import pyarrow as pa
import pyarrow.compute as pc

from helpers.text import GREETING_NAME_PATTERN, HANDLE_PATTERN, NAME_PATTERN, NOT_NAMES, SIGNOFF_PATTERN, URL_PATTERN

__all__ = [
    "content_words",
    "has_name",
    "has_signoff",
    "skeleton",
    "token_ids",
    "overlap_counts",
    "signoff_array",
    "name_array",
    "skeleton_array",
]

_SPLIT = r"[^a-z0-9']+"
_SIGNOFF = re.compile(SIGNOFF_PATTERN)
_NAME = re.compile(NAME_PATTERN)
_SKELETON = [
    (re.compile(HANDLE_PATTERN), ""),
    (re.compile(URL_PATTERN), ""),
    (_SIGNOFF, ""),
    (re.compile(GREETING_NAME_PATTERN), r"\1"),
    (re.compile(r"\d+"), "0"),
    (re.compile(r"[^\w\s]"), " "),
    (re.compile(r"\s+"), " "),
]
_STOP = frozenset(
    """
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
issue issues problem problems assist assistance service support account customer information info details
concern experience time day hello thank
""".split()
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """Lower-cased, lightly stemmed words that carry content (no stop words, handles or links);
    numbers of three digits or more (order numbers) count too. Same rules as :func:`token_ids`."""
    text = re.sub(URL_PATTERN, " ", re.sub(HANDLE_PATTERN, " ", text.lower()))
    out = set()
    for token in re.split(_SPLIT, text):
        token = token.strip("'")
        if len(token) < 3:
            continue
        if token.isdigit():
            out.add(token)
        elif token[0].isalpha() and token not in _STOP:
            out.add(_stem(token))
    return frozenset(out)


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


# ---------------------------------------------------------------- the same signals on whole columns (Arrow)
_STOP_ARRAY = pa.array(sorted(_STOP))
_NOT_NAMES = pa.array(NOT_NAMES)
_NAME_RE2 = (
    r"\b(?:Hi|Hey|Hello|Hiya|Dear|Thanks|Thank you|Sorry|Morning|Evening|Afternoon|Welcome),? "
    r"(?P<n>[A-Z][a-z]{2,14})\b|, (?P<m>[A-Z][a-z]{2,14})[!.?]"
)


def signoff_array(texts: pa.Array) -> np.ndarray:
    """:func:`has_signoff` for every text of an Arrow string array."""
    trimmed = pc.utf8_rtrim_whitespace(texts)
    return np.asarray(pc.match_substring_regex(trimmed, _SIGNOFF.pattern).fill_null(False), dtype=bool)


def name_array(texts: pa.Array) -> np.ndarray:
    """:func:`has_name` for every text (first greeting or vocative only)."""
    found = pc.extract_regex(texts, _NAME_RE2)
    name = pc.coalesce(
        pc.if_else(pc.equal(found.field(0), ""), None, found.field(0)),
        pc.if_else(pc.equal(found.field(1), ""), None, found.field(1)),
    )
    ok = pc.and_(found.is_valid(), pc.invert(pc.is_in(name, _NOT_NAMES)))
    return np.asarray(ok.fill_null(False), dtype=bool)


def _byte_map(table: np.ndarray):
    """A function mapping every byte of an Arrow string array through ``table`` (same offsets)."""

    def apply(arr: pa.Array) -> pa.Array:
        arr = arr.fill_null("")
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        validity, offsets, data = arr.buffers()
        mapped = table[np.frombuffer(data, dtype=np.uint8)] if data is not None else np.zeros(0, np.uint8)
        return pa.Array.from_buffers(
            pa.string(), len(arr), [None, offsets, pa.py_buffer(mapped.tobytes())], offset=arr.offset
        )

    return apply


def _table(keep: str, digit: int | None = None) -> np.ndarray:
    t = np.full(256, ord(" "), dtype=np.uint8)
    for ch in keep:
        t[ord(ch)] = ord(ch)
    for up in range(ord("A"), ord("Z") + 1):
        t[up] = up + 32
    if digit is not None:
        t[ord("0") : ord("9") + 1] = digit
    return t


_WORDS_ONLY = _byte_map(_table("abcdefghijklmnopqrstuvwxyz0123456789'"))
_SKELETON_BYTES = _byte_map(_table("abcdefghijklmnopqrstuvwxyz0123456789", digit=ord("0")))


def _split_words(arr: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Words (split on spaces, empties dropped) and the index of the text each came from."""
    lists = pc.split_pattern(arr, " ")
    parents = np.asarray(pc.list_parent_indices(lists))
    words = pc.list_flatten(lists)
    keep = pc.greater(pc.utf8_length(words), 0)
    return pc.filter(words, keep), parents[np.asarray(keep)]


def skeleton_array(texts: pa.Array) -> pa.Array:
    """Template identity of every text: its words after masking handles, links, sign-offs, names and digits.

    Equal for two texts exactly when :func:`skeleton` gives equal strings (up to runs of digits)."""
    for rx, repl in _SKELETON[:4]:
        texts = pc.replace_substring_regex(texts, rx.pattern, repl)
    words, parents = _split_words(_SKELETON_BYTES(texts))
    counts = np.bincount(parents, minlength=len(texts))
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
    return pc.binary_join(pa.ListArray.from_arrays(offsets, words), " ")


def token_ids(texts: pa.Array, vocabulary: dict | None = None) -> tuple[np.ndarray, np.ndarray, list]:
    """Distinct content words per text as integer ids: (text index, token id, vocabulary list).

    Same rules as :func:`content_words`; pass the same ``vocabulary`` dict to two calls to share ids.
    """
    vocabulary = {} if vocabulary is None else vocabulary
    low = pc.replace_substring_regex(
        pc.replace_substring_regex(texts.fill_null(""), HANDLE_PATTERN, " "), URL_PATTERN, " "
    )
    tokens, parents = _split_words(_WORDS_ONLY(low))
    tokens = pc.utf8_trim(tokens, "'")
    keep = pc.greater_equal(pc.utf8_length(tokens), 3)
    digits = pc.utf8_is_digit(tokens)
    alpha = pc.and_(pc.utf8_is_alpha(pc.utf8_slice_codeunits(tokens, 0, 1)), pc.invert(pc.is_in(tokens, _STOP_ARRAY)))
    keep = pc.and_(keep, pc.or_(digits, alpha))
    tokens, parents, digits = pc.filter(tokens, keep), parents[np.asarray(keep)], pc.filter(digits, keep)
    done = np.asarray(digits)
    length = np.asarray(pc.utf8_length(tokens))
    stemmed = tokens
    for suffix in ("ing", "ed", "es", "s"):
        hit = np.asarray(pc.ends_with(tokens, suffix)) & (length - len(suffix) >= 4) & ~done
        if hit.any():
            cut = pc.utf8_slice_codeunits(tokens, 0, -len(suffix))
            stemmed = pc.if_else(pa.array(hit), cut, stemmed)
        done |= hit
    encoded = (
        pc.dictionary_encode(stemmed).combine_chunks()
        if isinstance(stemmed, pa.ChunkedArray)
        else pc.dictionary_encode(stemmed)
    )
    local = encoded.dictionary.to_pylist()
    mapping = np.array([vocabulary.setdefault(w, len(vocabulary)) for w in local], dtype=np.int64)
    ids = mapping[np.asarray(encoded.indices)] if len(local) else np.zeros(0, dtype=np.int64)
    width = max(len(vocabulary), 1)
    keys = np.sort(parents.astype(np.int64) * width + ids)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
    return keys // width, keys % width, list(vocabulary)


def overlap_counts(a_rows, a_ids, b_rows, b_ids, a_of_pair: np.ndarray, b_of_pair: np.ndarray) -> np.ndarray:
    """Shared content words for each pair (text ``a_of_pair[p]`` of side a, ``b_of_pair[p]`` of side b)."""
    n_pairs = len(a_of_pair)
    if n_pairs == 0:
        return np.zeros(0, dtype=np.int64)
    vocab = int(max(a_ids.max(initial=0), b_ids.max(initial=0))) + 1

    def expand(rows, ids, which):
        order = np.argsort(rows, kind="stable")
        rows, ids = rows[order], ids[order]
        n_texts = int(max(which.max(initial=0), rows.max(initial=0))) + 1
        start = np.searchsorted(rows, np.arange(n_texts))
        count = np.bincount(rows, minlength=n_texts)
        lengths = count[which]
        total = int(lengths.sum())
        pair = np.repeat(np.arange(n_pairs), lengths)
        offset = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return pair.astype(np.int64) * vocab + ids[np.repeat(start[which], lengths) + offset]

    shared = np.intersect1d(expand(a_rows, a_ids, a_of_pair), expand(b_rows, b_ids, b_of_pair), assume_unique=True)
    return np.bincount(shared // vocab, minlength=n_pairs).astype(np.int64)
