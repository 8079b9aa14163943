"""The pull-request workflow's own scripts, run here on a fixture pull request.

The steps are taken from .github/workflows/validate.yml and run with bash the way GitHub runs
them (`bash -e -o pipefail`), with the event values in the environment, so what is tested is
exactly what CI runs: annotations for the changed files and the ownership check.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from casetools import make_repo

WORKFLOW = Path(__file__).parent.parent / ".github/workflows/validate.yml"
OWNERSHIP = WORKFLOW.parent / "ownership.yml"
BIN = str(Path(sys.executable).parent)


def step(name: str, job: str = "validate", workflow: Path = WORKFLOW) -> str:
    """The `run:` script of the step called `name` in `job`."""
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"][job]["steps"]
    return next(s["run"] for s in steps if s.get("name") == name)


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def run_step(root: Path, name: str, job: str = "validate", workflow: Path = WORKFLOW,
             **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], **env}
    environment.pop("GH_TOKEN", None)
    return subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step(name, job, workflow)],
                          cwd=root, env=environment, capture_output=True, text=True)


def check_ownership(root: Path, base: str, author: str, teams: str = "") -> subprocess.CompletedProcess:
    """ownership.yml's steps from the base checkout: the pull request (branch pr) fetched as git data from a
    checkout of its own, the author and teams as the steps with tokens find them (no token here)."""
    temp = root.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    head = git(root, "rev-parse", "pr").strip()
    git(root, "switch", "--quiet", "--detach", base)  # the workflow's working folder: the base branch
    try:
        pull = root / ".pull-request"
        git(root, "worktree", "add", "--quiet", "--detach", str(pull), head)
        listed = run_step(root, "列出改动的文件", "ownership", OWNERSHIP, BASE_SHA=base, HEAD_SHA=head,
                          GITHUB_WORKSPACE=str(root), RUNNER_TEMP=str(temp))
        assert listed.returncode == 0, listed.stderr
        git(root, "worktree", "prune")
        assert not pull.exists()  # the pull request's files left the disk before anything else runs
        (temp / "people").write_text(author + "\n", encoding="utf-8")
        (temp / "teams").mkdir(exist_ok=True)
        (temp / "teams" / author).write_text(teams, encoding="utf-8")
        return run_step(root, "核对修改权限", "ownership", OWNERSHIP, BASE_SHA=base, RUNNER_TEMP=str(temp))
    finally:
        git(root, "switch", "--quiet", "pr")


@pytest.fixture()
def pull_request(tmp_path):
    """A repository with a base commit and a pull request by a 市公安局 maintainer."""
    root = make_repo(tmp_path)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "基准")
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "switch", "--quiet", "-c", "pr")
    own = root / "catalog/gaj/changzhu-renkou.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace("update_cycle: 每日", "update_cycle: 每天"), encoding="utf-8")
    other = root / "catalog/mzj/dibao-duixiang.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("department: 社会救助科", "department: 低保科"),
                     encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "修改")
    return root, base


def test_validation_annotates_the_changed_file(pull_request):
    root, base = pull_request
    result = run_step(root, "校验", BASE_SHA=base)
    assert result.returncode == 1
    assert "::error file=catalog/gaj/changzhu-renkou.yaml,line=" in result.stdout
    assert "「更新周期」(update_cycle)的值「每天」不在可选范围内" in result.stdout


def test_ownership_fails_for_the_other_units_file(pull_request):
    root, base = pull_request
    result = check_ownership(root, base, "li-gaj")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert len(lines) == 2  # without the organisation's teams, neither folder is li-gaj's
    assert any(line.startswith("::error file=catalog/mzj/dibao-duixiang.yaml") for line in lines)


def test_ownership_passes_for_a_maintainer_named_in_the_registry(pull_request):
    root, base = pull_request
    registry = root / "registry/units.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        '      - "@changde-data/gaj"', '      - "@changde-data/gaj"\n      - "@li-gaj"').replace(
        '      - "@changde-data/mzj"', '      - "@changde-data/mzj"\n      - "@li-gaj"'), encoding="utf-8")
    git(root, "switch", "--quiet", "main")
    git(root, "commit", "--quiet", "-am", "登记维护人")
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "switch", "--quiet", "pr")
    git(root, "rebase", "--quiet", "main")
    result = check_ownership(root, base, "li-gaj")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_team_found_for_the_author_grants_its_folder(pull_request):
    root, base = pull_request
    result = check_ownership(root, base, "li-gaj", "@changde-data/gaj\n")
    lines = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert [line.split(",")[0] for line in lines] == ["::error file=catalog/mzj/dibao-duixiang.yaml"]


def test_an_in_place_edit_that_breaks_another_file_fails_the_pull_request(pull_request):
    root, _ = pull_request
    related = root / "catalog/gaj/changzhu-renkou.yaml"
    related.write_text(related.read_text(encoding="utf-8").replace("update_cycle: 每天", "update_cycle: 每日"),
                       encoding="utf-8")
    dibao = root / "catalog/mzj/dibao-duixiang.yaml"  # 常住人口 lists it as related: its code must stay
    dibao.write_text(dibao.read_text(encoding="utf-8").replace("code: 430700-007-Y09-0001",
                                                               "code: 430700-007-Y09-0009"),
                     encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "改代码")
    result = run_step(root, "整个目录没有因本次修改出错", RUNNER_TEMP=str(root.parent))
    assert result.returncode == 1
    assert "catalog/gaj/changzhu-renkou.yaml" in result.stdout and "[related-unknown]" in result.stdout


def commands_stopped(stdout: str) -> list[str]:
    """The lines printed between `::stop-commands::<token>` and `::<token>::`, checked to be all of them."""
    lines = stdout.split("\n")
    assert re.fullmatch(r"::stop-commands::[0-9a-f]{32}", lines[0]), lines[0]
    token = lines[0].removeprefix("::stop-commands::")
    assert lines[-2:] == [f"::{token}::", ""]
    return lines[1:-2]


def test_the_whole_catalog_report_prints_no_command(pull_request):
    root, _ = pull_request
    entry = root / "catalog/gaj/changzhu-renkou.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "provider: gaj", 'provider: "x\\n::error file=README.md,line=1::fake\\e[31m"'), encoding="utf-8")
    result = run_step(root, "整个目录没有因本次修改出错", RUNNER_TEMP=str(root.parent))
    assert result.returncode == 1
    printed = commands_stopped(result.stdout)
    assert not any(line.lstrip().startswith("::") or "\x1b" in line for line in printed)
    assert "(provider)「x\\n::error file=README.md,line=1::fake\\u001b[31m」不在单位登记表中。 [provider-unknown]" \
        in result.stdout


def test_the_step_stops_commands_even_when_the_tool_prints_one(pull_request, tmp_path):
    """Should escaping ever fail, the runner still reads no command from the report or its errors."""
    root, _ = pull_request
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    (fake / "catalog").write_text("#!/bin/sh\nprintf 'a.yaml:1:1: 错误: x\\n::error file=README.md::fake\\n'\n"
                                  "echo '::warning::from stderr' >&2\nexit 1\n", encoding="utf-8")
    (fake / "catalog").chmod(0o755)
    path = str(fake) + os.pathsep + BIN + os.pathsep + os.environ["PATH"]
    runs = [run_step(root, "整个目录没有因本次修改出错", RUNNER_TEMP=str(tmp_path), PATH=path) for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1]
    assert commands_stopped(runs[0].stdout) == ["a.yaml:1:1: 错误: x", "::error file=README.md::fake",
                                                "::error file=README.md::fake", "::warning::from stderr"]
    assert runs[0].stdout.split("\n")[0] != runs[1].stdout.split("\n")[0]  # a new token every run


def test_codeowners_check_runs_with_the_validation(pull_request):
    assert "catalog codeowners --check" in step("CODEOWNERS 与单位登记表一致", "validate")


def test_the_change_is_told_in_the_job_summary_and_left_for_the_comment(pull_request):
    """The diff job's step, run from outside the checkout: the summary, and the artifact pr-comment.yml reads."""
    root, base = pull_request
    temp = root.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    summary = temp / "summary.md"
    result = run_step(root, "本次修改的说明", "diff", BASE_SHA=base, NUMBER="17", RUNNER_TEMP=str(temp),
                      GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 0, result.stdout + result.stderr
    told = summary.read_text(encoding="utf-8")
    assert told.startswith("## 目录变更\n") and "更新周期:「每日」 → 「每天」" in told
    assert "责任处室:「社会救助科」 → 「低保科」" in told
    assert (temp / "comment/diff.md").read_text(encoding="utf-8") == told
    assert (temp / "comment/number").read_text(encoding="utf-8") == "17\n"


def test_the_comment_workflow_runs_nothing_of_the_pull_request():
    """pr-comment.yml holds the write token: it checks out and installs nothing, and trusts the number only
    when that pull request's head is the commit the run was for."""
    comment = yaml.safe_load((WORKFLOW.parent / "pr-comment.yml").read_text(encoding="utf-8"))
    steps = comment["jobs"]["comment"]["steps"]
    assert [s.get("uses", "").split("@")[0] for s in steps] == ["actions/download-artifact", ""]
    script = steps[1]["run"]
    assert not re.search(r"(?m)\bpip\b|^\s*catalog\s|\bgit\s", script)  # no install, no tool, no checkout
    assert '[ "$head" != "$RUN_HEAD" ]' in script and "^[1-9][0-9]{0,8}$" in script
    assert comment["jobs"]["comment"]["permissions"] == {"actions": "read", "pull-requests": "write"}


HOSTILE = {  # each would leave a mark in MARK_DIR if Python ever ran it
    "pip/__init__.py": "",
    "pip/__main__.py": "import os; open(os.path.join(os.environ['MARK_DIR'], 'pip'), 'w').close()\n",
    "sitecustomize.py": "import os; open(os.path.join(os.environ['MARK_DIR'], 'sitecustomize'), 'w').close()\n",
    "conftest.py": "import os; open(os.path.join(os.environ['MARK_DIR'], 'conftest'), 'w').close()\n",
    "generator/__init__.py": "import os; open(os.path.join(os.environ['MARK_DIR'], 'generator'), 'w').close()\n",
    "zz-hostile.pth": "import os; open(os.path.join(os.environ['MARK_DIR'], 'pth'), 'w').close()\n",
}


def test_a_pull_request_that_brings_its_own_code_runs_none_of_it_and_is_refused(pull_request, tmp_path):
    """The ownership workflow's own steps on a pull request that adds pip/__main__.py, sitecustomize.py,
    conftest.py, a .pth file, replaces the generator and edits a workflow: nothing of it runs, and the
    check refuses every one of those files to a unit's maintainer."""
    root, base = pull_request
    marks = tmp_path / "marks"
    marks.mkdir()
    for path, text in HOSTILE.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / ".github/workflows").mkdir(parents=True, exist_ok=True)
    (root / ".github/workflows/ownership.yml").write_text("name: 修改权限\non: push\njobs: {}\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "自带代码")
    marked = {**os.environ, "MARK_DIR": str(marks)}
    result = check_ownership(root, base, "li-gaj", "@changde-data/gaj\n")
    # Python started as the install step starts it, in the working folder of the base checkout.
    git(root, "switch", "--quiet", "--detach", base)
    subprocess.run([sys.executable, "-m", "pip", "--version"], cwd=root, env=marked, capture_output=True, check=True)
    git(root, "switch", "--quiet", "pr")
    assert sorted(p.name for p in marks.iterdir()) == []
    refused = {line.split(",")[0].removeprefix("::error file=") for line in result.stdout.splitlines()
               if line.startswith("::error")}
    assert refused >= {*HOSTILE, ".github/workflows/ownership.yml"}, result.stdout
    assert result.returncode == 1
    # What the check no longer does: `python -m pip` in the pull request's own checkout runs its pip.
    subprocess.run([sys.executable, "-m", "pip", "--version"], cwd=root, env=marked, capture_output=True, check=False)
    assert sorted(p.name for p in marks.iterdir()) == ["pip"]


INDEPENDENT = WORKFLOW.parent / "independent-review.yml"
FAKE_GH = """#!/bin/sh
# The answers GitHub would give, already filtered as the step's --jq asks.
case "$*" in
  *graphql*) printf '%s\\n' wang-gaj ;;
  *reviews*) [ -n "$APPROVERS" ] && printf '%s\\n' $APPROVERS ;;
  *issues/*) printf '%s\\n' li-gaj ;;
esac
exit 0
"""


@pytest.mark.parametrize(("opener", "approvers", "passes"), [
    ("catalog-bot[bot]", "", False),  # nobody approved yet
    ("catalog-bot[bot]", "li-gaj", False),  # the issue's author approves the bot's pull request: not independent
    ("catalog-bot[bot]", "li-gaj wang-gaj", False),  # nor the issue's editor
    ("catalog-bot[bot]", "li-gaj zhao-sjj", True),  # an e-government reviewer
    ("li-gaj", "", True),  # not from an issue: code owners decide, as the ruleset asks
])
def test_a_from_issue_pull_request_needs_an_approval_by_someone_other_than_its_writers(tmp_path, opener, approvers,
                                                                                     passes):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "gh").write_text(FAKE_GH, encoding="utf-8")
    (fake / "gh").chmod(0o755)
    event = {"REPO": "changde-data/catalog", "NUMBER": "12", "OPENER": opener, "HEAD_REF": "from-issue-7",
             "HEAD_SHA": "a" * 40, "BOT": "catalog-bot[bot]"}
    result = run_step(tmp_path, "议题表单开出的合并请求须由他人批准", "review", INDEPENDENT,
                      PATH=f"{fake}{os.pathsep}{os.environ['PATH']}", RUNNER_TEMP=str(tmp_path), APPROVERS=approvers,
                      **event)
    assert (result.returncode == 0) == passes, result.stdout + result.stderr
    if not passes:
        assert "::error::由议题 #7 开出的合并请求" in result.stdout
