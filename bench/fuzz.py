"""The long fuzz run: `make fuzz` (thousands of cases; `make test` runs a few hundred).

    python bench/fuzz.py [--cases 5000] [--issue-cases 2000] [--seed 1] [--build-every 50] [--out bench/out/fuzz]

Each case is a seeded mutation of a valid file (tests/fuzzing.py) validated in a small repository;
the oracle: exit 0 or 1, no traceback, every problem located, under 5 seconds. Every
`--build-every`-th case that validates with exit 0 is also built, since whatever validates
must build. Then mutated issue-form bodies go through `catalog from-issue` (no internal error,
no file written that does not validate). Prints the figures (cases, failing cases, distinct
failures) and writes one reproducer per distinct failure to the output folder, named by its
signature's hash.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzzing import Case, Verdict, make_repo, mutate, mutate_issue, run_case, run_issue_case, signature  # noqa: E402

from generator.build import build_site  # noqa: E402
from generator.validate import validate  # noqa: E402


def main() -> int:
    args = _parser().parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng, found, first = random.Random(args.seed), Counter(), {}
    started, clean, built = time.perf_counter(), 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp))
        for index in range(args.cases):
            verdict = run_case(root, mutate(rng))
            clean += not verdict.faults and verdict.code == 0
            if not verdict.faults and verdict.code == 0 and args.build_every and clean % args.build_every == 1:
                verdict, built = _built(Path(tmp), verdict), built + 1
            if verdict.faults:
                found[signature(verdict)] += 1
                first.setdefault(signature(verdict), (index, verdict))
        for index in range(args.issue_cases):  # the issue-form route, on the same repository
            verdict = run_issue_case(root, mutate_issue(rng))
            if verdict.faults:
                found["from-issue " + signature(verdict)] += 1
                first.setdefault("from-issue " + signature(verdict), (index, verdict))
    for sig, (index, verdict) in first.items():
        _write(args.out, args.seed, index, sig, verdict)
    print(f"种子 {args.seed}:{args.cases} 个目录文件用例、{args.issue_cases} 个议题表单用例,{time.perf_counter() - started:.0f} 秒;另生成网站 {built} 次;"
          f"{sum(found.values())} 个用例失败,{len(found)} 种不同的失败。")
    for sig, count in found.most_common():
        print(f"  {count:5d}  {sig}")
    return 1 if found else 0


def _built(tmp: Path, verdict: Verdict) -> Verdict:
    """Build a fresh repository holding the case: what validates (as a whole catalog) must build."""
    root = make_repo(tmp / f"build-{time.monotonic_ns()}")
    for part in ("mkdocs.yml", "docs", "site_templates"):  # what the build reads besides the catalog
        source = HERE.parent / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
    target = root / verdict.case.place
    target.parent.mkdir(parents=True, exist_ok=True)
    text = verdict.case.text
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    if validate(root).errors:
        return verdict  # the file alone passed, the catalog as a whole does not (a unit deleted from the registry)
    problems = build_site(root, root / "site")
    if problems:
        verdict.faults.append("validates but does not build: " + "; ".join(problems)[:300])
    return verdict


def _write(out: Path, seed: int, index: int, sig: str, verdict: Verdict) -> None:
    name = hashlib.sha256(sig.encode()).hexdigest()[:12]
    case: Case = verdict.case
    raw = case.text if isinstance(case.text, bytes) else case.text.encode("utf-8", "surrogatepass")
    (out / f"{name}.yaml").write_bytes(raw)
    (out / f"{name}.txt").write_text(f"seed {seed} case {index}\nplace {case.place}\nmutation {case.how}\n"
                                     f"signature {sig}\nfaults {verdict.faults}\n", encoding="utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="catalog validate 的长时间模糊测试")
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--issue-cases", type=int, default=2000, help="议题表单(catalog from-issue)用例数")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-every", type=int, default=50, help="每多少个没有错误的用例生成一次网站(0:不生成)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "fuzz")
    return parser


if __name__ == "__main__":
    sys.exit(main())
