"""Strict loading: what a unit wrote is never silently changed, bad bytes never crash."""

from __future__ import annotations

import pytest

from generator.read.load import MAX_BYTES, load_bytes
from generator.read.schema import Schema


def load(text: str, typed_keys=frozenset()):
    doc, problems = load_bytes(text.encode("utf-8"), "x.yaml", typed_keys)
    assert problems == []
    return doc


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "0731", "2024-01-05", "1e3", ".inf", "0x1F", "12:30"])
def test_yaml_11_surprises_stay_text(written):
    assert load(f"value: {written}\n").data == {"value": written}


def test_nulls_and_quotes():
    doc = load('a:\nb: ~\nc: "null"\nd: \'18\'\ne: 18\n', frozenset("bde"))
    assert doc.data == {"a": None, "b": None, "c": "null", "d": "18", "e": "18"}
    assert doc.plain == {("e",)}  # quoted and null scalars are never typed


def test_schema_types_only_plain_scalars_it_expects():
    schema = Schema.named("resource")
    doc = load("classified: false\nitems:\n  - {name: 长度, type: 字符型, length: 18}\n"
               "  - {name: b, type: 字符型, length: '18'}\n"
               "name: 0731\n", schema.typed_keys)
    data = schema.coerce(doc)
    assert data["classified"] is False
    assert data["items"][0]["length"] == 18
    assert data["items"][1]["length"] == "18"  # quoted: the unit asked for text
    assert data["name"] == "0731"


def test_fast_pass_keeps_no_positions_but_still_finds_duplicate_keys():
    doc, problems = load_bytes(b"a: 1\nb: 2\n", "x.yaml", positions=False)
    assert doc.data == {"a": "1", "b": "2"} and doc.value_pos == {} and doc.key_pos == {}
    doc, problems = load_bytes(b"a: 1\nb: 2\na: 3\n", "x.yaml", positions=False)
    assert doc is None and [(p.rule, p.line, p.column) for p in problems] == [("yaml-duplicate-key", 3, 1)]
    assert "第 1 行和第 3 行" in problems[0].message


def test_positions_are_one_based_lines_and_character_columns():
    doc = load("名称说明: 常住人口\nlist:\n  - 甲\n  - {k: 乙}\n")
    assert doc.key_pos[("名称说明",)] == (1, 1)
    assert doc.value_pos[("名称说明",)] == (1, 7)
    assert doc.value_pos[("list", 1, "k")] == (4, 9)


def test_locate_falls_back_to_the_nearest_parent():
    doc = load("sharing:\n  type: 无条件共享\n")
    assert doc.locate(("sharing", "conditions")) == (2, 3)
    assert doc.locate(("sharing", "type"), at="key") == (2, 3)


def test_oversized_file_is_refused_with_a_located_message():
    doc, problems = load_bytes(b"summary: " + b"x" * MAX_BYTES, "big.yaml")
    assert doc is None
    assert [(p.rule, p.line, p.column) for p in problems] == [("load-too-large", 1, 1)]
    assert "不能超过 1024 KiB" in problems[0].message


def test_bom_is_accepted():
    doc, problems = load_bytes("\ufeffname: 甲\n".encode("utf-8"), "bom.yaml")
    assert problems == [] and doc.data == {"name": "甲"}


def test_a_complex_key_is_refused_where_it_stands():
    doc, problems = load_bytes(b"name: \xe7\x94\xb2\n? [a, b]\n: c\n", "complex.yaml")
    assert doc is None
    assert [(p.rule, p.line, p.column) for p in problems] == [("yaml-complex-key", 2, 3)]


@pytest.mark.parametrize("raw", [
    b"\xff\xfe\x00", b"\x00\x01\x02", b"a: [", b"a: {", b"- a\nb: c", b"? [a]\n: b", b"a: 'x", b"\xe4\xb8",
    b"%YAML 1.1\n---\na: b", b"a: b\n...\n---\nc: d", b"&a a: b", b"[*a]", "a：b".encode(), b"a: @x",
])
def test_garbage_never_raises(raw):
    doc, problems = load_bytes(raw, "junk.yaml")
    assert doc is not None or problems
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


# ---- one round: the rest of a file with typing slips is still judged ---------------------------------------

def test_a_file_without_slips_is_not_touched_by_the_repair():
    from pathlib import Path

    from generator.read.load import repaired

    for case in sorted((Path(__file__).parent / "cases" / "valid").glob("*.yaml")):
        text = case.read_bytes().decode("utf-8-sig")
        assert repaired(text) == text, case.name


@pytest.mark.parametrize("tabbed", ["category:\n\tdatabase: 业务\n\tsubclass: 民政服务\n",
                                    "category:\n\tdatabase: 业务\n    subclass: 民政服务\n"],  # a tab meant 4 spaces
                         ids=["tabs-only", "tab-beside-four-spaces"])
def test_a_file_indented_with_tabs_reads_as_the_file_indented_with_spaces(tabbed):
    from generator.read.load import load_past_slips

    doc, problems = load_past_slips(tabbed.encode("utf-8"), "x.yaml")
    assert {p.rule for p in problems} == {"yaml-tab"}
    assert doc is not None and doc.data == {"category": {"database": "业务", "subclass": "民政服务"}}


def test_slips_beside_a_real_syntax_error_give_both_and_no_guessed_document():
    """The slip, and the syntax error that remains once it is put right (it was hidden behind the slip)."""
    from generator.read.load import load_past_slips

    doc, problems = load_past_slips("name：救助\nsummary: \"没有闭合的引号\n".encode(), "x.yaml")
    assert doc is None and [p.rule for p in problems] == ["yaml-fullwidth-colon", "yaml-syntax"]


def test_a_tab_or_colon_inside_a_block_of_text_is_never_repaired():
    """Tabs and `word:x` inside `description: |` are the text itself; repairing them would change it."""
    from generator.read.load import load_past_slips

    text = ("department：县农业农村局\nitems:\n  - name: 乡镇代码\n    type: 字符型\n    description: |\n"
            "      第一行\n      \t前两位 乡镇代码\n      note:见附件\n")
    doc, _ = load_past_slips(text.encode(), "x.yaml")
    assert doc is None


def test_two_tab_widths_that_read_differently_are_not_guessed_between():
    from generator.read.load import load_past_slips

    doc, problems = load_past_slips("format:\n  type: 电子表格\n  detail:\n\tmore: x\n".encode(), "x.yaml")
    assert doc is None and [p.rule for p in problems] == ["yaml-tab"]
