"""The quality score (docs/quality.md): entries worked out by hand, a unit's average, the command, the pages.

The entries are the fixture's (tests/cases/fixture), scored as of casetools.TODAY (2026-11-24); its registry
gives no unit a 联系方式, so every entry of it misses those 2 points:

    gaj  430700-006-J01-0001  有条件共享, 数据库, 每日, updated 2025-10-31 (stale), all items sized     72 良好
    mzj  430700-007-Y09-0001  有条件共享, 数据库, 每月, updated 2025-10-31 (stale), no 关键词, 整型 unsized  54 合格
    mzj  430700-007-Y09-0002  不予共享, 电子文件, 不定期, no 关键词, no 责任处室                           59 良好
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from pathlib import Path

import pytest
from casetools import TODAY, make_repo
from fuzzing import case_for, confusion_cases

from generator.check.validate import Result
from generator.cli import main
from generator.core import sharing
from generator.model import freshness
from generator.model.catalog import Item, LegalBasis, Link, load_catalog
from generator.quality.criteria import CRITERIA, MAXIMUM, THRESHOLDS, rating
from generator.quality.files import entry_from, file_scores
from generator.quality.scores import EntryScore, score_entry, unit_score
from generator.read.schema import Schema
from generator.site.build import publish

ROOT = Path(__file__).parent.parent
AS_OF = datetime.date(2025, 11, 15)
DIBAO, SHOUYANG, RENKOU = ("catalog/mzj/dibao-duixiang.yaml", "nonshared/mzj/shouyang-dengji.yaml",
                           "catalog/gaj/changzhu-renkou.yaml")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_catalog(make_repo(tmp_path_factory.mktemp("quality")), today=TODAY)


@pytest.fixture(scope="module")
def complete(catalog):
    """常住人口基本信息 with what it lacks filled in: national class and code, a link, its unit's contact."""
    resource = catalog.by_code["430700-006-J01-0001"]
    return dataclasses.replace(
        resource, national_code="101001/000001", national_class=(("类", "基础信息资源类"), ("项", "人口信息")),
        links=(Link("接口文档", "https://data.example.org/api/renkou"),),
        provider=dataclasses.replace(resource.provider, contact="0736-0000000(工作日)"))


def missing(resource, as_of=AS_OF) -> tuple[int, list[str]]:
    score = score_entry(resource, as_of)
    return score.score, [c.id for c in score.missing]


# ---- the criteria table

def test_the_criteria_add_up_to_a_hundred_in_five_dimensions():
    by_dimension: dict[str, int] = {}
    for criterion in CRITERIA:
        by_dimension[criterion.dimension] = by_dimension.get(criterion.dimension, 0) + criterion.points
    assert MAXIMUM == 100 and len({c.id for c in CRITERIA}) == len(CRITERIA) == 17
    assert by_dimension == {"可发现性": 25, "可访问性": 20, "互操作性": 25, "可重用性": 18, "情境信息": 12}


def test_the_ratings_are_the_mqa_bands_scaled_to_a_hundred():
    # 351, 221 and 121 of 405 points: 86.7, 54.6 and 29.9 of 100, rounded up.
    assert THRESHOLDS == (("优秀", 87), ("良好", 55), ("合格", 30))
    assert [rating(s) for s in (100, 87, 86.9, 55, 54.9, 30, 29.9, 0)] == [
        "优秀", "优秀", "良好", "良好", "合格", "合格", "较差", "较差"]


def test_every_hint_names_its_fields_by_the_schemas_labels():
    titles = {info.title for name in ("resource", "units") for pattern, _ in Schema.named(name).fields.schemas()
              if (info := Schema.named(name).fields.info(pattern))}
    for criterion in CRITERIA:
        named = re.findall(r"「([^」]+)」", criterion.hint)
        assert named and set(named) <= titles, criterion.id


def test_the_staff_page_lists_every_criterion_with_its_points():
    text = (ROOT / "docs/quality.md").read_text(encoding="utf-8")
    for criterion in CRITERIA:
        assert f"| {criterion.dimension} | {criterion.label} | {criterion.points} |" in text, criterion.id
    assert "https://data.europa.eu/mqa/methodology" in text


# ---- entries worked out by hand

def test_a_complete_entry_has_full_marks(complete):
    score = score_entry(complete, AS_OF)
    assert (score.score, score.rating, score.missing) == (100, "优秀", ())


def test_missing_keywords_costs_ten_points_and_the_hint_names_the_field(complete):
    score = score_entry(dataclasses.replace(complete, keywords=("", " ")), AS_OF)
    assert (score.score, score.rating, [c.id for c in score.missing]) == (90, "优秀", ["keywords"])
    assert score.missing[0].hint == "填写「关键词」"
    assert missing(dataclasses.replace(complete, keywords=(), links=())) == (82, ["keywords", "links"])


def test_conditional_sharing_without_conditions(complete):
    assert missing(dataclasses.replace(complete, conditions="  ")) == (94, ["conditions"])
    # 无条件共享 needs no conditions, but a 共享方式 like every shared entry.
    open_data = dataclasses.replace(complete, sharing_type=sharing.UNCONDITIONAL, conditions="")
    assert missing(open_data) == (100, [])
    assert missing(dataclasses.replace(open_data, methods=())) == (88, ["method"])


def test_nonshared_without_legal_basis_and_never_blamed_for_a_method_it_may_not_have(complete):
    nonshared = dataclasses.replace(complete, sharing_type=sharing.NONSHARED, conditions="", methods=(),
                                    legal_basis=(LegalBasis("中华人民共和国统计法", "第二十五条", ""),))
    assert missing(nonshared) == (100, [])
    assert missing(dataclasses.replace(nonshared, legal_basis=())) == (94, ["legal-basis"])
    assert missing(dataclasses.replace(nonshared, legal_basis=(LegalBasis("中华人民共和国统计法", "", ""),))) == (
        94, ["legal-basis"])


def test_stale_against_the_update_cycle(complete):
    monthly = dataclasses.replace(complete, update_cycle="每月", updated="2025-10-14")
    assert missing(monthly) == (92, ["cycle-kept"])  # 32 days on a cycle of 31
    assert missing(dataclasses.replace(monthly, updated="2025-10-15")) == (100, [])  # 31 days: still kept
    assert missing(dataclasses.replace(monthly, update_cycle="不定期", updated="2001-01-01")) == (100, [])
    assert missing(dataclasses.replace(monthly, update_cycle="每年", updated="2024-11-14")) == (100, [])  # 366 days
    assert missing(dataclasses.replace(monthly, update_cycle="隔年")) == (92, ["cycle-kept"])  # not a cycle
    assert missing(dataclasses.replace(monthly, updated="2025-02-30")) == (90, ["updated", "cycle-kept"])


def test_the_update_cycle_is_judged_by_the_windows_of_the_rules_in_force(complete):
    """A city whose rules give a monthly entry 45 days (registry/policy.yaml, scoring.windows) scores by them."""
    monthly = dataclasses.replace(complete, update_cycle="每月", updated="2025-10-14")
    longer = {**freshness.WINDOWS, "每月": 45}
    assert score_entry(monthly, AS_OF, longer).score == 100
    assert [c.id for c in score_entry(monthly, AS_OF, {**longer, "每月": 20}).missing] == ["cycle-kept"]


def test_validate_quality_reads_the_windows_of_the_repository_policy(tmp_path, capsys):
    root = make_repo(tmp_path)
    policy = (root / "registry/policy.yaml").read_text(encoding="utf-8")
    assert "每日: 31" in policy
    (root / "registry/policy.yaml").write_text(policy.replace("每日: 31", "每日: 900"), encoding="utf-8")
    main(["validate", "--root", str(root), "--quality", "--today", "2026-11-24", str(root / "catalog/gaj")])
    out = capsys.readouterr().out
    assert "按周期更新" not in out and "72 分" not in out  # the 每日 entry of 2025-10-31 kept its cycle under these rules


def test_items_without_lengths(complete):
    items = complete.items
    assert missing(dataclasses.replace(complete, items=items + (Item("出生日期", "日期型", None, None, ""),))) == (
        100, [])  # a date has a length of its own
    for unsized in (Item("保障人数", "整型", None, None, ""), Item("月保障金额", "货币型", 10, None, ""),
                    Item("", "字符型", 10, None, ""), Item("备注", "文本型", None, None, "")):
        assert missing(dataclasses.replace(complete, items=items + (unsized,))) == (92, ["items-typed"]), unsized
    assert missing(dataclasses.replace(complete, items=items + (Item("月保障金额", "货币型", 10, 2, ""),))) == (
        100, [])
    assert missing(dataclasses.replace(complete, items=())) == (92, ["items-typed"])


def test_formats_from_the_vocabulary_and_machine_readable(complete):
    assert missing(dataclasses.replace(complete, format_type="电子文件", format_detail="OFD")) == (
        93, ["machine-readable"])
    assert missing(dataclasses.replace(complete, format_type="PDF", format_detail="")) == (
        83, ["format-type", "format-detail", "machine-readable"])


def test_the_fixtures_entries(catalog):
    assert [missing(catalog.by_code[code], TODAY) for code in
            ("430700-006-J01-0001", "430700-007-Y09-0001", "430700-007-Y09-0002")] == [
        (72, ["national-class", "national-code", "links", "contact", "cycle-kept"]),
        (54, ["keywords", "national-class", "national-code", "links", "items-typed", "contact", "cycle-kept"]),
        (59, ["keywords", "national-class", "national-code", "links", "machine-readable", "department", "contact"]),
    ]


# ---- a unit

def _scored(*scores: int) -> list[EntryScore]:
    return [EntryScore(f"430700-007-Y09-{n:04d}", "", s, rating(s), ()) for n, s in enumerate(scores, 1)]


def test_a_units_average_is_rounded_half_up_and_rated():
    unit = unit_score(_scored(80, 81, 80, 80))
    assert (unit.entries, unit.average, unit.rating) == (4, 80.3, "良好")  # 80.25: round() would give 80.2
    assert unit_score(_scored(86, 87)).rating == "良好"  # 86.5 is below 87
    assert unit_score(_scored(87, 87, 88)).average == 87.3


def test_a_unit_counts_its_ratings_and_lists_its_weakest_entries_first():
    unit = unit_score(_scored(100, 82, 92, 20, 54, 61, 70))
    assert unit.counts == (("优秀", 2), ("良好", 3), ("合格", 1), ("较差", 1))
    assert [s.score for s in unit.lowest] == [20, 54, 61, 70, 82]  # five at most, never one with full marks
    assert [s.score for s in unit_score(_scored(100, 95)).lowest] == [95]


def test_a_unit_without_entries_has_no_average():
    unit = unit_score([])
    assert (unit.entries, unit.average, unit.rating, unit.lowest) == (0, None, "", ())
    assert unit.counts == (("优秀", 0), ("良好", 0), ("合格", 0), ("较差", 0))


def test_the_fixtures_unit(catalog):
    unit = unit_score(score_entry(r, TODAY) for r in catalog.by_unit["mzj"])
    assert (unit.average, unit.rating, [s.score for s in unit.lowest]) == (56.5, "良好", [54, 59])


# ---- entries that did not validate

def test_an_empty_entry_scores_only_what_does_not_apply():
    # Not 有条件共享 nor 不予共享: 共享条件 and 不予共享依据 do not apply (6 + 6); everything else is missing.
    score = score_entry(entry_from("catalog/x/y.yaml", {}, {}, {}), TODAY)
    assert (score.score, score.rating) == (12, "较差")
    assert {c.id for c in CRITERIA} - {c.id for c in score.missing} == {"conditions", "legal-basis"}


def test_values_of_the_wrong_shape_count_as_not_given():
    data = {"keywords": "户籍", "items": [1, None, {"name": ["x"], "type": 5, "length": True}], "sharing": ["有条件共享"],
            "category": {"database": [], "subclass": {"a": 1}}, "national_class": {"class": 1, "item": None},
            "links": [{"url": 5}, "https://x.example/"], "provider": {"id": "gaj"}, "updated": 20250101,
            "format": "数据库", "update_cycle": ["每月"], "published": None, "department": 7}
    assert score_entry(entry_from("catalog/x/y.yaml", data, {}, {}), TODAY).score == 12


def _entry_cases():
    cases = [*confusion_cases(), *(case_for(20261204, index) for index in range(200))]
    return [case for case in cases if case.place.startswith(("catalog/", "nonshared/"))]


def test_mutated_and_confused_entries_are_scored_without_a_crash(tmp_path):
    root = make_repo(tmp_path)
    cases = _entry_cases()
    assert len(cases) > 100
    for case in cases:
        target = root / case.place
        original = target.read_bytes() if target.exists() else None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.raw)
        try:
            (scored,) = file_scores(root, [case.place], Result([], 1), TODAY)
        finally:
            if original is None:
                target.unlink()
            else:
                target.write_bytes(original)
        assert scored.path == case.place
        assert scored.score is None or 0 <= scored.score.score <= MAXIMUM, case.how


# ---- catalog validate --quality

def run(capsys, root: Path, *args: str) -> tuple[int, str]:
    code = main(["validate", "--root", str(root), "--today", TODAY.isoformat(), "--no-cache", *args])
    return code, capsys.readouterr().out


DIBAO_LINES = [
    "元数据质量评分(满分 100 分,评分方法见 docs/quality.md):",
    f"{DIBAO}: 54 分,合格,可提高:",
    "    +10 可发现性·关键词:填写「关键词」",
    "    +5 可发现性·国家目录分类:填写「国家目录分类」的类和项",
    "    +5 可发现性·国家目录代码:填写「国家目录代码」",
    "    +8 可访问性·相关链接:在「相关链接」中给出 http(s) 网址",
    "    +8 互操作性·信息项类型和长度:补全信息项的「数据类型」「长度」「小数位数」",
    "    +2 可重用性·单位联系方式:在单位登记表中填写「联系方式」",
    "    +8 情境信息·按周期更新:按「更新周期」更新并改「数据更新日期」",
]


def test_validate_quality_prints_each_checked_entrys_score_after_the_report(tmp_path, capsys):
    root = make_repo(tmp_path)
    code, out = run(capsys, root, str(root / DIBAO), "--quality")
    assert code == 0
    assert out.splitlines() == ["检查了 1 个文件,没有发现问题。", *DIBAO_LINES]
    code, out = run(capsys, root, str(root / DIBAO))
    assert out == "检查了 1 个文件,没有发现问题。\n"  # nothing without the flag


def test_validate_quality_scores_a_file_with_errors_and_one_it_cannot_read(tmp_path, capsys):
    root = make_repo(tmp_path)
    text = (root / DIBAO).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  conditions: .*\n", "", text)  # 有条件共享 without its 共享条件: a schema error
    (root / DIBAO).write_text(text, encoding="utf-8")
    (root / "catalog/mzj/list.yaml").write_text("- 不是\n- 条目\n", encoding="utf-8")
    code, out = run(capsys, root, str(root / "catalog/mzj"), "--quality")
    assert code == 1
    lines = out.splitlines()
    at = lines.index("元数据质量评分(满分 100 分,评分方法见 docs/quality.md):")
    assert lines[at + 1] == f"{DIBAO}: 48 分,合格,可提高:"
    assert "    +6 可重用性·共享条件:写明「共享条件」" in lines
    assert lines[-1] == "catalog/mzj/list.yaml: 无法评分,文件内容不是目录条目(见上面的问题)。"


def test_validate_quality_in_json_puts_the_scores_in_the_document(tmp_path, capsys):
    root = make_repo(tmp_path)
    code, out = run(capsys, root, str(root / DIBAO), str(root / SHOUYANG), "--quality", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["errors"] == 0 and document["problems"] == []
    assert [(f["file"], f["score"], f["rating"], f["maximum"]) for f in document["quality"]] == [
        (DIBAO, 54, "合格", 100), (SHOUYANG, 59, "良好", 100)]
    assert document["quality"][0]["missing"][0] == {"criterion": "keywords", "dimension": "可发现性", "label": "关键词",
                                                   "points": 10, "hint": "填写「关键词」"}


def test_validate_quality_for_the_whole_catalog_scores_every_entry(tmp_path, capsys):
    root = make_repo(tmp_path)
    code, out = run(capsys, root, "--quality", "--format", "github")
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines() if line.endswith("可提高:")] == [RENKOU, DIBAO, SHOUYANG]


# ---- the pages

@pytest.fixture(scope="module")
def site(tmp_path_factory, catalog):
    root = make_repo(tmp_path_factory.mktemp("quality-site"))
    for name in ("docs", "site_templates"):
        (root / name).symlink_to(ROOT / name)
    (root / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
    assert publish(root, load_catalog(root, today=TODAY), {}, root / "site", today=TODAY) == []
    return root / "site"


def _section(page: str) -> str:
    start = page.index('<h2 id="quality">')
    return page[start:page.index("<h2 ", start + 1)]


def test_a_resource_page_shows_its_score_and_what_would_raise_it(site):
    section = _section((site / "resources/430700-007-Y09-0001/index.html").read_text(encoding="utf-8"))
    assert "得分 <strong>54</strong>/100,合格。" in section and 'href="../../quality/"' in section
    assert "如何提高得分" in section
    assert re.findall(r"<li>(.*?)</li>", section) == [
        "+10 填写「关键词」", "+5 填写「国家目录分类」的类和项", "+5 填写「国家目录代码」",
        "+8 在「相关链接」中给出 http(s) 网址", "+8 补全信息项的「数据类型」「长度」「小数位数」",
        "+2 在单位登记表中填写「联系方式」", "+8 按「更新周期」更新并改「数据更新日期」"]


def test_the_score_adds_a_few_hundred_bytes_to_a_resource_page(site):
    for page in sorted(site.glob("resources/*/index.html")):
        assert len(_section(page.read_text(encoding="utf-8")).encode()) < 650, page


def test_a_unit_page_shows_the_units_average_and_its_weakest_entries(site):
    section = _section((site / "units/mzj/index.html").read_text(encoding="utf-8"))
    assert "本单位 2 个条目的平均得分 <strong>56.5</strong> / 100(良好);优秀 0 个、良好 1 个、合格 1 个、较差 0 个。" in section
    assert re.findall(r'<td class="cd-nowrap">(.+?)</td>', section) == ["54(合格)", "59(良好)"]
    assert 'href="../../resources/430700-007-Y09-0001/#quality"' in section
    assert 'class="cd-list cd-quality cd-cards"' in section
    empty = _section((site / "units/sjj/index.html").read_text(encoding="utf-8"))
    assert "本单位还没有目录条目,没有元数据质量得分。" in empty and "<table" not in empty


def test_the_units_list_gives_each_units_average_as_its_page_does(site):
    page = (site / "units/index.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<a href="\.\./units/([a-z]+)/">[^<]*</a>.*?<td class="cd-nowrap">([^<]*)</td></tr>', page))
    assert rows["mzj"] == "56.5(良好)" and rows["sjj"] == "—"  # sjj has no entry yet
    assert set(rows) == {"sjj", "gaj", "mzj", "anxiang"} and 'href="../quality/"' in page
