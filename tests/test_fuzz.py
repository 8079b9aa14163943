"""Fuzz: seeded mutations and type confusions of valid files; none may crash, hang or leave a problem unlocated.

A few hundred random mutations and every type confusion run here; `make fuzz` (bench/fuzz.py) runs
thousands. A failure prints its seed, its case number and the file as validated;
`python bench/fuzz.py --seed S --replay N` replays one case and writes it out, to be kept as a case
under tests/cases/ once fixed.
"""

from __future__ import annotations

import pytest
from fuzzing import (
    Case,
    Verdict,
    case_for,
    confusion_cases,
    describe,
    issue_case_for,
    make_repo,
    run_case,
    run_issue_case,
    seed_files,
)

SEED = 20261203
CASES = 300
ISSUE_CASES = 150


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return make_repo(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("name", sorted(seed_files()))
def test_every_starting_file_passes_the_oracle_and_validates_clean(repo, name):
    """A fuzzer that starts from a broken file tests the wrong thing."""
    place, raw = seed_files()[name]
    verdict = run_case(repo, Case(place, raw.decode("utf-8"), "unchanged"))
    assert (verdict.code, verdict.faults) == (0, [])


def test_mutated_files_are_judged_without_a_crash_with_every_problem_located(repo):
    failing = {index: verdict for index in range(CASES) if (verdict := run_case(repo, case_for(SEED, index))).faults}
    assert len(failing) == 0, summary(failing, "--replay")


def test_every_field_of_the_wrong_shape_is_judged_without_a_crash(repo):
    cases = confusion_cases()
    failing = {index: verdict for index, case in enumerate(cases) if (verdict := run_case(repo, case)).faults}
    assert len(failing) == 0, summary(failing, "--replay-confusion")


def test_mutated_issue_forms_never_end_in_an_internal_error_or_an_invalid_file(repo):
    failing = {index: verdict for index in range(ISSUE_CASES)
               if (verdict := run_issue_case(repo, issue_case_for(SEED, index))).faults}
    assert len(failing) == 0, summary(failing, "--replay-issue")


def summary(failing: dict[int, Verdict], replay: str) -> str:
    """How many cases failed, then the first case of each distinct failure, replayable."""
    first: dict[str, int] = {}
    for index, verdict in failing.items():
        first.setdefault(verdict.signature, index)
    return (f"{len(failing)} failing cases, {len(first)} distinct failures; the first case of each:\n\n"
            + "\n\n".join(describe(SEED, index, failing[index], replay=replay) for index in first.values()))
