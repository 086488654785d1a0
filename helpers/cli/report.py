"""``empathy-kit report``: the evaluation playbook, executed headless, as an HTML report."""

from __future__ import annotations

import json

from helpers import DataError, run_report

__all__ = ["register"]


def _parameters(pairs: list[str] | None) -> dict:
    params = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise DataError(f"-p {pair!r} is not NAME=VALUE", fix="write it as -p seed=7 or -p data_path=my.csv")
        name, value = pair.split("=", 1)
        try:
            params[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            params[name.strip()] = value
    return params


def _report(args) -> int:
    path = run_report(
        args.out, notebook=args.notebook or None, parameters=_parameters(args.param), show_code=args.show_code
    )
    print(f"wrote {path} (executed notebook: {path.with_suffix('.ipynb')})")
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "report",
        help="run the evaluation playbook headless and write an HTML report",
        description="Execute playbooks/07_reproduce_an_evaluation.ipynb with papermill "
        "and write it as HTML, charts included.",
    )
    p.add_argument("--out", default="reports/evaluation.html", help="where to write the HTML report")
    p.add_argument("--notebook", help="the notebook to run (default: the kit's evaluation playbook)")
    p.add_argument(
        "-p",
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a value for the notebook's parameters cell (repeatable), e.g. -p seed=7",
    )
    p.add_argument("--show-code", action="store_true", help="keep the code cells in the report")
    p.set_defaults(func=_report)
