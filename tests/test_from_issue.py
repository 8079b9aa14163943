"""Issue forms: valid GitHub forms drawn from the schemas, and submitted forms turned into files or comments.

Each `tests/issues/<case>.md` is an issue body as GitHub renders a submitted form; its
expectations are `tests/issues/expected/<case>.comment.md` (the comment, always) and
`<case>.yaml` (the file written, only when one is). A case without expectations, or an
expectation without a case, fails.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
import yaml
from casetools import make_repo

from generator.check.validate import validate
from generator.intake import issueforms
from generator.intake.issueforms import FORMS_DIR, answers, detect, forms, from_issue, md

TODAY = datetime.date(2026, 11, 24)
REPO = Path(__file__).resolve().parent.parent
ISSUES = Path(__file__).parent / "issues"
EXPECTED = ISSUES / "expected"
CASES = sorted(p.stem for p in ISSUES.glob("*.md"))
FORM_FILES = sorted(p for p in FORMS_DIR.glob("*.yml") if p.name != "config.yml")
FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def schema(name: str) -> dict:
    return json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def form_yaml(name: str) -> dict:
    return yaml.safe_load((FORMS_DIR / f"{name}.yml").read_text(encoding="utf-8"))


def options(name: str, field_id: str) -> list[str]:
    item = next(i for i in form_yaml(name)["body"] if i.get("id") == field_id)
    return [o["label"] if isinstance(o, dict) else o for o in item["attributes"]["options"]]


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# ---- the forms -------------------------------------------------------------------------------------

def test_the_four_forms_exist_and_blank_issues_are_off():
    assert {p.stem for p in FORM_FILES} == {"new-entry", "sharing-request", "data-error", "objection"}
    config = yaml.safe_load((FORMS_DIR / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    assert all({"name", "url", "about"} <= set(link) and link["url"].startswith("https://")
               for link in config["contact_links"])


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.name)
def test_form_has_the_keys_github_requires(path):
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form) and form["name"] and form["description"]
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body", "projects", "type"}
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    assert fields and all(item["type"] in FIELD_TYPES for item in form["body"])
    ids = [item["id"] for item in fields]
    labels = [item["attributes"]["label"] for item in fields]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    assert len(set(labels)) == len(labels) and all(labels)
    for item in form["body"]:
        assert set(item) <= {"type", "id", "attributes", "validations"}
        if item["type"] == "markdown":
            assert item["attributes"]["value"].strip()
        if item["type"] in ("dropdown", "checkboxes"):
            shown = options(path.stem, item["id"])
            assert shown and len(set(shown)) == len(shown) and "None" not in shown
        if "validations" in item:
            assert set(item["validations"]) == {"required"} and isinstance(item["validations"]["required"], bool)


def test_new_entry_dropdowns_are_the_schema_enums():
    properties = schema("resource")["properties"]
    assert options("new-entry", "format_type") == properties["format"]["properties"]["type"]["enum"]
    assert options("new-entry", "sharing_type") == properties["sharing"]["properties"]["type"]["enum"]
    assert options("new-entry", "open") == properties["open"]["enum"]
    assert options("new-entry", "update_cycle") == properties["update_cycle"]["enum"]
    assert options("new-entry", "method") == properties["sharing"]["properties"]["method"]["items"]["enum"]
    classes = [f"{branch['if']['properties']['database']['const']} / {subclass}"
               for branch in properties["category"]["allOf"]
               for subclass in branch["then"]["properties"]["subclass"]["enum"]]
    assert options("new-entry", "category") == classes
    item_types = properties["items"]["items"]["properties"]["type"]["enum"]
    items = next(i for i in form_yaml("new-entry")["body"] if i.get("id") == "items")
    assert all(kind in items["attributes"]["description"] for kind in item_types)


def test_new_entry_asks_for_every_field_of_the_resource_schema():
    labels = {f.label for f in forms()["new-entry"].fields}
    properties = schema("resource")["properties"]
    wanted = {p["title"] for key, p in properties.items() if key not in ("code", "category", "format", "sharing",
                                                                       "classified")}
    wanted |= {properties["format"]["properties"][k]["title"] for k in ("type", "detail")}
    wanted |= {properties["sharing"]["properties"][k]["title"] for k in ("type", "conditions", "method")}
    assert wanted <= labels and {"资源分类", "不予共享依据", "声明"} <= labels


def test_data_error_problem_types_are_the_feedback_schema_enum():
    assert options("data-error", "problem") == schema("feedback")["properties"]["problem"]["enum"]


def test_the_site_links_prefill_an_existing_form_by_its_resource_field():
    render = (REPO / "generator" / "site" / "render.py").read_text(encoding="utf-8")
    linked = set(re.findall(r'"([a-z-]+)\.yml"', render))
    assert linked == {"sharing-request", "data-error"}
    for name in linked:
        assert "resource" in [item.get("id") for item in form_yaml(name)["body"]]


# ---- reading a submitted form ------------------------------------------------------------------

def test_answers_are_read_by_label_in_form_order():
    body = "### 申请单位\r\n\r\njyj\r\n\r\n### 资源代码\r\n\r\n_No response_\r\n\r\n### 用途\r\n\r\n第一行\n### 不是标签\n第二行\n"
    form = detect(body)
    assert form.name == "sharing-request"
    found = answers(form, body)
    assert found["applicant"] == "jyj" and found["resource"] == "" and found["items"] == ""
    assert found["purpose"] == "第一行\n### 不是标签\n第二行"


def test_a_body_from_no_known_form_is_refused_without_touching_the_repository(tmp_path):
    root = make_repo(tmp_path)
    before = files(root)
    result = from_issue(root, "### 标题\n\n随便写的议题\n", TODAY)
    assert not result.ok and result.message == (
        "无法识别本议题使用的表单:只有用「新增目录条目」「共享申请」「对不予共享数据的异议」「数据纠错」表单提交的议题"
        "可以生成文件。\n")
    assert files(root) == before


def test_comment_text_cannot_carry_html_links_or_mentions():
    assert md("<b>[x](http://a) @sjj \\") == "&lt;b&gt;\\[x\\](http://a) @\u200bsjj \\\\"


# ---- the cases -----------------------------------------------------------------------------------

def test_every_case_has_expectations_and_every_expectation_a_case():
    expected = {p.name.split(".")[0] for p in EXPECTED.iterdir()}
    assert expected == set(CASES)
    assert {p.stem for p in EXPECTED.glob("*.yaml")} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_case(case, tmp_path):
    root = make_repo(tmp_path)
    before = files(root)
    result = from_issue(root, (ISSUES / f"{case}.md").read_text(encoding="utf-8"), TODAY)
    assert result.message == (EXPECTED / f"{case}.comment.md").read_text(encoding="utf-8")
    expected_file = EXPECTED / f"{case}.yaml"
    if not expected_file.exists():
        assert not result.ok and files(root) == before  # an invalid file is never left behind
        return
    assert result.ok and files(root) == before | {result.path}
    assert result.text == expected_file.read_text(encoding="utf-8")
    assert (root / result.path).read_text(encoding="utf-8") == result.text
    assert [p for p in validate(root, None, TODAY).problems if p.severity.value == "error"] == []


def test_the_good_cases_land_where_the_regulation_puts_them(tmp_path):
    placed = {case: (EXPECTED / f"{case}.comment.md").read_text(encoding="utf-8").split("`")[1]
              for case in CASES if (EXPECTED / f"{case}.yaml").exists()}
    assert placed == {
        "new-entry-complete": "catalog/gaj/430700-006-Y11-0002.yaml",  # next 顺序号 of 市公安局, class 业务/公安司法
        "new-entry-nonshared": "nonshared/mzj/430700-007-Y09-0003.yaml",  # 不予共享: nonshared/, with its legal basis
        "sharing-request": "requests/2026/GX-2026-0001.yaml",
        "sharing-request-all-items": "requests/2026/GX-2026-0001.yaml",
        "objection": "requests/2026/YY-2026-0001.yaml",
        "data-error": "feedback/2026/JC-2026-0001.yaml",
    }


def test_sequence_numbers_run_across_classes_and_folders(tmp_path):
    root = make_repo(tmp_path)
    first = from_issue(root, (ISSUES / "new-entry-nonshared.md").read_text(encoding="utf-8"), TODAY)
    body = (ISSUES / "new-entry-complete.md").read_text(encoding="utf-8").replace("市公安局", "市民政局", 1)
    body = body.replace("机动车登记信息", "社会组织登记信息").replace("业务 / 公安司法", "主题 / 社会信用")
    second = from_issue(root, body, TODAY)
    assert (first.path, second.path) == ("nonshared/mzj/430700-007-Y09-0003.yaml",
                                         "catalog/mzj/430700-007-Z01-0004.yaml")


def test_a_request_number_follows_the_years_requests(tmp_path):
    root = make_repo(tmp_path)
    body = (ISSUES / "sharing-request.md").read_text(encoding="utf-8")
    assert from_issue(root, body, TODAY).path == "requests/2026/GX-2026-0001.yaml"
    assert from_issue(root, body.replace("安乡县政府", "gaj"), TODAY).path == "requests/2026/GX-2026-0002.yaml"


def test_non_shared_data_is_requested_from_the_e_government_department(tmp_path):
    root = make_repo(tmp_path)
    body = (ISSUES / "sharing-request.md").read_text(encoding="utf-8")
    body = body.replace("430700-007-Y09-0001", "430700-007-Y09-0002")  # 收养登记档案信息: 不予共享
    body = body.replace("户主姓名\n保障类别、保障人数\n所在乡镇(街道)", "登记证号")
    result = from_issue(root, body, TODAY)
    assert result.ok and "approver: sjj\n" in result.text


def test_an_unknown_unit_and_resource_are_named_by_their_labels(tmp_path):
    root = make_repo(tmp_path)
    body = (ISSUES / "sharing-request.md").read_text(encoding="utf-8")
    body = body.replace("安乡县政府", "市教育局").replace("430700-007-Y09-0001", "430700-007-Y09-0099")
    assert from_issue(root, body, TODAY).message == (
        "无法根据本议题生成共享申请文件。请编辑议题,改正以下问题:\n\n"
        "- **申请单位**:单位登记表中没有「市教育局」。\n"
        "  提示:填写单位标识、全称或简称,例如 gaj、常德市公安局 或 市公安局。\n"
        "- **资源代码**:目录中没有资源代码「430700-007-Y09-0099」。\n"
        "  提示:在全市目录网站上查到资源后复制它的资源代码。\n")


def test_list_answers_that_cannot_be_read_are_shown_with_their_line(tmp_path):
    root = make_repo(tmp_path)
    body = (ISSUES / "new-entry-nonshared.md").read_text(encoding="utf-8")
    body = body.replace("《中华人民共和国个人信息保护法》第二十八条第一款", "个人信息保护法")
    body = body.replace("登记日期|日期型\n", "登记日期|日期型|八|\n")
    assert from_issue(root, body, TODAY).message == (
        "无法根据本议题生成目录条目文件。请编辑议题,改正以下问题:\n\n"
        "- **不予共享依据**:第 2 行「个人信息保护法」缺少法律法规名称或条款。\n"
        "  提示:每行写一条:法律法规名称|条款|条文摘录(摘录可不写),条款以「第……条」开头。\n"
        "- **信息项**:第 3 行「登记日期|日期型|八|」的长度「八」应为数字,例如 18 或 12,2。\n"
        "  提示:每行写一项:名称|类型|长度|说明。类型可选:字符型、数值型、整型、货币型、日期型、日期时间型、逻辑型、"
        "备注型、二进制。\n")


def test_a_repository_that_cannot_be_read_gives_a_sentence_not_a_traceback(tmp_path):
    body = (ISSUES / "sharing-request.md").read_text(encoding="utf-8")
    assert from_issue(tmp_path, body, TODAY).message == (
        "无法生成文件:无法读取单位登记表 registry/units.yaml。请联系市电子政务部门。")


IN_THE_WAY = {
    "unreadable": "code: [没有写完\n",
    "named-for-another-code": (REPO / "tests/cases/fixture/catalog/gaj/changzhu-renkou.yaml").read_text(
        encoding="utf-8"),
}


@pytest.mark.parametrize("content", IN_THE_WAY.values(), ids=IN_THE_WAY.keys())
def test_a_file_already_at_the_place_is_named_and_kept(content, tmp_path):
    """Numbers follow the files that can be read: a file that cannot, or holds another code, is in the way."""
    root = make_repo(tmp_path)
    taken = root / "catalog/gaj/430700-006-Y11-0002.yaml"
    taken.write_text(content, encoding="utf-8")
    before = files(root)
    result = from_issue(root, (ISSUES / "new-entry-complete.md").read_text(encoding="utf-8"), TODAY)
    assert not result.ok and result.message == (
        "无法根据本议题生成目录条目文件。请编辑议题,改正以下问题:\n\n"
        "- 目录仓库中已有文件 `catalog/gaj/430700-006-Y11-0002.yaml`,不能用本议题生成的目录条目覆盖它。\n"
        "  提示:如果要改的正是这份目录条目,请通过合并请求修改这个文件,不必再提交议题;如果这是一份新的目录条目,"
        "请联系市电子政务部门检查这个文件(它的编号与文件名不一致,或者无法读取),改正后编辑议题即可重新生成。\n")
    assert files(root) == before and taken.read_text(encoding="utf-8") == content


def test_the_command_reports_a_file_in_the_way_with_exit_1_and_no_path_of_the_machine(tmp_path, capsys):
    from generator.cli import main

    root = make_repo(tmp_path)
    (root / "catalog/gaj/430700-006-Y11-0002.yaml").write_text(IN_THE_WAY["unreadable"], encoding="utf-8")
    code = main(["from-issue", "--root", str(root), "--today", TODAY.isoformat(),
                 "--body-file", str(ISSUES / "new-entry-complete.md")])
    out = capsys.readouterr()
    assert code == 1 and out.err == ""
    assert "已有文件 `catalog/gaj/430700-006-Y11-0002.yaml`" in out.out
    assert str(tmp_path) not in out.out and "内部错误" not in out.out


def test_an_internal_error_names_no_folder_of_the_machine(tmp_path, monkeypatch):
    import generator.intake.issueforms

    root = make_repo(tmp_path)

    def denied(target, text):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(generator.intake.issueforms, "write_new", denied)
    result = from_issue(root, (ISSUES / "new-entry-complete.md").read_text(encoding="utf-8"), TODAY)
    assert result.message == ("生成文件时出现内部错误,请联系市电子政务部门:PermissionError: \\[Errno 13\\] "
                              "Permission denied: 'catalog/gaj/430700-006-Y11-0002.yaml'")


def test_the_pull_request_checklist_cites_the_regulation():
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for article in ("第九条", "第十二条", "第十四条", "第二十条", "第二十六条", "第三十三条"):
        assert article in text
    assert text.count("- [ ] ") >= 20 and "catalog codeowners" in text


def test_the_secrecy_declaration_is_the_units_own_never_filled_in_for_it(tmp_path, monkeypatch):
    """Observed: the entry got `classified: false` whether or not the box was ticked (an edited issue can
    untick it). Unticked, the form says so; and even with that check gone, nothing declares it for the unit."""
    label = next(o["label"] for f in form_yaml("new-entry")["body"] if f.get("id") == "declaration"
                 for o in f["attributes"]["options"] if "国家秘密" in o["label"])
    body = (ISSUES / "new-entry-complete.md").read_text(encoding="utf-8").replace(f"- [X] {label}", f"- [ ] {label}")
    result = from_issue(make_repo(tmp_path / "a"), body, TODAY)
    assert not result.ok and f"- **声明**:须勾选「{label}」。" in result.message
    checked = issueforms._checked_answers

    def without_tick_check(form, raw):
        values, errors = checked(form, raw)
        return values, [e for e in errors if e.rule != "form-tick"]
    monkeypatch.setattr(issueforms, "_checked_answers", without_tick_check)
    root = make_repo(tmp_path / "b")
    before = files(root)
    result = from_issue(root, body, TODAY)
    assert not result.ok and files(root) == before
    assert "是否涉密" in result.message
    ticked = from_issue(root, (ISSUES / "new-entry-complete.md").read_text(encoding="utf-8"), TODAY)
    assert ticked.ok and "\nclassified: false\n" in ticked.text


def test_the_national_class_is_up_to_four_levels_split_at_slashes(tmp_path):
    body = (ISSUES / "new-entry-complete.md").read_text(encoding="utf-8")
    root = make_repo(tmp_path)
    result = from_issue(root, body.replace("部门信息资源类／公安部", "部门信息资源类/公安部/治安/许可/保安"), TODAY)
    assert not result.ok and "国家目录分类最多四级,这里写了 5 级。" in result.message
