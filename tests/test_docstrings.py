"""Every public function documents itself in numpydoc form, with an example that runs as a doctest."""

from __future__ import annotations

import inspect

import pytest

import helpers

PUBLIC = sorted(n for n in helpers.__all__ if callable(getattr(helpers, n)) and not n.startswith("_"))
EXCEPTIONS = {"DataError", "DataWarning", "AgreementWarning"}  # documented by their class docstring only


@pytest.mark.parametrize("name", [n for n in PUBLIC if n not in EXCEPTIONS])
def test_public_function_has_numpydoc_and_an_example(name):
    obj = getattr(helpers, name)
    doc = inspect.getdoc(obj) or ""
    params = [p for p in inspect.signature(obj).parameters if p not in ("self", "args", "kwargs")]
    assert doc, f"helpers.{name} has no docstring"
    if params:
        assert "Parameters\n----------" in doc, f"helpers.{name}: add a numpydoc Parameters section"
    assert "Examples\n--------" in doc and ">>>" in doc, f"helpers.{name}: add an Examples section with a doctest"
