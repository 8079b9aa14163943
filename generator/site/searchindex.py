"""The site's own search index: small files, fetched only once someone searches.

Why not the theme's: mkdocs-material downloads its whole index on every page view (24 MiB at
25,000 entries) and rebuilds it in a worker, seconds of CPU and hundreds of MiB per tab.
Here a query fetches the manifest, the shard holding each of its words, and the chunks of
the documents it shows (assets/search.js). The browser reads the same words from the
query as this module reads from the pages:

- Chinese text: every run of two and of three characters (户籍, 户籍人 in 户籍人口变动信息), so a
  two- or three-character query is one exact lookup and a longer one the three-character runs it
  is made of, all required (pairs alone would let 工会组织……统一社会 answer 社会组织). Titles also
  index single characters, for one-character queries.
- Latin letters and digits, lower-cased: each segment between hyphens (430700, 006, j01) and
  each run of neighbouring segments (430700-006, 006-j01-0001, the full code), so a code or a
  part of one is one exact lookup. A query's hyphenated run is looked up whole (longer than six
  segments, segment by segment). A run is matched whole: excel finds Excel, not xcel.
- Synonyms are added to the text at build time (search_parts), so the browser needs no list.

A document is found when every word of the query is in it; title matches come first,
then the documents in the order they are numbered here (units, classes, resources, pages).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

FOLDER = "search"
MANIFEST = f"{FOLDER}/manifest.json"
SHARD_BYTES = 24_000  # postings per shard before gzip: a query fetches a few of these
DOCS_PER_CHUNK = 40  # the documents a result list shows are fetched in chunks this long
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")
JOINED_UP_TO = 6  # segments: a code's runs of segments are words of their own (430700-006, j01-0001)


@dataclass(frozen=True)
class SearchDoc:
    """One page as search shows it: where it is, its title, what it is, a line under the title, and its text."""

    location: str  # relative to the site, ending in "/" ("" for the home page)
    title: str
    kind: str  # 资源, 单位, 分类 or 页面
    note: str
    title_extra: tuple[str, ...] = ()  # words that count as the title's (its synonyms)
    text: tuple[str, ...] = ()


def fold(text: str) -> str:
    """The form both sides compare: full-width letters and digits made plain, lower case (search.js: fold)."""
    return unicodedata.normalize("NFKC", text).lower()


def words(text: str, singles: bool = False) -> set[str]:
    """The words of `text` as the index keeps them (search.js: words)."""
    text = fold(text)
    found: set[str] = set()
    for run in _LATIN.findall(text):
        segments = run.split("-")
        found.update(segments)
        found.update("-".join(segments[i:j]) for i in range(len(segments))
                     for j in range(i + 2, min(len(segments), i + JOINED_UP_TO) + 1))
    for run in _HAN.findall(text):
        found.update(run[i:i + 2] for i in range(len(run) - 1))
        found.update(run[i:i + 3] for i in range(len(run) - 2))
        if singles or len(run) == 1:
            found.update(run)
    return found


def shard_of(word: str, shards: int) -> int:
    """Which shard holds a word: a 31-multiplier hash of its code points (search.js: shardOf)."""
    value = 0
    for char in word:
        value = (value * 31 + ord(char)) & 0xFFFFFFFF
    return value % shards


def _deltas(ids: list[int]) -> list[int]:
    return [ids[0]] + [b - a for a, b in itertools.pairwise(ids)] if ids else []


def postings(docs: list[SearchDoc]) -> dict[str, tuple[list[int], list[int]]]:
    """Each word: the documents holding it and those holding it in the title, both ascending."""
    found: dict[str, tuple[list[int], list[int]]] = {}
    for number, doc in enumerate(docs):
        in_title = words(" ".join((doc.title, *doc.title_extra)), singles=True)
        for word in in_title | words(" ".join(doc.text)):
            every, titled = found.setdefault(word, ([], []))
            every.append(number)
            if word in in_title:
                titled.append(number)
    return found


def write_index(site: Path, docs: list[SearchDoc]) -> None:
    """The manifest, and the posting shards and document chunks under site/search/<version>/.

    The version is a hash of those files, so each build's lie in a folder of their own: a browser that holds
    an older manifest (a page left open over a deploy, a cached copy) asks for files that are gone and reads
    the manifest again (search.js), instead of mixing one build's shards with another's documents.
    """
    encoded = {word: [_deltas(every), _deltas(titled)] if titled else [_deltas(every)]
               for word, (every, titled) in postings(docs).items()}
    size = sum(len(word) * 3 + 4 * len(lists[0]) for word, lists in encoded.items())
    shards = max(1, math.ceil(size / SHARD_BYTES))
    grouped: list[dict] = [{} for _ in range(shards)]
    for word in sorted(encoded):
        grouped[shard_of(word, shards)][word] = encoded[word]
    rows = [[doc.location, doc.title, doc.kind, doc.note] for doc in docs]
    files = {f"w/{number}.json": compact_json(shard) for number, shard in enumerate(grouped)}
    files |= {f"d/{start // DOCS_PER_CHUNK}.json": compact_json(rows[start:start + DOCS_PER_CHUNK])
              for start in range(0, len(rows), DOCS_PER_CHUNK)}
    version = hashlib.sha256(b"".join(name.encode() + body for name, body in files.items())).hexdigest()[:16]
    for name, body in files.items():
        target = site / FOLDER / version / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    (site / MANIFEST).write_bytes(compact_json({"version": version, "shards": shards, "chunk": DOCS_PER_CHUNK,
                                            "docs": len(docs)}))


def compact_json(data) -> bytes:
    """A file the browser reads: UTF-8 JSON without spaces (the site's indexes)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# The pages mkdocs builds (home, lists, reports, documents): their <h1> and the text of their article, without
# what is marked data-search-exclude (lists of resources: each resource is found by its own page).
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
PAGE_TEXT = 20_000  # characters of a page's text indexed: a report's tables need not all be searchable
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})  # elements without an end tag


class _Text(HTMLParser):
    """The text of some markup, outside excluded elements, scripts, styles and heading anchors (¶)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.h1: list[str] = []
        self.skipping = 0  # depth inside an element whose text is left out
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        names = dict(attrs)
        if self.skipping or "data-search-exclude" in names or tag in ("script", "style") \
                or names.get("class") == "headerlink":
            self.skipping += 1
        self.in_h1 = self.in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if self.skipping:
            self.skipping -= 1
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)
            if self.in_h1:
                self.h1.append(data)


def page_docs(built: Path) -> list[SearchDoc]:
    """A search document for each page mkdocs wrote under `built` (the 404 page is not an index.html)."""
    docs = []
    for page in sorted(built.rglob("index.html")):
        location = page.parent.relative_to(built).as_posix()
        location = "" if location == "." else location + "/"
        article = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if not article:
            continue
        text = _Text()
        text.feed(article.group(1))
        title = " ".join("".join(text.h1).split()) or location
        docs.append(SearchDoc(location, title, "页面", "", text=(" ".join(" ".join(text.parts).split())[:PAGE_TEXT],)))
    return docs
