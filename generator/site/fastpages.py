"""Generated pages without mkdocs' per-page pipeline: the theme's own page, filled in many times.

mkdocs renders one stand-in page two folders deep (resources/__shell__/); its HTML, cut at
two markers, is the shell every resource, unit and class page is poured into (they all live
two folders deep and outside the navigation). A city catalog has tens of thousands of
resources and units with thousands of rows: this keeps the look of mkdocs-material at the
speed of plain Jinja. The resources, units and classes are then added to the sitemap the way
mkdocs would have (and to the site's own search index, searchindex.py).
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

SHELL_DIR = "resources/__shell__"
TITLE_MARK = "CDSHELLTITLE"
DESCRIPTION_MARK = "CDSHELLDESCRIPTION"
BODY_MARK = "CDSHELLBODY"
# The comment carries "<h1" so the theme does not add a title heading of its own: every
# resource body brings its own <h1>.
_BODY_BLOCK = f'<div class="cd-shell"><!-- <h1> comes with the body -->{BODY_MARK}</div>'


def shell_markdown() -> str:
    """The stand-in page mkdocs renders. Its description (the theme's <meta name="description">) is each page's own:
    what a search engine shows under the link, instead of the site's one sentence on every page."""
    return f"---\ntitle: {TITLE_MARK}\ndescription: {DESCRIPTION_MARK}\n---\n\n{_BODY_BLOCK}\n"


_INDENT = re.compile(r"[ \t]*\n[ \t\r\n]*")  # ASCII blanks only: an ideographic space (U+3000) is text
_KEEPS_SPACES = re.compile(r"<(pre|textarea)\b", re.I)


def _squeezed(markup: str) -> str:
    """The theme's frame without its template indentation: each run of blank lines and indentation made one line
    break, which HTML, CSS and the theme's inline scripts read the same. About a fifth of each generated page,
    which counts at city scale (GitHub Pages publishes at most 1 GB). Left alone if it holds preformatted text."""
    return markup if _KEEPS_SPACES.search(markup) else _INDENT.sub("\n", markup)


# A link of the theme's navigation: its text inside a span that cuts an over-long title with an ellipsis. The
# navigation's titles are short; without the span a link is 36 bytes shorter, 0.3 KB on every generated page.
_NAV_LINK = re.compile(r'(<a href="[^"]*" class="md-nav__link">)'
                       r'\n<span class="md-ellipsis">\n([^<>\n]*)\n</span>\n(</a>)')


def _slimmed(markup: str) -> str:
    """The frame with its navigation links' text written straight into each link."""
    return _NAV_LINK.sub(r"\1\2\3", markup)


class Shell:
    """The rendered stand-in page, ready to be filled."""

    def __init__(self, built: Path):
        """Cut the stand-in page mkdocs built under `built`, and remove it from there."""
        page = (built / SHELL_DIR / "index.html").read_text(encoding="utf-8")
        if page.count(_BODY_BLOCK) != 1:
            raise ValueError("主题页面中找不到资源页面的占位内容")
        # cut once, filled for every page
        self.before, self.after = (_slimmed(_squeezed(part)) for part in page.split(_BODY_BLOCK))
        # What a page's output depends on besides its own view: a new theme or nav changes every page.
        self.digest = hashlib.sha256(page.encode("utf-8")).hexdigest()
        shutil.rmtree(built / SHELL_DIR)

    def fill(self, location: str, title: str, body: str, description: str) -> str:
        """The page at `location` (e.g. resources/<code>): escaped title and description, rendered body, its own
        address. One pass over the frame, so a title or description that holds a mark is written as it is."""
        values = {TITLE_MARK: html.escape(title), DESCRIPTION_MARK: html.escape(" ".join(description.split())),
                  SHELL_DIR: location}
        before, after = (_MARKS.sub(lambda found: values[found.group(0)], part) for part in (self.before, self.after))
        return before + body + after


_MARKS = re.compile("|".join(map(re.escape, (TITLE_MARK, DESCRIPTION_MARK, SHELL_DIR))))


def extend_sitemap(site: Path, pages: list[tuple[str, str]]) -> None:
    """List the generated pages in sitemap.xml in place of the stand-in: each (location such as resources/<code>,
    the day it last changed, or "" for the build's day, which mkdocs gives every page). A search engine trusts
    <lastmod> only where it is true: the day a resource's entry last changed, not the day of every build. One line
    a page, without mkdocs' indentation (about 30 bytes of each of 50,000 entries)."""
    path = site / "sitemap.xml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    shell = re.search(r"\s*<url>\s*<loc>([^<]*)__shell__/</loc>(?:\s*<lastmod>([^<]*)</lastmod>)?.*?</url>", text, re.S)
    if not shell:
        return
    base, built = shell.group(1).removesuffix("resources/"), shell.group(2)

    def entry(location: str, changed: str) -> str:
        day = changed or built
        return f"\n<url><loc>{escape(base + location)}/</loc>" + (f"<lastmod>{day}</lastmod>" if day else "") + "</url>"

    path.write_text(text.replace(shell.group(0), "".join(entry(*page) for page in pages)), encoding="utf-8")


# The theme writes a skip link only on pages whose table of contents has an entry; the pages whose body
# is put in after mkdocs have none. Every page gets one, to the main area, and the main area its target.
_EMPTY_SKIP = re.compile(r'<div data-md-component="skip">\s*</div>')
_MAIN = '<main class="md-main" data-md-component="main">'
SKIP_TARGET = "cd-main"
_SKIP = f'<div data-md-component="skip"><a href="#{SKIP_TARGET}" class="md-skip">跳到正文</a></div>'


# The theme's hidden toggles for the search and the menu have a <label> only where the header shows their
# buttons (not on the 404 page): named here, so no page has a form control without a name (axe: label).
_TOGGLES = {'data-md-toggle="search" type="checkbox" id="__search"': "打开或关闭搜索",
            'data-md-toggle="drawer" type="checkbox" id="__drawer"': "打开或关闭导航菜单"}


def mend_theme_pages(site: Path) -> None:
    """A skip link and its target in every page mkdocs built (the shell of the generated pages included), and
    names for the theme's hidden toggles."""
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if _MAIN not in text:
            continue
        fixed = text.replace(_MAIN, f'<main class="md-main" data-md-component="main" id="{SKIP_TARGET}" tabindex="-1">')
        fixed = _EMPTY_SKIP.sub(_SKIP, fixed, count=1)
        for toggle, name in _TOGGLES.items():
            fixed = fixed.replace(toggle, f'{toggle} aria-label="{name}"', 1)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
