"""The scorer against labels that people outside the team made (read from ../shared/external)."""

from pathlib import Path

import pandas as pd
import pytest

from helpers.scoring.scorer import score_replies


def apology_confusion(external, mode="default"):
    """Apology detected (apologize >= 1) against Kecht et al.'s human 'Apologize' label."""
    data = pd.read_csv(external / "ericsson_amazonhelp" / "amazonhelp_100_outbound_activities.csv")
    frame = pd.DataFrame({"customer_text": "", "reply_text": data["text"]})
    detected = score_replies(frame, mode=mode)["apologize"].ge(1)
    truth = data["Apologize"].fillna(0).astype(int).eq(1)
    return pd.crosstab(truth.rename("human"), detected.rename("scorer"))


@pytest.mark.parametrize("mode", ["default", "fast", "rules"])
def test_amazonhelp_apologies_are_detected_with_an_empty_customer_post(external, mode):
    cm = apology_confusion(external, mode).reindex(index=[False, True], columns=[False, True], fill_value=0)
    tp, fp, fn = cm.loc[True, True], cm.loc[False, True], cm.loc[True, False]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert cm.to_numpy().sum() == 100
    assert f1 >= 0.95, f"F1 {f1:.3f}\n{cm}"


HOLDOUT_FLOOR = {  # scorer 1 (mode="rules") on the held-out half of datasets/dev (one rater) minus 0.10
    "acknowledge": 0.52,
    "personalize": 0.33,
    "apologize": 0.82,
    "act": 0.21,
    "tone": 0.30,
}


def test_dev_set_holdout_agreement_does_not_regress(external):
    import warnings

    from helpers.agreement.statistics import cohen_kappa
    from helpers.data.twcs import read_twcs

    labels = pd.read_csv(
        Path(__file__).resolve().parents[2] / "datasets" / "dev" / "twcs_dev_labels.csv", keep_default_na=False
    )
    holdout = labels[labels["split"] == "holdout"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        replies = read_twcs(external / "twcs" / "twcs_head5000.csv")
    replies = replies[replies["reply_id"].isin(holdout["item"].unique())]
    scored = score_replies(replies, mode="rules").set_index("reply_id")
    for dim, floor in HOLDOUT_FLOOR.items():
        human = holdout[holdout["dimension"] == dim].set_index("item")["value"].replace("NA", "nan").astype(float)
        ours = scored.loc[human.index, dim].to_numpy(dtype=float)
        assert cohen_kappa(human.to_numpy(), ours, weights="quadratic") >= floor, dim
