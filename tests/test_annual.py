"""The annual sharing report (Art. 28, 30, 32): every figure of 2025 worked out by hand, and the snapshot rule.

The repository is the fixture (units sjj 001, gaj 006, mzj 007, anxiang 038) plus the files under
tests/annual/repo/ (two anxiang entries, nine requests, five error reports, each file saying
what it is for), with three update dates set here:

    gaj  430700-006-J01-0001  基础, 有条件共享, 每日,  published 2023-04-10, updated 2026-01-15 (after the year)
    mzj  430700-007-Y09-0001  业务, 有条件共享, 每月,  published 2022-03-01, updated 2024-11-30
    mzj  430700-007-Y09-0002  业务, 不予共享,   不定期, published 2021-07-01, updated 2024-06-30
    anxiang 430721-038-Y12-0001 业务, 无条件共享, 每年, published 2025-03-10, updated 2025-03-10
    anxiang 430721-038-Y06-0002 业务, 无条件共享, 每季度, published 2026-02-01 (not there at the end of 2025)
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from casetools import make_repo

from generator.annual import (
    AnnualReport,
    Citywide,
    Evidence,
    Item,
    Late,
    Quality,
    Quantity,
    Rectification,
    Reviews,
    Stale,
    Tally,
    Timeliness,
    UnitReport,
    Usage,
    annual_report,
    report_rows,
)
from generator.check.validate import validate
from generator.model.catalog import load_catalog
from generator.model.snapshot import state_at, warnings_by_unit

ANNUAL = Path(__file__).parent / "annual" / "repo"
BUILD_DAY = datetime.date(2026, 11, 24)
YEAR_END = datetime.date(2025, 12, 31)
NO_2025 = "仓库中没有 2025 年底的版本,按条目和申请中记录的日期推算。"
GAJ_ENTRY, MZJ_ENTRY, MZJ_NONSHARED = ("catalog/gaj/changzhu-renkou.yaml", "catalog/mzj/dibao-duixiang.yaml",
                                       "nonshared/mzj/shouyang-dengji.yaml")
CLAUSE_1 = "未按要求编制或更新本单位数据资源目录"
CLAUSE_5 = "向共享平台提供的数据和本单位业务数据资源库不一致,或提供的数据不符合有关规范无法使用"


def annual_repo(tmp: Path) -> Path:
    """The fixture repository with the annual-report files and dates."""
    root = make_repo(tmp)
    shutil.copytree(ANNUAL, root, dirs_exist_ok=True)
    redate(root, GAJ_ENTRY, "updated", "2026-01-15")
    redate(root, MZJ_ENTRY, "updated", "2024-11-30")
    redate(root, MZJ_NONSHARED, "updated", "2024-06-30")
    return root


def redate(root: Path, path: str, key: str, value: str) -> None:
    """Set one top-level date of an entry."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    changed = re.sub(rf"^{key}: .*$", f'{key}: "{value}"', text, count=1, flags=re.MULTILINE)
    assert changed != text, f"{path} 没有 {key}"
    file.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = annual_repo(tmp_path_factory.mktemp("annual"))
    assert validate(root, today=BUILD_DAY).errors == 0
    return root


@pytest.fixture(scope="module")
def report(repo) -> AnnualReport:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIT_CEILING_DIRECTORIES", str(repo.parent))  # no repository around the temporary folder
        with state_at(repo, 2025, today=BUILD_DAY) as snapshot:
            assert (snapshot.root, snapshot.source, snapshot.note, snapshot.as_of) == (repo, "", NO_2025, YEAR_END)
            warnings = warnings_by_unit(validate(snapshot.root, today=snapshot.as_of, warnings=False).problems)
            assert warnings == {}  # the two overdue warnings sit on request files, not on entries
            return annual_report(snapshot.catalog, 2025, snapshot.as_of, warnings=warnings, note=snapshot.note)


def test_the_report_is_dated_and_says_where_its_figures_come_from(report):
    assert (report.year, report.as_of, report.final, report.note) == (2025, "2025-12-31", True, NO_2025)


def test_citywide_summary(report):
    assert report.citywide == Citywide(
        # gaj J01, mzj Y09-0001 and Y09-0002, anxiang Y12-0001; Y06-0002 is published in 2026.
        resources=4, resources_at_start=3, new=1, removed=None,
        by_database=(Tally("基础", 1), Tally("主题", 0), Tally("业务", 3)),
        by_sharing=(Tally("无条件共享", 1), Tally("有条件共享", 2), Tally("不予共享", 1)),
        # Made in 2025: GX-2025-0001 … 0006 (YY-2025-0001 is an objection, GX-2026-0001 is 2026's).
        # Approved in 2025: 0001 (09-19), 0002 (11-05), 0003 (04-03), 0004 (12-03); GX-2024-0001 was approved in 2024.
        # Rejected: 0005. Provided in 2025: GX-2024-0001 (01-06), 0001 (10-20), 0002 (11-21), 0003 (04-08);
        # 0004 is provided on 2026-01-06.
        requests_made=6, approved=4, rejected=1, fulfilled=4,
        # Notice → provision of 业务库 data: GX-2024-0001 12-20 → 01-06: 10; GX-2025-0001 09-25 → 10-20: 13
        # (国庆 8 days off, 09-28 and 10-11 worked); GX-2025-0002 11-10 → 11-21: 9. The 基础库 0003 has no notice.
        median_days=10.0, fulfilment_days=(9, 10, 13),
        fulfilment_chart=(Tally("0–5", 0), Tally("6–10", 2), Tally("11–15", 1), Tally("16–20", 0), Tally("21 及以上", 0)),
        # Deadlines in 2025: 01-06 (met), 10-15 (provided 10-20: late), 11-24 (met), 12-19 (not provided by 12-31).
        overdue=2,
        reviews=Reviews(made=1, reclassified=0, upheld=1, pending=0),  # GX-2025-0006, upheld 07-20
        objections=Reviews(made=1, reclassified=0, upheld=0, pending=1),  # YY-2025-0001, decided only in 2026
        # Reported in 2025: JC-2025-0001, 0002, 0003; true: 0001, 0002; untrue: 0003; corrected: 0001 (0002 in 2026).
        feedback_reported=3, feedback_true=2, feedback_false=1, feedback_corrected=1)


GAJ = UnitReport(
    "gaj", "常德市公安局", "006",
    # One shared resource, none new: 10 × 1 + 10 × 0.
    Quantity(shared=1, nonshared=0, new=0, score=10.0),
    # J01: 责任处室 ✓, 关键词 ✓, Oracle ✓, 6 of 8 items described → (3 + 6/8) / 4 = 0.9375.
    # JC-2025-0003 reported in 2025 (untrue); JC-2024-0001 true since 2024-10-15, never corrected.
    # 100 × 0.9375 − 5 × 0 − 10 × 1 = 83.75 → 83.8 (half up).
    # Beside it, the entry's quality score (docs/quality.md): 100 less 国家目录分类 5, 国家目录代码 5, 相关链接 8
    # and the registry's 联系方式 2 = 80 (良好); updated after the year, it is not held to its cycle.
    Quality(entries=1, completeness=0.9375, missing_department=(), missing_keywords=(), missing_format=(),
            undescribed=(("430700-006-J01-0001", 2),), warnings=0, errors_reported=1, uncorrected=("JC-2024-0001",),
            score=83.8, metadata=80.0, metadata_rating="良好"),
    # Updated 2026-01-15: what it looked like at the end of 2025 is unknown, so nothing is judged,
    # nothing counts against the unit (100) and whether it moved in 2025 cannot be told (no −20).
    Timeliness(entries=1, judged=0, timely=0, share=None, stale=(), updated_in_year=None, last_change="2023-04-10",
               score=100.0),
    # Received GX-2025-0003 (mzj), approved 04-03, provided 04-08 (基础库: on time). One user: 20.
    Usage(received=1, approved=1, fulfilled=1, on_time=1, overdue=(), users=("mzj",),
          score=20.0),
    # (10 + 83.8 + 100 + 20) / 4 = 53.45 → 53.5
    53.5, 1,
    ("有 1 条经核实属实的数据纠错尚未纠正(JC-2024-0001),请尽快纠正并记录纠正日期(办法第二十二条)。",
     "1 个条目共 2 个信息项缺少「说明」(430700-006-J01-0001),请补充信息项的含义和取值。"))

ANXIANG = UnitReport(
    "anxiang", "安乡县人民政府", "038",
    # Y12-0001 is new in 2025: 10 × 1 + 10 × 1.
    Quantity(shared=1, nonshared=0, new=1, score=20.0),
    # (3 + 1/2) / 4 = 0.875 → 87.5. Quality score: 100 − 5 − 5 − 8 − 2 = 80, as gaj's (每年: 296 days, kept).
    Quality(entries=1, completeness=0.875, missing_department=(), missing_keywords=(), missing_format=(),
            undescribed=(("430721-038-Y12-0001", 1),), warnings=0, errors_reported=0, uncorrected=(), score=87.5,
            metadata=80.0, metadata_rating="良好"),
    # 每年: 2025-03-10 → 2025-12-31 is 296 days ≤ 366. Published and updated in 2025.
    Timeliness(entries=1, judged=1, timely=1, share=1.0, stale=(), updated_in_year=True, last_change="2025-03-10",
               score=100.0),
    # Received GX-2025-0005 (gaj), rejected: nobody uses its data.
    Usage(received=1, approved=0, fulfilled=0, on_time=0, overdue=(), users=(), score=0.0),
    # (20 + 87.5 + 100 + 0) / 4 = 51.875 → 51.9
    51.9, 2,
    ("1 个条目共 1 个信息项缺少「说明」(430721-038-Y12-0001),请补充信息项的含义和取值。",
     "还没有单位使用本单位的共享数据,请完善资源摘要和关键词,方便其他单位查找和申请。"))

MZJ = UnitReport(
    "mzj", "常德市民政局", "007",
    Quantity(shared=1, nonshared=1, new=0, score=10.0),
    # Y09-0001: 处室 ✓, 关键词 ✗, MySQL ✓, 2 of 7 described → (2 + 2/7) / 4 = 4/7.
    # Y09-0002: 处室 ✗, 关键词 ✗, OFD ✓, 0 of 3 described → 1/4.
    # Unit: (4/7 + 1/4) / 2 = 23/56 = 0.410714…; reported in 2025: JC-2025-0001, 0002; 0002 true and
    # corrected only in 2026. 100 × 23/56 − 10 = 31.07… → 31.1
    # Quality scores: Y09-0001 misses 关键词 10, 国家目录分类 5, 国家目录代码 5, 相关链接 8, 信息项 8 (保障人数 整型
    # without 长度), 联系方式 2 and 按周期更新 8 (396 days on a 每月 cycle): 54 (合格). Y09-0002 (不予共享: no
    # 共享方式 asked) misses 关键词 10, 国家目录 5 + 5, 相关链接 8, 机器可读 7 (电子文件), 责任处室 4 and 联系方式 2: 59.
    # (54 + 59) / 2 = 56.5 (良好).
    Quality(entries=2, completeness=0.4107, missing_department=("430700-007-Y09-0002",),
            missing_keywords=("430700-007-Y09-0001", "430700-007-Y09-0002"), missing_format=(),
            undescribed=(("430700-007-Y09-0001", 5), ("430700-007-Y09-0002", 3)), warnings=0, errors_reported=2,
            uncorrected=("JC-2025-0002",), score=31.1, metadata=56.5, metadata_rating="良好"),
    # Y09-0001 每月: 2024-11-30 → 2025-12-31 is 396 days > 31; Y09-0002 不定期 is always timely.
    # Nothing published or updated in 2025: 100 × 1/2 − 20 = 30.
    Timeliness(entries=2, judged=2, timely=1, share=0.5,
               stale=(Stale("430700-007-Y09-0001", "城乡最低生活保障对象信息", "每月", "2024-11-30"),),
               updated_in_year=False, last_change="2024-11-30", score=30.0),
    # Received GX-2025-0001, 0002, 0004 and the review 0006; approved 0001, 0002, 0004; provided in 2025
    # GX-2024-0001 (on its deadline), 0001 (3 days late), 0002 (on time). Users: gaj, anxiang → 40.
    Usage(received=4, approved=3, fulfilled=3, on_time=2,
          overdue=(Late("GX-2025-0001", "anxiang", "2025-10-15", "2025-10-20", 3),
                   # 12-22 … 12-26, 12-29 … 12-31: 8 working days after the deadline, by 2025-12-31.
                   Late("GX-2025-0004", "anxiang", "2025-12-19", "", 8)),
          users=("gaj", "anxiang"), score=40.0),
    # (10 + 31.1 + 30 + 40) / 4 = 27.775 → 27.8
    27.8, 3,
    ("有 1 条经核实属实的数据纠错尚未纠正(JC-2025-0002),请尽快纠正并记录纠正日期(办法第二十二条)。",
     "有 2 个共享申请逾期提供(GX-2025-0001、GX-2025-0004),请在接到通知后 10 个工作日内提供数据(办法第十七条)。",
     "1 个资源超过声明的更新周期未更新(430700-007-Y09-0001),请按更新周期更新数据并修改「数据更新日期」。"))

SJJ = UnitReport(
    "sjj", "常德市数据局", "001",
    Quantity(shared=0, nonshared=0, new=0, score=0.0),
    Quality(entries=0, completeness=0.0, missing_department=(), missing_keywords=(), missing_format=(), undescribed=(),
            warnings=0, errors_reported=0, uncorrected=(), score=0.0, metadata=None, metadata_rating=""),
    Timeliness(entries=0, judged=0, timely=0, share=None, stale=(), updated_in_year=False, last_change="", score=0.0),
    Usage(received=0, approved=0, fulfilled=0, on_time=0, overdue=(), users=(), score=0.0),
    0.0, 4,
    ("本单位尚未编制数据资源目录,请按办法第十条编制并提交目录条目。",))


def test_each_unit_scored_and_ranked(report):
    assert report.units == (GAJ, ANXIANG, MZJ, SJJ)


def test_the_report_page_shows_the_metadata_quality_beside_the_quality_score(report, repo):
    from generator.site.render import environment, rules_view
    from generator.site.reportpages import report_view, unit_row

    assert (unit_row(MZJ)["quality"], unit_row(MZJ)["metadata"], unit_row(SJJ)["metadata"]) == ("31.1", "56.5(良好)", "—")
    rules = rules_view(load_catalog(repo, today=BUILD_DAY).rules(BUILD_DAY))
    page = environment(rules).get_template("report.html").render(**report_view(report))
    assert '<th scope="col">质量</th><th scope="col">元数据质量</th>' in page
    assert '<td>31.1</td><td class="cd-nowrap">56.5(良好)</td>' in page


def test_rectifications_due(report):
    assert report.rectifications == (
        Rectification("sjj", "常德市数据局", (
            Item("一", "第三十二条第(一)项", CLAUSE_1, (Evidence("", "", "截至 2025-12-31 没有编制任何目录条目。"),)),)),
        Rectification("gaj", "常德市公安局", (
            Item("五", "第三十二条第(五)项", CLAUSE_5, (Evidence(
                "JC-2024-0001", "2024-10-15", "「常住人口基本信息」(430700-006-J01-0001)数据不一致:"
                "2024-10-10 反馈,2024-10-15 核实属实,截至 2025-12-31 未纠正。"),)),)),
        Rectification("mzj", "常德市民政局", (
            Item("一", "第三十二条第(一)项", CLAUSE_1, (
                Evidence("", "2024-11-30", "2025 年内没有发布或更新任何资源,最近一次是 2024-11-30。"),)),
            Item("二", "第三十二条第(二)项", "无故拒绝或拖延提供本单位可共享数据", (
                Evidence("GX-2025-0001", "2025-10-15", "提供期限 2025-10-15,2025-10-20 提供,逾期 3 个工作日。"),
                Evidence("GX-2025-0004", "2025-12-19", "提供期限 2025-12-19,截至 2025-12-31 未提供,已逾期 8 个工作日。"))),
            Item("三", "第三十二条第(三)项", "未按规定时限更新本单位数据资源", (
                Evidence("430700-007-Y09-0001", "2024-11-30", "「城乡最低生活保障对象信息」更新周期为每月,最近更新于 2024-11-30。"),)),
            Item("五", "第三十二条第(五)项", CLAUSE_5, (Evidence(
                "JC-2025-0002", "2025-11-14", "「城乡最低生活保障对象信息」(430700-007-Y09-0001)无法使用:"
                "2025-11-12 反馈,2025-11-14 核实属实,截至 2025-12-31 未纠正。"),)))),
    )


def test_tables_for_csv_and_workbooks(report):
    tables = report_rows(report)
    assert list(tables) == ["citywide", "units", "rectifications"]
    assert tables["citywide"].rows[:4] == (("年末资源数", 4), ("年初资源数", 3), ("本年新增资源", 1), ("本年撤销资源", ""))
    assert ("业务库数据提供用时中位数(工作日)", 10.0) in tables["citywide"].rows
    units = tables["units"]
    assert all(len(row) == len(units.header) for row in units.rows)
    assert [row[:3] for row in units.rows] == [(1, "常德市公安局", "gaj"), (2, "安乡县人民政府", "anxiang"),
                                              (3, "常德市民政局", "mzj"), (4, "常德市数据局", "sjj")]
    assert dict(zip(units.header, units.rows[2], strict=True)) | {"改进意见": ""} == dict(zip(units.header, (
        3, "常德市民政局", "mzj", 1, 1, 0, 10.0, 0.4107, 1, 2, 0, 8, 0, 2, 1, 31.1, 56.5, "良好", 2, 1, 0.5, "否", 30.0,
        4, 3, 3, 2, 2, 2, 40.0, 27.8, ""), strict=True))
    assert [row[:6] for row in tables["rectifications"].rows] == [
        ("常德市数据局", "sjj", "第三十二条第(一)项", CLAUSE_1, "", ""),
        ("常德市公安局", "gaj", "第三十二条第(五)项", CLAUSE_5, "JC-2024-0001", "2024-10-15"),
        ("常德市民政局", "mzj", "第三十二条第(一)项", CLAUSE_1, "", "2024-11-30"),
        ("常德市民政局", "mzj", "第三十二条第(二)项", "无故拒绝或拖延提供本单位可共享数据", "GX-2025-0001", "2025-10-15"),
        ("常德市民政局", "mzj", "第三十二条第(二)项", "无故拒绝或拖延提供本单位可共享数据", "GX-2025-0004", "2025-12-19"),
        ("常德市民政局", "mzj", "第三十二条第(三)项", "未按规定时限更新本单位数据资源", "430700-007-Y09-0001", "2024-11-30"),
        ("常德市民政局", "mzj", "第三十二条第(五)项", CLAUSE_5, "JC-2025-0002", "2025-11-14"),
    ]


def test_equal_totals_rank_by_unit_number_and_a_month_is_31_days(repo):
    report = annual_report(load_catalog(repo, today=datetime.date(2024, 12, 31)), 2024, datetime.date(2024, 12, 31))
    # gaj (10 + 83.8 + 100 + 0) / 4 = 48.45 → 48.5; mzj (10 + 41.1 + 100 + 20) / 4 = 42.775 → 42.8:
    # its 每月 entry updated 2024-11-30 is exactly 31 days old on 2024-12-31, still on time.
    # sjj and anxiang (whose entries come in 2025 and 2026) both 0: by unit number, 001 before 038.
    assert [(u.unit_id, u.total, u.rank) for u in report.units] == [
        ("gaj", 48.5, 1), ("mzj", 42.8, 2), ("sjj", 0.0, 3), ("anxiang", 0.0, 4)]
    assert report.units[1].timeliness.stale == ()


def test_warnings_on_entries_lower_the_quality_score(tmp_path):
    root = annual_repo(tmp_path)
    entry = root / "catalog/anxiang/diyuan-fangxun-zeren.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "classified: false", "related:\n  - 430721-038-Y12-0001\nclassified: false"), encoding="utf-8")
    warnings = warnings_by_unit(validate(root, today=YEAR_END, warnings=False).problems)
    assert warnings == {"anxiang": 1}  # related-self
    report = annual_report(load_catalog(root, today=YEAR_END), 2025, YEAR_END, warnings=warnings)
    anxiang = next(u for u in report.units if u.unit_id == "anxiang")
    assert (anxiang.quality.warnings, anxiang.quality.score) == (1, 82.5)  # 87.5 − 5 × 1
    assert anxiang.suggestions[1] == "目录文件有 1 个校验警告,请按校验提示修改。"


def test_last_years_catalog_shows_removals_and_edits(tmp_path):
    previous = load_catalog(make_repo(tmp_path / "before"), today=YEAR_END)
    root = make_repo(tmp_path / "after")
    (root / MZJ_NONSHARED).unlink()
    entry = root / GAJ_ENTRY
    entry.write_text(entry.read_text(encoding="utf-8").replace("户政管理支队", "人口管理支队"), encoding="utf-8")
    catalog = load_catalog(root, today=BUILD_DAY)
    alone = annual_report(catalog, 2026, BUILD_DAY)
    against = annual_report(catalog, 2026, BUILD_DAY, previous)
    assert (alone.citywide.resources_at_start, alone.citywide.removed) == (2, None)
    assert (against.citywide.resources_at_start, against.citywide.removed) == (3, 1)
    # Neither unit has a 2026 date in its entries; the edit and the removal are what moved their catalogs.
    assert {u.unit_id: u.timeliness.updated_in_year for u in alone.units if u.quality.entries} == {
        "gaj": False, "mzj": False}
    assert {u.unit_id: u.timeliness.updated_in_year for u in against.units if u.quality.entries} == {
        "gaj": True, "mzj": True}


def test_as_of_must_lie_in_the_year(repo):
    with pytest.raises(ValueError, match="不在 2025 年内"):
        annual_report(load_catalog(repo, today=BUILD_DAY), 2025, BUILD_DAY)


# ---- the snapshot rule


def git(root: Path, *args: str, when: str = "") -> None:
    """Run git in `root` away from the user's configuration, dated `when` when committing."""
    env = os.environ | {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=root, env=env, check=True, capture_output=True)


def commit(root: Path, when: str, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)


def reports(root: Path) -> tuple[AnnualReport, AnnualReport]:
    """The 2025 and the 2026 report, each from its year's state of the repository."""
    found = []
    for year in (2025, 2026):
        with state_at(root, year, today=BUILD_DAY) as snapshot:
            found.append(annual_report(snapshot.catalog, year, snapshot.as_of, note=snapshot.note))
    return found[0], found[1]


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_a_past_year_stays_fixed_when_entries_change_later(tmp_path):
    root = make_repo(tmp_path)
    git(root, "init", "-q")
    commit(root, "2025-12-20T10:00:00+08:00", "2025 年的目录")
    before_2025, before_2026 = reports(root)
    # Half past midnight on New Year's Day in Beijing is still 2025 in UTC: it belongs to 2026.
    redate(root, GAJ_ENTRY, "updated", "2026-01-01")
    (root / GAJ_ENTRY).write_text((root / GAJ_ENTRY).read_text(encoding="utf-8").replace(
        "update_cycle: 每日", "update_cycle: 每年"), encoding="utf-8")
    commit(root, "2026-01-01T00:30:00+08:00", "更新常住人口基本信息")
    after_2025, after_2026 = reports(root)
    assert after_2025 == before_2025
    assert before_2025.note.startswith("按 2025 年底的版本(提交 ") and before_2025.note.endswith(",2025-12-20)统计。")
    gaj_2025 = next(u for u in after_2025.units if u.unit_id == "gaj")
    assert (gaj_2025.timeliness.stale[0].updated, gaj_2025.timeliness.score) == ("2025-10-31", 0.0)
    assert after_2026 != before_2026
    gaj_before, gaj_after = (next(u for u in r.units if u.unit_id == "gaj") for r in (before_2026, after_2026))
    assert (gaj_before.timeliness.score, gaj_after.timeliness.score) == (0.0, 100.0)


@needs_git
def test_without_a_version_from_that_year_the_current_files_are_used(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = make_repo(tmp_path / "plain")
    with state_at(plain, 2025, today=BUILD_DAY) as snapshot:
        assert (snapshot.root, snapshot.source, snapshot.note) == (plain, "", NO_2025)
    root = make_repo(tmp_path / "young")
    git(root, "init", "-q")
    commit(root, "2026-03-01T09:00:00+08:00", "目录迁入仓库")
    with state_at(root, 2025, today=BUILD_DAY) as snapshot:
        assert (snapshot.root, snapshot.source, snapshot.note, snapshot.as_of) == (root, "", NO_2025, YEAR_END)
        assert len(snapshot.catalog.resources) == 3


@needs_git
def test_an_old_version_the_loader_cannot_read_falls_back(tmp_path):
    root = make_repo(tmp_path)
    entry = root / GAJ_ENTRY
    current = entry.read_text(encoding="utf-8")
    entry.write_text(current.replace("category:", "classification:"), encoding="utf-8")  # an older format
    git(root, "init", "-q")
    commit(root, "2025-06-30T10:00:00+08:00", "旧格式")
    entry.write_text(current, encoding="utf-8")
    commit(root, "2026-02-01T10:00:00+08:00", "改为新格式")
    with state_at(root, 2025, today=BUILD_DAY) as snapshot:
        assert (snapshot.root, snapshot.source) == (root, "")
        assert snapshot.note.startswith("2025 年底的版本(提交 ") and "是旧格式,当前程序无法读取(KeyError" in snapshot.note
        assert snapshot.note.endswith("按当前文件和条目、申请中记录的日期推算。")
        assert len(snapshot.catalog.resources) == 3


def test_a_request_still_late_carries_into_the_next_years_report(tmp_path):
    """Due in December 2025 and never provided: 2026 reports the delay too (Art. 32 (二))."""
    from casetools import make_repo as fixture_repo

    root = fixture_repo(tmp_path)
    target = root / "requests/2025/GX-2025-0001.yaml"
    target.parent.mkdir(parents=True)
    target.write_text((Path(__file__).parent / "cases/valid/valid_request-pending.yaml").read_text(encoding="utf-8")
                      + "  - status: 审核通过\n    date: 2025-12-10\n  - status: 通知提供\n    date: 2025-12-15\n",
                      encoding="utf-8")
    end = datetime.date(2026, 12, 31)
    report = annual_report(load_catalog(root, today=end), 2026, end)
    mzj = next(u for u in report.units if u.unit_id == "mzj")
    assert [late.id for late in mzj.usage.overdue] == ["GX-2025-0001"]
    delayed = next(i for r in report.rectifications if r.unit_id == "mzj" for i in r.items if i.clause == "二")
    assert [e.ref for e in delayed.evidence] == ["GX-2025-0001"]
