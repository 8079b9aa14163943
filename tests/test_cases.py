"""Case files: each gives exactly the expected report, and cases and expectations match one to one."""

from __future__ import annotations

import pytest
import yaml
from casetools import CASES, case_files, report_body, run_case

EXPECTED = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))


def test_every_case_has_an_expectation_and_every_expectation_a_case():
    names = {case.stem for case in case_files()}
    assert sorted(names - set(EXPECTED)) == [], "用例文件缺少预期结果"
    assert sorted(set(EXPECTED) - names) == [], "预期结果没有对应的用例文件"


def test_case_names_follow_rule_underscore_problem():
    for case in case_files():
        assert "_" in case.stem, case.name


@pytest.mark.parametrize("case", case_files(), ids=lambda p: p.stem)
def test_case_report_is_exact(case, tmp_path):
    expected = EXPECTED[case.stem]
    result = run_case(case, expected["place"], tmp_path)
    assert report_body(result) == expected["report"]


@pytest.mark.parametrize("case", sorted((CASES / "invalid").glob("*.yaml")), ids=lambda p: p.stem)
def test_invalid_case_reports_its_own_rule(case, tmp_path):
    """The file name promises a rule (units_<rule>_… for the registry, request_<rule>_… for a request
    when the rule also applies to entries); the report must contain it."""
    stem = case.stem.removeprefix("units_").removeprefix("request_").removeprefix("feedback_")
    rule = stem.split("_")[0]
    result = run_case(case, EXPECTED[case.stem]["place"], tmp_path)
    rules = {p.rule for p in result.problems}
    assert rule in rules, rules


@pytest.mark.parametrize("case", sorted((CASES / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_valid_case_has_no_problem(case, tmp_path):
    assert run_case(case, EXPECTED[case.stem]["place"], tmp_path).problems == []
