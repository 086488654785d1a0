"""The labelling widget driven headless: clicks, undo, skip, N/A, resume, errors shown in the widget."""

import pandas as pd
import pytest

from helpers import label, workshop_app
from helpers.labelling.store import LabelStore

DIMS = ["acknowledge", "personalize", "apologize", "act", "tone"]


@pytest.fixture
def replies():
    return pd.DataFrame(
        {
            "reply_id": [f"r{i}" for i in range(5)],
            "brand": "Acme",
            "channel": "twitter",
            "customer_text": ["My parcel is late <b>again</b>", "Love it", "Where is my refund?", "App crashes", "Hi"],
            "reply_text": ["Sorry! <script>alert(1)</script>", "Thanks!", "DM us", "We are on it", "Hello"],
            "customer_at": pd.to_datetime(["2024-05-03 10:00"] * 5, utc=True),
            "reply_at": pd.to_datetime(["2024-05-03 10:30"] * 5, utc=True),
        }
    )


def rate(ui, values):
    for dim, value in zip(DIMS, values):
        ui.buttons[dim].value = value


def test_click_through_items_saves_each_click_and_advances(replies, tmp_path):
    ui = label(replies, rater="ana", store=tmp_path / "l.db")
    assert ui.position == 0 and "answered after 30 min" in ui.card.value
    rate(ui, ["2", "1", "NA", "1", "2"])
    assert ui.position == 1
    cur = LabelStore(tmp_path / "l.db").current()
    assert len(cur) == 5 and cur["value"].isna().sum() == 1 and set(cur["item"]) == {"r0"}
    assert "labelled 1 of 5" in ui.header.value and ui.bar.value == 1


def test_undo_goes_back_to_the_item_and_reverts(replies, tmp_path):
    ui = label(replies, rater="ana", store=tmp_path / "l.db")
    rate(ui, ["2", "1", "NA", "1", "2"])
    ui.undo_button.click()
    assert ui.position == 0 and ui.buttons["tone"].value is None and ui.buttons["act"].value == "1"
    assert len(ui.store.current()) == 4


def test_skip_next_previous_and_first_unlabelled(replies, tmp_path):
    ui = label(replies, rater="ana", store=tmp_path / "l.db")
    ui.skip.click()
    assert ui.position == 1 and ui.store.notes()["note"].tolist() == ["skipped"]
    rate(ui, ["1"] * 5)
    assert ui.position == 2
    ui.prev.click()
    ui.prev.click()
    assert ui.position == 0
    ui.next.click()
    ui.first_open.click()
    assert ui.position == 0


def test_resume_after_recreating_the_widget(replies, tmp_path):
    ui = label(replies, rater="ana", store=tmp_path / "l.db")
    rate(ui, ["1"] * 5)
    rate(ui, ["2"] * 5)
    again = label(replies, rater="ana", store=tmp_path / "l.db")
    assert again.position == 2
    again.prev.click()
    assert [again.buttons[d].value for d in DIMS] == ["2"] * 5
    assert label(replies, rater="ben", store=tmp_path / "l.db").position == 0


def test_blind_mode_then_reveal(replies, tmp_path):
    store = tmp_path / "l.db"
    ben = label(replies, rater="ben", store=store, auto_advance=False)
    rate(ben, ["0", "0", "0", "0", "0"])
    ana = label(replies, rater="ana", store=store, auto_advance=False)
    assert ana.reveal.disabled
    ana._on_reveal()
    assert "Label every dimension first" in ana.revealed.value and "ben" not in ana.revealed.value
    rate(ana, ["1", "1", "1", "1", "1"])
    assert not ana.reveal.disabled
    ana.reveal.click()
    assert "ben" in ana.revealed.value and "Empathy index" in ana.revealed.value


def test_texts_are_escaped(replies, tmp_path):
    ui = label(replies, rater="ana", store=tmp_path / "l.db")
    assert "<script>" not in ui.card.value and "&lt;script&gt;" in ui.card.value
    assert "<b>again</b>" not in ui.card.value


def test_flag_and_note(replies, tmp_path):
    ui = label(replies, rater="ana", store=tmp_path / "l.db")
    ui.note.value = "sarcasm?"
    ui.save_note.click()
    ui.flag.value = True
    assert ui.store.flags()["item"].tolist() == ["r0"] and "sarcasm?" in ui.store.notes()["note"].tolist()


def test_callback_errors_are_shown_in_the_widget(replies, tmp_path):
    ui = label(replies, rater="ana", store=tmp_path / "l.db")
    ui.store.close()  # the store goes away under the widget
    ui.buttons["tone"].value = "2"
    assert "Something went wrong" in ui.errors.value and "ProgrammingError" in ui.errors.value


def test_workshop_app_asks_for_a_name(replies, tmp_path):
    app = workshop_app(replies, tmp_path / "room.db")
    start = app.children[1].children[1]
    start.click()
    assert "type your name" in app.children[2].value
    app.children[1].children[0].value = "Ana"
    start.click()
    assert app.children[0].rater == "Ana"
