"""Fuzz: a few hundred seeded mutations of valid files; none may crash, hang or leave a problem unlocated.

`make fuzz` runs thousands (bench/fuzz.py). A failure prints its seed, case number and the file
as validated, so it can be replayed and kept as a case under tests/cases/.
"""

from __future__ import annotations

import random

import pytest
from fuzzing import make_repo, mutate, mutate_issue, run_case, run_issue_case

SEED = 20261203
CASES = 300
ISSUE_CASES = 150


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return make_repo(tmp_path_factory.mktemp("fuzz"))


def test_mutated_files_are_judged_without_a_crash_with_every_problem_located(repo):
    rng = random.Random(SEED)
    failures = []
    for index in range(CASES):
        verdict = run_case(repo, mutate(rng))
        if verdict.faults:
            failures.append(f"seed {SEED} case {index} ({verdict.case.place}, {verdict.case.how}): "
                            f"{verdict.faults}\n{verdict.case.text!r}"[:2000])
    assert failures == [], "\n\n".join(failures[:5])


def test_mutated_issue_forms_never_end_in_an_internal_error_or_an_invalid_file(repo):
    rng = random.Random(SEED)
    failures = []
    for index in range(ISSUE_CASES):
        verdict = run_issue_case(repo, mutate_issue(rng))
        if verdict.faults:
            failures.append(f"seed {SEED} issue case {index} ({verdict.case.place}, {verdict.case.how}): "
                            f"{verdict.faults}\n{verdict.case.text!r}"[:2000])
    assert failures == [], "\n\n".join(failures[:5])
