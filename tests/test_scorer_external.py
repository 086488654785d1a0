"""The scorer against labels that people outside the team made (read from ../shared/external)."""

import pandas as pd

from helpers.scoring import score_replies


def apology_confusion(external):
    """Apology detected (apologize >= 1) against Kecht et al.'s human 'Apologize' label."""
    data = pd.read_csv(external / "ericsson_amazonhelp" / "amazonhelp_100_outbound_activities.csv")
    frame = pd.DataFrame({"customer_text": "", "reply_text": data["text"]})
    detected = score_replies(frame)["apologize"].ge(1)
    truth = data["Apologize"].fillna(0).astype(int).eq(1)
    return pd.crosstab(truth.rename("human"), detected.rename("scorer"))


def test_amazonhelp_apologies_are_detected_with_an_empty_customer_post(external):
    cm = apology_confusion(external).reindex(index=[False, True], columns=[False, True], fill_value=0)
    tp, fp, fn = cm.loc[True, True], cm.loc[False, True], cm.loc[True, False]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert cm.to_numpy().sum() == 100
    assert f1 >= 0.95, f"F1 {f1:.3f}\n{cm}"
