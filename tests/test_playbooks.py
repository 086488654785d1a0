"""The playbooks: built from their sources, the shared opening, no outputs except the checked ones."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "playbooks").glob("*.ipynb"))
_spec = importlib.util.spec_from_file_location("build_playbooks", ROOT / "scripts" / "build_playbooks.py")
build_playbooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_playbooks)


def test_every_committed_notebook_matches_its_source():
    assert build_playbooks.differences() == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_shared_opening_and_no_stray_outputs(path):
    nb = json.loads(path.read_text())
    first = "".join(nb["cells"][0]["source"])
    assert re.match(r"# .+\n\n\*\*What you will learn\*\*\n(- .+\n)+\n\*\*Time\*\*: about \d+ minutes\.", first), first
    assert [c["id"] for c in nb["cells"]] == [f"c{i:02d}" for i in range(len(nb["cells"]))]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "nbval-check-output" not in cell["metadata"].get("tags", []):
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["id"]


@pytest.mark.parametrize("path", sorted((ROOT / "playbooks" / "src").glob("*.py")), ids=lambda p: p.stem)
def test_playbooks_use_only_the_public_api(path):
    for line in path.read_text().splitlines():
        assert not re.match(r"\s*from helpers\.", line), f"{path.name}: {line.strip()} (use `from helpers import ...`)"
