"""Every chart renders to PNG on real (twcs) and synthetic data; files go to artifacts/charts/."""

import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers.data.bundled import load_cases
from helpers.data.reference import load_empathy_benchmarks
from helpers.data.twcs import read_twcs
from helpers.latency.response_times import first_response_times, kaplan_meier, latency_summary
from helpers.plots import (
    plot_bands,
    plot_case_latency,
    plot_empathy_benchmarks,
    plot_empathy_latency,
    plot_frt_distribution,
    plot_hour_weekday,
    plot_survival,
)
from helpers.scoring.scorer import score_replies

OUT = Path(__file__).resolve().parents[2] / "artifacts" / "charts"


def synthetic(n=400, seed=0):
    rng = np.random.default_rng(seed)
    posted = pd.Timestamp("2024-03-04", tz="UTC") + pd.to_timedelta(rng.integers(0, 14 * 1440, n), unit="min")
    lag = pd.to_timedelta(np.exp(rng.normal(3.5, 1.6, n)), unit="min")
    answered = rng.random(n) > 0.12
    texts = [
        "Sorry to hear that, please DM us.",
        "Oh no! I've refunded your order today, sorry it was late. -Ana",
        "As per our policy we cannot help.",
        "Thanks for reaching out, we'll look into it.",
    ]
    return pd.DataFrame(
        {
            "post_id": [f"p{i}" for i in range(n)],
            "thread_id": [f"p{i}" for i in range(n)],
            "reply_id": [f"r{i}" if a else None for i, a in enumerate(answered)],
            "brand": rng.choice(["Skyline Air", "Northwind Mobile", "Parcelly", "Bank of Mira"], n),
            "channel": "twitter",
            "customer_text": "My order is late and nobody answers!",
            "customer_at": posted,
            "reply_at": pd.Series(posted + lag).where(answered),
            "reply_text": [texts[i % 4] if a else None for i, a in enumerate(answered)],
        }
    )


def real(external):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_twcs(external / "twcs" / "twcs_head5000.csv")


def render(df, name):
    OUT.mkdir(parents=True, exist_ok=True)
    frt = first_response_times(df)
    scored = score_replies(df[df["reply_text"].notna()]).merge(frt[["post_id", "frt_min"]], on="post_id")
    charts = {
        "cases": lambda ax: plot_case_latency(load_cases(), ax=ax),
        "frt": lambda ax: plot_frt_distribution(frt, ax=ax),
        "bands": lambda ax: plot_bands(latency_summary(df, by="brand"), ax=ax),
        "map": lambda ax: plot_empathy_latency(scored, label="brand", ax=ax),
        "survival": lambda ax: plot_survival(kaplan_meier(frt), ax=ax),
        "heatmap": lambda ax: plot_hour_weekday(frt, ax=ax),
        "benchmarks": lambda ax: plot_empathy_benchmarks(
            load_empathy_benchmarks(), {"Our team": scored["empathy_index"]}, ax=ax
        ),
    }
    for chart, draw in charts.items():
        fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
        assert draw(ax) is ax
        path = OUT / f"{name}_{chart}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        assert path.stat().st_size > 10_000


def test_charts_on_synthetic_data():
    render(synthetic(), "synthetic")


def test_charts_on_real_twcs(external):
    render(real(external), "twcs")


def test_plot_makes_its_own_axes_when_none_given():
    frt = first_response_times(synthetic(50))
    ax = plot_survival(kaplan_meier(frt))
    assert ax.get_ylabel() == "still waiting"
    labels = [t.get_text() for t in plot_frt_distribution(frt).get_legend().get_texts()]
    assert any("2015" in t for t in labels) and any("median" in t for t in labels)
    plt.close("all")


def test_no_global_style_change():
    before = dict(plt.rcParams)
    plot_bands(latency_summary(synthetic(60)))
    assert dict(plt.rcParams) == before
    plt.close("all")
