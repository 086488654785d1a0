"""The learned layer of the scorer: rubric levels decided by heads trained on raters' labels.

Each reply becomes one row of numbers in three readable blocks:

- **rules**: every marker family the reply matched, the customer's cues (struggle, failure,
  distress, praise, a question), personalisation signals (words shared with the post, a name, a
  sign-off, how many customers got the same template) and scorer 1's decisions;
- **shape**: lengths, questions and exclamations, links, how close the reply is to the post;
- **wording**: static sentence vectors of post and reply (:mod:`helpers.scoring.embedding`) and
  their element-wise product (does the reply talk about what the post talks about).

A head per target (acknowledge, personalize, apologize, act, tone, whether an apology is due) is a
ridge regression on standardised features (for act and tone: two logistic regressions, one per level
threshold, whose probabilities add up to the expected level) with cut points that turn its score into
a level; the ``fast`` mode drops the rules block (no regular expressions) for millions of replies. Because heads
are linear in their logits, each level is explained by what moved it: the features with the largest
``weight x value``, named in words (:meth:`ScorerModel.reasons`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.data.errors import DataError
from helpers.scoring.embedding import StaticEmbedder, Vocabulary, Words
from helpers.scoring.ngrams import hashed_ngrams
from helpers.scoring.rules import CUE_FLAGS, DIMENSIONS, FLAGS, REPLY_FAMILIES, RuleSignals, require_texts, rule_signals
from helpers.text import HANDLE_PATTERN, URL_PATTERN

__all__ = ["MODES", "TARGETS", "Features", "ScorerModel", "apply_vetoes", "design_matrix"]

MODES = ("default", "fast")
#: what the heads predict: the five dimensions (apologize only where an apology is due) and the N/A decision
TARGETS = (*DIMENSIONS, "due")
LEVELS = {**{d: (0.0, 1.0, 2.0) for d in DIMENSIONS}, "due": (0.0, 1.0)}

_RULE_BOOL = (
    REPLY_FAMILIES[0],  # apology, then whether it names what happened
    "specific",
    *REPLY_FAMILIES[1:],  # the other marker families of the reply
    "first_person",
    "name",
    "signoff",
    *CUE_FLAGS,  # what the customer's post shows
)
#: how each feature reads in an explanation ("+ names the feeling" moved a level up)
PLAIN = {
    "apology": "an apology",
    "specific": "a specific apology",
    "ack_feeling": "names the feeling",
    "ack_generic": "a generic acknowledgement",
    "act_owned": "an owned next step",
    "act_timing": "says when",
    "act_why": "asks with a reason",
    "act_ask": "asks for details",
    "act_details": "asks for specific details",
    "act_redirect": "sends to DM / a link",
    "act_passive": "a passive step",
    "act_instruct": "a concrete instruction",
    "act_refuse": "refuses",
    "deflect_channel": "sends elsewhere",
    "deflect_policy": "policy-speak",
    "blame": "blames the customer",
    "snark": "sarcasm",
    "non_apology": "a non-apology",
    "delight": "a goodwill gesture",
    "first_person": "first person (I)",
    "name": "the customer's name",
    "signoff": "an agent's sign-off",
    "due": "the post shows a problem",
    "due_unknown": "no customer post",
    "struggle": "the customer is stuck",
    "failure": "something failed",
    "distress": "the customer is upset",
    "praise": "the customer praises",
    "question": "the customer asks",
    "warm": "warm words",
    "corporate": "corporate phrasing",
    "overlap": "words from the post",
    "log_copies": "a template sent to many",
    "reply_len": "reply length",
    "post_len": "post length",
    "reply_q": "the reply asks a question",
    "reply_excl": "exclamation marks",
    "reply_url": "a link",
    "post_url": "the post has a link",
    "similarity": "close to the post's wording",
    "wording": "wording like rated replies",
    "sorry_word": "says sorry",
    "phrases": "words and phrases",
}


def _rule_block(s: RuleSignals) -> tuple[np.ndarray, list[str]]:
    f = s.features
    cols = [np.asarray(f[k], float) for k in _RULE_BOOL]
    cols += [np.minimum(f["warm"], 3.0), np.minimum(f["corporate"], 3.0), np.minimum(f["overlap"], 5.0)]
    cols += [np.log1p(np.asarray(f["copies"], float))]
    names = [*_RULE_BOOL, "warm", "corporate", "overlap", "log_copies"]
    for dim in (*DIMENSIONS, *FLAGS):
        level = np.nan_to_num(np.asarray(s.levels[dim], float), nan=-1.0)
        for value in (0.0, 1.0, 2.0) if dim != "delight" else (1.0,):
            cols.append((level == value).astype(float))
            names.append(f"v1_{dim}_{int(value)}")
    return np.column_stack(cols), names


def _shape_block(words: Words, post: np.ndarray, reply: np.ndarray, pair: np.ndarray) -> dict[str, np.ndarray]:
    """The shape of each row: ``post`` and ``reply`` are its texts (positions in ``words.texts``),
    ``pair`` the product of their vectors.

    Links, handles and "sorry" never span a space, so their regular expressions run on the distinct
    words, not on every text.
    """
    w = words.distinct
    no_link = pc.replace_substring_regex(w, URL_PATTERN, "")
    length = np.asarray(pc.utf8_length(w))
    per_word = np.column_stack(
        [
            length - np.asarray(pc.utf8_length(pc.replace_substring_regex(no_link, HANDLE_PATTERN, ""))),
            length - np.asarray(pc.utf8_length(no_link)),  # a link is never empty
            np.asarray(pc.match_substring_regex(w, _SORRY, ignore_case=True)),
            np.asarray(pc.count_substring(w, "?")),
            np.asarray(pc.count_substring(w, "!")),
        ]
    )
    masked, link, sorry, questions, exclamations = words.per_text(per_word).T
    length = np.asarray(pc.utf8_length(words.texts), float)
    cols = {
        "reply_len": np.log1p((length - masked)[reply]),
        "post_len": np.log1p(length[post]),
        "reply_q": questions[reply].clip(0, 3).astype(float),
        "reply_excl": exclamations[reply].clip(0, 3).astype(float),
        "reply_url": (link[reply] > 0).astype(float),
        "post_url": (link[post] > 0).astype(float),
        "similarity": pair.sum(1),
        "sorry_word": (sorry[reply] > 0).astype(float),
    }
    return cols


def _texts(column: pd.Series) -> pa.Array:
    """A text column as Arrow strings, missing texts empty (no copy of an Arrow-backed column)."""
    return pc.fill_null(pa.array(column, type=pa.large_string(), from_pandas=True), "")


_SHAPE = ("reply_len", "post_len", "reply_q", "reply_excl", "reply_url", "post_url", "similarity", "sorry_word")
_SORRY = r"\b(?:sorry|apolog|regret)"  # the fast mode's one marker: did the reply apologise?
_GROUPS = ("", "c")  # column names: post_3 (static vectors), post_c3 (context vectors)
HASH_DIM = 1 << 16  # buckets per side (reply, post) for the word and character n-grams
_SALTS = {"reply": 0, "post": 7}


@dataclass
class Features:
    """The features of a frame: a dense matrix (named columns, with the block each belongs to) and,
    in default mode, the hashed n-grams of reply and post."""

    dense: np.ndarray
    names: list[str]
    blocks: list[str]
    hashed: dict | None
    signals: RuleSignals | None

    def __len__(self) -> int:
        return self.dense.shape[0]

    def take(self, rows: np.ndarray) -> Features:
        rows = np.asarray(rows)
        hashed = None
        if self.hashed is not None:
            remap = np.full(len(self), -1)
            remap[rows] = np.arange(len(rows))
            hashed = {}
            for side, (r, b, v) in self.hashed.items():
                keep = remap[r] >= 0
                hashed[side] = (remap[r[keep]], b[keep], v[keep])
        return Features(self.dense[rows], self.names, self.blocks, hashed, None)

    def sparse(self):
        """The hashed block as one scipy CSR matrix (rows x 2 * HASH_DIM), for training."""
        from scipy import sparse

        parts = [
            sparse.csr_matrix((v / np.sqrt(2), (r, b)), shape=(len(self), HASH_DIM))
            for r, b, v in (self.hashed[s] for s in _SALTS)
        ]
        return sparse.hstack(parts).tocsr()


def mode_embedder(mode: str, embedder: StaticEmbedder | None = None) -> StaticEmbedder:
    """The vectors ``mode`` reads (the kit's unless given): the fast mode leaves the context vectors out
    (with them it measured 4.0-4.9x VADER, without 5.8-6.3x)."""
    embedder = embedder or StaticEmbedder.default()
    return embedder.static_only() if mode == "fast" else embedder


def design_matrix(
    df: pd.DataFrame,
    mode: str = "default",
    *,
    markers=None,
    embedder: StaticEmbedder | None = None,
    signals: RuleSignals | None = None,
    vocabulary: Vocabulary | None = None,
) -> Features:
    """The features of every row of ``df`` (``customer_text``, ``reply_text``) for ``mode``.

    ``default``: rules, shape, wording (static vectors of post and reply, their product; again with the
    context vectors when the embedder has them) and hashed n-grams of reply and post. ``fast``: shape and
    the static vectors only (no regular expressions, no n-grams, no context vectors). ``vocabulary`` carries
    the word vectors from chunk to chunk of one scoring run.
    """
    if mode not in MODES:
        raise DataError(f"unknown scoring mode {mode!r}", fix=f"use one of {', '.join(MODES)} (or 'rules')")
    require_texts(df)
    embedder = mode_embedder(mode, embedder)
    texts = pa.chunked_array([_texts(df["customer_text"]), _texts(df["reply_text"])], pa.large_string())
    distinct = pc.dictionary_encode(texts.combine_chunks())
    codes = np.asarray(distinct.indices)
    words = Words.split(distinct.dictionary)
    vectors = embedder.encode_words(words, vocabulary)  # each distinct text once
    post_rows, reply_rows = codes[: len(df)], codes[len(df) :]
    rules, names, kinds = None, [], []
    hashed = None
    if mode == "default":
        signals = signals if signals is not None else rule_signals(df, markers)
        rules, block_names = _rule_block(signals)
        names += block_names
        kinds += ["rules"] * len(block_names)
        hashed = {}
        for side in ("reply", "post"):
            distinct_rows, inverse = np.unique(reply_rows if side == "reply" else post_rows, return_inverse=True)
            r, b, v = hashed_ngrams(words.texts.take(distinct_rows), HASH_DIM, _SALTS[side])
            order = np.argsort(r, kind="stable")  # expand from distinct texts back to rows
            r, b, v = r[order], b[order], v[order]
            starts = np.searchsorted(r, np.arange(len(distinct_rows)))
            counts = np.diff(np.append(starts, len(r)))
            row_counts = counts[inverse]
            rows = np.repeat(np.arange(len(df)), row_counts)
            within = np.arange(len(rows)) - np.repeat(np.cumsum(row_counts) - row_counts, row_counts)
            index = np.repeat(starts[inverse], row_counts) + within
            hashed[side] = (rows, b[index], v[index])
    else:
        signals = None
    dims, groups = embedder.dims, embedder.groups
    names += list(_SHAPE)
    kinds += ["shape"] * len(_SHAPE)
    for suffix in _GROUPS[:groups]:  # the static vectors, then the context vectors
        for kind in ("post", "reply", "pair"):
            names += [f"{kind}_{suffix}{i}" for i in range(dims)]
            kinds += [f"{kind}_{suffix}" if suffix else kind] * dims
    dense = np.empty((len(df), len(names)), np.float32)  # filled block by block: no float64 copy
    at = len(names) - 3 * dims * groups
    if rules is not None:
        dense[:, : rules.shape[1]] = rules
    post_vectors, reply_vectors = vectors[post_rows], vectors[reply_rows]
    for g in range(groups):
        post, reply, pair = (dense[:, at + (3 * g + k) * dims : at + (3 * g + k + 1) * dims] for k in range(3))
        post[:] = post_vectors[:, g * dims : (g + 1) * dims]
        reply[:] = reply_vectors[:, g * dims : (g + 1) * dims]
        np.multiply(post, reply, out=pair)
    del post_vectors, reply_vectors
    shape = _shape_block(words, post_rows, reply_rows, dense[:, at + 2 * dims : at + 3 * dims])
    for k, name in enumerate(_SHAPE):
        dense[:, at - len(_SHAPE) + k] = shape[name]
    return Features(dense, names, kinds, hashed, signals)


def apply_vetoes(levels: dict[str, np.ndarray], rules: dict) -> dict[str, np.ndarray]:
    """Where a high-precision rule contradicts the learned level, the rule wins.

    - a reply that apologises (or half-apologises) shows the brand judged an apology due: on the
      shared labels raters agreed for 98% of such replies (291 of 296);
    - a non-apology ("sorry if you feel that way", "we apologise, however ...") is apology level 0
      (raters' mean 0.05 on the 7 such replies);
    - sarcasm or mockery is tone 0 and no acknowledgement;
    - policy-speak ("as per our policy") is tone 0 (raters: 0 on both such replies).

    These fire on a few replies in a hundred; the cross-validated figures include them.
    """
    out = {k: np.array(v, dtype=float, copy=True) for k, v in levels.items()}
    apology = np.asarray(rules["apology"], bool) | np.asarray(rules["non_apology"], bool)
    out["due"][apology] = 1.0
    out["apologize"][np.asarray(rules["non_apology"], bool)] = 0.0
    snark = np.asarray(rules["snark"], bool)
    out["tone"][snark] = 0.0
    out["acknowledge"][snark] = 0.0
    out["tone"][np.asarray(rules["deflect_policy"], bool)] = 0.0
    return out


@dataclass
class Head:
    """One target's head, linear or ordinal; ``cuts`` make levels from its score.

    Linear: ``x_std @ weights + ngrams @ hashed + bias``. Ordinal: ``weights`` (and ``hashed``, ``bias``) have one
    row per threshold, the logits of P(level >= 1) and P(level >= 2), and the score is the sum of their logistic
    functions, the expected level (see :meth:`ScorerModel.score`).
    """

    weights: np.ndarray
    bias: float | np.ndarray
    cuts: np.ndarray
    levels: np.ndarray
    hashed: np.ndarray | None = None  # (2 * HASH_DIM,) weights of the reply's and the post's n-grams (a row each)

    @property
    def ordinal(self) -> bool:
        return self.weights.ndim == 2

    def ngram_score(self, features: Features) -> np.ndarray:
        """The n-grams' part of the score (ordinal: of each logit, one row per threshold)."""
        hashed = None if self.hashed is None else np.atleast_2d(self.hashed)
        out = np.zeros((1 if hashed is None else len(hashed), len(features)))
        if hashed is None or features.hashed is None:
            return out if self.ordinal else out[0]
        for k, side in enumerate(_SALTS):
            rows, buckets, values = features.hashed[side]
            for j, w in enumerate(hashed[:, k * HASH_DIM : (k + 1) * HASH_DIM]):
                out[j] += np.bincount(rows, weights=w[buckets] * values, minlength=len(features)) / np.sqrt(2)
        return out if self.ordinal else out[0]


@dataclass
class ScorerModel:
    """The learned layer: standardisation of the dense features, one head per target, its origin."""

    mode: str
    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    heads: dict[str, Head]
    meta: dict = field(default_factory=dict)

    def standardise(self, x: np.ndarray) -> np.ndarray:
        return (x - self.mean) / self.scale

    def logits(self, features: Features, target: str) -> np.ndarray:
        """The head's linear part for every row (standardisation folded into the weights); ordinal heads: one
        row per threshold."""
        h = self.heads[target]
        w = np.atleast_2d(h.weights) / self.scale
        dense = features.dense @ w.T.astype(features.dense.dtype) + (np.atleast_1d(h.bias) - w @ self.mean)
        out = dense.T + np.atleast_2d(h.ngram_score(features))
        return out if h.ordinal else out[0]

    def score(self, features: Features, target: str) -> np.ndarray:
        """The head's score of every row, before cut points: linear, or for an ordinal head the expected level."""
        z = self.logits(features, target)
        return (1.0 / (1.0 + np.exp(-z))).sum(0) if self.heads[target].ordinal else z

    def predict(self, features: Features, rules: dict | None = None) -> dict[str, np.ndarray]:
        """Levels per target; ``apologize`` is missing where no apology is due.

        With the rule layer's features (``rules``, default mode) its vetoes apply: see :func:`apply_vetoes`.
        """
        if features.names != self.names:
            raise DataError(
                f"this scorer model was made for other features ({len(self.names)} columns, here "
                f"{len(features.names)}): it comes from another version of the kit",
                fix="fit it again with this version: `empathy-kit fit LABELS REPLIES -o MODEL` (or fit_scorer)",
            )
        out = {}
        for t, h in self.heads.items():
            out[t] = h.levels[np.searchsorted(h.cuts, self.score(features, t), side="right")]
        if rules is not None:
            out = apply_vetoes(out, rules)
        elif "sorry_word" in self.names:  # fast mode: a reply that apologises shows an apology was due
            out["due"][features.dense[:, self.names.index("sorry_word")] > 0] = 1.0
        out["apologize"] = np.where(out["due"] > 0, out["apologize"], np.nan)
        return out

    def reasons(self, features: Features, row: int, target: str, top: int = 3) -> list[str]:
        """What moved one row's ``target`` most: ``"+ names the feeling"``, ``"- a template sent to many"``.

        For an ordinal head a feature's part is summed over its logits (both move the level the same way).

        The static vectors count as one reason ("wording like rated replies"), the n-grams as another
        ("words and phrases"); scorer 1's decisions count under the rule that made them.
        """
        head = self.heads[target]
        contrib = (self.standardise(features.dense[row : row + 1])[0] * np.atleast_2d(head.weights)).sum(0)
        keys, index = self._groups()
        grouped = dict(zip(keys, np.bincount(index, weights=contrib, minlength=len(keys)).tolist()))
        if head.hashed is not None and features.hashed is not None:
            grouped["phrases"] = float(head.ngram_score(features.take(np.array([row]))).sum())
        ranked = sorted(grouped.items(), key=lambda kv: -abs(kv[1]))[:top]
        return [f"{'+' if v > 0 else '-'} {PLAIN.get(k, k)}" for k, v in ranked if abs(v) > 1e-9]

    def _groups(self) -> tuple[list[str], np.ndarray]:
        """Each feature's reason group (computed once): vectors -> "wording", scorer 1's levels by rule."""
        if getattr(self, "_group_cache", None) is None:
            keys: dict[str, int] = {}
            index = []
            for name in self.names:
                key = "wording" if name[:5] in ("post_", "reply", "pair_") and name[-1].isdigit() else name
                if key.startswith("v1_"):
                    key = f"scorer 1: {key[3:].rsplit('_', 1)[0]} {key.rsplit('_', 1)[1]}"
                index.append(keys.setdefault(key, len(keys)))
            self._group_cache = (list(keys), np.asarray(index))
        return self._group_cache

    # ------------------------------------------------------------------ files
    def save(self, path: str | Path) -> Path:
        """One ``.npz`` (weights, cut points, standardisation) with the metadata as JSON inside."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {"mean": self.mean.astype(np.float32), "scale": self.scale.astype(np.float32)}
        for t, h in self.heads.items():
            arrays[f"{t}.weights"] = h.weights.astype(np.float32)
            arrays[f"{t}.bias"] = np.asarray(h.bias, np.float64)
            arrays[f"{t}.cuts"] = h.cuts.astype(np.float64)
            arrays[f"{t}.levels"] = h.levels.astype(np.float64)
            if h.hashed is not None:
                arrays[f"{t}.hashed"] = h.hashed.astype(np.float16)
        meta = {**self.meta, "mode": self.mode, "names": self.names, "targets": list(self.heads)}
        np.savez_compressed(path, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays)
        return path

    @classmethod
    def load(cls, path: str | Path) -> ScorerModel:
        """A model written by :meth:`save` (a team's own fit, or the kit's)."""
        try:
            with np.load(path) as z:
                meta = json.loads(str(z["meta"]))
                heads = {
                    t: Head(
                        z[f"{t}.weights"].astype(np.float64),
                        z[f"{t}.bias"].astype(np.float64) if z[f"{t}.bias"].ndim else float(z[f"{t}.bias"]),
                        z[f"{t}.cuts"],
                        z[f"{t}.levels"],
                        z[f"{t}.hashed"].astype(np.float64) if f"{t}.hashed" in z else None,
                    )
                    for t in meta["targets"]
                }
                mean, scale = z["mean"].astype(np.float64), z["scale"].astype(np.float64)
        except (OSError, KeyError, ValueError) as exc:
            raise DataError(
                f"not a scorer model file ({exc})",
                file=str(path),
                fix="pass a file written by `empathy-kit fit` or `empathy-kit train`",
            ) from None
        return cls(meta["mode"], meta["names"], mean, scale, heads, meta)


def file_digest(*paths: str | Path) -> str:
    """sha256 over the given files, in order (recorded in provenance beside the scorer version)."""
    digest = hashlib.sha256()
    for p in paths:
        digest.update(Path(p).read_bytes())
    return digest.hexdigest()
