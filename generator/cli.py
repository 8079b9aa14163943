"""The `catalog` command: parses arguments into a plan, then hands it to the pipeline."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import __version__

USAGE_ERROR = 2


class ChineseParser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese with exit code 2."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: 参数错误:{message}\n")


@dataclass(frozen=True)
class ValidatePlan:
    """What `catalog validate` was asked to do."""

    root: Path
    paths: list[str] | None
    output_format: str
    cache_file: Path | None
    today: datetime.date
    jobs: int | None = None


def build_parser() -> ChineseParser:
    """The argument parser of every subcommand."""
    parser = ChineseParser(prog="catalog", description="常德市政府数据资源目录工具:校验目录条目、生成目录网站。")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    commands.required = True
    validate = commands.add_parser("validate", help="校验目录条目和单位登记表",
                                   description="校验目录文件。给出文件时只报告这些文件的问题,"
                                               "但唯一性、关联资源、一数一源等跨文件规则仍对照整个目录检查。")
    validate.add_argument("paths", nargs="*", metavar="路径", help="要报告的文件或文件夹(默认:整个目录)")
    validate.add_argument("--format", dest="output_format", choices=("text", "github", "json"), default="text",
                          help="输出格式:text(默认,编译器风格)、github(注释和作业摘要)、json")
    validate.add_argument("--root", type=Path, help="目录仓库根目录(默认:向上查找含 registry/units.yaml 的目录)")
    validate.add_argument("--no-cache", action="store_true", help="不读写按内容缓存的单文件结果")
    validate.add_argument("--cache-file", type=Path, help="缓存文件位置(默认:<根目录>/.cache/validate.json)")
    validate.add_argument("--today", type=_date, help="以此日期(YYYY-MM-DD)判断「未来日期」,默认今天")
    validate.add_argument("--jobs", type=int, metavar="N", help="并行检查的进程数(默认:CPU 核数;1 表示不并行)")
    build = commands.add_parser("build", help="生成静态网站(site/)", description="用 mkdocs-material 生成目录网站。")
    build.add_argument("--root", type=Path, help="目录仓库根目录(默认:向上查找含 registry/units.yaml 的目录)")
    build.add_argument("--site-dir", type=Path, help="输出目录(默认:<根目录>/site)")
    serve = commands.add_parser("serve", help="本地预览网站(修改后自动刷新)", description="本地预览目录网站。")
    serve.add_argument("--root", type=Path, help="目录仓库根目录")
    return parser


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是 YYYY-MM-DD 格式的日期") from None


def find_root(start: Path) -> Path:
    """The nearest directory upwards that holds registry/units.yaml (else start)."""
    for candidate in (start, *start.parents):
        if (candidate / "registry" / "units.yaml").is_file():
            return candidate
    return start


def plan_validate(args: argparse.Namespace) -> ValidatePlan:
    """Resolve paths against the repository root; raise SystemExit(2) on bad paths."""
    root = (args.root or find_root(Path.cwd())).resolve()
    paths = None
    if args.paths:
        paths = []
        for given in args.paths:
            paths.extend(_expand(Path(given).resolve(), root))
    cache = None if args.no_cache else (args.cache_file or root / ".cache" / "validate.json")
    if args.jobs is not None and args.jobs < 1:
        _usage_exit("--jobs 至少为 1。")
    return ValidatePlan(root, paths, args.output_format, cache, args.today or datetime.date.today(), args.jobs)


def _expand(path: Path, root: Path) -> list[str]:
    if not path.exists():
        _usage_exit(f"找不到文件或文件夹:{path}")
    try:
        path.relative_to(root)
    except ValueError:
        _usage_exit(f"{path} 不在目录仓库 {root} 之内。")
    files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()) if path.is_dir() else [path]
    return [f.relative_to(root).as_posix() for f in files]


def _usage_exit(message: str) -> None:
    sys.stderr.write(f"catalog: 参数错误:{message}\n")
    raise SystemExit(USAGE_ERROR)


def run_validate(plan: ValidatePlan) -> int:
    """Validate, report in the chosen format, return the exit code."""
    from .cache import ResultCache, fingerprint
    from .report import REPORTERS
    from .schema import SCHEMA_DIR
    from .validate import validate

    cache = ResultCache(plan.cache_file, fingerprint(SCHEMA_DIR)) if plan.cache_file else None
    result = validate(plan.root, plan.paths, plan.today, cache, plan.jobs)
    REPORTERS[plan.output_format](result, sys.stdout)
    return 1 if result.errors else 0


INTERNAL_ERROR = 70  # EX_SOFTWARE


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script: users see a Chinese sentence, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return dispatch(args)
    except Exception as exc:  # noqa: BLE001 - the last line of defence, set CATALOG_DEBUG=1 for the traceback
        if os.environ.get("CATALOG_DEBUG"):
            raise
        sys.stderr.write(f"catalog: 内部错误,请把这一行报告给目录维护者:{type(exc).__name__}: {exc}\n"
                         "(设置环境变量 CATALOG_DEBUG=1 可看到完整的出错位置)\n")
        return INTERNAL_ERROR


def dispatch(args: argparse.Namespace) -> int:
    """Run the chosen subcommand."""
    if args.command == "validate":
        return run_validate(plan_validate(args))
    root = (args.root or find_root(Path.cwd())).resolve()
    if args.command == "build":
        return run_build(root, args.site_dir)
    from .build import serve_site
    serve_site(root)
    return 0


def run_build(root: Path, site_dir: Path | None) -> int:
    """Build the site; report mkdocs problems in Chinese."""
    from .build import build_site

    problems = build_site(root, site_dir)
    for problem in problems:
        sys.stderr.write(f"网站生成失败:{problem}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
