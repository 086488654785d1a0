"""The agreement charts: one row per dimension, Krippendorff's lines where they belong, leniency
read from rater_diagnostics, and DataError on the wrong table."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.agreement.tables import agreement_summary, rater_diagnostics
from helpers.data.bundled import load_example_labels
from helpers.data.errors import DataError
from helpers.plots import plot_alpha, plot_leniency

OUT = Path(__file__).resolve().parents[2] / "artifacts" / "charts"


@pytest.fixture(scope="module")
def labels():
    return load_example_labels()


@pytest.fixture(scope="module")
def summary(labels):
    return agreement_summary(labels, n_boot=100, seed=1)


def _alpha_points(ax):
    """(x, y) of the alpha markers: the data line of the errorbar container."""
    (container,) = ax.containers
    return container.lines[0].get_xydata()


def _reference_lines(ax):
    return {round(float(line.get_xdata()[0]), 3): line.get_label() for line in ax.lines if line.get_label()[0] == "α"}


def test_alpha_one_point_per_dimension_at_its_estimate(summary):
    ax = plot_alpha(summary)
    alpha = summary[summary["statistic"] == "alpha_ordinal"]
    assert len(ax.get_yticklabels()) == alpha["dimension"].nunique() == 5
    points = _alpha_points(ax)
    assert len(points) == 5
    np.testing.assert_allclose(points[:, 0], alpha["estimate"].to_numpy())
    assert [t.get_text().split()[0] for t in ax.get_yticklabels()] == alpha["dimension"].tolist()
    plt.close("all")


def test_alpha_error_bars_span_the_interval(summary):
    ax = plot_alpha(summary)
    alpha = summary[summary["statistic"] == "alpha_ordinal"].reset_index(drop=True)
    (container,) = ax.containers
    segments = container.lines[2][0].get_segments()
    lo = [min(s[:, 0]) for s in segments]
    hi = [max(s[:, 0]) for s in segments]
    np.testing.assert_allclose(lo, alpha["ci_low"])
    np.testing.assert_allclose(hi, alpha["ci_high"])
    plt.close("all")


def test_alpha_reference_lines_at_krippendorffs_thresholds(summary):
    lines = _reference_lines(plot_alpha(summary))
    assert sorted(lines) == [0.667, 0.8]
    assert "tentative" in lines[0.667] and "reliable" in lines[0.8]
    assert all("Krippendorff, 2004" in text for text in lines.values())
    plt.close("all")


def test_alpha_keeps_a_dimension_without_enough_labels(summary):
    thin = summary.copy()
    rows = (thin["dimension"] == "apologize") & (thin["statistic"] == "alpha_ordinal")
    thin.loc[rows, ["estimate", "ci_low", "ci_high"]] = np.nan
    ax = plot_alpha(thin)
    assert len(ax.get_yticklabels()) == 5  # the row stays
    assert len(_alpha_points(ax)) == 4  # without a point
    assert [t.get_text() for t in ax.texts].count("not enough labels") == 1
    plt.close("all")


def test_alpha_without_intervals_still_shows_every_estimate(labels):
    ax = plot_alpha(agreement_summary(labels, n_boot=0))
    assert len(_alpha_points(ax)) == 5
    assert "not enough labels" not in [t.get_text() for t in ax.texts]
    assert sum("(no interval)" in t.get_text() for t in ax.texts) == 5
    assert ax.get_legend().get_texts()[0].get_text() == "alpha (no interval)"
    plt.close("all")


@pytest.mark.filterwarnings("ignore::helpers.agreement.statistics.AgreementWarning")
def test_alpha_on_labels_with_too_few_items():
    labels = pd.DataFrame(
        {
            "item": [1, 1, 2, 2, 1, 2],
            "rater": ["a", "b", "a", "b", "a", "a"],
            "dimension": ["tone"] * 4 + ["act"] * 2,  # act: one rater only, so no alpha
            "value": [1, 1, 0, 1, 2, 1],
        }
    )
    ax = plot_alpha(agreement_summary(labels, n_boot=50))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["tone  (n=2)", "act  (n=0)"]
    assert "not enough labels" in [t.get_text() for t in ax.texts]
    plt.close("all")


def test_alpha_bad_input_raises_data_error(summary, labels):
    with pytest.raises(DataError, match="missing column.*Fix: pass the output of agreement_summary"):
        plot_alpha(labels)
    with pytest.raises(DataError, match="no 'alpha_ordinal' rows"):
        plot_alpha(summary[summary["statistic"] != "alpha_ordinal"])


def _team(shift=1.0, seed=0, n=30):
    """Raters a and b give the same levels; c gives exactly ``shift`` more on every item."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2, n).astype(float)
    rows = []
    for dim in ("tone", "act"):
        for rater, add in (("a", 0.0), ("b", 0.0), ("c", shift)):
            rows += [(f"r{i}", rater, dim, v + add) for i, v in enumerate(base)]
    return pd.DataFrame(rows, columns=["item", "rater", "dimension", "value"])


def _overall(ax):
    return {t.get_text().split()[0]: float(t.get_text().split("(")[1].rstrip(")")) for t in ax.get_yticklabels()}


def test_leniency_of_a_rater_one_level_above_the_others_is_one():
    ax = plot_leniency(_team(shift=1.0))
    overall = _overall(ax)
    assert overall["c"] == pytest.approx(1.0)
    assert [t.get_text().split()[0] for t in ax.get_yticklabels()][0] == "c"  # most lenient on top
    diamonds = ax.collections[0].get_offsets()
    assert diamonds[0, 0] == pytest.approx(1.0)
    plt.close("all")


def test_leniency_bars_are_rater_diagnostics(labels):
    ax = plot_leniency(labels)
    diag = rater_diagnostics(labels)
    raters = [t.get_text().split()[0] for t in ax.get_yticklabels()]
    dims = diag["dimension"].drop_duplicates().tolist()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [*dims, "all dimensions"]
    for container, dim in zip(ax.containers, dims):
        widths = [bar.get_width() for bar in container]
        expected = diag[diag["dimension"] == dim].set_index("rater").loc[raters, "leniency"]
        np.testing.assert_allclose(widths, expected)
    assert len(ax.containers) == len(dims) and all(len(c) == len(raters) for c in ax.containers)
    plt.close("all")


def test_leniency_overall_only(labels):
    ax = plot_leniency(labels, by_dimension=False)
    (container,) = ax.containers
    assert len(container) == 3
    assert [b.get_width() for b in container] == sorted((b.get_width() for b in container), reverse=True)
    plt.close("all")


def test_leniency_bad_input_raises_data_error(labels):
    with pytest.raises(DataError, match="missing column value"):
        plot_leniency(labels.drop(columns="value"))
    with pytest.raises(DataError, match="labels of 1 rater"):
        plot_leniency(labels[labels["rater"] == "ben"])
    with pytest.raises(DataError, match="not numbers"):
        plot_leniency(labels.assign(value="high"))


def test_agreement_charts_render_and_leave_style_alone(summary, labels):
    OUT.mkdir(parents=True, exist_ok=True)
    before = dict(plt.rcParams)
    for name, draw in (
        ("alpha", lambda ax: plot_alpha(summary, ax=ax)),
        ("leniency", lambda ax: plot_leniency(labels, ax=ax)),
    ):
        fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
        assert draw(ax) is ax
        path = OUT / f"example_labels_{name}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        assert path.stat().st_size > 10_000
    assert dict(plt.rcParams) == before


def test_leniency_marks_a_rater_who_shares_no_item_with_the_others():
    team = _team(shift=1.0)
    alone = team[team["rater"] == "a"].assign(rater="dee", item=lambda d: "x" + d["item"])
    ax = plot_leniency(pd.concat([team, alone]))
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[-1] == "dee  (n/a)" and len(ticks) == 4
    assert "not enough labels" in [t.get_text() for t in ax.texts]
    plt.close("all")
