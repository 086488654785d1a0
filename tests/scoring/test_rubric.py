"""The rubric loader: default rubric, validation errors, re-weighting, critical dimensions."""

import numpy as np
import pandas as pd
import pytest
import yaml

from helpers.data.errors import DataError
from helpers.scoring.rubric import DEFAULT_RUBRIC_PATH, empathy_index, load_rubric


def test_default_rubric_matches_reference():
    r = load_rubric()
    assert r.label == "empathy-v1@1.0.0"
    assert r.ids == ("acknowledge", "personalize", "apologize", "act", "tone")
    assert [d.id for d in r.dimensions if d.na_allowed] == ["apologize"]
    assert all(d.levels.keys() == {0, 1, 2} and d.weight == 1 and not d.critical for d in r.dimensions)
    assert r.holistic.id == "overall" and set(r.holistic.levels) == {1, 2, 3, 4, 5}
    assert {f.id: f.kind for f in r.flags} == {"deflect": "penalty", "snark": "penalty", "delight": "bonus"}
    assert r.penalty_weight == 0


def _raw():
    return yaml.safe_load(DEFAULT_RUBRIC_PATH.read_text())


def test_team_adds_a_dimension_and_marks_it_critical(tmp_path):
    raw = _raw()
    raw["version"] = "1.1.0-acme"
    raw["dimensions"].append(
        {
            "id": "accuracy",
            "question": "Is the information correct?",
            "levels": {0: "wrong", 1: "partly", 2: "correct"},
            "critical": True,
        }
    )
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(raw))
    r = load_rubric(path)
    assert r.ids[-1] == "accuracy" and r.dimension("accuracy").critical
    df = pd.DataFrame({d: [2, 2] for d in r.ids}).assign(accuracy=[2, 0])
    assert empathy_index(df, r).tolist() == [100.0, 0.0]


def test_reweighting_changes_the_index():
    r = load_rubric()
    df = pd.DataFrame({"acknowledge": [2], "personalize": [0], "apologize": [np.nan], "act": [0], "tone": [0]})
    assert empathy_index(df, r).iloc[0] == pytest.approx(25.0)
    assert empathy_index(df, r.reweighted(acknowledge=2)).iloc[0] == pytest.approx(40.0)


def test_all_na_row_has_no_index():
    r = load_rubric()
    df = pd.DataFrame({d: [np.nan] for d in r.ids})
    assert np.isnan(empathy_index(df, r).iloc[0])


def test_penalty_weight_subtracts_points():
    raw = _raw()
    raw["index"]["penalty_weight"] = 10
    r = load_rubric(raw)
    df = pd.DataFrame({d: [1] for d in r.ids}).assign(deflect=[2], snark=[0])
    assert empathy_index(df, r).iloc[0] == pytest.approx(30.0)


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda r: r.pop("dimensions"), "missing key 'dimensions'"),
        (lambda r: r["dimensions"][1].pop("question"), "dimension 'personalize': missing key 'question'"),
        (lambda r: r["dimensions"][0].update(weight="heavy"), "'weight' must be a number"),
        (lambda r: r["dimensions"][0]["levels"].update({"two": "x"}), "level 'two' is not a whole number"),
        (lambda r: r["dimensions"].append(dict(r["dimensions"][0])), "dimension ids repeated: acknowledge"),
        (lambda r: r["flags"][0].update(kind="malus"), "kind must be 'penalty' or 'bonus'"),
        (lambda r: r["dimensions"][2].update(id="apolo gize"), "id must be a single word"),
    ],
)
def test_bad_rubric_names_file_and_key(tmp_path, mutate, expected):
    raw = _raw()
    mutate(raw)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(DataError) as err:
        load_rubric(path)
    assert expected in str(err.value) and "bad.yaml" in str(err.value)


def test_unparseable_and_missing_files(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: x\n  dimensions: [\n")
    with pytest.raises(DataError, match="not valid YAML"):
        load_rubric(bad)
    with pytest.raises(DataError, match="rubric file not found"):
        load_rubric(tmp_path / "nope.yaml")


def test_index_needs_every_dimension():
    with pytest.raises(DataError, match="tone"):
        empathy_index(pd.DataFrame({"acknowledge": [1]}), load_rubric().reweighted())
