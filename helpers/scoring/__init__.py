"""Floor 2, analysis: the rubric, the marker rules, customer cues, personalisation signals and the
scorer that turns them into rubric levels with their evidence."""

from helpers.scoring.cues import describe_needs, detect_cues
from helpers.scoring.markers import load_markers
from helpers.scoring.rubric import empathy_index, load_rubric
from helpers.scoring.scorer import SCORE_COLUMNS, SCORER_VERSION, explain, score_replies, validate_scorer

__all__ = [
    "SCORE_COLUMNS",
    "SCORER_VERSION",
    "describe_needs",
    "detect_cues",
    "empathy_index",
    "explain",
    "load_markers",
    "load_rubric",
    "score_replies",
    "validate_scorer",
]
