"""The workshop app in a real browser (Voila + Chromium), and the widget inside JupyterLab."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

from helpers.cli.label_app import voila_command
from helpers.labelling.store import LabelStore

pytestmark = pytest.mark.browser

DIMS = ["acknowledge", "personalize", "apologize", "act", "tone"]
XSS = "<img src=x onerror=alert(1)> <script>alert(2)</script> still waiting for my refund"


def replies_csv(tmp_path, n=6):
    rows = [
        {
            "post_id": f"p{i}",
            "reply_id": f"r{i}",
            "thread_id": f"p{i}",
            "brand": "Skyline Air",
            "channel": "twitter",
            "customer_text": XSS if i == 0 else f"My bag {i} never arrived, so frustrating",
            "customer_at": "2024-05-03T10:00:00+00:00",
            "reply_text": "<b>Sorry</b> <img src=x onerror=alert(3)>"
            if i == 0
            else f"Sorry about bag {i}! I've traced it. -Mia",
            "reply_at": "2024-05-03T10:20:00+00:00",
        }
        for i in range(n)
    ]
    path = tmp_path / "replies.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def rate_current_item(page, level="1"):
    """Click one level button in every dimension row of the widget."""
    for row in range(len(DIMS)):
        group = page.locator(".widget-toggle-buttons").nth(row)
        group.locator("button", has_text=level if row != 2 else "N/A").first.click()
        page.wait_for_timeout(150)


def test_voila_app_labels_resumes_and_escapes(tmp_path, serve, page, shot):
    data, store = replies_csv(tmp_path), tmp_path / "room.db"
    env = {"EMPATHY_KIT_DATA": str(data), "EMPATHY_KIT_STORE": str(store)}
    url = serve([c.replace(str(8866), "{port}") for c in voila_command(8866, "127.0.0.1")], env=env, cwd=str(tmp_path))
    page.goto(url, timeout=120_000)
    page.get_by_placeholder("your first name").fill("Ana", timeout=120_000)
    page.get_by_role("button", name="Start labelling").click()
    page.wait_for_selector(".ek-card", timeout=60_000)
    # (3) untrusted text shows as text: no dialog, no injected element
    assert "<script>alert(2)</script>" in page.locator(".ek-card").inner_text()
    assert page.locator(".ek-card img").count() == 0 and page.locator(".ek-card script").count() == 0
    shot(page, "voila_first_item")
    for _ in range(3):
        before = page.locator(".ek-meta").inner_text()
        rate_current_item(page)
        page.wait_for_function("b => document.querySelector('.ek-meta').innerText !== b", arg=before, timeout=20_000)
    shot(page, "voila_after_three")
    page.reload()
    page.get_by_placeholder("your first name").fill("Ana", timeout=120_000)
    page.get_by_role("button", name="Start labelling").click()
    page.wait_for_selector(".ek-card", timeout=60_000)
    assert "item r3" in page.locator(".ek-meta").inner_text()
    assert "item 4 of 6" in page.locator("text=item 4 of 6").first.inner_text()
    shot(page, "voila_resumed")
    page.locator(".widget-toggle-buttons").nth(0).locator("button", has_text="2").click()
    page.locator(".ek-hint", has_text="2: Names the customer's specific situation").wait_for(timeout=20_000)
    # the hint shows before the label is stored: wait for the app's own "saved" status, not for the hint
    page.get_by_text("saved acknowledge = 2").wait_for(timeout=20_000)
    shot(page, "voila_in_progress")
    assert page.dialogs == []
    labels = LabelStore(store).current()
    assert sorted(labels["item"].unique()) == ["r0", "r1", "r2", "r3"] and len(labels) == 16


def test_widget_renders_and_saves_in_jupyterlab(tmp_path, serve, page, shot):
    data, store = replies_csv(tmp_path, 3), tmp_path / "lab.db"
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": [
                    "import pandas as pd\n",
                    "from helpers import label\n",
                    f"label(pd.read_csv({str(data)!r}), rater='lab', store={str(store)!r})",
                ],
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "t.ipynb").write_text(json.dumps(nb))
    url = serve(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.token=",
            "--ServerApp.password=",
            "--allow-root",
            f"--notebook-dir={tmp_path}",
            "--LabApp.news_url=",
            "--ServerApp.disable_check_xsrf=True",
        ],
        url_path="/lab",
    )
    page.goto(url.replace("/lab", "/lab/tree/t.ipynb"), timeout=120_000)
    # the kernel is connected (status bar says Idle), not just started: a Run sent earlier does nothing
    page.locator("#jp-main-statusbar").get_by_text("Idle").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    page.locator(".jp-Notebook").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_selector(".ek-card", timeout=120_000)
    page.locator(".widget-toggle-buttons").nth(4).locator("button", has_text="2").click()
    page.wait_for_selector("text=saved tone = 2", timeout=30_000)
    shot(page, "jupyterlab_widget")
    got = LabelStore(store).current()
    assert got[["rater", "dimension", "value"]].to_dict("records") == [
        {"rater": "lab", "dimension": "tone", "value": 2.0}
    ]
