/* The site's search (index written by generator/site/searchindex.py, which explains its words).
 *
 * The dialog is made the first time it opens (the header's search link), so pages carry
 * none of it; without script the link opens the catalog page, whose keyword filter works without it.
 * Nothing is fetched until the search dialog opens: then the manifest, and for each query the
 * shards holding its words and the chunks of the documents it shows. A document is found when
 * it holds every word of the query; title matches come first, then the index's own order.
 * Titles and notes come from units' files: they are put in as text, never as markup.
 */
(function () {
  "use strict";

  const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  const LATIN = /[0-9a-z]+(?:-[0-9a-z]+)*/g;
  const JOINED_UP_TO = 6; // segments: searchindex.JOINED_UP_TO
  const PAGE = 10;
  const MANIFEST = "search/manifest.json";
  const DELAY = 80; // ms after the last keystroke: an input method commits whole words, so this rarely waits

  function fold(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  /* The words of a query, as searchindex.words reads a page: a hyphenated run whole (a code or part of one),
     Han text of up to three characters whole, longer text as its three-character runs. */
  function words(query) {
    const text = fold(query);
    const found = new Set();
    for (const run of text.match(LATIN) || []) {
      const segments = run.split("-");
      for (const word of segments.length <= JOINED_UP_TO ? [run] : segments) found.add(word);
    }
    for (const run of text.match(HAN) || []) {
      if (run.length <= 3) found.add(run);
      for (let i = 0; run.length > 3 && i + 3 <= run.length; i++) found.add(run.slice(i, i + 3));
    }
    return Array.from(found);
  }

  function shardOf(word, shards) {
    let hash = 0;
    for (const char of word) hash = (Math.imul(hash, 31) + char.codePointAt(0)) >>> 0;
    return hash % shards;
  }

  function undelta(deltas) {
    const ids = new Array(deltas.length);
    let value = 0;
    for (let i = 0; i < deltas.length; i++) ids[i] = value += deltas[i];
    return ids;
  }

  function intersect(a, b) {
    const out = [];
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  /* Documents holding every word, title matches first; `lists` holds each word's [every, titled] ids. */
  function rank(lists) {
    if (!lists.length || lists.some((list) => !list)) return [];
    const every = lists.map((list) => list[0]).reduce(intersect);
    const titled = lists.map((list) => list[1]).reduce(intersect);
    const first = new Set(titled);
    return titled.concat(every.filter((id) => !first.has(id)));
  }

  class Engine {
    /* `load(path)` resolves to the parsed JSON file at that path under the site (fetch in the page, files in tests). */
    constructor(load) {
      this.load = load;
      this.files = new Map();
      this.manifest = null;
    }

    file(path) {
      if (!this.files.has(path)) {
        const pending = this.load(path);
        pending.catch(() => this.files.delete(path)); // a failed fetch is tried again next time
        this.files.set(path, pending);
      }
      return this.files.get(path);
    }

    start() {
      if (!this.manifest) {
        this.manifest = this.load(MANIFEST);
        this.manifest.catch(() => { this.manifest = null; });
      }
      return this.manifest;
    }

    /* Forget the manifest and the files: the site may have been published again since they were read (each
       build's files live in a folder named by its version, so the old ones are gone). */
    reset() {
      this.manifest = null;
      this.files.clear();
    }

    /* The ids of the documents the query finds, best first. */
    async find(query) {
      const wanted = words(query);
      if (!wanted.length) return [];
      const manifest = await this.start();
      const shards = await Promise.all(wanted.map((word) =>
        this.file(`search/${manifest.version}/w/${shardOf(word, manifest.shards)}.json`)));
      return rank(wanted.map((word, i) => {
        // Own keys only: "constructor" is a word a query can hold, and every object inherits one.
        const entry = Object.prototype.hasOwnProperty.call(shards[i], word) ? shards[i][word] : null;
        return entry && [undelta(entry[0]), undelta(entry[1] || [])];
      }));
    }

    /* The documents with these ids: {location, title, kind, note}. */
    async documents(ids) {
      const manifest = await this.start();
      const chunks = await Promise.all(ids.map((id) =>
        this.file(`search/${manifest.version}/d/${Math.floor(id / manifest.chunk)}.json`)));
      return ids.map((id, i) => {
        const [location, title, kind, note] = chunks[i][id % manifest.chunk];
        return { location, title, kind, note };
      });
    }
  }

  /* `text` as nodes, each occurrence of the query's terms in a <mark>. */
  function marked(text, query) {
    const fragment = document.createDocumentFragment();
    const folded = fold(text);
    const terms = fold(query).split(/\s+/).filter(Boolean);
    if (folded.length !== text.length || !terms.length) {
      fragment.append(text);
      return fragment;
    }
    let at = 0;
    while (at < text.length) {
      let next = -1;
      let length = 0;
      for (const term of terms) {
        const found = folded.indexOf(term, at);
        if (found !== -1 && (next === -1 || found < next)) { next = found; length = term.length; }
      }
      if (next === -1) break;
      fragment.append(text.slice(at, next));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      fragment.append(mark);
      at = next + length;
    }
    fragment.append(text.slice(at));
    return fragment;
  }

  /* A result's address: a path inside the site, as the index writes them; anything else is not shown. */
  function isSafeLocation(location) {
    return typeof location === "string" && /^[A-Za-z0-9._~%/-]*$/.test(location) && !location.startsWith("/");
  }

  function resultItem(doc, base, query) {
    if (!isSafeLocation(doc.location)) return null;
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.setAttribute("href", new URL(doc.location, base).href);
    const kind = document.createElement("span");
    kind.className = "cd-search__kind";
    kind.textContent = doc.kind;
    const title = document.createElement("span");
    title.className = "cd-search__title";
    title.append(marked(doc.title, query));
    link.append(kind, title);
    if (doc.note) {
      const note = document.createElement("span");
      note.className = "cd-search__note";
      note.textContent = doc.note;
      link.append(note);
    }
    li.append(link);
    return li;
  }

  function fetchJSON(base) {
    // The manifest is asked for afresh each time (a cached one may name a build no longer published).
    return (path) => fetch(new URL(path, base), { cache: path === MANIFEST ? "no-cache" : "default" }).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${path}`);
      return response.json();
    });
  }

  function element(tag, attributes, ...children) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    made.append(...children);
    return made;
  }

  /* The dialog: a form that, sent with Enter, opens the catalog page filtered by the same words; a live status
     line; the results; "more" and a link to the catalog page. */
  function makeDialog(catalog) {
    const input = element("input", { id: "cd-search-q", class: "cd-search__input", name: "kw", type: "search",
      autocomplete: "off", enterkeyhint: "search", placeholder: "例如:户籍、社保、市公安局或资源代码",
      "aria-describedby": "cd-search-status" });
    const form = element("form", { class: "cd-search__form", role: "search", action: catalog, method: "get" },
      element("label", { id: "cd-search-label", for: "cd-search-q", class: "cd-search__label" }, "搜索资源、单位、分类和说明"),
      element("div", { class: "cd-search__row" }, input,
        element("button", { type: "button", class: "cd-search__close", "data-cd-search-close": "" }, "关闭")));
    return element("dialog", { id: "cd-search", class: "cd-search", "aria-labelledby": "cd-search-label" }, form,
      element("p", { id: "cd-search-status", class: "cd-search__status", role: "status", "aria-live": "polite" }),
      element("ol", { class: "cd-search__results", "aria-label": "搜索结果" }),
      element("p", { class: "cd-search__foot" },
        element("button", { type: "button", class: "cd-search__more md-button", hidden: "" }, "显示更多结果"),
        element("a", { class: "cd-search__all", href: catalog, hidden: "" }, "在全市目录中按条件筛选")));
  }

  class SearchDialog {
    constructor(base) {
      this.base = base;
      this.catalog = new URL("catalog/", base).href; // where Enter and the link below the results lead
      this.dialog = makeDialog(this.catalog);
      document.body.append(this.dialog);
      const dialog = this.dialog;
      this.engine = new Engine(fetchJSON(this.base));
      this.input = dialog.querySelector(".cd-search__input");
      this.status = dialog.querySelector(".cd-search__status");
      this.list = dialog.querySelector(".cd-search__results");
      this.more = dialog.querySelector(".cd-search__more");
      this.all = dialog.querySelector(".cd-search__all");
      this.found = [];
      this.shown = 0;
      this.turn = 0;
      this.timer = 0;
    }

    open() {
      if (this.dialog.open) return;
      this.engine.start().catch(() => {}); // the manifest loads while the visitor types
      this.dialog.showModal();
      this.input.focus();
      this.input.select();
      if (this.input.value) this.run();
    }

    bind() {
      this.input.addEventListener("input", () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.run(), DELAY);
      });
      this.input.addEventListener("keydown", (event) => {
        if (event.key === "ArrowDown" && this.list.querySelector("a")) {
          event.preventDefault();
          this.list.querySelector("a").focus();
        }
      });
      this.list.addEventListener("keydown", (event) => this.step(event));
      this.more.addEventListener("click", () => this.showMore(this.turn).catch(() => {
        this.engine.reset();
        this.run(true);
      }));
      this.dialog.querySelector("[data-cd-search-close]").addEventListener("click", () => this.dialog.close());
      this.dialog.addEventListener("click", (event) => {
        if (event.target !== this.dialog) return;
        // The dialog element itself is hit both on its padding and on the backdrop: only outside its box closes it.
        const box = this.dialog.getBoundingClientRect();
        const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top &&
          event.clientY <= box.bottom;
        if (!inside) this.dialog.close();
      });
    }

    /* Up and down arrows move between results; up from the first goes back to the box. */
    step(event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const links = Array.from(this.list.querySelectorAll("a"));
      const at = links.indexOf(document.activeElement);
      if (at === -1) return;
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? this.input : links[Math.min(next, links.length - 1)]).focus();
    }

    async run(again) {
      const query = this.input.value.trim();
      const turn = ++this.turn;
      this.list.replaceChildren();
      this.more.hidden = true;
      this.all.hidden = !query;
      this.all.setAttribute("href", `${this.catalog}?kw=${encodeURIComponent(query)}`);
      if (!query) {
        this.status.textContent = "";
        return;
      }
      this.status.textContent = "正在查找……";
      try {
        const found = await this.engine.find(query);
        if (turn !== this.turn) return;
        this.found = found;
        this.shown = 0;
        await this.showMore(turn);
        if (turn !== this.turn) return;
        // Said once the results are on screen, so what is heard and what the arrow keys reach agree.
        this.status.textContent = found.length ? `找到 ${found.length} 个结果` :
          `没有找到含「${query}」的资源、单位或页面。可以换个说法(全称或简称),或到目录中按条件筛选。`;
      } catch (error) {
        if (turn !== this.turn) return;
        if (!again) {
          this.engine.reset(); // a file of an older build: read the manifest again and ask once more
          await this.run(true);
          return;
        }
        this.status.textContent = "搜索暂时无法使用,请稍后再试,或到目录中按条件筛选。";
      }
    }

    async showMore(turn) {
      const ids = this.found.slice(this.shown, this.shown + PAGE);
      this.shown += ids.length; // before waiting: a second press takes the next ones, not the same again
      this.more.hidden = this.shown >= this.found.length;
      const docs = await this.engine.documents(ids);
      if (turn !== this.turn) return;
      const query = this.input.value.trim();
      const first = this.list.children.length;
      this.list.append(...docs.map((doc) => resultItem(doc, this.base, query)).filter(Boolean));
      const added = this.list.children[first]; // "more" moves on to what it added (none when all were refused)
      if (first && added) added.querySelector("a").focus();
    }
  }

  // No single-key shortcut (such as /) opens the search: it would fire under speech input and could not be
  // turned off (WCAG 2.1.4). The header link is in the Tab order.
  function boot() {
    const opener = document.querySelector("[data-cd-search-open]");
    if (!opener || typeof HTMLDialogElement !== "function") return; // the link opens the catalog page
    const base = new URL(opener.dataset.base.replace(/\/?$/, "/"), document.baseURI);
    opener.setAttribute("aria-haspopup", "dialog");
    let search = null;
    const open = () => {
      if (!search) {
        search = new SearchDialog(base);
        search.bind();
      }
      search.open();
    };
    opener.addEventListener("click", (event) => {
      event.preventDefault();
      open();
    });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { fold, words, shardOf, rank, Engine, isSafeLocation };
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
