"""Site build benchmark: `make bench-site`. Figures go into docs/performance.md by hand.

For each size it writes a synthetic catalog (bench/synth.py) with this repository's site
configuration, then measures, each in a fresh process: `catalog build` (validation included),
`catalog build` again after one entry changed (the rebuild a pull request causes), and, as
the peer, plain Jinja rendering of the same resource pages into minimal HTML files.
Reported: build and rebuild time, pages per second, peak memory, site size and file count (and the bytes an
entry costs in each part of the site), the size of the artifact GitHub's Pages actions would deploy, search-index
size and file count, and the browser figures of bench/browser.py (page view, search, catalog page, fast
and throttled) unless --no-browser.

    python bench/site.py [--sizes 1000 10000 25000] [--out bench/out] [--no-browser]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tarfile
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import BIN, measure  # noqa: E402
from synth import write_catalog  # noqa: E402

# The peer: the same resource template, rendered by Jinja alone into bare HTML pages.
_PLAIN_JINJA = """
import sys
from pathlib import Path
from generator.model.catalog import load_catalog
from generator.site.render import environment, render_resource, resource_view, rules_view
root, out = Path(sys.argv[1]), Path(sys.argv[2])
catalog = load_catalog(root)
env = environment(rules_view(catalog.policy.versions[-1]))
for resource in catalog.resources:
    body = render_resource(env, resource_view(resource, catalog, (), "https://example.org/issues"))
    target = out / "resources" / resource.code / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("<!doctype html><meta charset=utf-8><title>" + resource.code + "</title>" + body,
                      encoding="utf-8")
"""


def site_repo(out: Path, size: int) -> Path:
    """A synthetic catalog with this repository's mkdocs.yml, docs and templates."""
    root = out / f"site-{size}"
    write_catalog(root, size)
    for name in ("docs", "site_templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def change_one_entry(root: Path) -> None:
    """Edit the summary of one entry, as a pull request would."""
    entries = sorted((root / "catalog").rglob("*.yaml"))
    entry = entries[len(entries) // 2]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("\nsummary: ", "\nsummary: (已修订)", 1), encoding="utf-8")


def size_of(path: Path) -> int:
    """Bytes under a folder."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


PARTS = ("resources", "api", "downloads", "search", "units", "classes", "assets")


def breakdown(site: Path, size: int) -> dict[str, float]:
    """Bytes an entry costs in each top folder of the site (PARTS; the rest as "other")."""
    found: Counter = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            top = path.relative_to(site).parts[0]
            found[top if top in PARTS else "other"] += path.stat().st_size
    return {part: round(found[part] / size) for part in (*PARTS, "other")}


class _Deflated(io.RawIOBase):
    """Counts what is written to it, and what deflate at level 6 makes of it, without keeping either."""

    def __init__(self):
        super().__init__()
        self.raw = self.packed = 0
        self._deflate = zlib.compressobj(6, zlib.DEFLATED, -15)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.raw += len(data)
        self.packed += len(self._deflate.compress(bytes(data)))
        return len(data)

    def finish(self) -> None:
        self.packed += len(self._deflate.flush())


def pages_artifact(site: Path) -> dict[str, int]:
    """What GitHub's Pages actions make of the site: upload-pages-artifact tars it (GNU tar), upload-artifact zips
    the tar (deflate, level 6 by default), and deploy-pages warns when that artifact is over 1 GiB."""
    sink = _Deflated()
    with tarfile.open(fileobj=sink, mode="w|", format=tarfile.GNU_FORMAT) as tar:
        tar.add(site, arcname=".")
    sink.finish()
    return {"tar_bytes": sink.raw, "artifact_bytes": sink.packed}


def bench_size(size: int, out: Path, browser: bool = True) -> dict:
    """Build and peer figures for one catalog size."""
    root = site_repo(out, size)
    build = measure([str(BIN / "catalog"), "build", "--root", str(root)], root)
    if build["exit"] != 0:
        check = subprocess.run([str(BIN / "catalog"), "validate", "--root", str(root)], capture_output=True, text=True)
        errors = "\n".join(line for line in check.stdout.splitlines() if ": 错误:" in line)
        raise SystemExit(f"catalog build failed at {size} entries (exit {build['exit']}):\n{build.get('stderr', '')}"
                         f"\ncatalog validate afterwards:\n{errors or check.stdout[-500:]}")
    pages = sum(1 for _ in (root / "site").rglob("*.html"))
    change_one_entry(root)
    rebuild = measure([str(BIN / "catalog"), "build", "--root", str(root)], root)
    plain = measure([sys.executable, "-c", _PLAIN_JINJA, str(root), str(out / f"plain-{size}")], ROOT)
    site = root / "site"
    figures = {"entries": size, "build": build, "rebuild_after_one_change": rebuild, "pages": pages,
               "pages_per_s": pages / build["seconds"], "site_bytes": size_of(site),
               "site_mib": size_of(site) / 2 ** 20,
               "site_gib": size_of(site) / 2 ** 30, "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
               "site_kib_per_entry": size_of(site) / 1024 / size, "bytes_per_entry": breakdown(site, size),
               **pages_artifact(site),
               "search_index_mib": size_of(site / "search") / 2 ** 20,
               "search_index_files": sum(1 for p in (site / "search").rglob("*") if p.is_file()),
               "plain_jinja": plain, "plain_pages_per_s": size / plain["seconds"]}
    if browser:
        from browser import measure_site
        figures["browser"] = measure_site(site)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 25_000])
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    args = parser.parse_args()
    args.out = args.out.resolve()  # the builds run with the catalog as working directory
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        rows.append(bench_size(size, args.out, browser=not args.no_browser))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    (args.out / "site-results.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
