"""A room full of people, driven through Chromium: used by the browser test (10 people) and by
``benchmarks/bench_room.py`` (30 people). Everything listens on 127.0.0.1 and every wait is bounded."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd

from helpers import LabelStore
from tests.browser.conftest import ARGS, CHROMIUM, free_port, wait_http

RENDERERS = 8  # measured: 1, 3 and 8 renderer processes for 30 pages; 8 starts the room fastest here
# Chromium features a labelling page does not need, and no throttling of pages in the background (30 pages
# share one headless browser here; each person's own browser is in the foreground)
LIGHT = ["--disable-extensions", "--disable-default-apps",
         "--disable-features=Translate,OptimizationHints,MediaRouter,PaintHolding", "--disable-renderer-backgrounding",
         "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"]  # fmt: skip
THINK_SECONDS = 1.0  # a person reads the level before the next click: 30 people then click ~20 times a second
DIMS = ["acknowledge", "personalize", "apologize", "act", "tone"]
LONG_URL = "https://help.example.com/track?" + "&".join(f"p{i}=abcdefghij" for i in range(30))  # 448 characters
LONG_REPLY = ("We are so sorry. " * 500)[:8559]


def replies_file(tmp_path, n=12, long=False):
    rows = [
        {"post_id": f"p{i}", "reply_id": f"r{i}", "thread_id": f"p{i}", "brand": "Skyline Air", "channel": "twitter",
         "customer_text": f"My bag {i} never arrived, so frustrating", "customer_at": "2024-05-03T10:00:00+00:00",
         "reply_text": f"Sorry about bag {i}! I've traced it. -Mia", "reply_at": "2024-05-03T10:20:00+00:00"}
        for i in range(n)
    ]  # fmt: skip
    if long:
        rows[0]["reply_text"] = f"Sorry! Track it here: {LONG_URL} and tell me if it moves. ^Mia"
        rows[1]["reply_text"] = LONG_REPLY
    path = tmp_path / "replies.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


class RoomServer:
    """``empathy-kit label-app`` in a process of its own."""

    def __init__(self, data, store, port=None):
        self.data, self.store, self.port = data, store, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.start()

    def start(self):
        cmd = [sys.executable, "-m", "helpers.cli", "label-app", str(self.data), "--store", str(self.store),
               "--port", str(self.port)]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wait_http(self.url + "api/items", self.proc, timeout=60)

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) / 1024


async def _participant(browser, url, name, clicks, timings, think):
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    opened = time.perf_counter()
    await page.goto(url)
    await page.fill("#name", name)
    await page.click("#go")
    await page.wait_for_selector(".levels button", timeout=60_000)
    timings["first_item"].append(time.perf_counter() - opened)
    # in the page: from the start of navigation to the first item on screen, and the server's first byte
    marks = await page.evaluate(
        "() => [performance.getEntriesByName('first-item')[0].startTime,"
        " performance.getEntriesByType('navigation')[0].responseStart]"
    )
    timings["first_item_page"].append(marks[0] / 1000)
    timings["first_byte"].append(marks[1] / 1000)
    acknowledged = []
    await page.wait_for_timeout(200)
    for k in range(clicks):
        dim = DIMS[k % len(DIMS)]
        value = str(k % 3)
        if k and k % len(DIMS) == 0:
            await page.click("#next")
        await page.wait_for_timeout(think * 1000 * (0.5 + random.random()))
        item = await page.get_attribute("#card", "data-item")
        started = time.perf_counter()
        await page.click(f".levels button[data-dimension='{dim}'][data-value='{value}']")
        await page.wait_for_selector(
            f".levels button.chosen[data-dimension='{dim}'][data-value='{value}']", timeout=30_000
        )
        timings["driver"].append(time.perf_counter() - started)
        acknowledged.append((item, dim, float(value)))
    timings["saved"] += [t / 1000 for t in await page.evaluate("() => window.saveTimes")]
    await context.close()
    return name, acknowledged


def run_room(url, people: int, clicks: int, think: float = THINK_SECONDS) -> dict:
    """``people`` pages open the room at the same moment and each clicks ``clicks`` levels.

    Runs Playwright's async API in a thread of its own: the sync API of other browser tests may hold an
    event loop in this one.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _run_room(url, people, clicks, think)).result(timeout=600)


async def _run_room(url, people: int, clicks: int, think: float) -> dict:
    from playwright.async_api import async_playwright

    timings = {"first_item": [], "first_item_page": [], "first_byte": [], "saved": [], "driver": []}
    async with async_playwright() as p:
        # the load generator shares the 2 cores with the server; in a real room every person brings a device.
        # A limited number of renderer processes keeps Chromium's own start-up from swamping the machine.
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, args=[*ARGS, *LIGHT, f"--renderer-process-limit={RENDERERS}"]
        )
        results = await asyncio.gather(
            *[_participant(browser, url, f"Person {k:02d}", clicks, timings, think) for k in range(people)]
        )
        await browser.close()
    return {"timings": timings, "acknowledged": dict(results)}


def check_store_holds_exactly(store_path, acknowledged: dict) -> None:
    current = stored(store_path)
    for name, clicks in acknowledged.items():
        mine = current[current["rater"] == name]
        expected = {(item, dim): value for item, dim, value in clicks}
        got = {(i, d): v for i, d, v in zip(mine["item"], mine["dimension"], mine["value"])}
        assert got == expected, name
    assert set(current["rater"]) == set(acknowledged)


def stored(store_path) -> pd.DataFrame:
    with LabelStore(store_path) as store:
        return store.current()


def percentile(values, q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]
