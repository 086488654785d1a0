"""The marker rules: every rule's own examples must match it and its counterexamples must not."""

import re

import pytest

from helpers.data.errors import DataError
from helpers.scoring.markers import FAMILIES, find_markers, load_markers

RULES = load_markers().markers


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):
    rx = re.compile(rule.pattern, 0 if rule.case_sensitive else re.IGNORECASE)
    assert rule.examples, f"{rule.id} has no examples"
    for text in rule.examples:
        assert rx.search(text), f"{rule.id} should match {text!r}"
    for text in rule.counterexamples:
        assert not rx.search(text), f"{rule.id} should not match {text!r}: {rx.search(text).group()!r}"


def test_every_family_has_a_rule():
    have = {(r.side, r.family) for r in RULES}
    for side, families in FAMILIES.items():
        for family in families:
            assert (side, family) in have, f"no rule for {side} family {family}"


def test_team_file_adds_and_replaces_rules(tmp_path):
    team = tmp_path / "acme.yaml"
    team.write_text(
        "rules:\n"
        "  - {id: act_redirect.dm, side: reply, family: act_redirect, pattern: 'ring the hotline'}\n"
        "  - {id: acme.warm, side: reply, family: warm, pattern: 'nice one, mate'}\n"
    )
    rules = load_markers(team)
    assert len(rules) == len(RULES) + 1
    hits = find_markers(["Please DM us. Nice one, mate"], rules)[0]
    assert [h.rule for h in hits if h.family in ("act_redirect", "warm")] == ["acme.warm"]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("rules:\n  - {id: x, side: reply, family: cuteness, pattern: 'a'}\n", "unknown reply family 'cuteness'"),
        ("rules:\n  - {id: x, side: agent, family: warm, pattern: 'a'}\n", "side must be 'reply' or 'customer'"),
        ("rules:\n  - {id: x, side: reply, family: warm, pattern: '(unclosed'}\n", "not a valid regular expression"),
        ("rules:\n  - {id: x, side: reply, family: warm}\n", "rules[0] ('x'): missing key 'pattern'"),
        ("rules:\n  - {id: x, side: reply, family: warm, pattern: '(?P<n>a)'}\n", "named groups are not allowed"),
        ("rule: []\n", "top-level 'rules:' list"),
    ],
)
def test_bad_marker_file(tmp_path, body, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(DataError) as err:
        load_markers(path)
    assert expected in str(err.value) and "bad.yaml" in str(err.value)


def test_arrow_engine_agrees_with_python_on_every_example():
    import pyarrow as pa

    rules = load_markers()
    texts = [t for r in RULES for t in (*r.examples, *r.counterexamples)]
    for side in ("reply", "customer"):
        fast = rules.match_arrays(pa.array(texts), side)
        for i, text in enumerate(texts):
            slow = {h.family for h in rules.find(text, side)}
            assert {f for f, m in fast.items() if m.matched[i]} == slow, text


def test_a_rule_re2_cannot_compile_still_works(tmp_path):
    import pyarrow as pa

    team = tmp_path / "team.yaml"
    team.write_text("rules:\n  - {id: team.look, side: reply, family: snark, pattern: 'nice(?= try)'}\n")
    found = load_markers(team).match_arrays(pa.array(["nice try", "nice day"]), "reply")["snark"]
    assert found.matched.tolist() == [True, False] and found.evidence[0].as_py() == 'team.look: "nice"'
