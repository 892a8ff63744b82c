// The search page (search.html?q=…), on Pagefind's index.
//
// Pagefind's extended build segments Chinese into words, and a query that is part
// of a word or crosses word boundaries is missed: 检定 was found only in the glossary,
// though chapters say 检定、校准; 廉政 nowhere, though a section is 廉政建设走深走实.
// So every page's text (small: a report year is about ten pages, a few KB each,
// fetched once) is scanned: a query without spaces is a phrase, a query with spaces
// asks for pages with every word. Pagefind serves the pages, their text and the
// year filter. Pages with more matches come first.
const bundle = new URL("../pagefind/pagefind.js", import.meta.url);
const pagefind = await import(bundle.href);
await pagefind.options({ excerptLength: 30 });

const form = document.querySelector("#jx-search-form");
const input = document.querySelector("#jx-search-input");
const yearBox = document.querySelector("#jx-search-years");
const status = document.querySelector("#jx-search-status");
const list = document.querySelector("#jx-search-results");
const CONTEXT = 40;
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
  const asked = new URLSearchParams(location.search).get("year") || "";
  const wanted = /^\d{4}$/.test(asked) ? `${asked}年` : asked; // ?year=2024 as well as ?year=2024年
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
  const regexes = query.split(/\s+/).filter(Boolean).map(phraseRegex);
  const pages = (await loadAll()).filter((d) => !year || (d.filters["年度"] || []).includes(year));
  const found = [];
  for (const data of pages) {
    if (!regexes.every((r) => r.test(data.content))) continue;
    const result = describe(data, regexes[0]);
    result.hits = regexes.reduce((n, r) => n + data.content.split(r).length - 1, 0);
    found.push(result);
  }
  return found.sort((a, b) => b.hits - a.hits); // every page: a word common to all years lists them all
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
