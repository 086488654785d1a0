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

import copy
import itertools
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from helpers.data.bundled import package_file
from helpers.text import HANDLE_PATTERN, URL_PATTERN

__all__ = ["StaticEmbedder", "Vocabulary", "Words"]

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
    context : ndarray (vocabulary, dims), optional
        A second set of token vectors, fitted so that their weighted sums reproduce the encoder's
        sentence vectors of real tweets (see ``training.fit_context_vectors``). With it, every text
        gets two vectors side by side (``groups == 2``), each L2-normalised on its own.
    pca : dict, optional
        ``pca_mean`` and ``pca_components``: map the encoder's sentence vectors into the vectors' space
        (for fitting the context vectors again).
    """

    def __init__(
        self, vectors: np.ndarray, weights: np.ndarray, tokenizer_json: str, scales=None, context=None, pca=None
    ):
        from tokenizers import Tokenizer

        self.vectors = vectors.astype(np.float32) * (1.0 if scales is None else scales.astype(np.float32)[:, None])
        self.dims = self.vectors.shape[1]
        self.groups = 1
        if context is not None:
            self.vectors = np.hstack([self.vectors, np.asarray(context, np.float32)])
            self.groups = 2
        self.weights = weights.astype(np.float32)
        self.pca: dict[str, np.ndarray] = dict(pca or {})
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
            vectors = z["vectors"] * z["scales"].astype(np.float32)[:, None]
            context = None
            if "context_rows" in z:  # only the rows that differ from the vectors are stored
                context = vectors.copy()
                context[z["context_rows"]] = z["context_vectors"] * z["context_scales"].astype(np.float32)[:, None]
            weights = z["weights"]
            pca = {k: z[k] for k in ("pca_mean", "pca_components") if k in z}
        tok = Path(tokenizer or package_file("helpers.scoring", "model/tokenizer.json")).read_text(encoding="utf-8")
        return cls(vectors, weights, tok, context=context, pca=pca)

    @staticmethod
    def save(path: str | Path, vectors: np.ndarray, weights: np.ndarray, context=None, pca=None) -> None:
        """Store float vectors as int8 with one scale per token (a quarter of the size); of ``context``
        only the rows that differ from ``vectors``; ``pca`` as in the constructor."""
        arrays = dict(zip(("vectors", "scales"), _int8(vectors)))
        arrays["weights"] = weights.astype(np.float16)
        if context is not None:
            rows = np.flatnonzero(np.any(np.asarray(context) != np.asarray(vectors), axis=1)).astype(np.int32)
            arrays["context_rows"] = rows
            arrays["context_vectors"], arrays["context_scales"] = _int8(np.asarray(context)[rows])
        arrays.update({k: np.asarray(v, np.float32) for k, v in (pca or {}).items()})
        np.savez_compressed(path, **arrays)

    def static_only(self) -> StaticEmbedder:
        """The same embedder without its context vectors (the fast mode's: half the work per text)."""
        if self.groups == 1:
            return self
        if getattr(self, "_static", None) is None:
            static = copy.copy(self)
            static.vectors, static.groups = self.vectors[:, : self.dims].copy(), 1
            self._static = static
        return self._static

    def token_ids(self, texts) -> list[list[int]]:
        """WordPiece ids of each text (handles and links masked, no special tokens)."""
        return [e.ids for e in self.tokenizer.encode_batch(masked_texts(texts).to_pylist(), add_special_tokens=False)]

    def encode(self, texts, vocabulary: Vocabulary | None = None) -> np.ndarray:
        """L2-normalised vectors, one row per text (zeros for an empty text); with context vectors, two
        groups of ``dims`` columns side by side, each normalised on its own.

        A text's vector is the IDF-weighted sum of its WordPiece tokens' vectors. Texts are split
        into words and punctuation the way BERT's pre-tokenizer does, and only the *distinct* words
        of a batch go through the WordPiece tokenizer: a million replies share a few hundred
        thousand words, so this costs a fraction of tokenising every text.

        Parameters
        ----------
        texts : list of str or pyarrow string array
            Missing texts count as empty.
        vocabulary : Vocabulary, optional
            Word vectors already computed in this scoring run (pass one across the chunks of a run).
        """
        return self.encode_words(Words.split(texts), vocabulary)

    def encode_words(self, words: Words, vocabulary: Vocabulary | None = None) -> np.ndarray:
        """:meth:`encode` of texts already split at spaces (:meth:`Words.split`)."""
        from scipy import sparse

        vocabulary = vocabulary or Vocabulary(self)
        # Handles, links, lower-casing and punctuation never span a space, so each distinct
        # space-separated word is masked and split into BERT words once, not once per text.
        bert = pc.split_pattern_regex(_spaced(masked_texts(words.distinct)), r"\s+")
        bert_words = pc.dictionary_encode(bert.values)
        rows, table = vocabulary.rows(bert_words.dictionary.to_pylist())
        flat = rows[np.asarray(bert_words.indices)]
        starts = np.asarray(bert.offsets, dtype=np.int64)
        keep = np.flatnonzero(flat >= 0)
        lengths = np.diff(np.searchsorted(keep, starts))
        flat = flat[keep]
        starts = np.concatenate([[0], np.cumsum(lengths)])
        # Each occurrence of a word expands to its BERT words, in text order: the sums below add
        # the same vectors in the same order as tokenising every text would.
        occurrence_lengths = lengths[words.codes]
        ends = np.cumsum(occurrence_lengths)
        total = int(ends[-1]) if len(ends) else 0
        within = np.arange(total) - np.repeat(ends - occurrence_lengths, occurrence_lengths)
        columns = flat[np.repeat(starts[:-1][words.codes], occurrence_lengths) + within]
        indptr = np.concatenate([[0], ends])[words.indptr]
        out = np.empty((len(words), self.dims * self.groups), np.float32)
        for start in range(0, len(words), _CHUNK):
            stop = min(start + _CHUNK, len(words))
            bounds = indptr[start : stop + 1]
            counts = sparse.csr_matrix(
                (np.ones(bounds[-1] - bounds[0], np.float32), columns[bounds[0] : bounds[-1]], bounds - bounds[0]),
                shape=(stop - start, len(table)),
            )
            block = np.asarray(counts @ table, dtype=np.float32).reshape(stop - start, self.groups, self.dims)
            norms = np.sqrt(np.einsum("ngd,ngd->ng", block, block))[:, :, None]  # each group on its own
            np.divide(block, np.where(norms > 0, norms, 1), out=out[start:stop].reshape(block.shape))
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


class Vocabulary:
    """The vectors of the BERT words seen so far in one scoring run, each tokenised once.

    A word whose vector is zero (empty, a masked handle or link, [UNK]) gets row -1: it adds exact
    zeros to a sum, so it is left out. Thread-safe: chunks of a run encoded in parallel share it.
    """

    def __init__(self, embedder: StaticEmbedder):
        self.embedder = embedder
        self.index: dict[str, int] = {}
        self.table = np.zeros((0, embedder.vectors.shape[1]), np.float32)
        self._lock = threading.Lock()

    def rows(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each word's row in the table, and the table (new words' vectors added)."""
        with self._lock:
            new = [w for w in dict.fromkeys(words) if w not in self.index]
            if new:
                vectors = self.embedder._word_vectors(new)
                nonzero = np.any(vectors != 0, axis=1)
                rows = np.full(len(new), -1)
                rows[nonzero] = np.arange(len(self.table), len(self.table) + nonzero.sum())
                self.index.update(zip(new, rows.tolist()))
                self.table = np.concatenate([self.table, vectors[nonzero]])
            index, table = self.index, self.table
            return np.fromiter(map(index.__getitem__, words), np.int64, len(words)), table


@dataclass
class Words:
    """Texts split at spaces: the distinct words, and which of them each text holds, in order.

    A word keeps the space that ends it ("sorry " and "sorry" are two distinct words).
    """

    texts: pa.Array  # the texts, missing ones empty
    distinct: pa.Array  # each distinct word once
    codes: np.ndarray  # the words of all texts, in order, as positions in ``distinct``
    indptr: np.ndarray  # text i holds codes[indptr[i] : indptr[i + 1]]

    def __len__(self) -> int:
        return len(self.texts)

    @classmethod
    def split(cls, texts) -> Words:
        """Split at every space (the words share the texts' memory; only distinct words are copied)."""
        if not isinstance(texts, (pa.Array, pa.ChunkedArray)):
            texts = pa.array(list(texts), pa.large_string())
        texts = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
        texts = pc.fill_null(texts.cast(pa.large_string()), "")
        _, offsets_buffer, data_buffer = texts.buffers()
        offsets = np.frombuffer(offsets_buffer, np.int64)[texts.offset : texts.offset + len(texts) + 1]
        data = np.frombuffer(data_buffer, np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
        lo, hi = (int(offsets[0]), int(offsets[-1])) if len(texts) else (0, 0)
        after_space = np.flatnonzero(data[lo:hi] == 32) + (lo + 1)
        # every text starts a word: put its offset before any cut at the same place
        at = np.searchsorted(after_space, offsets)
        cuts = np.insert(after_space, at, offsets)
        first = at + np.arange(len(offsets))  # the position of each text's offset among the cuts
        pieces = pa.LargeStringArray.from_buffers(
            len(cuts) - 1, pa.py_buffer(cuts), data_buffer if data_buffer is not None else pa.py_buffer(b"")
        )
        codes = pc.dictionary_encode(pieces)
        return cls(texts, codes.dictionary, np.asarray(codes.indices), first)

    def per_text(self, values: np.ndarray) -> np.ndarray:
        """The sum of ``values`` (one row per distinct word) over each text's words."""
        from scipy import sparse

        ones = np.ones(len(self.codes), values.dtype)
        return sparse.csr_matrix((ones, self.codes, self.indptr), shape=(len(self), len(self.distinct))) @ values


def _int8(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scales = np.abs(vectors).max(1) / 127.0 if len(vectors) else np.zeros(0)
    scales[scales == 0] = 1.0
    return np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8), scales.astype(np.float32)


def masked_texts(texts) -> pa.Array:
    arr = pa.array(texts, type=pa.string()) if not isinstance(texts, (pa.Array, pa.ChunkedArray)) else texts
    arr = arr.fill_null("")
    return pc.replace_substring_regex(pc.replace_substring_regex(arr, URL_PATTERN, " "), HANDLE_PATTERN, " ")


def _spaced(texts: pa.Array) -> pa.Array:
    """Lower-cased, with every punctuation mark a word of its own (as BERT's pre-tokenizer splits)."""
    spaced = pc.replace_substring_regex(pc.utf8_lower(texts), r"[^\w\s]", r" \0 ")  # \0, the whole match: no group
    return pc.utf8_trim_whitespace(spaced)


@lru_cache(maxsize=1)
def _default() -> StaticEmbedder:
    return StaticEmbedder.load(package_file("helpers.scoring", "model/static_vectors.npz"))
