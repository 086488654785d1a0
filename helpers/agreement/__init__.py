"""Floor 2, analysis: agreement between raters. ``statistics`` works on arrays (kappa, alpha, AC1),
``tables`` on long label frames (summaries, pairwise tables, the human ceiling, diagnostics),
``bootstrap`` gives seeded percentile confidence intervals."""

from helpers.agreement.bootstrap import median_ci
from helpers.agreement.statistics import (
    AgreementWarning,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac,
    krippendorff_alpha,
    spearman,
)
from helpers.agreement.tables import (
    agreement_summary,
    alpha_ci,
    disagreements,
    human_ceiling,
    pairwise_agreement,
    rater_diagnostics,
)

__all__ = [
    "AgreementWarning",
    "agreement_summary",
    "alpha_ci",
    "cohen_kappa",
    "disagreements",
    "fleiss_kappa",
    "gwet_ac",
    "human_ceiling",
    "krippendorff_alpha",
    "median_ci",
    "pairwise_agreement",
    "rater_diagnostics",
    "spearman",
]
