"""The repository's layout in one place: where the project's own files are, the folders of a
catalog repository, the kinds of file in them, their schema modelines, how files are found, and
how the next free code, request id and feedback id are chosen."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # generator/
PROJECT = PACKAGE.parent  # the tool's own repository: schemas, site templates, issue forms
SCHEMA_DIR = PROJECT / "schemas"
TEMPLATES = PROJECT / "site_templates"
ISSUE_FORMS = PROJECT / ".github" / "ISSUE_TEMPLATE"
