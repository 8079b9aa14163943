"""The site search's index (generator/site/searchindex.py) and its reader in the browser (assets/search.js).

Both sides must cut text into the same words and put a word in the same shard, or a query misses what the
index holds: a fuzz loop compares them on generated text, in Node.js."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.site.searchindex import SearchDoc, fold, postings, shard_of, words, write_index

ROOT = Path(__file__).parent.parent
SCRIPT = ROOT / "site_templates/assets/search.js"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

_NODE_RUN = """
const m = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify({
  words: cases.queries.map((q) => m.words(q).sort()),
  shards: cases.shards.map(([word, n]) => m.shardOf(word, n)),
  folded: cases.queries.map((q) => m.fold(q)),
}));
"""

# Pieces units' text is made of: Han words, codes, Latin words, full-width forms, separators.
_PIECES = ["a-b-c-d-e-f-g-h", "户籍", "人口", "社会", "保障", "卡", "信", "息", "常德市", "公安局", "430700", "006", "J01",
           "0001", "ＡＢＣ", "１２", "gaj", "Excel", "-", "·", "(", ")", " ", "、", "/", "𠀀", "е"]


def _text(rng: random.Random) -> list[str]:
    """Pieces of a text; two Latin pieces are kept apart by a space, as words are (a query matches whole runs)."""
    pieces: list[str] = []
    for _ in range(rng.randint(1, 12)):
        piece = rng.choice(_PIECES)
        if pieces and fold(pieces[-1][-1:]).isascii() and pieces[-1][-1:].isalnum() and fold(piece[:1]).isascii() \
                and piece[:1].isalnum():
            pieces.append(" ")
        pieces.append(piece)
    return pieces


def _node(cases: dict) -> dict:
    done = subprocess.run([NODE, "-e", _NODE_RUN, str(SCRIPT)], input=json.dumps(cases, ensure_ascii=False),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@needs_node
def test_a_query_cut_from_a_text_finds_it_fuzz():
    """Whatever the query is, taken whole out of a document's pieces, its words are among the document's."""
    rng = random.Random(14)
    texts = [_text(rng) for _ in range(3000)]
    queries = []
    for pieces in texts:
        start = rng.randrange(len(pieces))
        queries.append("".join(pieces[start:rng.randint(start + 1, len(pieces))]))
    found = _node({"queries": queries, "shards": []})
    for pieces, query, wanted, folded in zip(texts, queries, found["words"], found["folded"], strict=True):
        assert folded == fold(query)
        held = words("".join(pieces), singles=True)
        assert set(wanted) <= held, (pieces, query, sorted(set(wanted) - held))


@needs_node
def test_both_sides_put_a_word_in_the_same_shard():
    rng = random.Random(3)
    pairs = [[word, n] for word in sorted(words("户籍人口变动信息 430700-006-J01-0002 社会保障卡 gaj 𠀀 ＡＢＣ"))
             for n in (1, 7, 613, rng.randint(2, 5000))]
    assert _node({"queries": [], "shards": pairs})["shards"] == [shard_of(word, n) for word, n in pairs]


def test_words_of_chinese_text_codes_and_titles():
    assert words("户籍人口") == {"户籍", "籍人", "人口", "户籍人", "籍人口"}
    assert "户" in words("户籍人口", singles=True) and "户" not in words("户籍人口")
    assert words("水") == {"水"}  # a lone character is a word wherever it stands
    assert words("430700-006-J01") == {"430700", "006", "j01", "430700-006", "006-j01", "430700-006-j01"}
    assert words("Ｅｘｃｅｌ 表") == {"excel", "表"}  # full-width letters fold to plain ones
    assert "a-b-c-d-e-f-g" not in words("a-b-c-d-e-f-g") and "b-c-d-e-f-g" in words("a-b-c-d-e-f-g")  # six at most


def test_postings_list_title_matches_apart():
    docs = [SearchDoc("a/", "户籍人口变动信息", "资源", ""), SearchDoc("b/", "常住人口", "资源", "", text=("户籍地址",)),
            SearchDoc("c/", "社会保障卡", "资源", "", title_extra=("社保",))]
    found = postings(docs)
    assert found["户籍"] == ([0, 1], [0])
    assert found["社保"] == ([2], [2])


@needs_node
def test_the_engine_ranks_title_matches_first_and_pages_its_documents(tmp_path):
    docs = [SearchDoc(f"resources/{n}/", f"资源{n}", "资源", f"430700-{n:03d}", text=("户籍",)) for n in range(100)]
    docs.append(SearchDoc("resources/x/", "户籍人口变动信息", "资源", "430700-999"))
    write_index(tmp_path, docs)
    manifest = json.loads((tmp_path / "search/manifest.json").read_text(encoding="utf-8"))
    assert manifest["docs"] == 101 and manifest["chunk"] > 0 and len(manifest["version"]) == 16
    script = """
const m = require(process.argv[1]);
const fs = require("fs");
const asked = [];
const engine = new m.Engine((path) => { asked.push(path); return Promise.resolve(
  JSON.parse(fs.readFileSync(process.argv[2] + "/" + path.split("?")[0], "utf8"))); });
(async () => {
  const ids = await engine.find("户籍");
  const docs = await engine.documents(ids.slice(0, 3));
  const none = (await engine.find("火星")).concat(await engine.find("constructor"), await engine.find("__proto__"));
  console.log(JSON.stringify({count: ids.length, docs, none, asked}));
})();
"""
    done = subprocess.run([NODE, "-e", script, str(SCRIPT), str(tmp_path)], capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    assert out["count"] == 101 and out["none"] == []
    assert [d["location"] for d in out["docs"]] == ["resources/x/", "resources/0/", "resources/1/"]
    assert out["docs"][0] == {"location": "resources/x/", "title": "户籍人口变动信息", "kind": "资源", "note": "430700-999"}
    # the manifest once; the shard and chunks of its version, each once
    assert out["asked"][0] == "search/manifest.json" and out["asked"].count("search/manifest.json") == 1
    assert all(path.startswith(f"search/{manifest['version']}/") for path in out["asked"][1:])
    assert len(out["asked"]) == len(set(out["asked"]))


def test_each_build_writes_its_files_in_a_folder_named_by_its_version(tmp_path):
    """A browser holding an older manifest then asks for files that are gone, and reads the manifest again, rather
    than mixing one build's shards with another's documents."""
    write_index(tmp_path / "a", [SearchDoc("a/", "户籍", "资源", "")])
    write_index(tmp_path / "b", [SearchDoc("a/", "户口", "资源", "")])
    versions = [json.loads((tmp_path / side / "search/manifest.json").read_text(encoding="utf-8"))["version"]
                for side in ("a", "b")]
    assert versions[0] != versions[1]
    assert sorted(p.name for p in (tmp_path / "a/search").iterdir()) == sorted(["manifest.json", versions[0]])
    assert (tmp_path / "a/search" / versions[0] / "w/0.json").is_file()


@needs_node
def test_a_result_links_only_inside_the_site():
    script = """const m = require(process.argv[1]);
console.log(JSON.stringify(["resources/430700-006-J01-0001/", "units/gaj/", "", "javascript:alert(1)",
  "//evil.example/", "/x", "https://evil.example/", "a b"].map(m.isSafeLocation)));"""
    done = subprocess.run([NODE, "-e", script, str(SCRIPT)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [True, True, True, False, False, False, False, False]


def test_a_pages_text_leaves_out_what_is_marked_for_exclusion(tmp_path):
    """Lists of resources are not indexed on the list pages: each resource is found by its own page."""
    from generator.site.searchindex import page_docs

    (tmp_path / "units").mkdir()
    (tmp_path / "units/index.html").write_text(
        '<html><body><article class="md-content__inner md-typeset"><h1 id="t">编目单位<a class="headerlink" '
        'href="#t">¶</a></h1><p>全市的编目单位。<br>共 48 个</p><div class="cd-table-wrap" data-search-exclude>'
        '<table><tr><td>出生医学证明信息<img src="x.png"></td></tr></table></div><script>var 户籍 = 1;</script>'
        '<p>按单位编号排列。</p></article></body></html>', encoding="utf-8")
    [doc] = page_docs(tmp_path)
    assert (doc.location, doc.title, doc.kind) == ("units/", "编目单位", "页面")
    assert doc.text == ("编目单位 全市的编目单位。 共 48 个 按单位编号排列。",)
