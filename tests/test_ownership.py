"""Ownership: CODEOWNERS generated from the registry, and who may change which file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from casetools import make_repo

from generator.core.layout import POLICY
from generator.core.problems import ERROR, Problem
from generator.read.policy import load_policy
from generator.review.ownership import (
    CODEOWNERS,
    HEADER,
    check_ownership,
    codeowners_text,
    load_units,
    stale_codeowners,
    step_hint,
    write_codeowners,
)

REPO = Path(__file__).resolve().parent.parent
DIBAO = "catalog/mzj/dibao-duixiang.yaml"
REQUEST = "requests/2026/GX-2026-0001.yaml"
REQUEST_TEXT = """\
id: GX-2026-0001
kind: 共享申请
applicant: {applicant}
approver: mzj
purpose: 核查申请县级临时救助的家庭是否已纳入城乡最低生活保障,避免重复救助。
duty_basis:
  - law: 社会救助暂行办法
    article: 第九条
resources:
  - code: 430700-007-Y09-0001
    items: [户主姓名, 保障类别]
history:
  - status: 提出
    date: 2026-11-20
"""
FIXTURE_RULES = """
# 1. 默认
* @changde-data/sjj

# 2. 各单位的目录条目
/catalog/anxiang/ @changde-data/anxiang
/nonshared/anxiang/ @changde-data/anxiang
/catalog/gaj/ @changde-data/gaj
/nonshared/gaj/ @changde-data/gaj
/catalog/mzj/ @changde-data/mzj
/nonshared/mzj/ @changde-data/mzj
/catalog/sjj/ @changde-data/sjj
/nonshared/sjj/ @changde-data/sjj

# 3. 共享申请、异议和数据纠错反馈
/requests/ @changde-data/sjj
/feedback/ @changde-data/sjj

# 4. 共享文件:只归电子政务部门审核人员(最后几行,不被覆盖)
/registry/ @changde-data/sjj
/schemas/ @changde-data/sjj
/generator/ @changde-data/sjj
/site_templates/ @changde-data/sjj
/docs/ @changde-data/sjj
/tests/ @changde-data/sjj
/bench/ @changde-data/sjj
/.ci/ @changde-data/sjj
/.vscode/ @changde-data/sjj
/.github/ @changde-data/sjj
/mkdocs.yml @changde-data/sjj
/pyproject.toml @changde-data/sjj
/Makefile @changde-data/sjj
/README.md @changde-data/sjj
/.gitignore @changde-data/sjj
/.pre-commit-config.yaml @changde-data/sjj
"""


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


def problem(path: str, message: str, hint: str) -> Problem:
    return Problem(path, 1, 1, "ownership", ERROR, message, hint)


@pytest.fixture
def root(tmp_path):
    return make_repo(tmp_path)


# ---- CODEOWNERS -----------------------------------------------------------------------------------

def test_codeowners_for_the_fixture_registry(root):
    text = codeowners_text(load_units(root))
    assert text == HEADER + FIXTURE_RULES
    assert text.startswith("# 本文件由 `catalog codeowners` 根据单位登记表(registry/units.yaml)生成,请勿手工修改。\n")


def test_the_e_government_reviewers_own_the_shared_files_on_the_last_lines(root):
    rules = [line for line in codeowners_text(load_units(root)).splitlines() if line and not line.startswith("#")]
    last_unit_rule = max(i for i, rule in enumerate(rules) if rule.startswith(("/catalog/", "/nonshared/")))
    shared = rules[last_unit_rule + 1:]
    assert {rule.split()[0] for rule in shared} >= {"/requests/", "/registry/", "/schemas/", "/generator/", "/.github/"}
    assert all(rule.split()[1:] == ["@changde-data/sjj"] for rule in shared)
    assert rules[-1].split()[0] != "*" and rules[0] == "* @changde-data/sjj"


def test_codeowners_is_the_same_whatever_the_registry_order(root):
    units = load_units(root)
    assert codeowners_text(list(reversed(units.values()))) == codeowners_text(units)


def test_the_committed_codeowners_is_the_generated_one():
    assert (REPO / CODEOWNERS).read_text(encoding="utf-8") == codeowners_text(load_units(REPO))
    assert stale_codeowners(REPO) is None


def test_stale_codeowners_is_detected_and_regenerated(root):
    assert stale_codeowners(root) == (".github/CODEOWNERS 不存在。请运行 `catalog codeowners` 重新生成,"
                                      "并把它与 registry/units.yaml 一同提交(本文件不要手工修改)。")
    assert write_codeowners(root) is True and stale_codeowners(root) is None
    assert write_codeowners(root) is False
    registry = root / "registry/units.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        '"@changde-data/gaj"', '"@changde-data/gaj"\n      - "@zhang-gaj"'), encoding="utf-8")
    assert stale_codeowners(root) == (".github/CODEOWNERS 与单位登记表不一致。请运行 `catalog codeowners` 重新生成,"
                                      "并把它与 registry/units.yaml 一同提交(本文件不要手工修改)。")
    write_codeowners(root)
    assert "/catalog/gaj/ @changde-data/gaj @zhang-gaj\n" in (root / CODEOWNERS).read_text(encoding="utf-8")


def test_a_hand_edit_makes_codeowners_stale(root):
    write_codeowners(root)
    with open(root / CODEOWNERS, "a", encoding="utf-8") as out:
        out.write("/catalog/mzj/ @someone\n")
    assert stale_codeowners(root) is not None


# ---- who may change what --------------------------------------------------------------------------

GAJ = {"changde-data/gaj"}


def test_maintainers_change_their_own_folders(root):
    files = ["catalog/gaj/changzhu-renkou.yaml", "nonshared/gaj/new.yaml", "catalog/gaj/deleted.yaml"]
    assert check_ownership(root, "zhang", files, GAJ) == []


def test_another_units_folder_is_refused(root):
    assert check_ownership(root, "@Zhang", [DIBAO, "./nonshared/mzj/shouyang-dengji.yaml"], {"@Changde-Data/GAJ"}) == [
        problem(DIBAO, "@zhang 不是市民政局(mzj)的维护人,不能修改 catalog/mzj/ 下的文件。",
                "只修改本单位文件夹下的文件。您维护的单位:市公安局(gaj)。市民政局的维护人:@changde-data/mzj。"),
        problem("nonshared/mzj/shouyang-dengji.yaml",
                "@zhang 不是市民政局(mzj)的维护人,不能修改 nonshared/mzj/ 下的文件。",
                "只修改本单位文件夹下的文件。您维护的单位:市公安局(gaj)。市民政局的维护人:@changde-data/mzj。"),
    ]


def test_a_deleted_file_of_another_unit_counts_by_its_path(root):
    (root / DIBAO).unlink()
    assert [p.file for p in check_ownership(root, "zhang", [DIBAO], GAJ)] == [DIBAO]


def test_the_registry_and_other_shared_files_need_an_e_government_reviewer(root):
    found = check_ownership(root, "zhang", ["registry/units.yaml", ".github/CODEOWNERS", "catalog/x.yaml"], GAJ)
    assert found[0] == problem(
        ".github/CODEOWNERS", ".github/CODEOWNERS 是共享文件,只有电子政务部门审核人员(@changde-data/sjj)可以修改。",
        "单位登记表、字段说明、工具、文档和工作流由市电子政务部门维护;需要变更的请联系市电子政务部门。"
        "您维护的单位:市公安局(gaj)。")
    assert [p.file for p in found] == [".github/CODEOWNERS", "catalog/x.yaml", "registry/units.yaml"]


def test_a_folder_of_no_registered_unit_needs_the_registry_first(root):
    assert check_ownership(root, "li", ["catalog/jyj/a.yaml"]) == [
        problem("catalog/jyj/a.yaml", "catalog/jyj/ 不是单位登记表中任何单位的文件夹,新增单位须由电子政务部门审核人员登记。",
                "只修改本单位文件夹下的文件。您不是任何单位的维护人。")]


def test_e_government_reviewers_may_change_anything(root):
    files = ["registry/units.yaml", DIBAO, "schemas/resource.schema.json", REQUEST]
    assert check_ownership(root, "wang", files, {"changde-data/sjj"}) == []


def test_a_login_listed_in_the_registry_needs_no_team(root):
    registry = root / "registry/units.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        '"@changde-data/mzj"', '"@changde-data/mzj"\n      - "@Li-Mzj"'), encoding="utf-8")
    assert check_ownership(root, "li-mzj", [DIBAO]) == []
    assert check_ownership(root, "li-gaj", [DIBAO]) != []


def test_the_applicant_changes_its_own_request_and_no_other(root):
    write(root, REQUEST, REQUEST_TEXT.format(applicant="anxiang"))
    anxiang = {"changde-data/anxiang"}
    assert check_ownership(root, "chen", [REQUEST], anxiang) == []
    assert check_ownership(root, "zhang", [REQUEST], GAJ) == [
        problem(REQUEST, f"{REQUEST} 的申请单位是 安乡县政府(anxiang),申请内容只有申请单位的维护人和电子政务部门审核人员可以修改。",
                "只修改本单位提出的申请或反馈,不要改动申请单位。您维护的单位:市公安局(gaj)。")]


def test_a_deleted_request_without_its_history_needs_a_reviewer(root):
    assert check_ownership(root, "chen", [REQUEST], {"changde-data/anxiang"}) == [
        problem(REQUEST, f"无法从 {REQUEST} 读出申请单位(applicant),只有电子政务部门审核人员可以修改这个文件。",
                "申请单位可以新建、修改本单位的文件;撤回或删除请联系市电子政务部门。")]


# ---- against the pull request's base ------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def based(root):
    """The fixture as a git repository with one request of 安乡县; returns (root, base commit)."""
    write(root, REQUEST, REQUEST_TEXT.format(applicant="anxiang"))
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    return root, git(root, "rev-parse", "HEAD")


def test_taking_over_another_units_request_is_refused(based):
    root, base = based
    write(root, REQUEST, REQUEST_TEXT.format(applicant="gaj"))
    assert check_ownership(root, "zhang", [REQUEST], GAJ) == []  # the work tree alone cannot tell
    assert [p.message for p in check_ownership(root, "zhang", [REQUEST], GAJ, base)] == [
        f"{REQUEST} 的申请单位是 安乡县政府(anxiang),申请内容只有申请单位的维护人和电子政务部门审核人员可以修改。"]


def test_the_applicant_may_withdraw_its_request_when_the_base_is_known(based):
    root, base = based
    (root / REQUEST).unlink()
    assert check_ownership(root, "chen", [REQUEST], {"changde-data/anxiang"}, base) == []
    assert check_ownership(root, "zhang", [REQUEST], GAJ, base) != []


def test_the_registry_is_read_as_it_was_before_the_pull_request(based):
    root, base = based
    registry = root / "registry/units.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        '"@changde-data/mzj"', '"@changde-data/mzj"\n      - "@zhang"'), encoding="utf-8")
    assert check_ownership(root, "zhang", [DIBAO], GAJ) == []  # trusting the changed registry
    assert [p.file for p in check_ownership(root, "zhang", [DIBAO, "registry/units.yaml"], GAJ, base)] == [
        DIBAO, "registry/units.yaml"]


ANXIANG, MZJ = {"changde-data/anxiang"}, {"changde-data/mzj"}
REVIEWED = REQUEST_TEXT.format(applicant="anxiang") + "  - status: 审核通过\n    date: 2026-11-23\n"


def test_the_applicant_cannot_approve_its_own_request(based):
    root, base = based
    write(root, REQUEST, REVIEWED)
    assert [p.message for p in check_ownership(root, "li", [REQUEST], ANXIANG, base)] == [
        f"{REQUEST} 第 2 条办理记录「审核通过」只能由 市民政局(mzj) 填写,@li 不能填写或修改。"]


def test_the_approver_records_its_review_but_cannot_change_the_request(based):
    root, base = based
    write(root, REQUEST, REVIEWED)
    assert check_ownership(root, "wang", [REQUEST], MZJ, base) == []
    write(root, REQUEST, REVIEWED.replace("避免重复救助", "顺便核查其他事项"))
    assert [p.message for p in check_ownership(root, "wang", [REQUEST], MZJ, base)] == [
        f"{REQUEST} 的申请单位是 安乡县政府(anxiang),申请内容只有申请单位的维护人和电子政务部门审核人员可以修改。"]


def test_the_applicant_still_edits_its_request_before_review(based):
    root, base = based
    write(root, REQUEST, REQUEST_TEXT.format(applicant="anxiang").replace("避免重复救助", "避免重复发放救助金"))
    assert check_ownership(root, "li", [REQUEST], ANXIANG, base) == []


# ---- who writes each step (red-team finding: a unit approved its own request) ---------------------

SELF_APPROVED = """\
id: GX-2026-0001
kind: 共享申请
applicant: anxiang
approver: anxiang
purpose: 核查户籍人口信息,用于本县义务教育入学资格审核工作。
duty_basis:
  - law: 中华人民共和国义务教育法
    article: 第十二条
resources:
  - code: 430700-006-J01-0001
    items: [公民身份号码, 姓名]
history:
  - status: 提出
    date: 2026-11-20
  - status: 审核通过
    date: 2026-11-21
  - status: 已提供
    date: 2026-11-23
"""


def _committed(root: Path, text: str) -> str:
    """The request written as `text` and committed: the new base of a pull request."""
    write(root, REQUEST, text)
    git(root, "commit", "-qam", "step")
    return git(root, "rev-parse", "HEAD")


def test_a_new_request_that_approves_itself_is_refused(based):
    root, base = based
    path = "requests/2026/GX-2026-0002.yaml"
    write(root, path, SELF_APPROVED.replace("GX-2026-0001", "GX-2026-0002"))
    assert [p.message for p in check_ownership(root, "li", [path], ANXIANG, base)] == [
        f"{path} 第 2 条办理记录「审核通过」只能由 电子政务部门 填写,@li 不能填写或修改。"]
    assert check_ownership(root, "li", [path], ANXIANG) != []  # without the base too


def test_switching_the_approver_to_oneself_after_review_is_refused(based):
    root, _ = based
    base = _committed(root, REVIEWED)
    write(root, REQUEST, REVIEWED.replace("approver: mzj", "approver: anxiang"))
    assert [p.message for p in check_ownership(root, "li", [REQUEST], ANXIANG, base)] == [
        f"{REQUEST} 已开始办理,「审核部门」(approver)不能再更改。"]


def test_the_approver_is_read_as_filed_not_as_the_pull_request_changes_it(based):
    root, base = based
    write(root, REQUEST, REVIEWED.replace("approver: mzj", "approver: anxiang"))
    assert [p.message for p in check_ownership(root, "li", [REQUEST], ANXIANG, base)] == [
        f"{REQUEST} 第 2 条办理记录「审核通过」只能由 市民政局(mzj) 填写,@li 不能填写或修改。"]


def test_a_provider_cannot_record_the_review_of_another_approver(based):
    root, _ = based
    text = REQUEST_TEXT.format(applicant="anxiang").replace("approver: mzj", "approver: sjj")
    base = _committed(root, text)
    write(root, REQUEST, text + "  - status: 审核通过\n    date: 2026-11-23\n")
    assert [p.message for p in check_ownership(root, "wang", [REQUEST], MZJ, base)] == [
        f"{REQUEST} 第 2 条办理记录「审核通过」只能由 市数据局(sjj) 填写,@wang 不能填写或修改。"]


def test_each_step_is_written_by_its_own_unit(based):
    root, _ = based
    reviewed = _committed(root, REVIEWED)
    notified = REVIEWED + "  - status: 通知提供\n    date: 2026-11-24\n"
    write(root, REQUEST, notified)
    assert [p.message for p in check_ownership(root, "wang", [REQUEST], MZJ, reviewed)] == [
        f"{REQUEST} 第 3 条办理记录「通知提供」只能由 电子政务部门 填写,@wang 不能填写或修改。"]
    assert check_ownership(root, "sun", [REQUEST], {"changde-data/sjj"}, reviewed) == []
    base = _committed(root, notified)
    write(root, REQUEST, notified + "  - status: 已提供\n    date: 2026-11-25\n")
    assert check_ownership(root, "wang", [REQUEST], MZJ, base) == []  # mzj provides
    assert check_ownership(root, "li", [REQUEST], ANXIANG, base) != []


def test_overwriting_anothers_step_counts_as_writing_it(based):
    root, _ = based
    reviewed = _committed(root, REVIEWED)
    write(root, REQUEST, REVIEWED.replace("审核通过", "驳回\n    reason: 申请的信息项超出履职需要,请精简后重新提出"))
    assert check_ownership(root, "li", [REQUEST], ANXIANG, reviewed) != []
    (root / REQUEST).unlink()  # nor may the applicant delete a request that has been handled
    assert check_ownership(root, "li", [REQUEST], ANXIANG, reviewed) != []


# ---- symbolic links (red-team finding: a link in one's own folder published a file outside) -----

def test_a_symlink_is_refused_in_ones_own_folder_and_for_reviewers(root, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("secret: 1\n", encoding="utf-8")
    link = root / "catalog/gaj/link.yaml"
    link.symlink_to(outside)
    message = "catalog/gaj/link.yaml 是符号链接:仓库中只能提交普通文件,任何人都不能提交链接。"
    assert [p.message for p in check_ownership(root, "zhang", ["catalog/gaj/link.yaml"], GAJ)] == [message]
    assert [p.message for p in check_ownership(root, "sun", ["catalog/gaj/link.yaml"], {"changde-data/sjj"})] == [
        message]


def test_a_file_under_a_linked_folder_is_refused(root, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.yaml").write_text("x: 1\n", encoding="utf-8")
    (root / "catalog/gaj/sub").symlink_to(tmp_path / "elsewhere")
    assert [p.message for p in check_ownership(root, "zhang", ["catalog/gaj/sub/a.yaml"], GAJ)] == [
        "catalog/gaj/sub 是符号链接:仓库中只能提交普通文件,任何人都不能提交链接。"]


# ---- the sharing rules (registry/policy.yaml) -----------------------------------------------------

def owners_of(text: str, path: str) -> list[str]:
    """The owners CODEOWNERS gives a path: its last matching rule (folders and exact paths, as written here)."""
    found = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pattern, *owners = line.split()
            folder = pattern.strip("/")
            if pattern == "*" or path == folder or path.startswith(folder + "/"):
                found = owners
    return found


def test_the_sharing_rules_belong_to_the_e_government_reviewers(root):
    text = codeowners_text(load_units(root))
    assert owners_of(text, POLICY) == owners_of(text, "registry/units.yaml") == ["@changde-data/sjj"]
    assert owners_of(text, "examples/policy/shaanxi.yaml") == ["@changde-data/sjj"]
    assert [(p.file, p.message) for p in check_ownership(root, "zhang", [POLICY], GAJ)] == [
        (POLICY, f"{POLICY} 是共享文件,只有电子政务部门审核人员(@changde-data/sjj)可以修改。")]
    assert check_ownership(root, "wang", [POLICY], {"changde-data/sjj"}) == []


def test_who_writes_each_step_is_read_from_the_rules_as_they_were_before_the_pull_request(based):
    """A pull request that lets the approver write 通知提供 cannot use that to write it in the same change;
    once the change of the rules is merged (the next base), the approver may."""
    root, base = based
    rules = root / POLICY
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "      - status: 通知提供\n        writer: 电子政务部门", "      - status: 通知提供\n        writer: 审核部门"),
        encoding="utf-8")
    write(root, REQUEST, REVIEWED + "  - status: 通知提供\n    date: 2026-11-24\n")
    found = check_ownership(root, "li", [REQUEST, POLICY], MZJ, base)
    assert [(p.file, p.message) for p in found] == [
        (POLICY, f"{POLICY} 是共享文件,只有电子政务部门审核人员(@changde-data/sjj)可以修改。"),
        (REQUEST, f"{REQUEST} 第 3 条办理记录「通知提供」只能由 电子政务部门 填写,@li 不能填写或修改。")]
    assert found[1].hint.startswith(step_hint(load_policy(REPO).versions[0]))
    git(root, "add", POLICY)
    git(root, "commit", "-q", "-m", "rules")
    assert check_ownership(root, "li", [REQUEST], MZJ, git(root, "rev-parse", "HEAD")) == []


def test_the_hint_says_who_writes_which_step_as_the_rules_do():
    assert step_hint(load_policy(REPO).versions[0]) == (
        "申请单位只填写申请内容和「提出」;「审核通过」「驳回」由审核部门填写,「调整为共享」「维持不予共享」「通知提供」"
        "由电子政务部门填写,「已提供」由提供单位填写(办法第十一条、第十二条、第十三条、第十七条、第十八条)。")
