/* Filterable tables: 全市政府数据资源目录 (catalog.html) and 全市政府数据资源共享目录 (shared.html).
 *
 * The page renders the controls (site_templates/pages/_filter.html); this script fetches the
 * JSON index named by #cd-catalog[data-index], keeps the filter state in the URL
 * (history.replaceState, so a filtered view can be linked) and renders only the current page.
 * #cd-catalog[data-table] names the table (see TABLES): its facets, sorts, keyword fields and
 * columns; without it the table is the catalog's.
 *
 * Data from the index reaches the DOM only through textContent, createElement and, for the
 * links to resource and unit pages alone, setAttribute("href") in linkedCell() after
 * isSafeHref() accepted the value.
 */
(function () {
  "use strict";

  // Facet URL parameter -> index field it filters on ("sub" is handled apart, see matchSub).
  const FACET_FIELDS = { unit: "unit", db: "database", sharing: "sharing", format: "format", cycle: "cycle" };
  const FACET_KEYS = ["unit", "db", "sub", "sharing", "format", "cycle"];
  // Sort keys (the `sort` parameter, "-" prefix for descending) -> index fields compared in turn.
  const SORTS = {
    code: ["code"], name: ["name"], unit_name: ["unit_name"], database: ["database", "subclass"],
    sharing: ["sharing"], format: ["format"], cycle: ["cycle"], updated: ["updated"],
  };
  // Fields of fixed ASCII form: compared as plain strings, the order the build writes them in.
  const PLAIN_FIELDS = new Set(["code", "updated"]);
  const REQUIRED_FIELDS = ["code", "name", "unit", "unit_name", "database", "subclass",
    "sharing", "format", "cycle", "updated", "href"];
  const DEFAULT_SORT = "code";
  // The catalog's columns: [cell class, field or fields joined by " · ", field of the cell's link].
  const COLUMNS = [["cd-col-code", "code"], ["cd-col-name", "name", "href"], ["cd-col-unit", "unit_name"],
    ["cd-col-class", ["database", "subclass"]], ["cd-col-sharing", "sharing"], ["cd-col-format", "format"],
    ["cd-col-cycle", "cycle"], ["cd-col-updated", "updated"]];

  const CATALOG = {
    facets: FACET_FIELDS, facetKeys: FACET_KEYS, sorts: SORTS, plain: PLAIN_FIELDS, required: REQUIRED_FIELDS,
    // What a keyword is looked for in: the code (whole or any segment), name, unit (id, short and full name),
    // class, info items and keywords; fields an older index lacks count as empty.
    keywords: ["code", "name", "unit", "unit_name", "unit_full", "subclass", "items", "keywords"],
    defaultSort: DEFAULT_SORT, columns: COLUMNS,
    noun: "数据资源",
  };
  // 全市政府数据资源共享目录: one row per resource of an approved sharing request.
  const SHARED = {
    // "state", not "status": #cd-catalog-status is the live region every table has.
    facets: { provider: "provider", user: "user", db: "database", state: "status", year: "year" },
    facetKeys: ["provider", "user", "db", "state", "year"],
    sorts: {
      id: ["id"], name: ["name"], provider_name: ["provider_name"], user_name: ["user_name"],
      database: ["database"], granted: ["granted", "id"], status: ["status"],
    },
    plain: new Set(["id", "code", "granted", "year"]),
    required: ["id", "code", "name", "href", "provider", "provider_name", "provider_href", "user", "user_name",
      "user_href", "database", "items", "granted", "year", "status"],
    keywords: ["id", "code", "name", "provider_name", "user_name", "items"],
    defaultSort: "-granted",
    columns: [["cd-col-id", "id"], ["cd-col-name", "name", "href"], ["cd-col-unit", "provider_name", "provider_href"],
      ["cd-col-user", "user_name", "user_href"], ["cd-col-class", "database"], ["cd-col-items", "items"],
      ["cd-col-updated", "granted"], ["cd-col-status", "status"]],
    noun: "共享记录",
  };
  const TABLES = { catalog: CATALOG, shared: SHARED };
  const SIZES = [20, 50, 100];
  const DEFAULT_SIZE = 50;
  const KEYWORD = "kw";  // the keyword's URL parameter
  // After the last keystroke; an input method hands over whole words, and redrawing 25,000 rows' filter takes
  // a few milliseconds, so a short pause keeps typing smooth without making the table lag.
  const SEARCH_DELAY_MS = 40;

  /* ---------- pure helpers (exported for the tests when loaded by Node) ---------- */

  /** True for a relative path such as "../resources/<资源代码>/": no scheme, no host,
   * nothing a browser would strip or reinterpret. The allowed characters exclude ":", so no
   * "javascript:" (even split by tabs or newlines, which browsers drop) can get through. */
  function isSafeHref(href) {
    return typeof href === "string" && href.length <= 2048 &&
      /^(?:\.{1,2}\/)*[A-Za-z0-9._~%-]+(?:\/[A-Za-z0-9._~%-]+)*\/?(?:#[A-Za-z0-9._~%-]*)?$/.test(href);
  }

  /** Text as the keyword search compares it: full-width Latin folded, lower case. */
  function fold(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  /** Parses a query string into the state of table `spec` (default: the catalog). `allowed` maps
   * each facet key to a Set of the values its <select> offers; anything else (unknown values, bad
   * numbers) is dropped. */
  function parseState(search, allowed, spec) {
    spec = spec || CATALOG;
    const params = new URLSearchParams(search);
    // The keyword is "kw" ("q" was the theme's search parameter, whose overlay opened over the table). A link
    // written before (?q=) is still read, and rewritten to "kw" by stateToSearch.
    const keyword = params.has(KEYWORD) ? params.get(KEYWORD) : params.get("q");
    const state = { q: (keyword || "").slice(0, 200), sort: spec.defaultSort, page: 1, size: DEFAULT_SIZE };
    for (const key of spec.facetKeys) {
      const value = params.get(key) || "";
      state[key] = allowed && allowed[key] && allowed[key].has(value) ? value : "";
    }
    const sort = params.get("sort") || "";
    if (Object.prototype.hasOwnProperty.call(spec.sorts, sort.replace(/^-/, ""))) state.sort = sort;
    const size = Number(params.get("size"));
    if (SIZES.indexOf(size) >= 0) state.size = size;
    const page = params.get("page") || "";
    if (/^[1-9][0-9]{0,6}$/.test(page)) state.page = Number(page);
    return state;
  }

  /** The query string for `state`, leaving parameters this page does not own (e.g. a link's "h") as they were
   * in `search`. Defaults are left out to keep links short. */
  function stateToSearch(state, search, spec) {
    spec = spec || CATALOG;
    const params = new URLSearchParams(search || "");
    for (const key of [KEYWORD, "q", "sort", "page", "size"].concat(spec.facetKeys)) params.delete(key);
    if (state.q) params.set(KEYWORD, state.q);
    for (const key of spec.facetKeys) if (state[key]) params.set(key, state[key]);
    if (state.sort !== spec.defaultSort) params.set("sort", state.sort);
    if (state.size !== DEFAULT_SIZE) params.set("size", String(state.size));
    if (state.page > 1) params.set("page", String(state.page));
    const text = params.toString();
    return text ? "?" + text : "";
  }

  /** One field of every row as text; a field the index lacks (undefined position) is empty. */
  function column(rows, i) {
    return rows.map((row) => (i === undefined || row[i] === null || row[i] === undefined ? "" : String(row[i])));
  }

  /** A keyword and what it also means: each synonym group member it contains replaced by the group's
   * other words (社保卡 -> 社会保障卡, 社会保险卡). */
  function expand(term, groups) {
    const words = new Set([term]);
    for (const group of groups) {
      for (const member of group) {
        if (term.indexOf(member) < 0) continue;
        for (const other of group) words.add(term.split(member).join(other));
      }
    }
    return Array.from(words);
  }

  function plainCompare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** A table's index (default: the catalog's), stored by column, with everything a filter or sort
   * needs computed once. */
  class Index {
    constructor(data, spec) {
      this.spec = spec || CATALOG;
      if (!data || !Array.isArray(data.fields) || !Array.isArray(data.rows)) throw new Error("索引格式不正确");
      const at = {};
      data.fields.forEach((name, i) => { at[name] = i; });
      for (const name of this.spec.required) if (!(name in at)) throw new Error("索引缺少字段 " + name);
      const rows = data.rows.filter(Array.isArray);
      this.size = rows.length;
      this.cols = {};
      for (const name of this.spec.required.concat(this.spec.keywords)) {
        if (!this.cols[name]) this.cols[name] = column(rows, at[name]);
      }
      // The reviewed synonym groups (registry/synonyms.yaml), folded as the keyword is.
      this.synonyms = (Array.isArray(data.synonyms) ? data.synonyms : [])
        .filter((group) => Array.isArray(group) && group.every((term) => typeof term === "string" && term))
        .map((group) => group.map(fold));
      // The info items come in a file of their own (itemsUrl), added by addColumn when it arrives.
      this.itemsUrl = typeof data.items_url === "string" ? data.items_url : "";
      this.version = typeof data.version === "string" ? data.version : "";
      this.haystack = this.stack();
      this.collator = new Intl.Collator("zh-Hans-CN", { numeric: true });
      this.ranks = {};   // field -> Uint32Array: each row's position among the field's sorted values
      this.orders = {};  // sort parameter -> Uint32Array of row numbers in that order
    }

    /** Each row's text a keyword is looked for in; "\n" between fields: a keyword cannot match across two. */
    stack() {
      const keywords = this.spec.keywords.map((name) => this.cols[name]);
      return Array.from({ length: this.size }, (_, r) => fold(keywords.map((col) => col[r]).join("\n")));
    }

    /** A column that came apart from the index (the info items), in the same row order. */
    addColumn(name, values) {
      if (!Array.isArray(values) || values.length !== this.size) throw new Error("索引的 " + name + " 与目录行数不符");
      this.cols[name] = values.map((value) => (typeof value === "string" ? value : ""));
      this.haystack = this.stack();
    }

    /** Each row's rank in `field`: sorting only the distinct values keeps collator calls few. */
    rank(field) {
      if (!this.ranks[field]) {
        const values = this.cols[field];
        const distinct = Array.from(new Set(values));
        distinct.sort(this.spec.plain.has(field) ? plainCompare : this.collator.compare);
        const position = new Map(distinct.map((value, i) => [value, i]));
        const ranks = new Uint32Array(values.length);
        for (let r = 0; r < values.length; r++) ranks[r] = position.get(values[r]);
        this.ranks[field] = ranks;
      }
      return this.ranks[field];
    }

    /** Row numbers in the order of `sort` (e.g. "name", "-updated"); cached per sort. Ties keep
     * the index order (by code), in both directions. */
    order(sort) {
      if (!this.orders[sort]) {
        const desc = sort.charAt(0) === "-";
        const ranks = this.spec.sorts[desc ? sort.slice(1) : sort].map((field) => this.rank(field));
        const dir = desc ? -1 : 1;
        const order = new Uint32Array(this.size);
        for (let r = 0; r < this.size; r++) order[r] = r;
        order.sort((a, b) => {
          for (const rank of ranks) if (rank[a] !== rank[b]) return (rank[a] - rank[b]) * dir;
          return a - b;
        });
        this.orders[sort] = order;
      }
      return this.orders[sort];
    }

    /** Row numbers matching `state`, in its sort order. `sub` is the 子类 name or "". */
    filter(state, sub) {
      const terms = fold(state.q).split(/\s+/).filter(Boolean).map((term) => expand(term, this.synonyms));
      const tests = [];
      const facets = this.spec.facets;
      for (const key of Object.keys(facets)) {
        if (state[key]) tests.push([this.cols[facets[key]], state[key]]);
      }
      // The 子类 alone: the 资源库类别, when chosen, is a facet of its own.
      if (sub) tests.push([this.cols.subclass, sub]);
      const order = this.order(state.sort);
      const hay = this.haystack;
      const out = new Uint32Array(order.length);
      let n = 0;
      rows: for (let k = 0; k < order.length; k++) {
        const r = order[k];
        for (let t = 0; t < tests.length; t++) if (tests[t][0][r] !== tests[t][1]) continue rows;
        for (let t = 0; t < terms.length; t++) if (!terms[t].some((word) => hay[r].indexOf(word) >= 0)) continue rows;
        out[n++] = r;
      }
      return out.subarray(0, n);
    }
  }

  /* ---------- the page ---------- */

  // One fetch per index URL, kept across Material's instant navigation.
  const indexCache = new Map();
  let current = null; // the controller of the catalog on screen, for popstate

  /** A JSON file of this site; refuses anything data-index (or the index) might point elsewhere. */
  function getJSON(url, cache) {
    if (url.origin !== window.location.origin) return Promise.reject(new Error("索引不在本站"));
    return fetch(url.href, { credentials: "same-origin", cache: cache || "default" }).then((response) => {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function loadIndex(href, spec) {
    const url = new URL(href, document.baseURI);
    if (!indexCache.has(url.href)) {
      indexCache.clear();
      const promise = getJSON(url).then((data) => new Index(data, spec));
      promise.catch(() => indexCache.delete(url.href));
      indexCache.set(url.href, promise);
    }
    return indexCache.get(url.href);
  }

  class Catalog {
    constructor(root) {
      this.root = root;
      this.spec = TABLES[root.dataset.table] || CATALOG;
      const $ = (id) => root.querySelector("#" + id);
      this.form = $("cd-catalog-form");
      this.q = $("cd-catalog-q");
      this.selects = {};
      for (const key of this.spec.facetKeys) {
        const select = $("cd-catalog-" + key);
        if (select) this.selects[key] = select;
      }
      this.sizeSelect = $("cd-catalog-size");
      this.reset = $("cd-catalog-reset");
      this.status = $("cd-catalog-status");
      this.scroll = $("cd-catalog-scroll");
      this.table = $("cd-catalog-table");
      this.body = $("cd-catalog-body");
      // A pager above the table and one below it, the same buttons in each.
      this.pagers = Array.from(root.querySelectorAll(".cd-catalog__pager"), (nav) => ({
        nav: nav, prev: nav.querySelector(".cd-catalog__prev"), next: nav.querySelector(".cd-catalog__next"),
        info: nav.querySelector(".cd-catalog__page"),
      }));
      this.headers = Array.from(root.querySelectorAll("th button[data-sort]"));
      this.index = null;
      this.result = null;
      this.resultKey = "";
      this.timer = 0;
      this.state = this.readUrl();
      this.writeControls();
      this.bind();
    }

    /** The values each facet <select> offers: the only ones accepted from the URL. */
    allowed() {
      const allowed = {};
      for (const key of Object.keys(this.selects)) {
        allowed[key] = new Set(Array.from(this.selects[key].options, (o) => o.value).filter(Boolean));
      }
      return allowed;
    }

    readUrl() {
      const state = parseState(window.location.search, this.allowed(), this.spec);
      // A 子类 of another 资源库类别 than the chosen one cannot match anything: drop it.
      const sub = this.subOption(state.sub, state.db);
      if (state.db && sub && sub.dataset.db && sub.dataset.db !== state.db) state.sub = "";
      return state;
    }

    /** The 子类 option for `value`; the one of 资源库类别 `db` first, should two 资源库 share a
     * 子类 name (the option value is the bare 子类). */
    subOption(value, db) {
      const select = this.selects.sub;
      if (!select || !value) return null;
      const options = Array.from(select.options).filter((o) => o.value === value);
      return options.find((o) => db && o.dataset.db === db) || options[0] || null;
    }

    /** Shows only the 子类 of the chosen 资源库类别. Options are also disabled, since some
     * browsers (Safari) still list hidden options. */
    syncSubOptions() {
      const select = this.selects.sub;
      if (!select) return;
      const db = this.selects.db ? this.selects.db.value : "";
      for (const option of select.options) {
        const off = Boolean(db && option.value && option.dataset.db && option.dataset.db !== db);
        option.hidden = off;
        option.disabled = off;
      }
      if (select.selectedOptions[0] && select.selectedOptions[0].disabled) select.value = "";
    }

    writeControls() {
      const s = this.state;
      this.q.value = s.q;
      for (const key of Object.keys(this.selects)) this.selects[key].value = s[key];
      this.syncSubOptions();
      if (this.sizeSelect) this.sizeSelect.value = String(s.size);
    }

    /** The state the controls show; the page goes back to 1 on every change of filter. */
    readControls() {
      const state = { q: this.q.value.trim().slice(0, 200), sort: this.state.sort, page: 1, size: this.state.size };
      for (const key of this.spec.facetKeys) state[key] = this.selects[key] ? this.selects[key].value : "";
      if (this.sizeSelect && SIZES.indexOf(Number(this.sizeSelect.value)) >= 0) state.size = Number(this.sizeSelect.value);
      return state;
    }

    bind() {
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.apply(this.readControls());
      });
      this.q.addEventListener("input", () => {
        window.clearTimeout(this.timer);
        this.timer = window.setTimeout(() => this.apply(this.readControls()), SEARCH_DELAY_MS);
      });
      this.form.addEventListener("change", (event) => {
        if (event.target === this.q) return; // typing is handled by "input"
        if (event.target === this.selects.db) this.syncSubOptions();
        this.apply(this.readControls());
      });
      this.reset.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation(); // keep Material's instant navigation from loading the page again
        // Filters go; the sort and the page size are not filters and stay.
        this.apply(Object.assign(parseState("", null, this.spec), { sort: this.state.sort, size: this.state.size }));
        this.writeControls();
      });
      for (const button of this.headers) {
        button.addEventListener("click", () => {
          const key = button.dataset.sort;
          const sort = this.state.sort === key ? "-" + key : key;
          this.apply(Object.assign({}, this.state, { sort: sort, page: 1 }));
        });
      }
      for (const pager of this.pagers) {
        pager.prev.addEventListener("click", () => this.goTo(this.state.page - 1));
        pager.next.addEventListener("click", () => this.goTo(this.state.page + 1));
      }
    }

    goTo(page) {
      this.apply(Object.assign({}, this.state, { page: page }));
      // The new page starts at the table's first row: the focus goes there (not left on a button now far
      // below), and the table top comes into view when paging from the bottom of a long page.
      const first = this.body.querySelector("tr a");
      if (first) first.focus({ preventScroll: true });
      const top = this.scroll.getBoundingClientRect().top;
      if (top < 0) this.scroll.scrollIntoView({ block: "start" });
    }

    /** Takes `state`, renders it and puts it in the URL. */
    apply(state) {
      window.clearTimeout(this.timer);
      this.state = state;
      this.scroll.scrollTop = 0; // a new page, filter or order starts at the table's first row
      this.render();
    }

    load() {
      // The page brings the first page of the unfiltered table (catalog.html): it stays while the index loads.
      // Any other view waits for the index, so no row shown contradicts the filters in the form.
      if (!this.body.rows.length || stateToSearch(this.state, "", this.spec) !== "") this.showLoading();
      Promise.resolve(this.root.dataset.index).then((href) => loadIndex(href, this.spec)).then((index) => {
        this.index = index;
        const items = this.loadItems(index);
        // A link with a keyword waits for the items too: it must open on the view it names, not a part of it.
        return (this.state.q ? items : Promise.resolve()).then(() => {
          this.table.removeAttribute("aria-busy");
          for (const pager of this.pagers) pager.nav.hidden = false;
          this.render();
        });
      }).catch(() => {
        this.table.removeAttribute("aria-busy");
        this.status.textContent = "目录索引加载失败,请刷新页面重试,或下载下方的完整目录文件。";
      });
    }

    /** No rows while the index loads: none that could contradict the form. */
    showLoading() {
      this.body.replaceChildren();
      this.table.setAttribute("aria-busy", "true");
      this.status.textContent = "正在加载目录……";
    }

    /** The info items (a file of their own); resolves once they are in, or when they cannot be had. Until then a
     * keyword is looked for in the rest, and the status line says so. */
    loadItems(index) {
      if (!index.itemsUrl || index.cols.items.some(Boolean)) return Promise.resolve();
      this.itemsPending = true;
      const url = new URL(index.itemsUrl, new URL(this.root.dataset.index, document.baseURI));
      // Of the same build as the index, or asked for again past the browser's cache.
      const same = (data) => (data && data.version === index.version ? data : getJSON(url, "reload").then((again) => {
        if (!again || again.version !== index.version) throw new Error("信息项与目录索引不是同一次生成");
        return again;
      }));
      return getJSON(url).then(same)
        .then((data) => {
          index.addColumn("items", data.items);
          this.itemsPending = false;
          this.resultKey = ""; // the same filters now find more
          if (this.index && this.state.q) this.render();
        })
        .catch(() => {
          this.itemsPending = false;
          this.itemsMissing = true;
          if (this.index) this.render();
        });
    }

    render() {
      this.renderHeaders();
      this.writeUrl();
      if (!this.index) {
        // Changed before the index arrived: the rows that came with the page no longer answer the form.
        if (stateToSearch(this.state, "", this.spec) !== "") this.showLoading();
        return;
      }
      const s = this.state;
      const key = JSON.stringify([s.q, s.sort].concat(this.spec.facetKeys.map((k) => s[k])));
      if (key !== this.resultKey) {
        // The option value is the 子类; data-sub (from the text "<资源库类别> · <子类>") says the same.
        const option = this.subOption(s.sub, s.db);
        this.result = this.index.filter(s, option ? option.dataset.sub || option.value : "");
        this.resultKey = key;
      }
      const count = this.result.length;
      const pages = Math.max(1, Math.ceil(count / s.size));
      if (s.page > pages) {
        s.page = pages; // e.g. a linked page=9 that the current data no longer has
        this.writeUrl();
      }
      this.renderRows(this.result.subarray((s.page - 1) * s.size, s.page * s.size));
      this.renderPager(pages);
      // Sort and page are in the message so that screen readers hear those changes too.
      const noun = this.spec.noun;
      this.status.textContent = count
        ? "找到 " + count + " 条" + noun + "(共 " + this.index.size + " 条),按" + this.sortLabel() +
          ",第 " + s.page + " / " + pages + " 页。"
        : "没有找到符合条件的" + noun + "(共 " + this.index.size + " 条)。";
      if (s.q && this.itemsPending) this.status.textContent += "信息项仍在加载,含关键词的信息项稍后补上。";
      if (s.q && this.itemsMissing) this.status.textContent += "信息项未能加载,关键词只在代码、名称、单位、分类和关键词中查找。";
    }

    sortLabel() {
      const desc = this.state.sort.charAt(0) === "-";
      const key = desc ? this.state.sort.slice(1) : this.state.sort;
      const button = this.headers.find((b) => b.dataset.sort === key);
      return (button ? button.textContent.trim() : key) + (desc ? "降序排列" : "升序排列");
    }

    renderHeaders() {
      const desc = this.state.sort.charAt(0) === "-";
      const key = desc ? this.state.sort.slice(1) : this.state.sort;
      for (const button of this.headers) {
        const th = button.closest("th");
        // aria-sort only on the sorted column, as the ARIA authoring practices advise.
        if (button.dataset.sort === key) th.setAttribute("aria-sort", desc ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      }
    }

    renderRows(rows) {
      const c = this.index.cols;
      const columns = this.spec.columns;
      const fragment = document.createDocumentFragment();
      for (const r of rows) {
        const tr = document.createElement("tr");
        columns.forEach(([className, fields, link]) => {
          const text = [].concat(fields).map((field) => c[field][r]).filter(Boolean).join(" · ");
          linkedCell(tr, text, link ? c[link][r] : "", className);
        });
        fragment.appendChild(tr);
      }
      if (!rows.length) {
        const tr = document.createElement("tr");
        const td = cell(tr, "没有符合条件的" + this.spec.noun + "。请减少关键词或放宽筛选条件。", "cd-catalog__empty");
        td.colSpan = columns.length;
        fragment.appendChild(tr);
      }
      this.body.replaceChildren(fragment);
    }

    renderPager(pages) {
      const page = this.state.page;
      const focused = document.activeElement;
      for (const { prev, next, info } of this.pagers) {
        prev.disabled = page <= 1;
        next.disabled = page >= pages;
        info.textContent = "第 " + page + " / " + pages + " 页";
        // A button disabled under the keyboard focus would drop the focus to <body>.
        if (focused === prev && prev.disabled) (next.disabled ? this.scroll : next).focus();
        if (focused === next && next.disabled) (prev.disabled ? this.scroll : prev).focus();
      }
    }

    writeUrl() {
      const search = stateToSearch(this.state, window.location.search, this.spec);
      if (search === window.location.search) return;
      const url = window.location.pathname + search + window.location.hash;
      try {
        // Keep history.state: Material's instant navigation stores its own there.
        window.history.replaceState(window.history.state, "", url);
      } catch (error) {
        // Safari limits replaceState calls per second; the view is right, only the URL lags.
      }
    }

    /** Back/forward within the page (e.g. after following an in-page anchor). */
    fromUrl() {
      this.state = this.readUrl();
      this.writeControls();
      this.render();
    }
  }

  function cell(tr, text, className) {
    const td = document.createElement("td");
    td.className = className;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  /** A cell holding a link to `href` when isSafeHref() accepts it, else the bare text. */
  function linkedCell(tr, text, href, className) {
    const td = cell(tr, "", className);
    if (isSafeHref(href)) {
      const link = document.createElement("a");
      link.setAttribute("href", href);
      link.textContent = text;
      td.appendChild(link);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function init() {
    const root = document.getElementById("cd-catalog");
    if (!root || root.dataset.cdReady === "1" || !root.dataset.index) return;
    root.dataset.cdReady = "1";
    current = new Catalog(root);
    current.load();
  }

  function boot() {
    // Material may evaluate this script again after an instant navigation; the first
    // evaluation's subscription already covers every page, so later ones do nothing.
    if (window.cdCatalogBooted) return;
    window.cdCatalogBooted = true;
    window.addEventListener("popstate", () => {
      if (current && current.root.isConnected) current.fromUrl();
    });
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    }
    // Also now (or once parsed), in case document$ does not replay the current page.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }

  if (typeof document !== "undefined" && typeof window !== "undefined") boot();
  if (typeof module === "object" && module && module.exports) {
    module.exports = { isSafeHref, parseState, stateToSearch, fold, expand, Index, TABLES };
  }
})();
