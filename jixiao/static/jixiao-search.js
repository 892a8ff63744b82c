// The search page (search.html?q=…), on Pagefind's index.
//
// Pagefind's extended build segments Chinese, but a phrase that crosses its
// word boundaries (e.g. "燃气表检定装置" inside "超声波燃气表检定装置") can be
// missed. So a query without spaces is treated as a phrase: Pagefind's results
// are kept only when the page really contains the phrase, and when none does,
// every page's text (small: the report is a few dozen pages) is scanned for it.
// A query with spaces keeps Pagefind's meaning: pages with all the words.
const bundle = new URL("../pagefind/pagefind.js", import.meta.url);
const pagefind = await import(bundle.href);
await pagefind.options({ excerptLength: 30 });

const form = document.querySelector("#jx-search-form");
const input = document.querySelector("#jx-search-input");
const yearBox = document.querySelector("#jx-search-years");
const status = document.querySelector("#jx-search-status");
const list = document.querySelector("#jx-search-results");
const CONTEXT = 40;
const MAX_RESULTS = 20;
let allPages = null;
let current = 0;

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const squash = (s) => s.replace(/\s+/g, "");
const phraseRegex = (q) =>
  new RegExp([...squash(q)].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*"), "i");

function selectedYear() {
  const checked = yearBox.querySelector("input:checked");
  return checked && checked.value ? checked.value : null;
}

async function showYears() {
  const filters = await pagefind.filters();
  const years = Object.keys(filters["年度"] || {}).sort().reverse();
  if (years.length < 2) return;
  const wanted = new URLSearchParams(location.search).get("year") || "";
  const options = [["", "全部年度"], ...years.map((y) => [y, y])];
  yearBox.innerHTML =
    "<legend>按年度筛选</legend>" +
    options
      .map(([value, label]) => `<label><input type="radio" name="year" value="${escapeHtml(value)}"${value === wanted ? " checked" : ""}> ${escapeHtml(label)}</label>`)
      .join(" ");
  yearBox.hidden = false;
  yearBox.addEventListener("change", () => run());
}

function placeOf(data, index) {
  // The last heading before the match: link to it.
  let best = null;
  let from = 0;
  for (const anchor of data.anchors) {
    if (!anchor.text || !/^h[1-6]$/.test(anchor.element)) continue;
    const at = data.content.indexOf(anchor.text, from);
    if (at < 0 || at > index) continue;
    from = at;
    best = anchor;
  }
  return best ? `${data.url}#${best.id}` : data.url;
}

function describe(data, regex) {
  const match = regex.exec(data.content);
  if (!match) return null;
  const start = Math.max(0, match.index - CONTEXT);
  const end = Math.min(data.content.length, match.index + match[0].length + CONTEXT);
  const excerpt =
    (start > 0 ? "…" : "") +
    escapeHtml(data.content.slice(start, match.index)) +
    "<mark>" + escapeHtml(match[0]) + "</mark>" +
    escapeHtml(data.content.slice(match.index + match[0].length, end)) +
    (end < data.content.length ? "…" : "");
  const hits = data.content.split(regex).length - 1;
  return { data, excerpt, url: placeOf(data, match.index), hits };
}

async function loadAll() {
  if (!allPages) {
    const everything = await pagefind.search(null);
    allPages = await Promise.all(everything.results.map((r) => r.data()));
  }
  return allPages;
}

async function find(query, year) {
  const options = year ? { filters: { 年度: year } } : {};
  const search = await pagefind.search(query, options);
  const top = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  if (/\s/.test(query)) {
    return top.map((data) => ({ data, excerpt: data.excerpt, url: data.sub_results?.[0]?.url || data.url }));
  }
  const regex = phraseRegex(query);
  let found = top.map((d) => describe(d, regex)).filter(Boolean);
  if (!found.length) {
    const pages = (await loadAll()).filter((d) => !year || (d.filters["年度"] || []).includes(year));
    found = pages.map((d) => describe(d, regex)).filter(Boolean).sort((a, b) => b.hits - a.hits);
  }
  return found.slice(0, MAX_RESULTS);
}

function render(query, results) {
  if (!results.length) {
    status.textContent = `没有找到包含“${query}”的内容。`;
    list.innerHTML = "";
    return;
  }
  const words = query.split(/\s+/);
  status.textContent =
    words.length > 1
      ? `找到 ${results.length} 个页面同时包含${words.map((w) => `“${w}”`).join("")}。`
      : `找到 ${results.length} 个页面包含“${query}”。`;
  list.innerHTML = results
    .map(({ data, excerpt, url }) => {
      const year = data.meta["年度"] ? `<span class="jx-result-year">${escapeHtml(data.meta["年度"])}</span>` : "";
      return `<li class="jx-result">${year}<a class="jx-result-title" href="${escapeHtml(url)}">${escapeHtml(data.meta.title || data.url)}</a><p class="jx-result-excerpt">${excerpt}</p></li>`;
    })
    .join("");
}

async function run() {
  const query = input.value.trim();
  const year = selectedYear();
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (year) params.set("year", year);
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  const ticket = ++current;
  if (!query) {
    status.textContent = "";
    list.innerHTML = "";
    document.body.dataset.searchState = "idle";
    return;
  }
  document.body.dataset.searchState = "searching";
  const results = await find(query, year);
  if (ticket !== current) return; // a newer query is on its way
  render(query, results);
  document.body.dataset.searchState = "done";
}

let timer = null;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run();
});

await showYears();
input.value = new URLSearchParams(location.search).get("q") || "";
const box = document.querySelector("form.bd-search input");
if (box && input.value) box.value = input.value;
run();
