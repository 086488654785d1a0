"""The ``empathy-kit`` command.

Each module in this package adds one or more sub-commands through ``register(subparsers)``;
the modules are found automatically, so a new command is a new file here. Bad input ends the
command with exit status 2 and a one-paragraph message that says what to fix.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from helpers import DataError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="empathy-kit",
        description="Measure and improve the empathy and speed of a brand's social-media replies.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.func(args)
    except DataError as err:
        print(f"empathy-kit {args.command}: {err}", file=sys.stderr)
        return 2
    except FileNotFoundError as err:
        print(
            f"empathy-kit {args.command}: {err.filename or err}: no such file. "
            "Fix: check the path (relative paths start from the current folder).",
            file=sys.stderr,
        )
        return 2
    except BrokenPipeError:  # e.g. `empathy-kit latency x.csv | head`
        return 0
    return int(status or 0)
