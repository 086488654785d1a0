"""The kit installed from its wheel, outside the checkout: everything it loads is package data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _uv() -> list[str]:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found:
        return [found]
    return [sys.executable, "-m", "uv"]


def _run(cmd, cwd, env=None, timeout=600):
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtual environment with the kit installed from a wheel built from this checkout."""
    where = tmp_path_factory.mktemp("wheel")
    _run([*_uv(), "build", "--wheel", "--out-dir", str(where / "dist"), str(ROOT)], cwd=where)
    wheels = list((where / "dist").glob("empathy_kit-*.whl"))
    assert len(wheels) == 1, wheels
    _run([*_uv(), "venv", "--quiet", "--python", sys.executable, str(where / "venv")], cwd=where)
    python = where / "venv" / "bin" / "python"
    _run([*_uv(), "pip", "install", "--quiet", "--python", str(python), str(wheels[0])], cwd=where)
    work = where / "elsewhere"  # no checkout here: nothing to find by accident
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return python, work, env


def test_the_wheel_holds_its_data_and_the_library_finds_it(installed):
    python, work, env = installed
    out = _run(
        [
            str(python),
            "-c",
            "import helpers, pathlib\n"
            "assert 'site-packages' in helpers.__file__, helpers.__file__\n"
            "print(helpers.load_rubric().label)\n"
            "print(len(helpers.load_workshop()), len(helpers.load_cases()), len(helpers.load_example_labels()))\n"
            "from helpers.cli.label_app import APP\n"
            "print(APP.name, APP.is_file())\n"
            "w = helpers.load_workshop().dropna(subset=['reply_text']).head(20)\n"
            "print(helpers.score_replies(w)['empathy_index'].notna().all())\n"
            "print(helpers.package_file('helpers.reporting', 'evaluation.ipynb').is_file())\n"
            "print(helpers.environment_check()['ok'].all())\n"
            "import threading, urllib.request\n"  # the room's pages are package data too
            "room = helpers.serve_room(w, pathlib.Path('room.db'), port=0)\n"
            "threading.Thread(target=room.serve_forever, daemon=True).start()\n"
            "url = f'http://127.0.0.1:{room.server_address[1]}'\n"
            "print('Rate the replies' in urllib.request.urlopen(url + '/').read().decode(),\n"
            "      'The room' in urllib.request.urlopen(url + '/facilitator').read().decode())\n"
            "room.shutdown()",
        ],
        cwd=work,
        env=env,
    )
    assert out.split() == [
        "empathy-v1@1.0.0",
        "230",
        "18",
        "720",
        "label_app.ipynb",
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
    ], out


def test_the_installed_command_scores_and_summarises_a_file_elsewhere(installed):
    python, work, env = installed
    data = work / "export.csv"
    shutil.copyfile(ROOT / "helpers" / "data" / "files" / "workshop_replies.csv", data)
    cli = python.parent / "empathy-kit"
    _run([str(cli), "score", str(data), "-o", str(work / "scored.csv")], cwd=work, env=env)
    assert (work / "scored.csv").stat().st_size > 10_000
    out = _run([str(cli), "latency", str(data), "--by", "channel"], cwd=work, env=env)
    assert "facebook" in out and "median_min" in out
