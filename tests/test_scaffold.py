"""`catalog new request` and `catalog new resource`: files valid as written except for what only the clerk knows."""

from __future__ import annotations

import datetime

import pytest
from casetools import CASES, make_repo

from generator.check.validate import validate
from generator.cli import main
from generator.intake.scaffold import ScaffoldError, new_request, new_resource, scalar
from generator.read.load import load_bytes

TODAY = datetime.date(2026, 11, 24)
DIBAO = "430700-007-Y09-0001"  # 市民政局, 业务库, shared, 7 info items
SHOUYANG = "430700-007-Y09-0002"  # 市民政局, 业务库, 不予共享


def write(root, path, text):
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


def test_a_new_request_lacks_only_what_the_clerk_must_fill(tmp_path):
    root = make_repo(tmp_path)
    path, text = new_request(root, "anxiang", [DIBAO], TODAY)
    assert path == "requests/2026/GX-2026-0001.yaml"
    write(root, path, text)
    problems = validate(root, [path], TODAY).problems
    missing = sorted((p.rule, p.message) for p in problems if p.severity.value == "error")
    assert missing == [
        ("schema-minLength", "「用途」(purpose)不能为空。"),
        ("schema-minLength", "履职依据第 1 项的「依据名称」(duty_basis[0].law)不能为空。"),
        ("schema-pattern", "履职依据第 1 项的「条款」(duty_basis[0].article)的格式不正确:「」。"),
    ]
    # Every item is listed for trimming, and asking for all of them is questioned until trimmed.
    assert [p.rule for p in problems if p.severity.value == "warning"] == ["request-all-items"]


def test_filled_in_and_trimmed_the_request_is_clean(tmp_path):
    root = make_repo(tmp_path)
    path, text = new_request(root, "anxiang", [DIBAO], TODAY)
    text = (text.replace('purpose: ""', "purpose: 核查申请县级临时救助的家庭是否已纳入城乡最低生活保障,避免重复救助。")
            .replace('  - law: ""', "  - law: 社会救助暂行办法").replace('    article: ""', "    article: 第九条")
            .replace("      - 月保障金额\n", "").replace("      - 认定日期\n", ""))
    write(root, path, text)
    assert validate(root, [path], TODAY).problems == []


def test_the_header_names_the_units_and_the_items_are_the_resources(tmp_path):
    root = make_repo(tmp_path)
    _, text = new_request(root, "gaj", [DIBAO], TODAY)
    doc, problems = load_bytes(text.encode("utf-8"), "new.yaml")
    assert problems == []
    assert doc.data["applicant"] == "gaj" and doc.data["approver"] == "mzj"
    assert doc.data["resources"][0]["items"][:3] == ["保障对象身份号码", "户主姓名", "保障类别"]
    assert doc.data["history"] == [{"status": "提出", "date": "2026-11-24"}]
    assert "常德市公安局申请使用常德市民政局的数据" in text


def test_non_shared_data_goes_to_the_e_government_department(tmp_path):
    root = make_repo(tmp_path)
    _, text = new_request(root, "gaj", [SHOUYANG], TODAY)
    assert "approver: sjj\n" in text and "办法第十二条" in text


def test_numbers_follow_the_years_requests(tmp_path):
    root = make_repo(tmp_path)
    pending = (CASES / "valid/valid_request-pending.yaml").read_text(encoding="utf-8")
    write(root, "requests/2026/GX-2026-0007.yaml", pending.replace("GX-2025-0001", "GX-2026-0007"))
    write(root, "requests/2025/GX-2025-0031.yaml", pending.replace("GX-2025-0001", "GX-2025-0031"))
    assert new_request(root, "anxiang", [DIBAO], TODAY)[0] == "requests/2026/GX-2026-0008.yaml"


@pytest.mark.parametrize("applicant, codes, message", [
    ("jyj", [DIBAO], "单位登记表中没有单位标识「jyj」"),
    ("anxiang", ["430700-007-Y09-0099"], "目录中没有资源代码「430700-007-Y09-0099」"),
    ("anxiang", [DIBAO, "430700-006-J01-0001"], "一个申请只能向一个提供单位提出:市公安局、市民政局"),
    ("mzj", [DIBAO], "本单位的数据不需要申请共享"),
    ("gaj", [DIBAO, SHOUYANG], "不予共享的资源须单独申请"),
])
def test_requests_that_cannot_be_made_are_refused_in_chinese(tmp_path, applicant, codes, message):
    root = make_repo(tmp_path)
    with pytest.raises(ScaffoldError, match=message):
        new_request(root, applicant, codes, TODAY)


@pytest.mark.parametrize("text", ["姓名", "所在乡镇(街道)", "123", "yes", "No", "null", "-1", "a: b", "#号", "'引号'"])
def test_scalars_read_back_exactly(text):
    doc, problems = load_bytes(f"items:\n  - {scalar(text)}\n".encode(), "t.yaml")
    assert problems == [] and doc.data["items"] == [text]


def test_the_command_writes_the_file_and_shows_what_is_left(tmp_path, capsys):
    root = make_repo(tmp_path)
    args = ["new", "request", "--from", "anxiang", "--resource", DIBAO, "--root", str(root), "--today", "2026-11-24"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("已生成 requests/2026/GX-2026-0001.yaml。还需要填写的内容:\n")
    assert "「用途」(purpose)不能为空。" in out
    assert main(args) == 0
    assert (root / "requests/2026/GX-2026-0002.yaml").is_file()


def test_the_command_reports_a_refusal_and_exits_1(tmp_path, capsys):
    root = make_repo(tmp_path)
    assert main(["new", "request", "--from", "jyj", "--resource", DIBAO, "--root", str(root)]) == 1
    assert "单位登记表中没有单位标识「jyj」" in capsys.readouterr().err
    assert not (root / "requests").exists()


def test_a_new_entry_has_its_code_provider_and_class_and_asks_for_the_rest(tmp_path):
    root = make_repo(tmp_path)
    path, text = new_resource(root, "mzj", "Y09", TODAY)
    assert path == "catalog/mzj/430700-007-Y09-0003.yaml"  # 0001 and 0002 are taken
    write(root, path, text)
    problems = validate(root, [path], TODAY).problems
    assert {p.rule for p in problems} == {"schema-minLength", "schema-enum", "schema-minItems", "schema-type"}
    asked = {p.message.split("」", 1)[0].split("「")[-1] for p in problems}
    assert asked == {"数据名称", "责任处室", "摘要", "格式类型", "格式说明", "共享类型", "共享方式", "开放属性", "更新周期",
                     "信息项名称", "数据类型", "是否涉密"}
    assert "code-unique" not in {p.rule for p in problems} and "code-sequence" not in {p.rule for p in problems}


def test_a_new_entry_for_an_unknown_class_or_unit_is_refused(tmp_path):
    root = make_repo(tmp_path)
    with pytest.raises(ScaffoldError, match="没有类别码「X01」"):
        new_resource(root, "mzj", "X01", TODAY)
    with pytest.raises(ScaffoldError, match="没有单位标识「jyj」"):
        new_resource(root, "jyj", "J01", TODAY)


def test_the_command_writes_a_new_entry(tmp_path, capsys):
    root = make_repo(tmp_path)
    assert main(["new", "resource", "--unit", "anxiang", "--class", "Z01", "--root", str(root),
                 "--today", "2026-11-24"]) == 0
    assert capsys.readouterr().out.startswith("已生成 catalog/anxiang/430721-038-Z01-0001.yaml。")
