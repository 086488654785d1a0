"""README, Makefile, pyproject.toml, environment.yml and .ci/run must agree."""

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge spells a few PyPI names differently
CONDA_NAMES = {"vadersentiment": "vadersentiment", "dask": "dask-core"}


def _pyproject_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"]) + [d for ds in project["optional-dependencies"].values() for d in ds]
    pins = {}
    for spec in specs:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)~=(\d+)\.(\d+)\.\d+", spec.split(";")[0].strip())
        assert m, f"pyproject.toml: {spec!r} is not pinned to a minor version as NAME~=X.Y.0"
        pins[m.group(1).lower()] = f"{m.group(2)}.{m.group(3)}"
    return pins


def _conda_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, ver = dep.split("=", 1)
            pins[name.strip().lower()] = ver.strip()
    return pins


def test_environment_yml_mirrors_pyproject():
    py, conda = _pyproject_pins(), _conda_pins()
    conda.pop("python", None)
    expected = {CONDA_NAMES.get(k, k): v for k, v in py.items()}
    missing = sorted(set(expected) - set(conda))
    extra = sorted(set(conda) - set(expected))
    differ = sorted(k for k in set(expected) & set(conda) if expected[k] != conda[k])
    assert not missing, f"environment.yml lacks {missing}: add them, pinned as in pyproject.toml"
    assert not extra, f"environment.yml has {extra} that pyproject.toml does not: remove or add to both"
    assert not differ, {k: (expected[k], conda[k]) for k in differ}


def test_every_environment_dependency_says_why():
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if re.match(r"\s+- [a-z].*=", line):
            assert "#" in line, f"environment.yml: {line.strip()!r} needs a comment saying why it is there"


def test_readme_commands_exist_in_makefile_and_ci_runs_them():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"`make ([a-z-]+)`", readme):
        assert re.search(rf"^{target}:", makefile, re.M), f"README mentions `make {target}`, Makefile lacks it"
    assert "make lab" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert "make test" in commands
    assert all(c in ("make test", "set -euo pipefail") or c.startswith("cd ") for c in commands), (
        f".ci/run runs something the README does not: {commands}"
    )
