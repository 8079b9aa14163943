"""The bodies of the generated pages mkdocs builds go round Markdown, not through it.

Why: Markdown is a language and a catalog's text is data. The bodies were once handed to
Markdown as one raw HTML block, trusting it to leave raw HTML alone; but Python-Markdown's
preprocessors (pymdownx.superfences among them) run before raw HTML is set aside, so a fence
in a legal-basis excerpt or a request's reason, even inside `<td>…</td>`, became a code block
with a unit-chosen id: ```{#__config} planted a second `#__config`, the theme's script read
it as its settings and stopped, and search never started. Escaping text for Markdown would
have to know every construct of every extension enabled now or later (fences, attribute
lists, abbreviations, footnotes, admonitions, the raw-HTML stash's placeholders…); text that
never reaches Markdown needs no such list.

So a staged page's Markdown file holds front matter and a fixed marker only, and the Bodies
plugin swaps the marker's HTML for the body Jinja rendered (autoescaped: unit text is inert
HTML text). It runs after Markdown and before the search plugin indexes the page and the
theme lays it out, so search, the navigation and the look stay what they were.
"""

from __future__ import annotations

import html
import json

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

MARK = "CDPAGEBODY"
_MARK_HTML = f"<p>{MARK}</p>"  # what Markdown makes of the marker line


def stub_markdown(title: str, hide: tuple[str, ...] = ()) -> str:
    """A page's Markdown file: front matter and the marker; no text from a catalog file.

    The title is HTML-escaped here because the theme prints `page.meta.title` unescaped.
    """
    hidden = f"hide: {json.dumps(list(hide))}\n" if hide else ""
    return f"---\ntitle: {json.dumps(html.escape(title), ensure_ascii=False)}\n{hidden}---\n\n{MARK}\n"


class Bodies(BasePlugin):
    """A mkdocs plugin putting each staged page's rendered body where its marker was."""

    def __init__(self, bodies: dict[str, str]):
        super().__init__()
        self.bodies = bodies  # by the page's path under docs, e.g. "nonshared/index.md"
        self.placed: set[str] = set()

    def on_page_content(self, output: str, page, config, files) -> str:  # mkdocs passes all four
        """The rendered body in place of the marker's HTML; other pages as they are."""
        path = page.file.src_uri
        if path not in self.bodies:
            return output
        if output.strip() != _MARK_HTML:  # a changed stub or a new extension: fail, never publish a half page
            raise PluginError(f"{path}:Markdown 输出的不是页面正文的占位标记 {MARK},无法放入页面正文。")
        self.placed.add(path)
        return self.bodies[path]

    def missing(self) -> list[str]:
        """Problems: the staged pages whose body was not put in (mkdocs did not build them)."""
        return [f"{path}:页面正文没有放入网站(mkdocs 没有生成这个页面)。"
                for path in sorted(set(self.bodies) - self.placed)]


def install(config, bodies: dict[str, str]) -> Bodies:
    """Add the Bodies plugin to a loaded mkdocs config; returns it, to ask `missing()` after the build."""
    plugin = Bodies(bodies)
    config.plugins["cd-page-bodies"] = plugin  # PluginCollection registers its on_* events on assignment
    return plugin
