"""Build stage: the static site, with mkdocs-material, from the repository."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


class _Collect(logging.Handler):
    """Keep mkdocs' warnings so they are reported with the failure, not lost."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(root: Path, site_dir: Path | None = None) -> list[str]:
    """Build the site strictly; return the problems mkdocs reported (empty on success)."""
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=True,
                             **({"site_dir": str(site_dir)} if site_dir else {}))
        mkdocs_build(config)
    except MkDocsException as exc:
        return collector.messages + [str(exc)]
    finally:
        logger.removeHandler(collector)
    return []


def serve_site(root: Path) -> None:
    """Preview with live reload."""
    from mkdocs.commands.serve import serve
    serve(str(root / "mkdocs.yml"), livereload=True)
