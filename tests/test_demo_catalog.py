"""The shipped demo catalog for Changde validates clean and is as large as the brief asks."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.registry import units_from
from generator.validate import validate

ROOT = Path(__file__).parent.parent


def test_demo_catalog_has_no_error_and_no_warning():
    result = validate(ROOT)
    assert [f"{p.file}:{p.line}:{p.column} {p.rule} {p.message}" for p in result.problems] == []


def test_demo_catalog_size_and_spread():
    result = validate(ROOT)
    entries = result.entries

    units = units_from(yaml.safe_load((ROOT / "registry/units.yaml").read_text(encoding="utf-8")))
    assert len(units) >= 40
    assert len(entries) >= 300
    nonshared = [d for d in entries.values() if d["sharing"]["type"] == "不予共享"]
    assert len(nonshared) >= 25
    databases = {d["category"]["database"] for d in entries.values()}
    assert databases == {"基础", "主题", "业务"}
    areas = {"430702", "430703", "430721", "430722", "430723", "430724", "430725", "430726", "430781"}
    assert areas <= {u.division for u in units.values()}
    for name in ("常德经济技术开发区", "柳叶湖旅游度假区", "西湖管理区", "西洞庭管理区"):
        assert any(name in u.name for u in units.values()), name
    providers = {d["provider"] for d in entries.values()}
    assert set(units) == providers, "每个登记的单位都应有目录条目"
