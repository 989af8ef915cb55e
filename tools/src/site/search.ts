/**
 * The docs site: search. The index is built here with minisearch and written
 * as a script (`assets/search-index.js`, setting `window.MPS_SEARCH`) rather
 * than JSON, because a page opened from `file://` may load scripts but may not
 * fetch files. The client (`assets/search.js`) loads it with `MiniSearch.loadJS`.
 */
import MiniSearch from "minisearch";

/** One searchable document: a section of a page, or an API page. */
export interface SearchDoc {
  id: number;
  title: string;
  /** Where it is shown from: the page's title, or the package. */
  page: string;
  /** Site path, with `#id` for a section. */
  url: string;
  text: string;
}

/** The options the index is built and loaded with; the client repeats them (`SEARCH_OPTIONS_JS`). */
export const SEARCH_FIELDS = ["title", "page", "text"];
export const STORE_FIELDS = ["title", "page", "url"];

export function buildSearchIndex(docs: SearchDoc[]): MiniSearch<SearchDoc> {
  const ms = new MiniSearch<SearchDoc>({ fields: SEARCH_FIELDS, storeFields: STORE_FIELDS });
  ms.addAll(docs);
  return ms;
}

/** The script that carries the index. */
export function searchIndexScript(ms: MiniSearch<SearchDoc>): string {
  return `window.MPS_SEARCH = ${JSON.stringify(ms.toJSON())};\n`;
}

/**
 * The client: a search box in the header of every page. `?q=word` in the page's
 * address fills the box and shows results (so a search can be linked to).
 */
export const SEARCH_CLIENT_JS = `(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  if (!box || !list || !window.MiniSearch || !window.MPS_SEARCH) return;
  var ms = window.MiniSearch.loadJS(window.MPS_SEARCH, { fields: ${JSON.stringify(SEARCH_FIELDS)}, storeFields: ${JSON.stringify(STORE_FIELDS)} });
  function show(q) {
    list.textContent = "";
    q = q.trim();
    if (q === "") { list.hidden = true; return; }
    var hits = ms.search(q, { prefix: true, fuzzy: 0.2, boost: { title: 3, page: 1.5 }, combineWith: "AND" }).slice(0, 20);
    if (hits.length === 0) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No results for \\u201c" + q + "\\u201d";
      list.appendChild(none);
    }
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + h.url;
      a.textContent = h.title;
      var page = document.createElement("span");
      page.className = "page";
      page.textContent = h.page && h.page !== h.title ? h.page : "";
      li.appendChild(a);
      li.appendChild(page);
      list.appendChild(li);
    });
    list.hidden = false;
  }
  box.addEventListener("input", function () { show(box.value); });
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { box.value = ""; show(""); }
    if (e.key === "Enter") { var a = list.querySelector("a"); if (a) window.location.href = a.href; }
  });
  var m = /[?&]q=([^&#]*)/.exec(window.location.search);
  if (m) { box.value = decodeURIComponent(m[1].replace(/\\+/g, " ")); show(box.value); }
})();
`;
