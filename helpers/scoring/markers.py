"""The marker engine: phrase and regex rules, with ids, that find evidence in texts.

Rules live in a data file (the kit's own is ``helpers/scoring/markers.yaml``); a team adds its own file of
the same shape. Each rule has an ``id``, a ``side`` (``reply`` or ``customer``), a ``family`` (what
the rule is evidence of, see :data:`FAMILIES`) and a ``pattern``. The engine joins every family's
patterns into one compiled expression and runs it once per distinct text, so a corpus with many
repeated replies costs little more than its distinct texts.

Examples
--------
>>> rules = load_markers()
>>> hits = find_markers(["Sorry for any inconvenience. Please DM us."], rules, side="reply")[0]
>>> sorted({h.family for h in hits})
['act_redirect', 'apology', 'apology_generic']
>>> [h.text for h in hits if h.family == "apology_generic"]
['Sorry for any inconvenience']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from helpers.data.bundled import package_file
from helpers.data.errors import DataError

__all__ = [
    "FAMILIES",
    "DEFAULT_MARKERS_PATH",
    "FamilyMatch",
    "Hit",
    "Marker",
    "MarkerSet",
    "find_markers",
    "load_markers",
]

DEFAULT_MARKERS_PATH = package_file("helpers.scoring", "markers.yaml")

#: What each family is evidence of, and which side of the conversation it reads.
FAMILIES = {
    "customer": {
        "struggle": "the customer tried and failed, is stuck or confused (an apology and guidance are due)",
        "failure": "the product or service failed the customer (an apology is due)",
        "distress": "anger, frustration or worry in the wording (acknowledge the feeling)",
        "praise": "thanks, praise or a happy moment (no apology due)",
    },
    "reply": {
        "apology": "any apology word",
        "apology_generic": "a formulaic apology that names nothing specific",
        "non_apology": "an apology undermined by blame, doubt or 'but' (sorry if you feel...)",
        "apology_negated": "a negated apology word (not sorry)",
        "ack_feeling": "names and validates the customer's feeling or situation",
        "ack_generic": "a generic acknowledgement (thanks for reaching out, we understand your concern)",
        "act_owned": "a first-person commitment or completed action (I've refunded, we'll call you)",
        "act_timing": "says when something will happen",
        "act_why": "says why details are needed or what happens next",
        "act_details": "names the specific detail it needs (order number, error, location)",
        "act_ask": "asks the customer for details",
        "act_redirect": "a bare redirect to another channel or a link (DM us, see our help page)",
        "act_passive": "an agentless promise (this will be looked into, feedback passed on)",
        "act_instruct": "a concrete step the customer can take (restart the router)",
        "act_refuse": "refuses or says nothing can be done",
        "deflect_channel": "sends the customer to someone else (contact the store, your bank)",
        "deflect_policy": "hides behind policy, terms or 'outside our control'",
        "blame": "blames or lectures the customer",
        "snark": "sarcasm, mockery or condescension aimed at the customer",
        "warm": "a warm, human, conversational voice",
        "corporate": "stiff corporate or template wording",
        "delight": "a goodwill gesture or surprise beyond the fix",
    },
}


@dataclass(frozen=True)
class Marker:
    """One rule."""

    id: str
    side: str
    family: str
    pattern: str
    case_sensitive: bool = False
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    source: str = ""


class Hit(NamedTuple):
    """A rule's match in one text: where it is and what it matched."""

    rule: str
    family: str
    start: int
    end: int
    text: str


class FamilyMatch(NamedTuple):
    """One family over an array of texts: which texts match, and the first match as evidence."""

    matched: np.ndarray
    evidence: pa.Array


class MarkerSet:
    """Rules compiled per (side, family): one alternation per family, one group per rule.

    Two engines read the same rules: :meth:`find` (Python ``re``, every match with its span, for
    one text at a time) and :meth:`match_arrays` (RE2 inside Arrow, the first match per family,
    for whole columns at C++ speed). A rule RE2 cannot compile (look-arounds, back-references)
    falls back to Python for that family, so team rules always work, only slower.
    """

    def __init__(self, markers: Sequence[Marker]):
        self.markers = tuple(markers)
        self._compiled: dict[str, list[tuple[str, re.Pattern, list[Marker]]]] = {"reply": [], "customer": []}
        self._bodies: dict[str, list[tuple[str, str, list[Marker]]]] = {"reply": [], "customer": []}
        groups: dict[tuple[str, str, bool], list[Marker]] = {}
        for m in self.markers:
            groups.setdefault((m.side, m.family, m.case_sensitive), []).append(m)
        for (side, family, case), ms in groups.items():
            body = "|".join(f"(?P<r{i}>{m.pattern})" for i, m in enumerate(ms))
            flags = 0 if case else re.IGNORECASE
            self._compiled[side].append((family, re.compile(body, flags), ms))
            self._bodies[side].append((family, ("" if case else "(?i)") + body, ms))

    def match_arrays(self, texts: pa.Array, side: str = "reply", skip: Sequence[str] = ()) -> dict[str, FamilyMatch]:
        """Every family of ``side`` over an Arrow string array (nulls never match).

        Families run in parallel threads (Arrow releases the GIL), one RE2 pass each."""
        jobs = [
            (family, body, ms, rx)
            for (family, body, ms), (_, rx, _) in zip(self._bodies[side], self._compiled[side])
            if family not in skip
        ]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            results = list(pool.map(lambda job: _arrow_match(texts, *job[1:]), jobs))
        out: dict[str, FamilyMatch] = {}
        for (family, *_), match in zip(jobs, results):
            if family in out:
                prev = out[family]
                match = FamilyMatch(prev.matched | match.matched, pc.coalesce(prev.evidence, match.evidence))
            out[family] = match
        return out

    def count_arrays(self, texts: pa.Array, family: str, side: str = "reply") -> np.ndarray:
        """How many non-overlapping matches of a family each text has."""
        total = np.zeros(len(texts), dtype=np.int64)
        for (fam, body, _), (_, rx, _) in zip(self._bodies[side], self._compiled[side]):
            if fam != family:
                continue
            try:
                counts = pc.count_substring_regex(texts, body).to_numpy(zero_copy_only=False)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                counts = np.array([len(rx.findall(t or "")) for t in texts.to_pylist()])
            total += np.nan_to_num(np.asarray(counts, dtype=float)).astype(np.int64)
        return total

    def __len__(self) -> int:
        return len(self.markers)

    def rule(self, rule_id: str) -> Marker:
        for m in self.markers:
            if m.id == rule_id:
                return m
        raise KeyError(rule_id)

    def families(self, side: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for f, _, _ in self._compiled[side]))

    def find(self, text: str, side: str = "reply") -> list[Hit]:
        """Every rule match in ``text`` (non-overlapping within a family), in text order."""
        hits = []
        for family, rx, ms in self._compiled[side]:
            for m in rx.finditer(text):
                rule = ms[int(m.lastgroup[1:])]
                hits.append(Hit(rule.id, family, m.start(), m.end(), m.group()))
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits


def _arrow_match(texts: pa.Array, body: str, ms: list[Marker], rx: re.Pattern) -> FamilyMatch:
    try:
        found = pc.extract_regex(texts, body)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return _python_match(texts, rx, ms)
    matched = found.is_valid()
    parts = [
        pc.if_else(
            pc.not_equal(found.field(i), ""), pc.binary_join_element_wise(f'{m.id}: "', found.field(i), '"', ""), None
        )
        for i, m in enumerate(ms)
    ]
    evidence = pc.if_else(matched, pc.coalesce(*parts) if len(parts) > 1 else parts[0], None)
    return FamilyMatch(np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool), evidence)


def _python_match(texts: pa.Array, rx: re.Pattern, ms: list[Marker]) -> FamilyMatch:
    matched, evidence = [], []
    for text in texts.to_pylist():
        m = rx.search(text) if text else None
        matched.append(m is not None)
        evidence.append(f'{ms[int(m.lastgroup[1:])].id}: "{m.group()}"' if m else None)
    return FamilyMatch(np.array(matched, dtype=bool), pa.array(evidence, type=pa.string()))


def load_markers(
    paths: str | Path | Iterable[str | Path] | MarkerSet | None = None, *, include_default: bool = True
) -> MarkerSet:
    """Load marker rules: the kit's own plus any team files (a rule with the same id replaces ours).

    Parameters
    ----------
    paths : path, list of paths, MarkerSet or None
        Team marker files (YAML of the kit's shape); a MarkerSet is returned as it is.
    include_default : bool
        Start from the kit's ``markers.yaml``.

    Returns
    -------
    MarkerSet

    Examples
    --------
    >>> rules = load_markers()
    >>> "apology.sorry" in {h.rule for h in rules.find("So sorry about that!", "reply")}
    True

    Raises
    ------
    DataError
        Naming the file and the rule that is wrong (unknown family, bad regex, missing key).
    """
    if isinstance(paths, MarkerSet):
        return paths
    if paths is None:
        paths = []
    elif isinstance(paths, (str, Path)):
        paths = [paths]
    files = ([DEFAULT_MARKERS_PATH] if include_default else []) + [Path(p) for p in paths]
    # parsed once per file version: the rewrite lab scores on every keystroke
    return _load(tuple((str(f), f.stat().st_mtime_ns if f.exists() else 0) for f in files))


@lru_cache(maxsize=16)
def _load(files: tuple[tuple[str, int], ...]) -> MarkerSet:
    rules: dict[str, Marker] = {}
    for path, _ in files:
        for marker in _read(Path(path)):
            rules[marker.id] = marker
    return MarkerSet(list(rules.values()))


def _read(path: Path) -> list[Marker]:
    if not path.exists():
        raise DataError("marker file not found", file=path, fix="pass the path of a markers YAML file")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(
            f"not valid YAML ({exc})".replace("\n", " "),
            file=path,
            fix="quote patterns with single quotes and double any ' inside them",
        ) from None
    items = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise DataError(
            "a marker file needs a top-level 'rules:' list",
            file=path,
            fix="see helpers/scoring/markers.yaml for the shape",
        )
    out = []
    for i, item in enumerate(items):
        where = f"rules[{i}]" + (f" ('{item.get('id')}')" if isinstance(item, dict) and item.get("id") else "")
        if not isinstance(item, dict):
            raise DataError(f"{where} is not a mapping", file=path, fix="give each rule id, side, family, pattern")
        for key in ("id", "side", "family", "pattern"):
            if not item.get(key):
                raise DataError(f"{where}: missing key '{key}'", file=path, fix=f"add '{key}:' to the rule")
        side, family = item["side"], item["family"]
        if side not in FAMILIES:
            raise DataError(
                f"{where}: side must be 'reply' or 'customer', got {side!r}",
                file=path,
                fix="set side: reply or side: customer",
            )
        if family not in FAMILIES[side]:
            raise DataError(
                f"{where}: unknown {side} family {family!r}", file=path, fix=f"use one of {', '.join(FAMILIES[side])}"
            )
        case = str(item.get("case", "insensitive")) == "sensitive"
        try:
            rx = re.compile(item["pattern"], 0 if case else re.IGNORECASE)
        except re.error as exc:
            raise DataError(
                f"{where}: the pattern is not a valid regular expression ({exc})",
                file=path,
                fix="fix the pattern; test it at the Python prompt with re.compile",
            ) from None
        if rx.groupindex:
            raise DataError(
                f"{where}: named groups are not allowed in patterns",
                file=path,
                fix="write (?:...) instead of (?P<name>...)",
            )
        out.append(
            Marker(
                id=str(item["id"]),
                side=side,
                family=family,
                pattern=item["pattern"],
                case_sensitive=case,
                examples=tuple(item.get("examples") or ()),
                counterexamples=tuple(item.get("counterexamples") or ()),
                source=str(path),
            )
        )
    return out


def find_markers(texts: Iterable[str], markers: MarkerSet | None = None, *, side: str = "reply") -> list[list[Hit]]:
    """Hits per text. Texts that repeat are matched once."""
    markers = load_markers(markers)
    cache: dict[str, list[Hit]] = {}
    out = []
    for text in texts:
        text = "" if text is None else str(text)
        if text not in cache:
            cache[text] = markers.find(text, side)
        out.append(cache[text])
    return out
