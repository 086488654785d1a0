"""Shared fixtures: where the read-only external data lives, and small canonical tables."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = ROOT.parent / "shared" / "external"


@pytest.fixture
def external():
    """../shared/external, or skip: the kit never ships that data (licences)."""
    if not EXTERNAL.is_dir():
        pytest.skip("../shared/external is not present next to the repository")
    return EXTERNAL


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
    "\"So sorry, Ana! I've sent a replacement today.\",2024-05-03 16:58:00+00:00,JS\n"
    "p2,,p2,Acme,twitter,Love the new app!,2024-05-03 17:00:00+00:00,,,\n"
)


@pytest.fixture
def good_csv():
    return GOOD_CSV
