"""The shipped demo catalog for Changde validates clean and is as large as the brief asks."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import yaml

from generator.check.validate import validate
from generator.core import sharing
from generator.core.problems import WARNING
from generator.model.catalog import load_catalog
from generator.read.registry import units_from

ROOT = Path(__file__).parent.parent
TODAY = datetime.date(2026, 11, 24)  # the demo's pending requests fall overdue as the days pass


def test_demo_catalog_has_no_error_and_warns_only_of_overdue_provision():
    """The demo's overdue requests are warned about on purpose; nothing else may be reported."""
    result = validate(ROOT, today=TODAY)
    problems = [f"{p.file}:{p.line}:{p.column} {p.rule} {p.message}" for p in result.problems
                if p.rule != "request-overdue"]
    assert problems == []
    assert {p.severity for p in result.problems} == {WARNING}


def test_demo_requests_cover_every_case_the_brief_names():
    catalog = load_catalog(ROOT, today=TODAY)
    requests = [r for r in catalog.requests if r.kind == sharing.REQUEST]
    assert len(requests) >= 80
    assert {r.proposed[:4] for r in requests} == {"2024", "2025", "2026"}
    statuses = Counter(step.status for r in catalog.requests for step in r.history)
    assert statuses[sharing.REJECTED] >= 5 and statuses[sharing.UPHELD] >= 2 and statuses[sharing.RECLASSIFIED] >= 1
    on_time = [r for r in requests if r.standing.deadline and r.standing.provided and not r.standing.overdue]
    late = [r for r in requests if r.standing.overdue and r.standing.provided]
    still_open = [r for r in requests if r.standing.open_overdue]
    assert len(on_time) >= 20 and late and still_open
    assert any(r.kind == sharing.OBJECTION for r in catalog.requests)
    reclassified = [w.resource for r in catalog.requests if sharing.RECLASSIFIED in {s.status for s in r.history}
                    for w in r.wanted]
    assert reclassified and all(resource.shared for resource in reclassified)


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


def test_demo_feedback_has_corrected_and_uncorrected_errors():
    catalog = load_catalog(ROOT, today=TODAY)
    assert len(catalog.feedback) >= 10
    assert {f.reported[:4] for f in catalog.feedback} == {"2024", "2025", "2026"}
    assert any(f.corrected for f in catalog.feedback)
    assert any(f.open and f.verdict == "属实" for f in catalog.feedback)  # found true, not yet corrected
    assert any(f.verdict == "不属实" for f in catalog.feedback)
