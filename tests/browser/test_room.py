"""The workshop room in a real browser: Debian's Chromium through Playwright, the server on 127.0.0.1.

Each test starts ``empathy-kit label-app`` as its own process (so it can be killed with SIGKILL) and
checks what a participant sees against what the store holds.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

from helpers import LabelStore, agreement_summary
from tests.browser.conftest import stop
from tests.browser.room_load import (
    DIMS,
    RoomServer,
    check_store_holds_exactly,
    percentile,
    replies_file,
    run_room,
    stored,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def room(tmp_path):
    servers = []

    def make(n=12, long=False):
        server = RoomServer(replies_file(tmp_path, n, long), tmp_path / "room.db")
        servers.append(server)
        return server

    yield make
    for s in servers:
        stop(s.proc)


def join(page, url, name, enter=False):
    page.goto(url)
    page.fill("#name", name)
    if enter:
        page.press("#name", "Enter")
    else:
        page.click("#go")


def click_level(page, dimension, value):
    page.click(f".levels button[data-dimension='{dimension}'][data-value='{value}']")
    page.wait_for_selector(f".levels button.chosen[data-dimension='{dimension}'][data-value='{value}']", timeout=5000)


def rate_all(page, level="1"):
    for d in DIMS:
        click_level(page, d, "NA" if d == "apologize" and level == "NA" else level)


# ------------------------------------------------------------------ a room of ten, at once


def test_ten_people_join_at_once_label_and_every_click_is_stored_under_their_name(room):
    server = room(n=12)
    result = run_room(server.url, people=10, clicks=10)
    first, p90 = max(result["timings"]["first_item"]), percentile(result["timings"]["saved"], 0.9)
    print(f"10 people: first item max {first:.2f} s, click->saved p90 {p90 * 1000:.0f} ms, "
          f"server {server.rss_mb():.0f} MB")  # fmt: skip
    assert first < 15 and p90 < 0.3
    check_store_holds_exactly(server.store, result["acknowledged"])
    events = LabelStore(server.store).events()
    assert events["session"].notna().all() and events.groupby("rater")["session"].nunique().eq(1).all()


# ------------------------------------------------------------------ identity


def test_a_name_in_use_is_refused_unless_it_is_the_same_person(room, browser):
    server = room()
    a, b = browser.new_page(), browser.new_page()
    join(a, server.url, "Noor")
    a.wait_for_selector(".levels button")
    click_level(a, "tone", "2")
    join(b, server.url, "  NOOR ")  # case and spaces do not make another person
    b.wait_for_selector("#same-person", state="visible")
    assert "is labelling in another open page" in b.inner_text("#join-msg")
    b.click("#same-person")  # the same person on a second device
    b.wait_for_selector(".levels button.chosen[data-dimension='tone'][data-value='2']")  # resumes her labels
    a.click(".levels button[data-dimension='act'][data-value='1']")
    a.wait_for_selector("#banner.show")
    assert "opened on another device" in a.inner_text("#banner")
    assert a.locator(".levels button.chosen[data-dimension='act']").count() == 0  # not shown as saved
    current = stored(server.store)
    assert set(current["rater"]) == {"Noor"} and len(current) == 1


def test_enter_in_the_name_box_starts_and_no_request_leaves_the_machine(room, page):
    server = room()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    join(page, server.url, "ana", enter=True)
    page.wait_for_selector(".levels button")
    assert "reply 1 of 12" in page.inner_text(".meta")
    click_level(page, "tone", "1")
    assert requested and all(u.startswith(server.url) for u in requested), requested  # no fonts, no CDN


# ------------------------------------------------------------------ the card


@pytest.mark.parametrize("width", [390, 1200])
def test_long_urls_wrap_and_the_buttons_stay_in_reach(room, browser, shot, width):
    server = room(long=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    join(page, server.url, f"w{width}")
    page.wait_for_selector(".levels button")
    for k in range(2):  # the 448-character URL, then the 8,559-character reply
        overflow = page.evaluate(
            "() => [...document.querySelectorAll('.reply, .card')].map(e => e.scrollWidth - e.clientWidth)"
        )
        assert max(overflow) <= 0, overflow  # nothing is cut off at the card's edge
        last = page.locator(".levels button[data-dimension='tone']").last.bounding_box()
        assert last["y"] + last["height"] < 2 * 900, last  # the buttons are near, the long reply scrolls inside
        rows = page.evaluate(
            "() => [...document.querySelectorAll('.levels')]"
            ".map(r => new Set([...r.children].map(b => b.offsetTop)).size)"
        )
        assert max(rows) == 1, rows  # every dimension's levels in one line, also at phone width
        shot(page, f"room_long_{k}_{width}")
        page.click("#next")


def test_a_quick_correction_lands_on_the_item_on_screen(room, page):
    server = room()
    join(page, server.url, "ana")
    page.wait_for_selector(".levels button")
    rate_all(page, "1")
    click_level(page, "tone", "2")  # a correction right after the last dimension: no automatic move on
    assert "reply 1 of 12" in page.inner_text(".meta")
    current = stored(server.store).set_index(["item", "dimension"])["value"]
    assert current[("r0", "tone")] == 2.0 and ("r1", "tone") not in current.index


def test_back_and_forward_stay_in_the_app(room, page):
    server = room()
    join(page, server.url, "ana")
    page.wait_for_selector(".levels button")
    page.click("#next")
    page.wait_for_function("() => location.hash === '#item=1'")
    page.go_back()
    page.wait_for_function("() => document.querySelector('.meta').innerText.includes('reply 1 of 12')")
    page.go_forward()
    page.wait_for_function("() => document.querySelector('.meta').innerText.includes('reply 2 of 12')")
    assert page.is_hidden("#start")  # no name asked again


# ------------------------------------------------------------------ telling the truth about saving


def test_a_dropped_connection_is_said_and_no_click_shows_as_saved(room, browser):
    server = room()
    context = browser.new_context()
    page = context.new_page()
    join(page, server.url, "ana")
    page.wait_for_selector(".levels button")
    click_level(page, "tone", "2")
    context.set_offline(True)
    page.click(".levels button[data-dimension='act'][data-value='1']")
    page.wait_for_selector("#banner.show", timeout=5000)
    assert "NOT" in page.inner_text("#banner") and "NOT saved" in page.inner_text("#status")
    assert page.locator(".levels button.chosen[data-dimension='act']").count() == 0
    context.set_offline(False)
    page.wait_for_selector("#banner.show", state="hidden", timeout=12_000)  # the next ping clears it
    assert set(stored(server.store)["dimension"]) == {"tone"}
    context.close()


def test_after_a_killed_server_a_reload_is_back_at_the_next_item_within_5_s(room, page):
    server = room()
    join(page, server.url, "ana")
    page.wait_for_selector(".levels button")
    rate_all(page, "1")
    page.click("#next")
    click_level(page, "tone", "0")
    server.kill()  # SIGKILL: no chance to flush or say goodbye
    server.start()
    started = time.perf_counter()
    page.reload()
    page.wait_for_selector(".levels button.chosen[data-dimension='tone'][data-value='0']", timeout=5000)
    assert time.perf_counter() - started < 5
    assert "reply 2 of 12" in page.inner_text(".meta")  # the first item not finished
    assert len(stored(server.store)) == 6


# ------------------------------------------------------------------ the facilitator


def test_the_facilitator_sees_progress_and_the_same_alpha_as_agreement_summary(room, browser):
    server = room(n=6)
    pages = []
    for k, name in enumerate(["ana", "ben", "cy"]):
        p = browser.new_page()
        join(p, server.url, name)
        p.wait_for_selector(".levels button")
        for item in range(3):
            for d in DIMS:
                click_level(p, d, str((item + k * (d == "tone") + (d == "act")) % 3))
            p.click("#next")
        pages.append(p)
    view = browser.new_page()
    view.goto(server.url + "facilitator")
    view.wait_for_selector("#agreement tr[data-dimension='tone']", timeout=10_000)
    people = view.inner_text("#people")
    assert all(f"{n}\t3 / 6" in people or f"{n} 3 / 6" in people.replace("\t", " ") for n in ["ana", "ben", "cy"])
    summary = agreement_summary(stored(server.store)[["item", "rater", "dimension", "value"]], n_boot=200)
    alpha = summary[summary["statistic"] == "alpha_ordinal"].set_index("dimension")["estimate"]
    for dim in ["tone", "act"]:
        shown = view.inner_text(f"#agreement tr[data-dimension='{dim}'] .alpha")
        assert shown == ("–" if pd.isna(alpha[dim]) else f"{alpha[dim]:.2f}"), (dim, shown, alpha[dim])
    view.click("#agenda button")
    view.wait_for_selector("#reveal", state="visible")
    assert "Sorry about bag" in view.inner_text("#reveal")
