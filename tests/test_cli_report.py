"""`catalog report` as the e-government department runs it: the year's report printed, its tables written."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from casetools import make_repo
from requestfixture import add_requests

from generator.cli import main


@pytest.fixture
def root(tmp_path):
    return add_requests(make_repo(tmp_path))


def report(root, *extra: str) -> list[str]:
    return ["report", "--root", str(root), "--today", "2026-11-24", *extra]


def test_the_report_of_the_year_is_printed_and_its_tables_written(root, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(report(root, "--year", "2026", "--out", str(out))) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "2026 年常德市政府数据资源共享报告"
    assert printed[1].startswith("统计截止 2026-11-24。")
    assert {"年末资源数:3", "本年共享申请:5", "本年审核通过:3", "逾期提供的申请:2"} <= set(printed)
    assert "   1     31  常德市公安局" in printed  # the ranking, best first
    assert printed[-1] == f"报告表格已写到 {out}。"
    assert sorted(p.name for p in out.iterdir()) == ["2026-citywide.csv", "2026-rectifications.csv",
                                                     "2026-units.csv", "2026.xlsx"]
    citywide = dict(csv.reader(io.StringIO((out / "2026-citywide.csv").read_text(encoding="utf-8-sig"))))
    assert citywide["年末资源数"] == "3" and citywide["本年共享申请"] == "5"
    book = openpyxl.load_workbook(out / "2026.xlsx", read_only=True)
    assert len(book.sheetnames) >= 3


def test_a_year_not_begun_is_a_usage_error_in_chinese(root, capsys):
    with pytest.raises(SystemExit) as stop:
        main(report(root, "--year", "2027"))
    assert stop.value.code == 2
    assert capsys.readouterr().err == "catalog: 参数错误:2027 年还没有开始。\n"


def test_a_year_that_is_no_number_is_a_usage_error_in_chinese(root, capsys):
    with pytest.raises(SystemExit) as stop:
        main(report(root, "--year", "二〇二六"))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--year" in err and "Traceback" not in err


def test_a_catalog_with_errors_gets_no_report(root, capsys):
    (root / "catalog/mzj/dibao-duixiang.yaml").write_text("code: [没有写完\n", encoding="utf-8")
    assert main(report(root, "--year", "2026")) == 1
    captured = capsys.readouterr()  # the broken file, and the requests that name its resource
    assert captured.out == ""
    assert captured.err == "catalog: 目录校验发现 3 个错误,先运行 catalog validate 并改正后再生成报告。\n"
