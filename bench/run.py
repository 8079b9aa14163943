"""Validation benchmark: `make bench`. Figures go into docs/performance.md by hand.

For each size it writes a synthetic catalog (bench/synth.py), then times, each in a fresh
process and reporting its peak resident memory:
  - check-jsonschema's schema-only pass over the same files and schema (the peer);
  - `catalog validate` cold (no cache): strict loading, schema, every rule, cross-file ones too;
  - a pull-request-sized run: 10 changed files in the catalog, cold and with a warm cache.

    python bench/run.py [--sizes 10000 100000] [--peer-sizes 10000 100000] [--repeat 3] [--out bench/out]

Catalog commands at 10,000 entries run three times (median reported); the peer, which takes
about a minute there and ten at 100,000, runs once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synth import write_catalog  # noqa: E402

# Runs a command and reports wall time, the peak RSS of the largest process it started, and
# the peak of all its processes together (their PSS: pages shared after a fork count once),
# sampled every 0.1 s from /proc.
_MEASURE = """
import json, os, resource, subprocess, sys, time

def tree(pid):
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except OSError:
            pass
    return found

def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0

start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak = 0
while process.poll() is None:
    peak = max(peak, sum(pss_kib(pid) for pid in tree(process.pid)))
    time.sleep(0.1)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "peak_total_mib": peak / 1024, "exit": process.returncode}))
"""


def measure(command: list[str], cwd: Path, repeat: int = 1) -> dict:
    """Wall time and peak memory of one command, each run in a fresh measuring process.

    With `repeat`, the run with the median time is reported (the others are in "runs").
    """
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, text=True,
                             check=True)
        runs.append(json.loads(out.stdout) | ({"stderr": out.stderr[-2000:]} if out.stderr.strip() else {}))
    ordered = sorted(runs, key=lambda run: run["seconds"])
    return ordered[len(ordered) // 2] | {"runs": [round(run["seconds"], 3) for run in runs]}


def resource_files(root: Path) -> list[str]:
    """The catalog's entry files, sorted, relative to root."""
    return sorted(p.relative_to(root).as_posix() for top in ("catalog", "nonshared")
                  for p in (root / top).rglob("*.yaml"))


def touch_entries(root: Path, files: list[str]) -> None:
    """Change 10 entries the way a pull request would: a new summary sentence."""
    for name in files:
        path = root / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("summary: ", "summary: 本次更新补充了数据说明。", 1), encoding="utf-8")


def bench_size(size: int, out: Path, run_peer: bool, repeat: int) -> dict:
    """All measurements for one catalog size."""
    root = out / f"catalog-{size}"
    write_catalog(root, size, quoted=True)
    files = resource_files(root)
    catalog = [str(BIN / "catalog"), "validate", "--root", str(root), "--today", "2026-11-24"]
    row: dict = {"entries": size}
    if run_peer:
        file_list = root / "files.txt"
        file_list.write_text("\n".join(files), encoding="utf-8")
        schema = HERE.parent / "schemas/resource.schema.json"
        peer = f"xargs -a {file_list} -d '\\n' {BIN / 'check-jsonschema'} --schemafile {schema}"
        row["check_jsonschema"] = measure(["bash", "-c", peer], root)
    row["cold_full"] = measure(catalog + ["--no-cache"], root, repeat)
    row["cold_full_1_process"] = measure(catalog + ["--no-cache", "--jobs", "1"], root, repeat)
    changed = files[:: max(1, len(files) // 10)][:10]
    cache = out / f"cache-{size}.json"
    cache.unlink(missing_ok=True)
    measure(catalog + ["--cache-file", str(cache)], root)  # the cache CI restores: results of main
    touch_entries(root, changed)
    row["pr_cold"] = measure(catalog + ["--no-cache", *changed], root, repeat)
    row["pr_warm"] = measure(catalog + ["--cache-file", str(cache), *changed], root, repeat)
    row["cache_mib"] = cache.stat().st_size / 2 ** 20
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--peer-sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each catalog command (median reported)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cpus": len(os.sched_getaffinity(0)),
               "processor": platform.processor() or platform.machine()}
    rows = []
    for size in args.sizes:
        rows.append(bench_size(size, args.out, size in args.peer_sizes, args.repeat if size <= 20_000 else 1))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    (args.out / "results.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2), encoding="utf-8")
    print(markdown(rows, machine))


def markdown(rows: list[dict], machine: dict) -> str:
    """The table for docs/performance.md."""
    lines = [f"机器:{machine['cpus']} 核,Python {machine['python']}", "",
             "| 条目数 | check-jsonschema(仅模式) | catalog validate 全量(冷) | 倍数 | 单进程 | 峰值内存 "
             "| PR 10 个文件(冷) | PR 10 个文件(缓存) |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        peer = row.get("check_jsonschema")
        cold = row["cold_full"]
        ratio = f"{peer['seconds'] / cold['seconds']:.1f}×" if peer else "—"
        lines.append(
            f"| {row['entries']:,} | {peer['seconds']:.1f} s |" if peer else f"| {row['entries']:,} | 未测 |")
        lines[-1] += (f" {cold['seconds']:.2f} s | {ratio} | {row['cold_full_1_process']['seconds']:.2f} s |"
                      f" {cold['peak_mib']:.0f} MiB | {row['pr_cold']['seconds']:.2f} s |"
                      f" {row['pr_warm']['seconds']:.2f} s |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
