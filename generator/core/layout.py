"""The repository's layout in one place: where the project's own files are, the folders of a
catalog repository, the kinds of file in them, their schema modelines, how files are found, and
how the next free code, request id and feedback id are chosen."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

PACKAGE = Path(__file__).resolve().parents[1]  # generator/
PROJECT = PACKAGE.parent  # the tool's own repository: schemas, site templates, issue forms
SCHEMA_DIR = PROJECT / "schemas"
TEMPLATES = PROJECT / "site_templates"
ISSUE_FORMS = PROJECT / ".github" / "ISSUE_TEMPLATE"

# ---- a catalog repository -------------------------------------------------------------------------

REGISTRY_DIR = "registry"
REGISTRY = f"{REGISTRY_DIR}/units.yaml"
POLICY = f"{REGISTRY_DIR}/policy.yaml"  # the sharing rules: time limits, routes, articles, the report's scoring
SHARED_DIR, NONSHARED_DIR = "catalog", "nonshared"  # shared and open entries; entries shared with no one
RESOURCE_DIRS = (SHARED_DIR, NONSHARED_DIR)
REQUESTS_DIR, FEEDBACK_DIR = "requests", "feedback"  # one folder per year inside each
REQUEST_DIRS, FEEDBACK_DIRS = (REQUESTS_DIR,), (FEEDBACK_DIR,)
DATA_DIRS = (REGISTRY_DIR, *RESOURCE_DIRS, REQUESTS_DIR, FEEDBACK_DIR)  # everything a catalog's state is made of

CACHE_DIR = ".cache"  # per-file results by content, and the site's build record; never committed
VALIDATION_CACHE = f"{CACHE_DIR}/validate.json"  # each file's problems, and what rules across files need of it
MODEL_CACHE = f"{CACHE_DIR}/entries.json"  # each file's whole data, for the model
FEED_CACHE = f"{CACHE_DIR}/feed.json"  # what each entry blob in git history states (code, digest), for the change feed
EXPORT_DIR = "build/export"  # workbooks written for clerks: ignored by git, never committed by mistake

# The kinds of file, each with its schema (schemas/<kind>.schema.json).
RESOURCE, UNITS, REQUEST, FEEDBACK, RULES = "resource", "units", "request", "feedback", "policy"
REQUEST_PREFIX, OBJECTION_PREFIX = "GX", "YY"  # requests/2026/GX-2026-0041.yaml: 共享申请; YY-…: 异议
FEEDBACK_PREFIX = "JC"  # feedback/2026/JC-2026-0007.yaml: 数据纠错


def modeline(kind: str) -> str:
    """The first line of a file of `kind` two folders deep: editors then check it against its schema."""
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"


def under(path: str, tops: tuple[str, ...]) -> bool:
    """Whether a repository-relative path lies in one of the folders `tops`."""
    return path.split("/", 1)[0] in tops


def kind_of(path: str) -> str:
    """Which kind of file (and schema) a repository path is: the registry, a request, feedback, else an entry."""
    if path == REGISTRY:
        return UNITS
    if path == POLICY:
        return RULES
    if under(path, REQUEST_DIRS):
        return REQUEST
    return FEEDBACK if under(path, FEEDBACK_DIRS) else RESOURCE


def discover(root: Path, tops: tuple[str, ...] = RESOURCE_DIRS) -> list[str]:
    """Repository-relative paths of every resource file (or of the files under `tops`), sorted."""
    found: list[str] = []
    for top in tops:
        base = root / top
        if base.is_dir():
            # Links are listed too (file or folder), so that reading them is refused with a location.
            found.extend(p.relative_to(root).as_posix() for p in base.rglob("*")
                         if p.is_symlink() or (p.is_file() and is_catalog_file(p.name)))
    return sorted(found)


CATALOG_SUFFIXES = (".yaml", ".yml")  # exactly: Notepad's .yaml.txt or an upper-case .YAML is not one
KEPT_FILES = frozenset({".gitkeep"})  # the usual way to keep an empty folder in git


def is_catalog_file(path: str) -> bool:
    """Whether a repository path is named as a catalog file (what discovery lists)."""
    return PurePosixPath(path).suffix in CATALOG_SUFFIXES


def strays(root: Path, tops: tuple[str, ...] = (*RESOURCE_DIRS, *REQUEST_DIRS, *FEEDBACK_DIRS)) -> list[str]:
    """Everything under the data folders that is not a catalog file, sorted: a wrong or doubled extension
    (x.yaml.txt, x.YAML), a spreadsheet or document left there, a folder named like a file (x.yaml/).

    Discovery skips them, so without this a file a unit meant to submit would pass unseen and never be
    published. Links are left to discovery, which lists them so that reading them is refused.
    """
    found = []
    for top in tops:
        base = root / top
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.is_symlink():
                continue
            named_like_file = path.suffix.lower() in CATALOG_SUFFIXES
            if (path.is_dir() and named_like_file) or (
                    path.is_file() and not is_catalog_file(path.name) and path.name not in KEPT_FILES):
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def entry_folder(unit_id: str, shared: bool) -> str:
    """A unit's folder of entries: catalog/<unit>, or nonshared/<unit> for what is shared with no one."""
    return f"{SHARED_DIR if shared else NONSHARED_DIR}/{unit_id}"


def entry_path(unit_id: str, code: str, shared: bool) -> str:
    """Where a new entry goes: its code as the file name, in its unit's folder."""
    return f"{entry_folder(unit_id, shared)}/{code}.yaml"


# ---- the next free number ---------------------------------------------------------------------------

def next_sequence(codes, unit_prefix: str) -> int:
    """The unit's next free 顺序号: one numbering across all its classes, shared or not (docs/format.md).

    `codes` are every resource code in use (of all units; others are ignored); a code that does
    not end in four digits is skipped rather than guessed at.
    """
    start = unit_prefix + "-"
    used = [int(code[-4:]) for code in codes
            if isinstance(code, str) and code.startswith(start) and code[-4:].isdigit()]
    return max(used, default=0) + 1


def resource_code(unit_prefix: str, class_code: str, sequence: int) -> str:
    """区划代码-单位编号-类别码-顺序号, e.g. 430700-006-J01-0001."""
    return f"{unit_prefix}-{class_code}-{sequence:04d}"


def next_record_id(root: Path, folder: str, prefix: str, year: int) -> str:
    """The next free request or feedback id of the year, from the file names in <folder>/<year>/."""
    pattern = re.compile(rf"{prefix}-{year}-([0-9]{{4}})\.ya?ml")
    numbers = [int(m[1]) for p in (root / folder / str(year)).glob("*.y*ml") if (m := pattern.fullmatch(p.name))]
    return f"{prefix}-{year}-{max(numbers, default=0) + 1:04d}"
