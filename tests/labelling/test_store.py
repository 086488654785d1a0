"""The label store: the event log, undo, N/A, flags, resume, export and import."""

import numpy as np
import pandas as pd
import pytest

from helpers.data.errors import DataError
from helpers.labelling.store import LabelStore


@pytest.fixture
def store(tmp_path):
    with LabelStore(tmp_path / "labels.db", rubric="empathy-v1@1.0.0") as s:
        yield s


def test_latest_label_wins_and_undo_reverts(store):
    store.set("r1", "ana", "tone", 1)
    store.set("r1", "ana", "tone", 2)
    store.set("r1", "ben", "tone", 0)
    assert store.current().set_index(["rater"])["value"].to_dict() == {"ana": 2.0, "ben": 0.0}
    store.undo("ana")
    assert store.current().set_index("rater").loc["ana", "value"] == 1.0
    store.undo("ana")
    assert "ana" not in set(store.current()["rater"])
    assert store.undo("ana") is None
    assert list(store.events()["kind"]) == ["set", "set", "set", "undo", "undo"]  # nothing is deleted


def test_not_applicable_clear_and_metadata(store):
    store.set("r1", "ana", "apologize", "NA", seconds=12.5)
    store.set("r1", "ana", "act", 2)
    store.clear("r1", "ana", "act")
    cur = store.current()
    assert len(cur) == 1 and np.isnan(cur["value"].iloc[0]) and cur["seconds_on_item"].iloc[0] == 12.5
    assert cur["rubric"].iloc[0] == "empathy-v1@1.0.0" and str(cur["at"].dt.tz) == "UTC"
    assert store.current(with_na=False).empty


def test_flags_notes_resume_and_progress(store):
    dims = ["tone", "act"]
    for item in ("a", "b"):
        for d in dims:
            store.set(item, "ana", d, 1)
    store.set("c", "ana", "tone", 1)
    store.flag("b", "ana", "is this sarcasm?")
    store.flag("c", "ana")
    store.unflag("c", "ana")
    store.note("a", "ana", "great example")
    assert store.flags()[["item", "note"]].to_dict("records") == [{"item": "b", "note": "is this sarcasm?"}]
    assert store.notes()["note"].tolist() == ["great example"]
    assert store.resume_position("ana", ["a", "b", "c", "d"], dims) == 2
    assert store.resume_position("ben", ["a", "b"], dims) == 0
    assert store.progress(["a", "b", "c", "d"], dims).to_dict("records") == [{"rater": "ana", "done": 2, "total": 4}]


def test_export_is_exact_and_spreadsheet_safe_and_import_round_trips(store, tmp_path):
    import openpyxl

    store.set("=cmd()", "ana", "tone", 2)
    store.set("r2", "ana", "apologize", "NA")
    csv = store.export(tmp_path / "labels.csv")
    assert set(pd.read_csv(csv)["item"]) == {"=cmd()", "r2"}  # exactly as labelled
    parquet = store.export(tmp_path / "labels.parquet")
    assert len(pd.read_parquet(parquet)) == 2
    sheet = openpyxl.load_workbook(store.export(tmp_path / "labels.xlsx")).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=cmd()"]
    assert cells and all(c.data_type == "s" for c in cells)  # shown as text in a spreadsheet, never run
    with LabelStore(tmp_path / "other.db") as other:
        assert other.import_labels(csv) == 2
        got = other.current().set_index("item")["value"]
        assert got["=cmd()"] == 2.0 and np.isnan(got["r2"])


def test_import_names_bad_rows(store, write):
    bad = write("bad.csv", "item,rater,dimension,value\nr1,ana,tone,2\nr2,ana,tone,great\n")
    with pytest.raises(DataError) as err:
        store.import_labels(bad)
    assert "bad.csv" in str(err.value) and "'great'" in str(err.value) and "row 3" in str(err.value)


def test_not_a_store(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DataError, match="not a label store"):
        LabelStore(junk)


def test_rater_is_required(store):
    with pytest.raises(ValueError, match="rater name"):
        store.set("r1", " ", "tone", 1)
