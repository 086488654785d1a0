"""Shared fixtures (the read-only shared data, small canonical tables) and the test-suite's markers.

Markers are set here, so no test can forget them:
- ``external``: every test that reads ``../shared/`` (through the ``external`` or ``shared_dev``
  fixtures); the summary at the end says how many of them ran, since a machine without
  ``../shared`` skips them;
- ``slow``: playbooks (nbval), browser tests and the wheel install; ``make test-fast`` leaves them out.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "external"
_SHARED_FIXTURES = {"external", "shared_dev"}
_external = {"passed": 0, "failed": 0, "skipped": 0}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _SHARED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.external)
        if item.nodeid.endswith(".ipynb") or ".ipynb::" in item.nodeid or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_logreport(report):
    if "external" in report.keywords and (report.when == "call" or report.skipped):
        _external["passed" if report.passed else "skipped" if report.skipped else "failed"] += 1


def pytest_terminal_summary(terminalreporter):
    ran = _external["passed"] + _external["failed"]
    terminalreporter.write_line(
        f"tests on ../shared data (marker 'external'): {ran} ran ({_external['failed']} failed), "
        f"{_external['skipped']} skipped" + ("" if SHARED.is_dir() else " -- ../shared is not next to this checkout")
    )


@pytest.fixture
def external():
    """../shared/external, or skip: the kit never ships that data (licences)."""
    if not EXTERNAL.is_dir():
        pytest.skip("../shared/external is not present next to the repository")
    return EXTERNAL


@pytest.fixture
def shared_dev():
    """../shared/dev (the rater labels the scorer learns from), or skip."""
    if not (SHARED / "dev").is_dir():
        pytest.skip("../shared/dev is not present next to the repository")
    return SHARED / "dev"


@pytest.fixture
def write(tmp_path):
    """Write text or bytes to a file in tmp_path and return its path."""

    def _write(name, content, encoding="utf-8"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding)
        return path

    return _write


GOOD_CSV = (
    "post_id,reply_id,thread_id,brand,channel,customer_text,customer_at,reply_text,reply_at,agent\n"
    "p1,r1,p1,Acme,twitter,My parcel says delivered but it is not here,2024-05-03 16:45:00+00:00,"
    '"So sorry, Ana! I\'ve sent a replacement today.",2024-05-03 16:58:00+00:00,JS\n'
    "p2,,p2,Acme,twitter,Love the new app!,2024-05-03 17:00:00+00:00,,,\n"
)


@pytest.fixture
def good_csv():
    return GOOD_CSV
