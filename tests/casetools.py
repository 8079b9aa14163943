"""Shared helpers for the case-file tests: place a case in a copy of the fixture repository."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

from generator.check.formats import report_text
from generator.check.validate import Result, validate
from generator.downloads.linked import Platform, Publication

CASES = Path(__file__).parent / "cases"
FIXTURE = CASES / "fixture"
TODAY = datetime.date(2026, 11, 24)
# Where the tests' catalog is published: the demo's addresses (mkdocs.yml).
SITE = "https://changde-data.github.io/catalog/"
PLATFORM = "https://sjgx.changde.example/"
WHERE = Publication(SITE, "常德市政务数据资源目录", Platform("常德市政务数据共享交换平台", PLATFORM))


def export_files(catalog, today=None, activities=()) -> dict[str, bytes]:
    """Every download file of a catalog, by its path in the downloads folder, as the build writes them."""
    from generator.downloads.jobs import export_jobs

    return {file_key(job): job.make() for job in export_jobs(catalog, today, where=WHERE, activities=activities)}


def unpacked(files: dict[str, bytes]) -> dict[str, bytes]:
    """The downloads with each ZIP archive replaced by the one file it holds, under that file's name: what a
    person has after extracting it (archive.py)."""
    import zipfile

    opened = {}
    for name, data in files.items():
        if not name.endswith(".zip"):
            opened[name] = data
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.namelist()
            assert members == [name.removesuffix(".zip").rsplit("/", 1)[-1]], (name, members)
            opened[name.removesuffix(".zip")] = archive.read(members[0])
    return opened


def expanded(document: dict) -> dict:
    """A JSON-LD page of ours with every @id written out in full, as a JSON-LD processor reads it: a prefixed name
    by its prefix, a relative reference against the context's @base (downloads/compact.py)."""
    import re
    from urllib.parse import urljoin

    context = document.get("@context", {})
    base = context.get("@base", "")
    prefixes = {name: iri for name, iri in context.items() if isinstance(iri, str) and not name.startswith("@")}

    def full(iri: str) -> str:
        prefix, colon, local = iri.partition(":")
        if colon and prefix in prefixes:
            return prefixes[prefix] + local
        return iri if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) else urljoin(base, iri)

    def walk(value):
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {key: full(v) if key == "@id" else walk(v) for key, v in value.items()}
        return value

    return {**document, "@graph": walk(document["@graph"])}


def file_key(job) -> str:
    """A download by its path in the downloads folder (catalog.json); a file of the machine interface by its path in
    the site (api/resources/<code>.json)."""
    return job.name if job.folder == "downloads" else job.path


def case_files() -> list[Path]:
    """Every case file, valid and invalid."""
    return sorted((CASES / "valid").glob("*.yaml")) + sorted((CASES / "invalid").glob("*.yaml"))


def make_repo(tmp: Path) -> Path:
    """A fresh copy of the fixture repository."""
    root = tmp / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def run_case(case: Path, place: str, tmp: Path) -> Result:
    """Validate the fixture repository with the case file placed at `place`."""
    root = make_repo(tmp)
    target = root / place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.read_bytes())
    return validate(root, [place], TODAY)


def report_body(result: Result) -> str:
    """The text report without its closing summary line."""
    out = io.StringIO()
    report_text(result, out)
    return "".join(out.getvalue().splitlines(keepends=True)[:-1])
