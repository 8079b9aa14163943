"""The GitHub workflows are safe by construction: pinned actions, least permissions, no injection."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"validate.yml", "main.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_pinned_least_privileged_and_injection_free(path):
    workflow = _load(path)
    # pull_request_target only where a decision must run the base branch's workflow (and nothing of the PR).
    assert "pull_request_target" not in workflow["on"] or path.name in ("ownership.yml", "independent-review.yml")
    assert workflow["permissions"] == {"contents": "read"}
    for step in _steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if "run" in step:
            assert "${{" not in step["run"], "事件文本要经 env: 传入,不能直接写进 run:"


def _catalog_commands(path: Path) -> list[str]:
    used = []
    for step in _steps(_load(path)):
        # `catalog` in command position: at the start of a line or after ; && || then else
        used += re.findall(r"(?:^|[;&|!]|\bthen|\belse|\bif)\s*catalog\s+([a-z-]+)", step.get("run", ""), re.M)
    return used


def _named(name: str) -> Path:
    return next(path for path in WORKFLOWS if path.name == name)


def test_pull_requests_are_validated_described_checked_for_ownership_and_built():
    assert {"validate", "codeowners", "diff", "build"} <= set(_catalog_commands(_named("validate.yml")))
    assert set(_load(_named("validate.yml"))["on"]) == {"pull_request"}
    assert "check-ownership" in _catalog_commands(_named("ownership.yml"))


def test_the_ownership_check_runs_only_the_base_branchs_code():
    """pull_request_target runs this file as the base branch has it; the pull request's commit is checked out
    only beside the base checkout, fetched into git and removed before anything is installed or run."""
    workflow = _load(_named("ownership.yml"))
    assert set(workflow["on"]) == {"pull_request_target"}
    job = workflow["jobs"]["ownership"]
    assert job["environment"] == "ownership" and job["permissions"] == {"contents": "read", "pull-requests": "read"}
    steps = job["steps"]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert [c["with"]["ref"] for c in checkouts] == ["${{ github.event.pull_request.base.sha }}",
                                                      "${{ github.event.pull_request.head.sha }}"]
    assert all(c["with"]["persist-credentials"] is False for c in checkouts) and "path" not in checkouts[0]["with"]
    names = [s.get("name") for s in steps]
    assert names.index("列出改动的文件") < names.index("安装基准分支的工具")
    assert 'rm -rf "$GITHUB_WORKSPACE/.pull-request"' in steps[names.index("列出改动的文件")]["run"]
    secret_steps = [s["name"] for s in steps if "secrets." in str(s.get("env", {}))]
    assert secret_steps == ["查找参与者所在的团队"]
    assert "catalog" not in steps[names.index("查找参与者所在的团队")]["run"]  # the token meets no repository code
    assert "--head refs/pull-request/head" in steps[names.index("核对修改权限")]["run"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_install_is_hash_locked(path):
    """Every job installs its dependencies from requirements/tool.txt with hashes, the tool itself without
    dependencies and without build isolation (which would download setuptools unlocked)."""
    for step in _steps(_load(path)):
        for line in step.get("run", "").splitlines():
            if "pip install" in line:
                assert " -P -m pip install " in line, line
                assert ("--require-hashes --no-deps -r requirements/tool.txt" in line
                        or "--no-deps --no-build-isolation --editable ." in line), line


def test_the_lock_pins_every_dependency_with_hashes_within_the_ranges():
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lock = (ROOT / "requirements/tool.txt").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"(?m)^([a-z0-9._-]+)==(\S+) \\$", lock))
    hashes = re.findall(r"(?m)^([a-z0-9._-]+)==\S+ \\\n(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+", lock)
    assert len(pinned) > 20 and set(hashes) == set(pinned)
    wanted = [Requirement(r) for r in [*project["project"]["dependencies"], *project["build-system"]["requires"]]]
    for requirement in wanted:
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pinned, f"{name} 不在 requirements/tool.txt 中:运行 make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (name, pinned[name])


def test_main_is_validated_built_and_deployed_to_pages():
    workflow = _load(_named("main.yml"))
    assert {"validate", "build"} <= set(_catalog_commands(_named("main.yml")))
    uses = [step["uses"].split("@")[0] for step in _steps(workflow) if "uses" in step]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all("permissions" not in job for name, job in workflow["jobs"].items() if name != "deploy")


def test_issue_forms_become_files_through_the_project_command():
    workflow = _load(_named("from-issue.yml"))
    assert {"from-issue", "check-ownership"} <= set(_catalog_commands(_named("from-issue.yml")))
    assert set(workflow["on"]) == {"issues"}


def test_pre_commit_hooks_need_no_activated_environment():
    """Each hook has its own environment with the tool's dependencies exactly as pyproject.toml lists them."""
    import tomllib

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for hook in (hook for repo in config["repos"] for hook in repo["hooks"]):
        assert hook["language"] == "python" and hook["additional_dependencies"] == project["dependencies"]


def test_pre_commit_runs_the_project_commands_on_catalog_files():
    from generator.cli import build_parser

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    assert all(hook["entry"].startswith("python -m generator ") for hook in hooks)
    assert {hook["entry"].split()[3] for hook in hooks} <= commands
    validate = next(hook for hook in hooks if hook["entry"] == "python -m generator validate")
    for path in ("catalog/gaj/a.yaml", "nonshared/mzj/b.yaml", "requests/2026/GX-2026-0001.yaml",
                 "feedback/2025/JC-2025-0001.yaml", "registry/units.yaml"):
        assert re.search(validate["files"], path), path
    assert not re.search(validate["files"], "docs/format.md")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_calls_only_commands_the_project_provides(path):
    from generator.cli import build_parser

    commands = set(build_parser()._subparsers._group_actions[0].choices)
    assert set(_catalog_commands(path)) <= commands


def test_zizmor_finds_nothing_left_unexplained():
    """Every audit at the most thorough persona, offline; the three triggers that need care are ignored inline
    with their reason, and nothing else is ignored or suppressed."""
    done = subprocess.run([str(BIN / "zizmor"), "--offline", "--persona=auditor", "--no-progress", "--color=never",
                           str(ROOT / ".github/workflows")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("No findings to report. Good job! (3 ignored)"), done.stdout
    text = "".join(path.read_text(encoding="utf-8") for path in WORKFLOWS)
    ignores = re.findall(r"# zizmor: ignore\[([a-z-]+)\] (.+)", text)
    assert [rule for rule, _ in ignores] == ["dangerous-triggers"] * 3
    assert all(len(reason) > 40 for _, reason in ignores)  # a reason, not a shrug


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", ".github/workflows/*.yml"),
    ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/[!c]*.yml"),
    ("vendor.github-issue-config", ".github/ISSUE_TEMPLATE/config.yml"),
])
def test_github_files_pass_check_jsonschemas_github_schemas(schema, files):
    paths = [str(p) for p in sorted(ROOT.glob(files))]
    assert paths
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *paths],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_independent_review_check_runs_nothing_of_the_repository():
    workflow = _load(_named("independent-review.yml"))
    assert set(workflow["on"]) == {"pull_request_target", "pull_request_review"}
    steps = list(_steps(workflow))
    assert all("uses" not in step for step in steps)  # no checkout, no action: only gh reading reviews
    assert not re.search(r"(?m)\bpip\b|^\s*catalog\s|\bgit\s|python", steps[0]["run"])
    assert workflow["jobs"]["review"]["permissions"] == {"pull-requests": "read", "issues": "read"}
