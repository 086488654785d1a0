"""Run the evaluation playbook headless and turn it into a self-contained HTML report.

``make report`` and ``empathy-kit report`` call :func:`run_report`: papermill executes
the evaluation playbook (``playbooks/07_reproduce_an_evaluation.ipynb``, shipped inside the
package as ``helpers/reporting/evaluation.ipynb``, both built from ``playbooks/src/``) with the
parameters given (data path, rubric, seed, limit), keeping the executed notebook beside the
report, and nbconvert writes the HTML with the charts embedded and the code cells hidden.
"""

from __future__ import annotations

from pathlib import Path

from helpers.data import DataError, package_file

__all__ = ["run_report", "REPORT_PLAYBOOK"]

REPORT_PLAYBOOK = package_file("helpers.reporting", "evaluation.ipynb")


def run_report(
    out="reports/evaluation.html",
    *,
    notebook=None,
    parameters: dict | None = None,
    show_code: bool = False,
    timeout: int = 600,
) -> Path:
    """Execute ``notebook`` with ``parameters`` and write it as HTML to ``out``; returns the path.

    The executed notebook is kept next to the report (``evaluation.ipynb``) so every number in
    the report can be traced to the cell that computed it.

    Parameters
    ----------
    out : str or Path, default "reports/evaluation.html"
        The HTML report to write (its folder is created); the executed notebook is written beside
        it with the suffix ``.ipynb``.
    notebook : str or Path, optional
        The notebook to run; default: the evaluation playbook shipped with the kit
        (:data:`REPORT_PLAYBOOK`, ``helpers/reporting/evaluation.ipynb``).
    parameters : dict, optional
        Values for the notebook's parameters cell (papermill), e.g. ``{"data": "replies.csv",
        "seed": 1, "limit": 200}``.
    show_code : bool, default False
        Keep the code cells in the HTML (by default only their outputs are shown).
    timeout : int, default 600
        Seconds any one cell may run.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    DataError
        ``notebook`` does not exist.

    Examples
    --------
    >>> from helpers.data.bundled import package_file
    >>> package_file("helpers.reporting", "evaluation.ipynb").name  # the notebook run by default
    'evaluation.ipynb'
    >>> run_report("reports/evaluation.html", parameters={"seed": 1, "limit": 200})  # doctest: +SKIP
    PosixPath('reports/evaluation.html')
    >>> run_report(notebook="no_such_playbook.ipynb")
    Traceback (most recent call last):
    ...
    helpers.data.errors.DataError: no_such_playbook.ipynb: the evaluation playbook is not in this copy ...
    """
    notebook, out = Path(notebook or REPORT_PLAYBOOK), Path(out)
    if not notebook.exists():
        raise DataError(
            "the evaluation playbook is not in this copy of the kit yet",
            file=str(notebook),
            fix="update the kit (git pull), or run another notebook with --notebook",
        )
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    out.parent.mkdir(parents=True, exist_ok=True)
    executed = out.with_suffix(".ipynb")
    papermill.execute_notebook(
        str(notebook),
        str(executed),
        parameters=parameters or {},
        cwd=str(notebook.parent),
        progress_bar=False,
        execution_timeout=timeout,
        kernel_name="python3",
    )
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    out.write_text(body, encoding="utf-8")
    return out
