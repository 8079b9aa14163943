"""Everything the tool prints and builds on the demo and on every case file, for proving a refactor changed nothing.

    python bench/outputs.py OUT     # at one commit; then at another, and: diff -r OUT_A OUT_B

Captured: `catalog validate` on the demo in every format, each case file of tests/cases placed in
the fixture repository (its own report in text and JSON, and the whole repository's), `catalog
codeowners --check`, `catalog report` for two years with its tables, and the demo site. Dates are
fixed (--today); the report names the commit it counted, which differs between commits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOG = str(Path(sys.executable).parent / "catalog")
TODAY = "2026-11-24"


def run(out: Path, name: str, args: list[str], cwd: Path = ROOT) -> None:
    """One command's exit code, output and errors, in one file."""
    done = subprocess.run([CATALOG, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    (out / "cli" / name).write_text(f"exit {done.returncode}\n--stdout\n{done.stdout}\n--stderr\n{done.stderr}",
                                    encoding="utf-8")


def demo(out: Path) -> None:
    for fmt in ("text", "json", "github"):
        run(out, f"validate.{fmt}", ["validate", "--no-cache", "--format", fmt, "--today", TODAY])
    run(out, "codeowners.txt", ["codeowners", "--check"])
    for year in ("2025", "2026"):
        # Run in the output folder with a relative --out, so the printed folder is the same in every capture.
        run(out, f"report-{year}.txt", ["report", "--root", str(ROOT), "--year", year, "--today", TODAY,
                                        "--out", f"report-{year}"], out)
    run(out, "build.txt", ["build", "--site-dir", str(out / "site")])


def cases(out: Path) -> None:
    expected = yaml.safe_load((ROOT / "tests/cases/expected.yaml").read_text(encoding="utf-8"))
    for kind in ("valid", "invalid"):
        for case in sorted((ROOT / "tests/cases" / kind).glob("*.yaml")):
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "repo"
                shutil.copytree(ROOT / "tests/cases/fixture", root)
                place = root / expected[case.stem]["place"]
                place.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(case, place)
                common = ["validate", "--root", str(root), "--no-cache", "--today", TODAY]
                for fmt in ("text", "json"):
                    run(out, f"case-{case.stem}.{fmt}", [*common, "--format", fmt, str(place)], root)
                run(out, f"case-{case.stem}.all", common, root)


def main() -> int:
    out = Path(sys.argv[1]).resolve()
    (out / "cli").mkdir(parents=True, exist_ok=True)
    demo(out)
    cases(out)
    print(f"{len(list((out / 'cli').iterdir()))} 个命令输出和网站已写到 {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
