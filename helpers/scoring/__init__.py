"""Floor 2, analysis: the rubric, the marker rules, customer cues, personalisation signals, and the
scorer: a rule layer that finds evidence and a learned layer, trained on raters, that decides levels."""

from helpers.scoring.cues import describe_needs, detect_cues
from helpers.scoring.markers import load_markers
from helpers.scoring.rubric import empathy_index, load_rubric
from helpers.scoring.scorer import (
    SCORE_COLUMNS,
    SCORER_VERSION,
    explain,
    load_model,
    score_replies,
    scorer_fingerprint,
    validate_scorer,
)
from helpers.scoring.training import fit_scorer, train_scorer

__all__ = [
    "SCORE_COLUMNS",
    "SCORER_VERSION",
    "describe_needs",
    "detect_cues",
    "empathy_index",
    "explain",
    "fit_scorer",
    "load_markers",
    "load_model",
    "load_rubric",
    "score_replies",
    "scorer_fingerprint",
    "train_scorer",
    "validate_scorer",
]
