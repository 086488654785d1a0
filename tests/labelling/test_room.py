"""The room's rules without a browser: identity, sessions, saving, the facilitator's figures."""

import pandas as pd
import pytest

from helpers import LabelStore, Room, agreement_summary, load_workshop, room_key
from helpers.data.errors import DataError

DIMS = ["acknowledge", "personalize", "apologize", "act", "tone"]


@pytest.fixture
def room(tmp_path):
    return Room(load_workshop().dropna(subset=["reply_text"]).head(6), tmp_path / "room.db")


def test_names_match_without_case_or_spaces():
    assert room_key(" Noor  El Amin ") == room_key("noor el amin") == "noor el amin"
    assert room_key("Noor") != room_key("Nora")


def test_a_second_person_with_a_name_in_use_is_refused(room):
    assert room.join("Noor", "a")["ok"]
    taken = room.join("NOOR", "b")
    assert taken["status"] == "taken" and "another open page" in taken["error"]
    assert room.join("Nora", "b")["ok"]  # another name is fine


def test_the_same_person_on_a_new_device_takes_over_and_the_old_page_is_told(room):
    room.join("Noor", "a")
    item = room.items[0]["id"]
    room.label("a", item, "tone", 2)
    moved = room.join("noor", "b", resume=True)
    assert moved["rater"] == "Noor" and moved["labels"] == {item: {"tone": "2"}}
    stale = room.label("a", item, "act", 1)
    assert stale["status"] == "replaced" and not stale["ok"]
    assert room.label("b", item, "act", 1)["ok"]
    events = room.store.events()
    assert events["session"].tolist() == ["a", "b"] and set(events["rater"]) == {"Noor"}


def test_a_name_left_open_long_ago_is_free_again(room, monkeypatch):
    room.join("Noor", "a")
    room._sessions["a"].seen -= 60  # the page was closed a minute ago
    assert room.join("noor", "b")["ok"]


def test_after_a_restart_pages_must_join_again_and_resume_where_they_stopped(room, tmp_path):
    room.join("ana", "s")
    for dim in DIMS:
        room.label("s", room.items[0]["id"], dim, 1)
    room.store.close()
    restarted = Room(load_workshop().dropna(subset=["reply_text"]).head(6), tmp_path / "room.db")
    assert restarted.label("s", restarted.items[1]["id"], "tone", 1)["status"] == "unknown"
    again = restarted.join("ANA", "s", resume=True)
    assert again["rater"] == "ana" and again["position"] == 1


def test_bad_clicks_are_refused(room):
    room.join("ana", "s")
    assert not room.label("s", "no-such-item", "tone", 1)["ok"]
    assert not room.label("s", room.items[0]["id"], "warmth", 1)["ok"]
    assert room.join("   ", "t")["status"] == "empty"


def test_the_facilitator_summary_is_agreement_summary_on_the_store(room):
    for k, name in enumerate(["ana", "ben", "cy"]):
        room.join(name, name)
        for i, item in enumerate(room.items[:4]):
            for dim in DIMS:
                room.label(name, item["id"], dim, (i + k * (dim == "tone")) % 3)
    summary = room.summary(n_boot=200)
    assert [(p["name"], p["done"]) for p in summary["people"]] == [("ana", 4), ("ben", 4), ("cy", 4)]
    table = agreement_summary(room.store.current()[["item", "rater", "dimension", "value"]], n_boot=200)
    alpha = table[table["statistic"] == "alpha_ordinal"].set_index("dimension")
    for row in summary["agreement"]:
        expected = alpha.loc[row["dimension"], "estimate"]
        assert (row["alpha"] is None and pd.isna(expected)) or row["alpha"] == pytest.approx(expected, abs=1e-4)
    spread = room.spread(room.items[0]["id"])
    assert sum(spread["dimensions"][-1]["counts"].values()) == 3


def test_a_table_without_replies_is_refused(tmp_path):
    with pytest.raises(DataError, match="no replies to label"):
        Room(load_workshop().assign(reply_text=None), tmp_path / "r.db")


def test_old_stores_get_the_session_column(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, rater TEXT NOT NULL,"
        " item TEXT NOT NULL, kind TEXT NOT NULL, dimension TEXT, value TEXT, note TEXT, rubric TEXT,"
        " seconds_on_item REAL, undoes INTEGER);"
        "INSERT INTO events (at, rater, item, kind, dimension, value) VALUES ('2024-01-01T00:00:00+00:00', 'ana',"
        " 'r1', 'set', 'tone', '2');"
    )
    db.commit()
    db.close()
    with LabelStore(path) as store:
        store.set("r1", "ana", "act", 1, session="s1")
        sessions = store.events()["session"]
        assert sessions.isna().tolist() == [True, False] and sessions.iloc[1] == "s1"
