"""The city's identity lives in one module: a site built under another identity shows no trace of Changde.

The copy of the project changes only generator/core/city.py and mkdocs.yml on the code side. The
catalog data (its sharing rules, registry/policy.yaml, name the city's own regulation), the
documentation pages and the schemas' examples and division pattern are the city's own, so they are
rewritten for the other city, as a city adopting the tool writes its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from casetools import FIXTURE

PROJECT = Path(__file__).resolve().parent.parent
# Division codes 4307xx (the city, its counties) as whole numbers: a credit code embeds its unit's division
# and is left as it is. `^4307[` is the registry schema's pattern of the city's divisions.
OLD = {"常德": "岳阳", r"(?<![0-9])4307([0-9]{2})(?![0-9])": r"4306\1", "changde": "yueyang", "Changde": "Yueyang",
       r"\^4307\[": "^4306["}
TRACE = re.compile("常德|(?<![0-9])4307[0-9]{2}(?![0-9])|changde", re.IGNORECASE)
# Another city's identity: the module as it is, with each of its values changed.
OTHER_VALUES = {"NAME": '"岳阳市"', "DIVISION": '"430600"', "PUBLISHER": '"岳阳市数据局"',
                "EXAMPLE_UNIT": '("mzj", "岳阳市民政局", "市民政局")'}
OTHER_REGULATION = "《岳阳市政务数据资源共享管理办法》"  # the other city's own, in its sharing rules


def other_city() -> str:
    text = (PROJECT / "generator/core/city.py").read_text(encoding="utf-8")
    for name, value in OTHER_VALUES.items():
        text, count = re.subn(rf"(?m)^{name} = .*$", f"{name} = {value}", text)
        assert count == 1, name
    return text


def rewritten(text: str) -> str:
    for old, new in OLD.items():
        text = re.sub(old, new, text)
    return text


def copy_rewritten(source: Path, target: Path) -> None:
    """The city's own files (data, documentation), rewritten for the other city, file names included."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            dest = target / rewritten(path.relative_to(source).as_posix())
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(rewritten(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_site_built_for_another_city_names_only_that_city(tmp_path):
    project = tmp_path / "project"
    for tool_part in ("generator", "site_templates"):  # the tool itself, unchanged
        shutil.copytree(PROJECT / tool_part, project / tool_part, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "generator/core/city.py").write_text(other_city(), encoding="utf-8")
    (project / "mkdocs.yml").write_text(rewritten((PROJECT / "mkdocs.yml").read_text(encoding="utf-8")),
                                        encoding="utf-8")
    copy_rewritten(PROJECT / "docs", project / "docs")
    copy_rewritten(PROJECT / "schemas", project / "schemas")
    copy_rewritten(FIXTURE, project)
    rules = project / "registry/policy.yaml"
    text, count = re.subn(r"(?m)^(      name: ).*$", rf"\g<1>{OTHER_REGULATION}", rules.read_text(encoding="utf-8"))
    assert count == 1
    rules.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project)}
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project), "--site-dir",
                          str(project / "site")], cwd=project, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    found = []
    for path in sorted((project / "site").rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".jsonld", ".csv", ".xml", ".js", ".txt", ".svg"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(project / 'site')}: …{text[max(m.start() - 30, 0):m.end() + 30]}…"
                      for m in TRACE.finditer(text)][:3]
    assert found == []
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "岳阳市政府数据资源目录" in home and OTHER_REGULATION in home
