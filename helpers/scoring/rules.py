"""The rule layer of the scorer: marker evidence, customer cues and personalisation signals per reply,
and the hand-set decision table of scorer 1 (``mode="rules"``) that turns them into rubric levels.

Everything here works on distinct texts (a corpus with many repeated replies costs what its distinct
texts cost) and returns one value per row. The learned layer (:mod:`helpers.scoring.learned`) reads
the same signals as features, so every learned score rests on evidence a person can see.

Examples
--------
>>> df = pd.DataFrame({"customer_text": ["My parcel never arrived. So frustrating!"],
...                    "reply_text": ["Sorry for any inconvenience. Please DM us."]})
>>> s = rule_signals(df)
>>> bool(s.features["apology"][0]), bool(s.features["due"][0]), s.levels["apologize"].tolist()
(True, True, [1.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.data.errors import DataError
from helpers.scoring.cues import apology_due
from helpers.scoring.markers import MarkerSet, load_markers
from helpers.scoring.personalisation import (
    content_words,
    name_array,
    overlap_counts,
    signoff_array,
    skeleton_array,
    token_ids,
)
from helpers.text import HANDLE_PATTERN, QUOTE_PAIRS, SIGNOFF_PATTERN, URL_PATTERN

__all__ = [
    "CUE_FLAGS",
    "DIMENSIONS",
    "FLAGS",
    "REPLY_FAMILIES",
    "RuleSignals",
    "require_texts",
    "rule_levels",
    "rule_signals",
    "template_keys",
]

DIMENSIONS = ("acknowledge", "personalize", "apologize", "act", "tone")
FLAGS = ("deflect", "snark", "delight")
#: what the rule layer reads in the customer's post (in this order)
CUE_FLAGS = ("due", "due_unknown", "struggle", "failure", "distress", "praise", "question")
#: a reply whose template skeleton went to at least this many customers is a template
TEMPLATE_MIN_COPIES = 3
#: warmth points (warm words, a named feeling, first person, the customer's name, a specific
#: apology, minus corporate phrasing) at which the tone is "warm, human"
WARM_VOICE_MIN = 2
#: content words shared with the customer's post at which a reply "takes up their own details"
OVERLAP_PERSONAL_MIN = 2

REPLY_FAMILIES = (
    "apology",
    "ack_feeling",
    "ack_generic",
    "act_owned",
    "act_timing",
    "act_why",
    "act_ask",
    "act_details",
    "act_redirect",
    "act_passive",
    "act_instruct",
    "act_refuse",
    "deflect_channel",
    "deflect_policy",
    "blame",
    "snark",
    "non_apology",
    "delight",
)

_GENERIC_APOLOGY_WORDS = frozenset(
    """
sorry apologise apologize apologies apology apologising apologizing regret regrets any the this that all for
about to hear see read learn inconvenience trouble caused cause confusion frustration experience issue issues
problem problems situation delay delayed late response reply wait waiting we i you your our us it so very really
truly sincerely deeply terribly extremely unpleasant bad poor negative such may might have has had been be is are
was were any hassle difficulty difficulties matter same concern concerns there feel felt way running facing
experiencing having going through dealing into with hearing seeing reading news
""".split()
)

_GENERIC_STEMS = content_words(" ".join(_GENERIC_APOLOGY_WORDS))

_APOLOGY_CLAUSE = r"(?i)\b(?:sorry|apolog\w*|regret\w*)\b:?(?P<clause>[^,.!?;:\n]{0,90})"

# "That's a horrible way to find out, I'm sorry": the specific part comes before the apology
_APOLOGY_BEFORE = (
    r"(?i)(?P<clause>[^.!?\n]{0,90}?),? (?:i'm|i am|we're|we are|so|really|truly)?\s*(?:so |really |very |truly )?"
    r"sorry\s*[.!]"
)

_FIRST_PERSON = r"\bI(?:'m|'ll|'ve|'d)?\b|\bme\b|\bmy\b|\blet me\b"


def require_texts(df: pd.DataFrame) -> None:
    """Every scorer reads ``customer_text`` and ``reply_text``: say which is missing and how to map it."""
    for col in ("customer_text", "reply_text"):
        if col not in df.columns:
            raise DataError(
                f"no '{col}' column",
                column=col,
                fix="the scorer needs customer_text and reply_text; map your columns with "
                "read_replies(path, columns={...}) or rename them",
            )


@dataclass
class RuleSignals:
    """What the rules found, one value per row of the scored frame.

    Attributes
    ----------
    features : dict of str -> ndarray
        Marker families (bool), counts (warm, corporate), cue flags (due, due_unknown, praise,
        distress), personalisation (overlap, name, signoff, first_person, copies).
    levels, why : dict of str -> ndarray
        Scorer 1's decision table: level and reason per dimension and flag.
    evidence : pyarrow.StringArray
        ``rule: "text"`` of every marker hit, plus a template note.
    answered : ndarray of bool
        Rows with a non-empty reply.
    """

    features: dict
    levels: dict
    why: dict
    evidence: pa.Array
    answered: np.ndarray

    def take(self, rows: np.ndarray) -> RuleSignals:
        """The signals of some rows (template counts stay those of the whole frame)."""
        rows = np.asarray(rows)
        return RuleSignals(
            {k: np.asarray(v)[rows] for k, v in self.features.items()},
            {k: np.asarray(v)[rows] for k, v in self.levels.items()},
            {k: np.asarray(v)[rows] for k, v in self.why.items()},
            self.evidence.take(pa.array(rows)),
            self.answered[rows],
        )


def rule_signals(
    df: pd.DataFrame,
    markers: MarkerSet | str | list | None = None,
    *,
    progress=None,
    template_counts: pd.Series | None = None,
) -> RuleSignals:
    """Run the marker rules, cues and personalisation signals over ``customer_text`` / ``reply_text``.

    Parameters
    ----------
    df : DataFrame
        Needs ``customer_text`` and ``reply_text``.
    markers : MarkerSet, path or list of paths, optional
        Extra marker files (added to the kit's rules; same id replaces).
    progress : callable, optional
        Called as ``progress(done, total)`` while distinct reply texts are matched.
    template_counts : Series, optional
        Answered replies per template skeleton (:func:`template_keys`) in a larger corpus that
        ``df`` is part of (a partition); skeletons it lacks are counted within ``df``. Default:
        counted within ``df``.

    Returns
    -------
    RuleSignals
    """
    rules = markers if isinstance(markers, MarkerSet) else load_markers(markers)
    require_texts(df)
    masked, m_codes, replies, r_codes, answered = _reply_texts(df["reply_text"])
    signoff = signoff_array(masked)
    customers, c_codes = _distinct(df["customer_text"], mask=False)

    rf, evidence = _reply_features(replies, rules, progress)
    cues = _cue_arrays(customers, rules)
    vocab: dict = {}
    r_rows, r_ids = token_ids(replies, vocab)[:2]
    c_rows, c_ids = token_ids(customers, vocab)[:2]
    pair = r_codes * max(len(customers), 1) + c_codes
    p_unique, p_codes = _factorize(pair)
    overlap = overlap_counts(
        r_rows, r_ids, c_rows, c_ids, p_unique // max(len(customers), 1), p_unique % max(len(customers), 1)
    )

    f = {k: v[r_codes] for k, v in rf.items()}
    f["signoff"] = signoff[m_codes]
    f.update({k: v[c_codes] for k, v in cues.items()})
    f["overlap"] = overlap[p_codes]
    copies = _copies(replies, r_codes, answered, template_counts)
    f["copies"] = copies[r_codes]
    levels, why = rule_levels(f)
    note = pa.array(
        np.where(copies >= TEMPLATE_MIN_COPIES, "template: same reply to " + copies.astype(str), ""), type=pa.string()
    )
    evidence = _join_arrays([evidence, note])
    return RuleSignals(f, levels, why, pc.take(evidence, pa.array(r_codes)), answered)


def _factorize(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct keys and each key's index into them (a sort, faster than hashing here)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.concatenate([[True], ordered[1:] != ordered[:-1]]) if len(keys) else np.zeros(0, bool)
    codes = np.empty(len(keys), dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    return ordered[new], codes


def _distinct(texts: pd.Series, mask: bool) -> tuple[pa.Array, np.ndarray]:
    """Distinct normalised texts as an Arrow array, and each row's index into it."""
    arr = pa.array(texts.astype("str"))
    arr = (arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr).cast(pa.string()).fill_null("")
    for old, new in QUOTE_PAIRS:
        arr = pc.replace_substring(arr, old, new)
    if mask:
        arr = pc.replace_substring_regex(
            pc.replace_substring_regex(arr, HANDLE_PATTERN, "@"), URL_PATTERN, "https://t.co/"
        )
    encoded = pc.dictionary_encode(arr)
    return encoded.dictionary, np.asarray(encoded.indices).astype(np.int64)


def _reply_texts(texts: pd.Series) -> tuple[pa.Array, np.ndarray, pa.Array, np.ndarray, np.ndarray]:
    """Distinct masked reply texts and each row's index into them; the same without sign-offs (sign-offs
    carry no marker evidence, so each reply is matched once without its own) and each row's index into
    those; whether each row has a reply."""
    masked, m_codes = _distinct(texts, mask=True)
    replies, r_codes = _redistinct(pc.replace_substring_regex(masked, SIGNOFF_PATTERN, ""), m_codes)
    answered = np.asarray(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(replies)), 0))[r_codes]
    return masked, m_codes, replies, r_codes, answered


def _redistinct(texts: pa.Array, codes: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    encoded = pc.dictionary_encode(texts)
    return encoded.dictionary, np.asarray(encoded.indices).astype(np.int64)[codes]


def _copies(
    replies: pa.Array, r_codes: np.ndarray, answered: np.ndarray, corpus: pd.Series | None = None
) -> np.ndarray:
    """For each distinct reply, how many answered rows share its template skeleton (in ``corpus``
    when given: a skeleton repeated there counts its copies there; one it lacks is counted here)."""
    skel = pc.dictionary_encode(skeleton_array(replies))
    per_text = np.bincount(r_codes[answered], minlength=len(replies))
    codes = np.asarray(skel.indices.fill_null(-1)).astype(np.int64)
    ok = codes >= 0
    per_skel = np.bincount(codes[ok], weights=per_text[ok], minlength=len(skel.dictionary))
    if corpus is not None and len(corpus):
        found = pd.Index(corpus.index).get_indexer(skel.dictionary.to_pandas())
        per_skel = np.where(found >= 0, corpus.to_numpy(dtype=np.int64)[np.maximum(found, 0)], per_skel)
    return np.where(ok, per_skel[np.maximum(codes, 0)], 0).astype(np.int64)


def template_keys(df: pd.DataFrame) -> pd.Series:
    """Each answered reply's template skeleton (missing for rows without a reply), for counting
    templates across partitions: the same key the rule layer counts within one frame.

    Examples
    --------
    >>> df = pd.DataFrame({"reply_text": ["Hi @ann, DM us your order number. ^JS", "Hi @bo, DM us your order number.",
    ...                                   ""]})
    >>> keys = template_keys(df)
    >>> keys[0] == keys[1], keys.isna().tolist()
    (True, [False, False, True])
    """
    _, _, replies, r_codes, answered = _reply_texts(df["reply_text"])
    skeletons = skeleton_array(replies).to_numpy(zero_copy_only=False)[r_codes]
    return pd.Series(np.where(answered, skeletons, None), index=df.index, name="template", dtype=object)


def _cue_arrays(customers: pa.Array, rules: MarkerSet) -> dict[str, np.ndarray]:
    found = rules.match_arrays(customers, "customer")
    has = {
        fam: found[fam].matched if fam in found else np.zeros(len(customers), bool)
        for fam in ("struggle", "failure", "distress", "praise")  # the cue families of CUE_FLAGS
    }
    empty = ~np.asarray(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(customers)), 0))
    question = np.asarray(pc.match_substring(customers, "?"))
    return {"due": apology_due(has, empty), "due_unknown": empty, **has, "question": question}


def _reply_features(texts: pa.Array, rules: MarkerSet, progress=None) -> tuple[dict[str, np.ndarray], pa.Array]:
    """Family flags and counts for each distinct reply text, and its evidence string."""
    n = len(texts)
    found = rules.match_arrays(texts, "reply", skip=("warm", "corporate"))
    feats = {k: found[k].matched if k in found else np.zeros(n, bool) for k in REPLY_FAMILIES}
    if progress is not None:
        progress(n // 2, n)
    negated = found["apology_negated"].matched if "apology_negated" in found else np.zeros(n, bool)
    feats["apology"] = feats["apology"] & ~negated
    feats["specific"] = np.zeros(n, bool)
    for pattern in (_APOLOGY_CLAUSE, _APOLOGY_BEFORE):
        clause = pc.extract_regex(texts, pattern)
        c_rows, c_ids, vocab = token_ids(clause.field(0))
        generic = np.array([w in _GENERIC_STEMS for w in vocab], dtype=bool)
        specific = np.zeros(n, bool)
        specific[c_rows[~generic[c_ids]] if len(c_ids) else c_rows] = True
        feats["specific"] |= specific & np.asarray(clause.is_valid())
    feats["warm"] = rules.count_arrays(texts, "warm")
    feats["corporate"] = rules.count_arrays(texts, "corporate")
    feats["first_person"] = np.asarray(pc.match_substring_regex(texts, _FIRST_PERSON).fill_null(False))
    feats["name"] = name_array(texts)
    shown = [found[k].evidence for k in found]
    evidence = _join_arrays(shown) if shown else pa.array([""] * n, pa.string())
    if progress is not None:
        progress(n, n)
    return feats, evidence


def _join_arrays(arrays: list[pa.Array]) -> pa.Array:
    """Element-wise "; " join that skips nulls and empty strings (never returns nulls)."""
    joined = pc.binary_join_element_wise(*[a.fill_null("") for a in arrays], "\x1f")
    joined = pc.replace_substring_regex(joined, "\x1f+", "; ")
    return pc.replace_substring_regex(joined, "^; |; $", "")


def rule_levels(f: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Scorer 1's decision table: features per row -> rubric levels, flags, and the reason for each."""
    n = len(f["apology"])
    template = f["copies"] >= TEMPLATE_MIN_COPIES
    cold = f["snark"] | f["blame"] | f["non_apology"] | f["deflect_policy"]
    apology_ok = f["apology"] & ~f["non_apology"]
    owned = f["act_owned"] | (f["act_why"] & f["act_details"] & (f["act_ask"] | f["act_redirect"])) | f["act_instruct"]
    generic_step = f["act_redirect"] | f["act_ask"] | f["act_passive"] | f["act_why"] | f["act_timing"]
    refused = (f["act_refuse"] | f["deflect_channel"] | f["deflect_policy"]) & ~f["act_owned"]
    nothing_due = f["praise"] & ~f["due"]

    def pick(conditions):
        conds, values, reasons = zip(*conditions)
        conds = [np.broadcast_to(c, n) for c in conds]
        return (
            np.select(conds, values, default=np.nan).astype(float),
            np.select(conds, reasons, default="").astype(object),
        )

    levels, why = {}, {}
    levels["acknowledge"], why["acknowledge"] = pick(
        [
            (f["snark"] | f["blame"] | (f["non_apology"] & ~f["ack_feeling"]), 0, "disputes or dismisses the customer"),
            (f["ack_feeling"], 2, "names and validates the feeling or situation"),
            (apology_ok & f["specific"], 2, "a specific apology names what happened"),
            (nothing_due & (f["warm"] > 0), 1, "thanks the customer warmly"),
            (f["ack_generic"], 1, "generic acknowledgement"),
            (True, 0, "no acknowledgement"),
        ]
    )
    levels["apologize"], why["apologize"] = pick(
        [
            (f["non_apology"], 0, "apology undermined (if you feel / but / however)"),
            (apology_ok & f["specific"], 2, "specific apology"),
            (apology_ok, 1, "formulaic apology"),
            (f["due"], 0, "the post shows a failure or struggle and no apology was given"),
            (True, np.nan, "no apology due (or the customer's post is not known)"),
        ]
    )
    levels["act"], why["act"] = pick(
        [
            (refused & ~owned, 0, "refuses, or sends the customer elsewhere"),
            (owned | (f["act_owned"]), 2, "owned, concrete next step"),
            (generic_step, 1, "generic next step (DM us, a link, a question without why)"),
            (nothing_due | ~f["due"] & ~f["due_unknown"] & ~f["distress"], 1, "nothing needs doing"),
            (True, 0, "no path forward"),
        ]
    )
    warmth = (
        np.minimum(f["warm"], 2)
        + f["ack_feeling"]
        + f["first_person"]
        + f["name"]
        + (apology_ok & f["specific"])
        - 2 * np.minimum(f["corporate"], 2)
    )
    levels["tone"], why["tone"] = pick(
        [
            (cold, 0, "snark, blame, a non-apology or policy-speak"),
            (warmth >= WARM_VOICE_MIN, 2, "warm, human voice"),
            (True, 1, "polite but flat or corporate"),
        ]
    )
    personal = (f["overlap"] >= OVERLAP_PERSONAL_MIN) | (
        (f["overlap"] >= 1) & (f["name"] | f["first_person"] | f["act_ask"] | f["act_instruct"])
    )
    some = (f["overlap"] >= 1) | f["name"] | f["signoff"]
    levels["personalize"], why["personalize"] = pick(
        [
            (template & ~some, 0, "a template sent to many customers"),
            (template, 1, "a template with a name or sign-off"),
            (personal, 2, "takes up the customer's own details"),
            (some, 1, "some tailoring (a name, a detail or a sign-off)"),
            (True, 0, "could answer almost any post"),
        ]
    )
    levels["deflect"], why["deflect"] = pick(
        [
            ((f["deflect_policy"] | f["act_refuse"]) & ~f["act_owned"], 2, "hides behind policy or refuses"),
            (f["deflect_channel"] & ~f["act_owned"], 1, "sends the customer to someone else"),
            (
                f["act_redirect"] & f["due"] & ~owned & ~apology_ok & ~f["ack_feeling"] & ~f["ack_generic"],
                1,
                "moves a complaint to another channel without a word of regret",
            ),
            (True, 0, ""),
        ]
    )
    levels["snark"], why["snark"] = pick(
        [(f["snark"], 2, "sarcasm or mockery"), (f["blame"], 1, "lectures or blames"), (True, 0, "")]
    )
    levels["delight"], why["delight"] = pick([(f["delight"], 1, "goodwill gesture"), (True, 0, "")])
    return levels, why
