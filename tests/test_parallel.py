"""The parallel paths give exactly what the serial ones give."""

from __future__ import annotations

import shutil

from casetools import CASES, TODAY, make_repo

from generator.check import validate as validate_module
from generator.check.rules import similarity
from generator.check.validate import validate
from generator.read.registry import Unit


def test_parallel_per_file_stage_equals_serial(tmp_path, monkeypatch):
    root = make_repo(tmp_path)
    for case in sorted((CASES / "invalid").glob("[!u]*.yaml")):  # every resource case, side by side
        shutil.copy(case, root / "catalog/mzj" / case.name)
    serial = validate(root, None, TODAY, jobs=1)
    monkeypatch.setattr(validate_module, "PARALLEL_FROM", 0)
    parallel = validate(root, None, TODAY, jobs=2)
    assert parallel.problems == serial.problems
    assert len(serial.problems) > 60


def _unit(uid: str, level="市级", division="430700") -> Unit:
    return Unit(uid, uid, uid, "", division, level, "行政机关", "001", ())


def test_parallel_one_source_equals_serial(monkeypatch):
    items = [frozenset(f"信息项{k}" for k in range(start, start + 8)) for start in range(0, 40, 4)]
    records = []
    for index in range(60):
        unit = _unit(f"u{index % 7}", *(("区县级", "430721") if index % 11 == 0 else ()))
        name = ["企业登记信息", "企业登记数据", "行政处罚决定信息", "道路运输许可信息", f"专项资金{index}明细"][index % 5]
        records.append((f"catalog/u/{index}.yaml", unit, name, items[index % len(items)]))
    serial = list(similarity.near_duplicates(records, None, jobs=1))
    monkeypatch.setattr(similarity, "PARALLEL_FROM", 0)
    parallel = list(similarity.near_duplicates(records, None, jobs=2))
    assert sorted((a[0], b[0], why) for a, b, why in parallel) == sorted((a[0], b[0], why) for a, b, why in serial)
    assert {why for _, _, why in serial} >= {"名称相同", "信息项重合 100%"}
    # a focused search finds exactly the pairs involving the focused file
    focus = {"catalog/u/1.yaml"}
    focused = {(a[0], b[0]) for a, b, _ in similarity.near_duplicates(records, focus)}
    assert focused == {(a[0], b[0]) for a, b, _ in serial if focus & {a[0], b[0]}}
