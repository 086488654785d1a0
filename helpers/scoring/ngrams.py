"""Hashed word and character n-grams of a text, in NumPy: the scorer's "wording" features.

Every text is lower-cased, links become ``URL``, handles ``@`` and digits ``0``; then its word
1- and 2-grams and character 3- to 5-grams are hashed (a polynomial rolling hash over the UTF-8
bytes, mod 2**64) into ``dim`` buckets. Each occurrence carries ``1/sqrt(n-grams of the text)``, so
every text has unit weight. A linear head over them is one ``bincount`` per batch: no vocabulary to
store, and nothing a team's data can overflow.

Examples
--------
>>> rows, buckets, values = hashed_ngrams(["Sorry!", "Thanks @bob https://t.co/x"], dim=1024)
>>> sorted(set(rows.tolist())), bool(buckets.max() < 1024), round(float((values[rows == 0] ** 2).sum()), 6)
([0, 1], True, 1.0)
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from helpers.text import HANDLE_PATTERN, URL_PATTERN

__all__ = ["hashed_ngrams"]

_P = np.uint64(1099511628211)  # odd, hence invertible mod 2**64
_MIX = np.uint64(0x9E3779B97F4A7C15)
_WORD = np.zeros(256, bool)
_WORD[list(b"abcdefghijklmnopqrstuvwxyz0123456789'")] = True
_WORD[128:] = True  # bytes of non-ASCII characters belong to words
_POWERS: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    if not _POWERS or len(_POWERS[0]) < n + 1:
        m = max(n + 1, 1 << 16)
        with np.errstate(over="ignore"):
            up, down = np.full(m, _P, np.uint64), np.full(m, np.uint64(pow(int(_P), -1, 1 << 64)), np.uint64)
            up[0] = down[0] = 1
            _POWERS[:] = [np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)]
    return _POWERS[0], _POWERS[1]


def _bytes(texts) -> tuple[np.ndarray, np.ndarray]:
    arr = pa.array(texts, type=pa.string()).fill_null("")
    arr = pc.replace_substring_regex(arr, URL_PATTERN, " URL ")
    arr = pc.replace_substring_regex(arr, HANDLE_PATTERN, " @ ")
    arr = pc.utf8_lower(pc.replace_substring_regex(arr, "[0-9]", "0"))
    arr = pc.binary_join_element_wise(pa.scalar(" ", pa.string()), arr, pa.scalar(" \x01", pa.string()), "")
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    offsets = np.frombuffer(arr.buffers()[1], np.int32)[arr.offset : arr.offset + len(arr) + 1].astype(np.int64)
    data = np.frombuffer(arr.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    return data, offsets - offsets[0]


def hashed_ngrams(texts, dim: int = 1 << 16, salt: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every n-gram occurrence: the index of its text, its bucket in ``[0, dim)`` and its value.

    Parameters
    ----------
    texts : sequence of str
        Missing texts count as empty.
    dim : int
        Number of buckets.
    salt : int
        Changes every bucket (the post and the reply use different salts).

    Returns
    -------
    rows, buckets, values : ndarray
        A linear model ``w`` scores text ``i`` as ``sum(w[buckets] * values)`` over ``rows == i``.
    """
    data, offsets = _bytes(list(texts) if not isinstance(texts, (pa.Array, pa.ChunkedArray)) else texts)
    n = len(data)
    up, down = _powers(n + 8)
    owner = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    rows, hashes = [], []
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, np.uint64)
        prefix[1:] = np.cumsum((data.astype(np.uint64) + np.uint64(1)) * up[:n], dtype=np.uint64)
        separators = np.concatenate([[0], np.cumsum(data == 1)])
        for k in (3, 4, 5):
            start = np.arange(max(n - k + 1, 0))
            start = start[separators[start + k] == separators[start]]  # never across two texts
            rows.append(owner[start])
            hashes.append(((prefix[start + k] - prefix[start]) * down[start] + np.uint64(k * 7919 + salt)) * _MIX)
        edges = np.diff(np.concatenate([[False], _WORD[data], [False]]).astype(np.int8))
        first, last = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        words = (prefix[last] - prefix[first]) * down[first]
        word_owner = owner[first]
        rows.append(word_owner)
        hashes.append((words + np.uint64(104729 + salt)) * _MIX)
        same = word_owner[1:] == word_owner[:-1]
        rows.append(word_owner[:-1][same])
        hashes.append((words[:-1] * np.uint64(31) + words[1:] * _P + np.uint64(1299709 + salt))[same] * _MIX)
    rows, hashes = np.concatenate(rows), np.concatenate(hashes)
    buckets = ((hashes >> np.uint64(29)) % np.uint64(dim)).astype(np.int64)
    counts = np.bincount(rows, minlength=len(offsets) - 1).astype(np.float32)
    return rows, buckets, (1.0 / np.sqrt(np.maximum(counts, 1)))[rows].astype(np.float32)
