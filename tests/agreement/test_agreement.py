"""Agreement statistics: published values, scikit-learn as an oracle, degenerate inputs, the ceiling."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

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
from helpers.data.errors import DataError

KUMAR_FILES = {
    "Empathetic Dialogues": ("empatheticdialogues", "conv_id"),
    "EPITOME": ("epitome", "sp_id"),
    "Lend an Ear": ("lend_an_ear", "conversation_id"),
    "Perceived Empathy": ("perceived_empathy", "id"),
}


def test_kumar2025_expert_pairs_reproduce_the_published_qwk(external):
    base = external / "kumar2025" / "annotations"
    table = pd.read_csv(base / "table_kappa.csv")
    checked = 0
    for _, row in table.iterrows():
        pair = tuple(p.strip(" '") for p in row["Annotator Pair"].strip("()").split(","))
        if not all(p.startswith("expert") for p in pair):
            continue
        folder, key = KUMAR_FILES[row["Dataset"]]
        a, b = (pd.read_csv(base / folder / f"{p}_ratings.csv").set_index(key) for p in pair)
        dim = row["Dimension"]
        aligned = pd.concat([a[dim].rename("a"), b[dim].rename("b")], axis=1, join="inner")
        ours = cohen_kappa(aligned["a"], aligned["b"], weights="quadratic")
        assert ours == pytest.approx(row["Weighted Cohen's Kappa"], abs=0.005), (row["Dataset"], dim, pair)
        checked += 1
    assert checked == 3 * 21  # every expert pair on every dimension of the four frameworks


levels = st.integers(min_value=0, max_value=4)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(levels, levels), min_size=2, max_size=60), st.sampled_from([None, "linear", "quadratic"]))
def test_cohen_kappa_matches_sklearn(pairs, weights):
    a, b = map(list, zip(*pairs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = cohen_kappa_score(a, b, weights=weights)
        ours = cohen_kappa(a, b, weights=weights)
    if np.isnan(expected):
        assert np.isnan(ours)
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(levels, levels, levels), min_size=3, max_size=40))
def test_alpha_nominal_equals_its_two_rater_form_and_bounds(rows):
    data = np.array(rows, dtype=float).T
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AgreementWarning)
        alpha = krippendorff_alpha(data, "nominal")
    if not np.isnan(alpha):
        assert alpha <= 1 + 1e-12
    if len(np.unique(data)) > 1 and (data[0] == data[1]).all() and (data[1] == data[2]).all():
        assert alpha == pytest.approx(1.0)


def test_alpha_ignores_missing_and_matches_complete_case_for_two_raters():
    a = np.array([0, 1, 2, 1, 0, 2, 2, 1])
    b = np.array([0, 1, 1, 1, 0, 2, 1, 1])
    # two raters, no missing data, nominal: alpha = 1 - (n - 1) * 2 * disagreements / sum_{c != k} n_c n_k
    n_c = np.bincount(np.r_[a, b])
    n = n_c.sum()
    expected = 1 - (n - 1) * 2 * np.sum(a != b) / (n**2 - (n_c**2).sum())
    with_missing = np.vstack([np.r_[a, np.nan], np.r_[b, 2.0]])
    assert krippendorff_alpha(with_missing, "nominal") == pytest.approx(krippendorff_alpha([a, b], "nominal"))
    assert krippendorff_alpha([a, b], "nominal") == pytest.approx(expected)


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: cohen_kappa([1, 1, 1], [1, 1, 1]), "every rating is the same"),
        (lambda: cohen_kappa([1, np.nan], [np.nan, 2]), "no item in common"),
        (lambda: krippendorff_alpha([[1, 2, 3]], "ordinal"), "no unit was rated by two"),
        (lambda: krippendorff_alpha([[2, 2], [2, 2]], "ordinal"), "every rating is the same"),
        (lambda: krippendorff_alpha([[1, np.nan], [np.nan, 2]], "nominal"), "no unit was rated by two"),
        (lambda: fleiss_kappa([[1], [1]]), "every rating is the same"),
        (lambda: spearman([1], [1]), "fewer than two items"),
        (lambda: gwet_ac([[1, 2, 3]]), "no unit was rated by two"),
    ],
)
def test_degenerate_inputs_give_nan_with_a_reason(call, why):
    with pytest.warns(AgreementWarning, match=why):
        assert np.isnan(call())


def _labels(seed=1, items=60, raters=("ana", "ben", "cy", "dee"), noise=0.6):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 3, items)
    rows = []
    for r in raters:
        values = np.clip(truth + np.round(rng.normal(0, noise, items)), 0, 2)
        rows += [(i, r, "tone", v) for i, v in enumerate(values)]
    return pd.DataFrame(rows, columns=["item", "rater", "dimension", "value"]), truth


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    labels, _ = _labels()
    data = labels.pivot(index="item", columns="rater", values="value").to_numpy().T
    ci = alpha_ci(data, n_boot=500, seed=3)
    assert ci.equals(alpha_ci(data, n_boot=500, seed=3)) and not ci.equals(alpha_ci(data, n_boot=500, seed=4))
    assert ci["ci_low"] < krippendorff_alpha(data, "ordinal") == ci["estimate"] < ci["ci_high"]
    assert list(ci.index) == ["estimate", "ci_low", "ci_high", "n"]


def test_human_ceiling_matches_direct_computation():
    labels, truth = _labels()
    scores = pd.DataFrame({"item": range(60), "dimension": "tone", "value": truth.astype(float)})
    table = human_ceiling(labels, scores, n_boot=200)
    assert list(table.columns) == ["dimension", "who", "statistic", "estimate", "ci_low", "ci_high", "n"]
    wide = labels.pivot(index="item", columns="rater", values="value")
    cons = np.floor(wide.drop(columns="ana").median(axis=1) + 0.5)
    got = table.set_index(["who", "statistic"])["estimate"]
    assert got["ana", "qwk"] == pytest.approx(cohen_kappa_score(wide["ana"], cons, weights="quadratic"))
    assert got["ana", "exact"] == pytest.approx(np.mean(wide["ana"] == cons))
    assert got["ana", "spearman"] == pytest.approx(wide["ana"].corr(cons, method="spearman"))
    scorer = np.mean(
        [
            cohen_kappa_score(truth, np.floor(wide.drop(columns=r).median(axis=1) + 0.5), weights="quadratic")
            for r in wide.columns
        ]
    )
    assert got["scorer", "qwk"] == pytest.approx(scorer)
    assert (table["ci_low"] <= table["estimate"]).all() and (table["estimate"] <= table["ci_high"]).all()


def test_pairwise_and_diagnostics_find_the_lenient_rater():
    labels, _ = _labels(raters=("ana", "ben", "cy"))
    lenient = labels[labels.rater == "cy"].assign(rater="dee", value=lambda d: np.minimum(d["value"] + 1, 2))
    labels = pd.concat([labels, lenient])
    pairs = pairwise_agreement(labels)
    assert len(pairs) == 6 * 5 and set(pairs["statistic"]) == {"qwk", "kappa", "spearman", "exact", "adjacent"}
    diag = rater_diagnostics(labels).set_index("rater")
    assert diag["leniency"].idxmax() == "dee" and diag.loc["dee", "leniency"] > 0.3


def test_disagreements_and_summary_shapes():
    labels, _ = _labels()
    top = disagreements(labels, top=5)
    assert len(top) == 5 and (top["spread"].diff().dropna() <= 0).all()
    assert {"ana", "ben", "cy", "dee"} <= set(top.columns)
    summary = agreement_summary(labels, n_boot=100)
    assert set(summary["statistic"]) == {"alpha_ordinal", "fleiss_kappa", "gwet_ac2", "percent", "adjacent"}


def test_bad_labels_are_named():
    with pytest.raises(DataError, match="missing rater"):
        agreement_summary(pd.DataFrame({"item": [1], "dimension": ["tone"], "value": [1]}))
    bad = pd.DataFrame({"item": [1, 2], "rater": "a", "dimension": "tone", "value": ["2", "two"]})
    with pytest.raises(DataError, match="'two'"):
        pairwise_agreement(bad)
    dup = pd.DataFrame({"item": [1, 1], "rater": "a", "dimension": "tone", "value": [1, 2]})
    with pytest.raises(DataError, match="twice"):
        pairwise_agreement(dup)
