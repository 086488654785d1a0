"""Durability: concurrent writers lose nothing; a writer killed mid-stream leaves every acknowledged label."""

import os
import signal
import subprocess
import sys
import time

from helpers.labelling.store import LabelStore

WRITER = """
import sys
from helpers.labelling.store import LabelStore
store = LabelStore(sys.argv[1])
rater, n = sys.argv[2], int(sys.argv[3])
for i in range(n):
    event = store.set(f"item{i}", rater, "tone", i % 3)
    print(event, flush=True)   # acknowledged: committed before this line is written
"""


def _spawn(path, rater, n):
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), rater, str(n)], stdout=subprocess.PIPE, text=True)


def test_four_processes_write_2000_labels_without_loss(tmp_path):
    path = tmp_path / "room.db"
    LabelStore(path).close()
    writers = [_spawn(path, f"rater{k}", 500) for k in range(4)]
    acked = [w.communicate(timeout=300)[0].split() for w in writers]
    assert all(w.returncode == 0 for w in writers)
    events = LabelStore(path).events()
    assert len(events) == 2000 == sum(map(len, acked))
    assert events.groupby("rater").size().to_dict() == {f"rater{k}": 500 for k in range(4)}
    assert sorted(events["id"].astype(str)) == sorted(sum(acked, []))


def test_sigkill_mid_stream_keeps_every_acknowledged_label(tmp_path):
    path = tmp_path / "room.db"
    LabelStore(path).close()
    writer = _spawn(path, "ana", 100_000)
    acked = []
    deadline = time.time() + 60
    while len(acked) < 300 and time.time() < deadline:
        acked.append(writer.stdout.readline().strip())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    acked += [line.strip() for line in writer.stdout.read().splitlines() if line.strip()]
    store = LabelStore(path)
    events = store.events()
    assert set(acked) <= set(events["id"].astype(str))
    assert len(events) >= len(acked) >= 300
    assert store.current()["item"].nunique() == len(events)  # readable, consistent
