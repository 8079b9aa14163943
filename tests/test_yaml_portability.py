"""A file means the same to every YAML reader (issue 12, point 8).

The strict loader reads every plain scalar as text; editors, check-jsonschema and scripts read
`12315` as a number. Where the schema wants text, such a value is an error with the fix, and
`catalog fix` quotes it in place, keeping everything else of the file byte for byte.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import ruamel.yaml
import yaml
from casetools import TODAY, make_repo

from generator.check.validate import validate
from generator.cli import main
from generator.read.yamltypes import reader_type

ROOT = Path(__file__).parent.parent
ENTRY = "catalog/mzj/dibao-duixiang.yaml"

# The YAML 1.2.2 core schema's int and float forms (section 10.3.2), written out from the specification.
_SPEC_CORE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                        r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def _check_jsonschema_reader():
    """ruamel.yaml as check-jsonschema sets it up: YAML 1.2, dates kept as text for JSON Schema."""
    reader = ruamel.yaml.YAML(typ="safe")
    reader.constructor.yaml_constructors["tag:yaml.org,2002:timestamp"] = \
        reader.constructor.yaml_constructors["tag:yaml.org,2002:str"]
    return reader


def _typed_by(load, text: str) -> bool:
    """Whether a reader makes anything but text (or nothing) of `v: <text>`; failing to read it counts."""
    try:
        value = load("v: " + text)["v"]
    except Exception:
        return True
    return not (value is None or isinstance(value, str))


def _plain_scalar(text: str) -> bool:
    try:
        events = [e for e in yaml.parse("v: " + text) if isinstance(e, yaml.ScalarEvent)]
    except yaml.YAMLError:
        return False
    return len(events) == 2 and events[1].style is None and events[1].value == text


def test_every_value_a_real_reader_types_is_flagged_and_nothing_more_than_the_specification_types():
    """A fuzz loop over number-, boolean- and date-like values, against the readers themselves."""
    yaml12 = ruamel.yaml.YAML(typ="safe")  # with dates: a date where text is wanted is flagged too
    rng = random.Random(12)
    alphabet = "_0123456789.-+:eExXoObBtTrRuUfFaAlLsSyYnN "
    samples = ["12315", "0731", "1e3", "yes", "No", "on", "true", "2024-01-05", "2024-01-05 08:30:00", "8:30",
               "1_000", "0x1F", "0o17", ".inf", ".NaN", "+1", "-2.5"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(5000)]
    for text in filter(_plain_scalar, samples):
        typed = _typed_by(yaml12.load, text) or _typed_by(yaml.safe_load, text)
        flagged = reader_type(text) is not None
        assert flagged or not typed, f"{text!r} is typed by a reader but not flagged"
        assert typed or not flagged or _SPEC_CORE.fullmatch(text), f"{text!r} flagged but no reader types it"


@pytest.mark.parametrize("text", ["12315热线", "430700-001-Y09-0001", "sjj", "第七十二条", "1.2.3", "V1.0", "n", "y",
                                  "中华人民共和国", "2024年1月5日", "-", "GB/T 2260"])
def test_text_no_reader_types_is_left_alone(text):
    assert reader_type(text) is None


@pytest.mark.parametrize(("kind", "schema", "paths"), [
    ("resource", "resource", ["catalog", "nonshared"]),
    ("request", "request", ["requests"]),
    ("feedback", "feedback", ["feedback"]),
    ("units", "units", ["registry/units.yaml"]),
])
def test_check_jsonschema_accepts_every_demo_file(kind, schema, paths):
    """The third-party checker, run on the demo as an editor or another city's CI would run it."""
    files = [str(p) for given in paths for p in sorted((ROOT / given).rglob("*.yaml"))] \
        if kind != "units" else [str(ROOT / paths[0])]
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                           str(ROOT / "schemas" / f"{schema}.schema.json"), *files],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_unquoted_number_in_a_text_field_fails_here_as_it_fails_check_jsonschema(tmp_path):
    root = make_repo(tmp_path)
    entry = root / ENTRY
    entry.write_text(entry.read_text(encoding="utf-8").replace("\ncategory:", "\nkeywords: [12345, 低保]\ncategory:"),
                     encoding="utf-8")
    problems = validate(root, [ENTRY], TODAY).problems
    assert [(p.rule, p.path) for p in problems] == [("yaml-reader-type", ("keywords", 0))]
    assert "关键词第 1 项" in problems[0].message and "读成数字" in problems[0].message
    assert '写成 "12345"' in problems[0].hint and "catalog fix" in problems[0].hint
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                           str(ROOT / "schemas/resource.schema.json"), str(entry)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1 and "12345 is not of type 'string'" in done.stdout


def test_unquoted_dates_in_date_fields_and_numbers_in_number_fields_are_what_the_schema_wants(tmp_path):
    """check-jsonschema and the language server read an unquoted date as text: no quotes are asked there."""
    root = make_repo(tmp_path)
    text = (root / ENTRY).read_text(encoding="utf-8")
    assert re.search(r"(?m)^updated: 20", text) and re.search(r"(?m)^\s+length: [0-9]", text)
    assert validate(root, [ENTRY], TODAY).problems == []


# ---- catalog fix ---------------------------------------------------------------------------------------

_UNPORTABLE = ("# yaml-language-server: $schema=../../schemas/resource.schema.json\r\n"
               "# 维护人手工填写;注释和空行都要保留\r\n")


def test_fix_quotes_only_the_values_and_keeps_every_other_byte(tmp_path, capsys):
    root = make_repo(tmp_path)
    entry = root / ENTRY
    text = entry.read_text(encoding="utf-8").split("\n", 1)[1].replace("\n", "\r\n")
    text = text.replace("\r\ncategory:", "\r\nkeywords: [12345, yes,   低保]  # 按网上的写法\r\ncategory:")
    raw = b"\xef\xbb\xbf" + (_UNPORTABLE + text + "# 文件末尾的注释\r\n").encode("utf-8")
    entry.write_bytes(raw)
    assert {p.rule for p in validate(root, [ENTRY], TODAY).problems} == {"yaml-reader-type"}

    assert main(["fix", "--check", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert entry.read_bytes() == raw  # --check writes nothing
    assert f"{ENTRY}:" in out and '12345 → "12345"' in out and 'yes → "yes"' in out
    assert "需要修改 1 个文件,共 2 处。" in out

    assert main(["fix", "--root", str(root), str(entry)]) == 0
    assert "修改了 1 个文件,共 2 处。" in capsys.readouterr().out
    expected = raw.replace(b"[12345, yes,   ", b'["12345", "yes",   ')
    assert entry.read_bytes() == expected
    assert validate(root, [ENTRY], TODAY).problems == []

    assert main(["fix", "--check", "--root", str(root)]) == 0
    assert "没有自动修改任何文件。" in capsys.readouterr().out


def test_fix_names_a_file_it_cannot_read_and_leaves_it_alone(tmp_path, capsys):
    root = make_repo(tmp_path)
    entry = root / ENTRY
    broken = entry.read_bytes().replace(b"\ncategory:", b"\nkeywords: [12345]\ncategory:", 1)
    broken = broken.replace(b"\nsummary:", b"\n\tsummary:", 1)  # a tab before a key: YAML cannot read it
    entry.write_bytes(broken)
    assert main(["fix", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{ENTRY}:" in out and "没有修改" in out
    assert entry.read_bytes() == broken


def test_fix_of_the_whole_demo_changes_nothing(tmp_path, capsys):
    """The demo is portable: every file already quoted where it must be."""
    root = tmp_path / "demo"
    for folder in ("registry", "catalog", "nonshared", "requests", "feedback"):
        shutil.copytree(ROOT / folder, root / folder)
    assert main(["fix", "--check", "--root", str(root)]) == 0
    assert capsys.readouterr().out == "没有自动修改任何文件。\n"


def test_written_entries_quote_what_readers_would_type():
    """The one YAML writer (import, issue forms, scaffolds) never writes a value another reader would retype."""
    from generator.intake.excel.yaml_writer import yaml_scalar
    from generator.read.load import compose

    for text in ["12315", "yes", "2024-01-05", "0731", "1_000", "8:30", "1e3", "true", "null", "~", "12315热线",
                 "=", "<<"]:  # the last two: a value key and a merge key, which PyYAML and ruamel refuse
        written = yaml_scalar(text)
        doc = compose(f"v: {written}\n", "x.yaml")
        assert doc.data == {"v": text} and doc.reader_typed == {}, (text, written)
        assert written.startswith('"') == (reader_type(text) is not None or text in ("null", "~")), text


def test_fix_puts_right_the_slips_the_validator_reads_past(tmp_path, capsys):
    """A tab in the indentation and a key's full-width colon: fixed with the quotes, comments kept."""
    root = make_repo(tmp_path)
    entry = root / ENTRY
    text = entry.read_text(encoding="utf-8")
    slipped = text.replace("\n  database: ", "\n\tdatabase: ", 1).replace("\nname: ", "\nname：", 1)
    slipped = slipped.replace("\ncategory:", "\nkeywords: [12345, 低保]  # 号码是热线\ncategory:", 1)
    entry.write_text(slipped, encoding="utf-8")
    assert {p.rule for p in validate(root, [ENTRY], TODAY).problems} == \
        {"yaml-tab", "yaml-fullwidth-colon", "yaml-reader-type"}  # one round: all three at once

    assert main(["fix", "--root", str(root), str(root / "catalog/mzj")]) == 0
    out = capsys.readouterr().out
    assert "⇥database: 业务 →   database: 业务" in out and "修改了 1 个文件,共 3 处。" in out
    assert entry.read_text(encoding="utf-8") == text.replace(
        "\ncategory:", '\nkeywords: ["12345", 低保]  # 号码是热线\ncategory:', 1)
    assert validate(root, [ENTRY], TODAY).problems == []


def test_fix_never_follows_a_link_nor_touches_a_file_outside_the_catalog(tmp_path, capsys):
    root = make_repo(tmp_path)
    outside = root / "README.yml"
    outside.write_text("name: x\nkeywords: [12315]\n", encoding="utf-8")
    (root / "catalog/evil").mkdir()
    (root / "catalog/evil/a.yaml").symlink_to("../../README.yml")
    assert main(["fix", "--root", str(root), str(root / "catalog/evil/a.yaml"), str(outside)]) == 1
    out = capsys.readouterr().out
    assert "是符号链接,不自动修改" in out and "README.yml 不是目录文件,不自动修改" in out
    assert "1 个文件不能自动修改" not in out and "2 个文件不能自动修改" in out
    assert outside.read_text(encoding="utf-8") == "name: x\nkeywords: [12315]\n"


def test_fix_leaves_a_block_of_text_as_it_is(tmp_path, capsys):
    """A tab and `note:见附件` inside `description: |` are its text: the file is named, nothing is changed."""
    root = make_repo(tmp_path)
    entry = root / ENTRY
    text = entry.read_text(encoding="utf-8").replace("department: ", "department：", 1).replace(
        "    description: 户主的 18 位公民身份号码\n",
        "    description: |\n      户主的 18 位公民身份号码\n      \t前两位 地区码\n      note:见附件\n", 1)
    entry.write_text(text, encoding="utf-8")
    assert main(["fix", "--root", str(root), str(entry)]) == 1
    assert entry.read_text(encoding="utf-8") == text
    assert "不能自动修改" in capsys.readouterr().out
