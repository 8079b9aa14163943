"""A build parses each file once: the model is built from what validation parsed, and a rebuild after
one change parses that one file (profile at 25,000 entries: 14.6 s validating, then 18.6 s parsing again)."""

from __future__ import annotations

from collections import Counter

import pytest
from requestfixture import add_requests
from test_build import make_repo

import generator.check.files
import generator.model.catalog
from generator.site.build import build_site

# Reading to check, and reading for the model. (A file with findings is parsed once more, with positions, to
# place them: by design, and not counted here.)
PARSERS = (generator.check.files, generator.model.catalog)


@pytest.fixture
def parses(monkeypatch):
    """How many times each file was parsed, by path."""
    counts: Counter = Counter()
    for module in PARSERS:
        real = module.load_bytes

        def counted(raw, display, *args, real=real, **kwargs):
            counts[display] += 1
            return real(raw, display, *args, **kwargs)

        monkeypatch.setattr(module, "load_bytes", counted)
    return counts


def test_a_cold_build_parses_each_file_once(tmp_path, parses):
    root = add_requests(make_repo(tmp_path))
    assert build_site(root, tmp_path / "site") == []
    data_files = {p.relative_to(root).as_posix() for top in ("catalog", "nonshared", "requests", "registry")
                  for p in (root / top).rglob("*.yaml")}
    assert set(parses) == data_files
    assert set(parses.values()) == {1}


def test_a_rebuild_after_one_change_parses_that_file_once(tmp_path, parses):
    root = add_requests(make_repo(tmp_path))
    assert build_site(root, tmp_path / "site") == []
    changed = root / "catalog/mzj/dibao-duixiang.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("update_cycle: 每月", "update_cycle: 每季度"),
                       encoding="utf-8")
    parses.clear()
    assert build_site(root, tmp_path / "site") == []
    assert parses == {"catalog/mzj/dibao-duixiang.yaml": 1}
