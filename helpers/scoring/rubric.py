"""Rubrics: load, validate and version them; compute the empathy index.

A rubric is a YAML (or JSON) file, or a dict of the same shape, listing the dimensions a reply is
rated on, their levels, weights, which may be N/A, and which (if any) is critical. The kit's
default is ``helpers/scoring/rubric.yaml`` (empathy rubric v1).

Examples
--------
>>> rubric = load_rubric()
>>> rubric.ids
('acknowledge', 'personalize', 'apologize', 'act', 'tone')
>>> rubric.dimension("apologize").na_allowed
True
>>> levels = pd.DataFrame({"acknowledge": [2, 1], "personalize": [2, 0],
...                        "apologize": [None, 1], "act": [2, 1], "tone": [2, 1]})
>>> empathy_index(levels, rubric).tolist()
[100.0, 40.0]
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from helpers.data.bundled import package_file
from helpers.data.errors import DataError

__all__ = [
    "DEFAULT_RUBRIC_PATH",
    "Dimension",
    "Flag",
    "Rubric",
    "empathy_index",
    "load_rubric",
]

DEFAULT_RUBRIC_PATH = package_file("helpers.scoring", "rubric.yaml")


@dataclass(frozen=True)
class Dimension:
    """One rated dimension: an id, the question a rater answers, and its levels."""

    id: str
    label: str
    question: str
    levels: dict[int, str]
    na_allowed: bool = False
    weight: float = 1.0
    critical: bool = False
    in_index: bool = True
    na_description: str = ""

    @property
    def max_level(self) -> int:
        return max(self.levels)

    @property
    def min_level(self) -> int:
        return min(self.levels)


@dataclass(frozen=True)
class Flag:
    """A penalty (``deflect``, ``snark``) or bonus (``delight``) reported beside the index."""

    id: str
    label: str
    kind: str
    levels: dict[int, str]


@dataclass(frozen=True)
class Rubric:
    """A validated rubric. Build it with :func:`load_rubric`."""

    id: str
    version: str
    name: str
    dimensions: tuple[Dimension, ...]
    holistic: Dimension | None = None
    flags: tuple[Flag, ...] = ()
    penalty_weight: float = 0.0
    instructions: str = ""
    source: str = "<dict>"
    changelog: tuple[dict, ...] = field(default=(), repr=False)

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids of the dimensions in the empathy index, in rubric order."""
        return tuple(d.id for d in self.dimensions)

    @property
    def label(self) -> str:
        """``id@version``, the string recorded with every label and score."""
        return f"{self.id}@{self.version}"

    def dimension(self, dim_id: str) -> Dimension:
        """The dimension (or the holistic one) with this id; KeyError names the ones that exist."""
        for d in self.dimensions + ((self.holistic,) if self.holistic else ()):
            if d.id == dim_id:
                return d
        raise KeyError(f"rubric {self.label} has no dimension {dim_id!r}; it has {', '.join(self.ids)}")

    def flag(self, flag_id: str) -> Flag:
        for f in self.flags:
            if f.id == flag_id:
                return f
        raise KeyError(f"rubric {self.label} has no flag {flag_id!r}")

    def reweighted(self, **weights: float) -> Rubric:
        """A copy with new weights, e.g. ``rubric.reweighted(act=2)``; bump the version yourself."""
        unknown = set(weights) - set(self.ids)
        if unknown:
            raise KeyError(f"no dimension {sorted(unknown)} in rubric {self.label}")
        dims = tuple(replace(d, weight=float(weights.get(d.id, d.weight))) for d in self.dimensions)
        return replace(self, dimensions=dims)


def load_rubric(source: str | Path | Mapping | Rubric | None = None) -> Rubric:
    """Load and validate a rubric.

    Parameters
    ----------
    source : path, dict, Rubric or None
        A YAML/JSON file, a dict of the same shape, or None for the kit's default rubric v1.

    Raises
    ------
    DataError
        Naming the file and the key that is wrong, and how to fix it.

    Returns
    -------
    Rubric

    Examples
    --------
    >>> r = load_rubric()
    >>> r.label, r.ids
    ('empathy-v1@1.0.0', ('acknowledge', 'personalize', 'apologize', 'act', 'tone'))
    """
    if isinstance(source, Rubric):
        return source
    if source is None:
        return _default_rubric(DEFAULT_RUBRIC_PATH.stat().st_mtime_ns)
    if isinstance(source, Mapping):
        return _parse(dict(source), "<dict>")
    path = Path(source)
    if not path.exists():
        raise DataError(
            "rubric file not found",
            file=path,
            fix="pass the path of a rubric YAML file, or None for the default rubric",
        )
    text = path.read_text(encoding="utf-8")
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise DataError(
            f"not valid YAML/JSON ({exc})".replace("\n", " "),
            file=path,
            fix="check indentation and quoting near the position given",
        ) from None
    if not isinstance(raw, dict):
        raise DataError(
            "a rubric file must be a mapping with keys id, version, dimensions",
            file=path,
            fix="start from helpers/scoring/rubric.yaml",
        )
    return _parse(raw, str(path))


def _need(raw: Mapping, key: str, where: str, file: str, kind=str) -> Any:
    if key not in raw or raw[key] is None or raw[key] == "":
        raise DataError(
            f"{where}: missing key '{key}'",
            file=file,
            fix=f"add '{key}:' (see helpers/scoring/rubric.yaml for an example)",
        )
    value = raw[key]
    if kind is str:
        return str(value)
    if not isinstance(value, kind):
        raise DataError(
            f"{where}: '{key}' must be a {kind.__name__}, got {type(value).__name__}",
            file=file,
            fix="see helpers/scoring/rubric.yaml for the expected shape",
        )
    return value


def _levels(raw: Mapping, where: str, file: str) -> dict[int, str]:
    levels = _need(raw, "levels", where, file, dict)
    out = {}
    for k, v in levels.items():
        try:
            out[int(k)] = str(v)
        except (TypeError, ValueError):
            raise DataError(
                f"{where}: level {k!r} is not a whole number",
                file=file,
                fix="write levels as 0:, 1:, 2: with a description each",
            ) from None
    if len(out) < 2:
        raise DataError(f"{where}: needs at least two levels", file=file, fix="add level descriptions")
    return dict(sorted(out.items()))


def _number(value: Any, key: str, where: str, file: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = math.nan
    if not math.isfinite(x) or x < 0:
        raise DataError(
            f"{where}: '{key}' must be a number >= 0, got {value!r}",
            file=file,
            fix=f"set {key}: 1 (or another non-negative number)",
        )
    return x


def _dimension(raw: Any, where: str, file: str, in_index: bool = True) -> Dimension:
    if not isinstance(raw, Mapping):
        raise DataError(
            f"{where} must be a mapping with id, label, question, levels",
            file=file,
            fix="see helpers/scoring/rubric.yaml",
        )
    dim_id = _need(raw, "id", where, file)
    where = f"dimension '{dim_id}'"
    if not dim_id.isidentifier():
        raise DataError(
            f"{where}: id must be a single word of letters, digits and _", file=file, fix="rename it, e.g. 'follow_up'"
        )
    return Dimension(
        id=dim_id,
        label=str(raw.get("label") or dim_id.replace("_", " ").capitalize()),
        question=_need(raw, "question", where, file),
        levels=_levels(raw, where, file),
        na_allowed=bool(raw.get("na_allowed", False)),
        weight=_number(raw.get("weight", 1), "weight", where, file),
        critical=bool(raw.get("critical", False)),
        in_index=in_index,
        na_description=str(raw.get("na_description") or ""),
    )


def _parse(raw: dict, file: str) -> Rubric:
    dims_raw = _need(raw, "dimensions", "rubric", file, list)
    dims = tuple(_dimension(d, f"dimensions[{i}]", file) for i, d in enumerate(dims_raw))
    ids = [d.id for d in dims]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise DataError(f"dimension ids repeated: {', '.join(dupes)}", file=file, fix="give each dimension its own id")
    if not dims or sum(d.weight for d in dims) == 0:
        raise DataError("at least one dimension needs a weight above 0", file=file, fix="set weight: 1")
    holistic = raw.get("holistic")
    holistic = _dimension(holistic, "holistic", file, in_index=False) if holistic else None
    flags = []
    for i, f in enumerate(raw.get("flags") or []):
        where = f"flags[{i}]"
        kind = str(f.get("kind", "penalty")) if isinstance(f, Mapping) else ""
        if kind not in ("penalty", "bonus"):
            raise DataError(
                f"{where}: kind must be 'penalty' or 'bonus', got {kind!r}",
                file=file,
                fix="set kind: penalty or kind: bonus",
            )
        flags.append(
            Flag(
                id=_need(f, "id", where, file),
                label=str(f.get("label") or f["id"]),
                kind=kind,
                levels=_levels(f, where, file),
            )
        )
    index = raw.get("index") or {}
    return Rubric(
        id=_need(raw, "id", "rubric", file),
        version=_need(raw, "version", "rubric", file),
        name=str(raw.get("name") or raw["id"]),
        dimensions=dims,
        holistic=holistic,
        flags=tuple(flags),
        penalty_weight=_number(index.get("penalty_weight", 0), "penalty_weight", "index", file),
        instructions=str(raw.get("instructions") or ""),
        source=file,
        changelog=tuple(raw.get("changelog") or ()),
    )


def empathy_index(levels: pd.DataFrame, rubric: Rubric | None = None) -> pd.Series:
    """Empathy index 0-100 for each row of a frame with one column per rubric dimension.

    Parameters
    ----------
    levels : DataFrame
        One column per rubric dimension (levels; missing = N/A), optionally ``deflect`` and ``snark``.
    rubric : Rubric, optional
        Weights, critical dimensions and penalty weight (default: rubric v1).

    ``100 x sum(w * level / max) / sum(w)`` over the dimensions that apply; a missing level (N/A) is
    left out of numerator and denominator. A critical dimension at its lowest level sets the index
    to 0. When the rubric has ``penalty_weight`` > 0 and the frame has ``deflect`` / ``snark``
    columns, ``penalty_weight x (deflect + snark)`` index points are subtracted (floored at 0).
    Not rounded.

    Examples
    --------
    >>> r = load_rubric()
    >>> df = pd.DataFrame({d: [1] for d in r.ids})
    >>> float(empathy_index(df, r.reweighted(act=3)).iloc[0])
    50.0
    >>> df["apologize"] = np.nan
    >>> float(empathy_index(df.assign(act=2), r).iloc[0])
    62.5
    """
    rubric = load_rubric(rubric)
    missing = [d.id for d in rubric.dimensions if d.id not in levels.columns]
    if missing:
        raise DataError(
            f"no column for rubric dimension(s) {', '.join(missing)}",
            column=missing[0],
            fix="score the replies with this rubric first, or add the columns",
        )
    num = np.zeros(len(levels))
    den = np.zeros(len(levels))
    zeroed = np.zeros(len(levels), dtype=bool)
    for d in rubric.dimensions:
        x = pd.to_numeric(levels[d.id], errors="coerce").to_numpy(dtype=float)
        ok = ~np.isnan(x)
        frac = (np.where(ok, x, 0.0) - d.min_level) / (d.max_level - d.min_level)
        num += np.where(ok, d.weight * frac, 0.0)
        den += np.where(ok, d.weight, 0.0)
        if d.critical:
            zeroed |= ok & (x <= d.min_level)
    with np.errstate(invalid="ignore", divide="ignore"):
        index = 100.0 * num / den
    index[den == 0] = np.nan
    if rubric.penalty_weight:
        pen = sum(
            pd.to_numeric(levels[c], errors="coerce").fillna(0).to_numpy(dtype=float)
            for c in ("deflect", "snark")
            if c in levels.columns
        )
        index = np.maximum(index - rubric.penalty_weight * pen, 0.0)
    index[zeroed] = 0.0
    return pd.Series(index, index=levels.index, name="empathy_index")


@lru_cache(maxsize=2)
def _default_rubric(version: int) -> Rubric:
    """The kit's rubric, parsed once per file version (Rubric is frozen)."""
    return load_rubric(DEFAULT_RUBRIC_PATH)
