"""Static sentence vectors: each reply and post as the weighted mean of word vectors distilled from
all-MiniLM-L6-v2 (see :mod:`helpers.scoring.minilm`), fast enough for millions of replies.

The vectors are package data (``model/static_vectors.npz``: int8 with one scale per token, and the
IDF weights learned on the training texts) with the encoder's own WordPiece tokenizer
(``model/tokenizer.json``, read by the ``tokenizers`` library). Handles and links are masked before
tokenising: they say nothing about empathy.

Examples
--------
>>> emb = StaticEmbedder.default()
>>> v = emb.encode(["I'm so sorry your parcel is late", "Sorry the delivery is delayed", "Love the new menu!"])
>>> v.shape[0], bool(v[0] @ v[1] > v[0] @ v[2])
(3, True)
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from helpers.data.bundled import package_file
from helpers.text import HANDLE_PATTERN, URL_PATTERN

__all__ = ["StaticEmbedder"]

_CHUNK = 50_000  # texts per block: bounds memory on millions of rows


class StaticEmbedder:
    """Sentence vectors from static word vectors.

    Parameters
    ----------
    vectors : ndarray (vocabulary, dims)
        One vector per WordPiece token (float32 or int8 with ``scales``).
    weights : ndarray (vocabulary,)
        Per-token weight of the mean (IDF on the training texts; 0 for special tokens).
    tokenizer_json : str
        The tokenizer definition (``tokenizers.Tokenizer.from_str``).
    scales : ndarray (vocabulary,), optional
        Per-token scale when ``vectors`` is int8.
    """

    def __init__(self, vectors: np.ndarray, weights: np.ndarray, tokenizer_json: str, scales=None):
        from tokenizers import Tokenizer

        self.vectors = vectors.astype(np.float32) * (1.0 if scales is None else scales.astype(np.float32)[:, None])
        self.weights = weights.astype(np.float32)
        self.dims = self.vectors.shape[1]
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=256)

    @classmethod
    def default(cls) -> StaticEmbedder:
        """The vectors shipped with the kit (loaded once per process)."""
        return _default()

    @classmethod
    def load(cls, path: str | Path, tokenizer: str | Path | None = None) -> StaticEmbedder:
        """Vectors from an ``.npz`` written by :meth:`save`, with the kit's tokenizer unless given."""
        with np.load(path) as z:
            vectors, scales, weights = z["vectors"], z["scales"], z["weights"]
        tok = Path(tokenizer or package_file("helpers.scoring", "model/tokenizer.json")).read_text(encoding="utf-8")
        return cls(vectors, weights, tok, scales)

    @staticmethod
    def save(path: str | Path, vectors: np.ndarray, weights: np.ndarray) -> None:
        """Store float vectors as int8 with one scale per token (a quarter of the size)."""
        scales = np.abs(vectors).max(1) / 127.0
        scales[scales == 0] = 1.0
        q = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
        np.savez_compressed(path, vectors=q, scales=scales.astype(np.float32), weights=weights.astype(np.float16))

    def token_ids(self, texts) -> list[list[int]]:
        """WordPiece ids of each text (handles and links masked, no special tokens)."""
        return [e.ids for e in self.tokenizer.encode_batch(_masked(texts).to_pylist(), add_special_tokens=False)]

    def encode(self, texts) -> np.ndarray:
        """L2-normalised vectors, one row per text (zeros for an empty text).

        A text's vector is the IDF-weighted sum of its WordPiece tokens' vectors. Texts are split
        into words and punctuation the way BERT's pre-tokenizer does, and only the *distinct* words
        of a batch go through the WordPiece tokenizer: a million replies share a few hundred
        thousand words, so this costs a fraction of tokenising every text.
        """
        from scipy import sparse

        texts = pa.array(list(texts) if not isinstance(texts, (pa.Array, pa.ChunkedArray)) else texts, pa.string())
        texts = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
        out = np.zeros((len(texts), self.dims), np.float32)
        for start in range(0, len(texts), _CHUNK):
            words = pc.split_pattern_regex(_spaced(_masked(texts.slice(start, _CHUNK))), r"\s+")
            flat = pc.drop_null(words.flatten())
            offsets = np.asarray(words.offsets)
            offsets = offsets - offsets[0]
            codes = pc.dictionary_encode(flat)
            distinct = codes.dictionary.to_pylist()
            vectors = self._word_vectors(distinct)
            word_index = np.asarray(codes.indices, dtype=np.int64)
            counts = sparse.csr_matrix(
                (np.ones(len(word_index), np.float32), word_index, offsets), shape=(len(offsets) - 1, len(distinct))
            )
            block = np.asarray(counts @ vectors, dtype=np.float32)
            norms = np.linalg.norm(block, axis=1, keepdims=True)
            out[start : start + len(block)] = block / np.where(norms > 0, norms, 1)
        return out

    def _word_vectors(self, words: list[str]) -> np.ndarray:
        """The weighted sum of each word's WordPiece vectors."""
        from scipy import sparse

        ids = [e.ids for e in self.tokenizer.encode_batch(words, add_special_tokens=False)]
        lengths = np.fromiter(map(len, ids), np.int64, len(ids))
        flat = np.fromiter(itertools.chain.from_iterable(ids), np.int64, int(lengths.sum()))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        pieces = sparse.csr_matrix((self.weights[flat], flat, indptr), shape=(len(ids), len(self.weights)))
        return np.asarray(pieces @ self.vectors, dtype=np.float32)


def _masked(texts) -> pa.Array:
    arr = pa.array(texts, type=pa.string()) if not isinstance(texts, (pa.Array, pa.ChunkedArray)) else texts
    arr = arr.fill_null("")
    return pc.replace_substring_regex(pc.replace_substring_regex(arr, URL_PATTERN, " "), HANDLE_PATTERN, " ")


def _spaced(texts: pa.Array) -> pa.Array:
    """Lower-cased, with every punctuation mark a word of its own (as BERT's pre-tokenizer splits)."""
    spaced = pc.replace_substring_regex(pc.utf8_lower(texts), r"([^\w\s])", r" \1 ")
    return pc.utf8_trim_whitespace(spaced)


@lru_cache(maxsize=1)
def _default() -> StaticEmbedder:
    return StaticEmbedder.load(package_file("helpers.scoring", "model/static_vectors.npz"))
