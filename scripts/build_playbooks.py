"""Build the playbooks (playbooks/*.ipynb) from their readable sources (playbooks/src/*.py).

Each playbook is written as a jupytext "py:percent" file: ``# %% [markdown]`` cells of prose and
``# %%`` code cells, linted by ruff like the rest of the kit. The notebooks are built from them
with stable cell ids (c00, c01, ...) and no outputs, except playbook 07, whose cells tagged
``nbval-check-output`` keep the outputs nbval checks strictly; 07 is also shipped inside the
package as ``helpers/reporting/evaluation.ipynb`` (what ``make report`` runs). Edit a source, then:

    .venv/bin/python scripts/build_playbooks.py          # write the notebooks (executes 07 once)
    .venv/bin/python scripts/build_playbooks.py --check  # exit 1 when a notebook differs from its source

``tests/test_playbooks.py`` runs the check.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "playbooks" / "src"
OUT = ROOT / "playbooks"
CHECKED = "nbval-check-output"
REPORT = "07_reproduce_an_evaluation"
PACKAGED = ROOT / "helpers" / "reporting" / "evaluation.ipynb"


def build(source: Path) -> nbformat.NotebookNode:
    """The notebook for one source file, without outputs."""
    nb = jupytext.read(source, fmt="py:percent")
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    for number, cell in enumerate(nb.cells):
        cell.id = f"c{number:02d}"  # stable ids: rebuilding does not churn the diff
        cell.metadata = {"tags": cell.metadata["tags"]} if cell.metadata.get("tags") else {}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nbformat.validator.normalize(nb)[1] if hasattr(nbformat.validator, "normalize") else nb


def comparable(nb: nbformat.NotebookNode) -> list[tuple]:
    """What must match between a committed notebook and its source: ids, kinds, tags, text, and no
    outputs outside the cells tagged nbval-check-output."""
    return [
        (
            c.get("id"),
            c.cell_type,
            tuple(c.metadata.get("tags", [])),
            c.source.strip(),
            c.cell_type == "code" and CHECKED not in c.metadata.get("tags", []) and bool(c.get("outputs")),
        )
        for c in nb.cells
    ]


def keep_checked_outputs(path: Path) -> None:
    """Execute a notebook and keep only the outputs of cells tagged nbval-check-output."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECKED not in cell.metadata.get("tags", []):
            cell.outputs, cell.execution_count = [], None
        else:
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "display_data"]
    nbformat.write(nb, path)


def differences() -> list[str]:
    """Playbooks whose committed notebook does not match their source (empty when all match)."""
    problems = []
    sources = sorted(SRC.glob("*.py"))
    for source in sources:
        target = OUT / f"{source.stem}.ipynb"
        if not target.exists():
            problems.append(f"{target.relative_to(ROOT)} is missing: run scripts/build_playbooks.py")
        elif comparable(nbformat.read(target, as_version=4)) != comparable(build(source)):
            problems.append(
                f"{target.relative_to(ROOT)} differs from {source.relative_to(ROOT)}: run scripts/build_playbooks.py"
            )
    extra = {p.stem for p in OUT.glob("*.ipynb")} - {s.stem for s in sources}
    problems += [f"playbooks/{name}.ipynb has no source in playbooks/src/" for name in sorted(extra)]
    report = OUT / f"{REPORT}.ipynb"
    if report.exists() and (not PACKAGED.exists() or PACKAGED.read_bytes() != report.read_bytes()):
        problems.append(
            f"{PACKAGED.relative_to(ROOT)} is not a copy of {report.relative_to(ROOT)}: run scripts/build_playbooks.py"
        )
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the notebooks match their sources")
    args = parser.parse_args(argv)
    if args.check:
        problems = differences()
        print("\n".join(problems) or "every playbook matches its source")
        return 1 if problems else 0
    for source in sorted(SRC.glob("*.py")):
        target = OUT / f"{source.stem}.ipynb"
        nbformat.write(build(source), target)
        if source.stem == REPORT:
            keep_checked_outputs(target)
            shutil.copyfile(target, PACKAGED)
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
