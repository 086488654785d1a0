"""Scorer 2: the learned layer loads from the package, explains itself, fits a team's labels, and its
cross-validated agreement with the shared raters does not regress."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.cli import main

COMPLAINT = "I ordered a birthday cake for Saturday and it never arrived. So frustrating!"
REPLIES = [
    "Sorry for any inconvenience. Please DM us.",
    "Oh no, I'm so sorry your birthday cake never arrived, Sam. I've refunded it and a new one is on its way today.",
    "Thanks for reaching out.",
]


@pytest.mark.parametrize("mode", ["default", "fast"])
def test_modes_give_levels_in_range_and_rank_a_good_reply_first(mode):
    scored = helpers.score_replies(pd.DataFrame({"customer_text": COMPLAINT, "reply_text": REPLIES}), mode=mode)
    for dim in ("acknowledge", "personalize", "act", "tone"):
        assert set(scored[dim]) <= {0.0, 1.0, 2.0}
    assert scored["empathy_index"].idxmax() == 1
    assert (scored["evidence"] != "").any() == (mode == "default")


def test_chunked_scoring_equals_one_pass(monkeypatch):
    from helpers.scoring import scorer

    frame = helpers.load_workshop().dropna(subset=["reply_text"]).reset_index(drop=True)
    whole = helpers.score_replies(frame)
    monkeypatch.setattr(scorer, "_CHUNK", 17)
    pd.testing.assert_frame_equal(helpers.score_replies(frame), whole)


def test_reasons_name_what_moved_each_level():
    scored = helpers.score_replies(pd.DataFrame({"customer_text": COMPLAINT, "reply_text": REPLIES[1:2]}), reasons=True)
    reasons = scored.iloc[0]["why_apologize"].split("; ")
    assert 1 <= len(reasons) <= 3 and all(r[:2] in ("+ ", "- ") for r in reasons)


def test_provenance_records_mode_version_and_model_hash():
    fp = helpers.scorer_fingerprint("default")
    assert fp["scorer_version"] == helpers.SCORER_VERSION == "2.4.0" and len(fp["scorer_files_sha256"]) == 64
    assert fp != helpers.scorer_fingerprint("fast")
    assert helpers.provenance()["scorer_mode"] == "default"


def test_fit_scorer_on_team_labels_saves_a_model_that_scores(tmp_path):
    labels, replies = helpers.load_example_labels(), helpers.load_workshop()
    model, report = helpers.fit_scorer(labels, replies, folds=3)
    assert list(report["target"]) == ["acknowledge", "personalize", "apologize", "act", "tone", "due"]
    assert report[["before", "after"]].notna().all().all()
    path = model.save(tmp_path / "team.npz")
    scored = helpers.score_replies(replies.dropna(subset=["reply_text"]).head(20), model=path)
    assert scored["empathy_index"].notna().all()


def test_ordinal_heads_round_trip_explain_and_serve_as_a_prior(tmp_path):
    from helpers.scoring.learned import ScorerModel, design_matrix
    from helpers.scoring.training import ORDINAL, _targets, fit_heads, standardisation

    labels, replies = helpers.load_example_labels(), helpers.load_workshop()
    wide = labels.pivot_table(
        index=["item", "rater"], columns="dimension", values="value", aggfunc="last", dropna=False
    )
    wide = wide.reset_index().astype({"item": str})
    items = replies.assign(item=replies["reply_id"].astype(str))
    items = items[items["item"].isin(set(wide["item"]))].drop_duplicates("item").reset_index(drop=True)
    features = design_matrix(items, "fast")
    mean, scale = standardisation(features)
    heads = fit_heads(features, _targets(items[["item"]], wide), mean, scale)
    model = ScorerModel("fast", features.names, mean, scale, heads)
    assert {t for t, h in model.heads.items() if h.ordinal} == set(ORDINAL)
    assert 0.0 <= model.score(features, "tone").min() and model.score(features, "tone").max() <= 2.0
    back = ScorerModel.load(model.save(tmp_path / "ordinal.npz"))
    for t in ORDINAL:
        np.testing.assert_allclose(back.score(features, t), model.score(features, t), atol=1e-4)
        assert back.reasons(features, 0, t)
    team, _ = helpers.fit_scorer(labels, replies, prior=back, folds=3)
    assert {t for t, h in team.heads.items() if h.ordinal} == set(ORDINAL)


def test_training_leaves_out_only_the_ratings_that_break_a_rubric_convention():
    from helpers.scoring.training import training_labels

    labels = pd.DataFrame(
        {
            "item": ["D1", "D2", "D3", "D1"],
            "rater": ["r12", "r12", "r03", "r03"],
            "act": [0.0, 0.0, 0.0, 1.0],
            "apologize": [np.nan, 1.0, np.nan, np.nan],  # NA: the rater judged no apology due
            "tone": [2.0, 1.0, 2.0, 2.0],
        }
    )
    out = training_labels(labels)
    # r12's act on the item it judged no apology due is blanked; its act where one was due, and every
    # other rater's act (a 0 where no apology was due included), stay; other dimensions are untouched
    assert out["act"].isna().tolist() == [True, False, False, False]
    pd.testing.assert_frame_equal(out.drop(columns="act"), labels.drop(columns="act"))
    assert labels["act"].notna().all()  # the caller's frame is not changed


def test_fit_and_score_from_the_command_line(tmp_path, capsys):
    labels = tmp_path / "labels.csv"
    helpers.load_example_labels().to_csv(labels, index=False)
    data = helpers.package_file("helpers.data", "files/workshop_replies.csv")
    assert main(["fit", str(labels), str(data), "-o", str(tmp_path / "team.npz")]) == 0
    assert "before" in capsys.readouterr().out
    assert main(["score", str(data), "-o", str(tmp_path / "s.csv"), "--model", str(tmp_path / "team.npz")]) == 0
    assert main(["score", str(data), "-o", str(tmp_path / "f.csv"), "--mode", "fast"]) == 0


def test_bad_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.npz"
    bad.write_text("not a model")
    with pytest.raises(helpers.DataError, match="not a scorer model file"):
        helpers.load_model(bad)
    with pytest.raises(helpers.DataError, match="unknown scoring mode"):
        helpers.score_replies(pd.DataFrame({"customer_text": ["x"], "reply_text": ["y"]}), mode="turbo")


def test_a_team_model_from_another_kit_version_is_a_clear_error(tmp_path):
    import dataclasses

    kit = helpers.load_model("default")
    old = dataclasses.replace(kit, names=[n for n in kit.names if "_c" not in n])  # 2.2.0 had no context vectors
    old.save(tmp_path / "team.npz")
    frame = pd.DataFrame({"customer_text": ["My parcel is late"], "reply_text": ["So sorry, I'll chase it now."]})
    with pytest.raises(helpers.DataError, match="another version of the kit"):
        helpers.score_replies(frame, model=tmp_path / "team.npz")


# measured on 2026-12-03 (docs/scorer_card.md) minus 0.05: a change that loses more fails here
# (train_shared without a teacher: the shipped context vectors, which saw the shared texts, serve every fold;
# act measures 0.41 this way with scorer 2.4.0, 0.39 with the context vectors fitted again per fold)
FLOORS = {"acknowledge": 0.55, "personalize": 0.63, "apologize": 0.79, "act": 0.36, "tone": 0.62, "due": 0.72,
          "index": 0.56}  # fmt: skip


@pytest.mark.slow
def test_cross_validated_agreement_with_the_shared_raters_does_not_regress(shared_dev):
    from helpers.scoring.training import train_shared

    _, figures = train_shared(shared_dev.parent, "default", log=lambda *a: None)
    table = figures["triple"]
    got = table[table["who"] == "scorer"].set_index("target")["estimate"]
    for target, floor in FLOORS.items():
        assert got[target] >= floor, (target, got[target])
    rules = figures["rules"][figures["rules"]["who"] == "scorer"].set_index("target")["estimate"]
    assert (got[list(FLOORS)] > rules[list(FLOORS)]).all()  # the learned layer beats scorer 1 everywhere
    assert np.isclose(
        table[(table["who"] == "raters") & (table["target"] == "due")]["estimate"].iloc[0], 0.955, atol=0.01
    )
