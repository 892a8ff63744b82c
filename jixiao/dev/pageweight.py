"""What a reader's browser loads: every page of a built site, first visit, in headless Chromium.

Each page is loaded, with the browser's cache switched off (as on a first visit), from a
local server that, like Python's http.server, sends files uncompressed. Counted per
page: the bytes of every response (``raw``) and what they weigh gzip-compressed
(``gzip``; formats that are compressed already, such as images, fonts and
Pagefind's index chunks, count as they are). Also the page's health: requests
that leave the site's origin, console and script errors, and how many charts
drew. Optionally: the serious and critical axe-core findings under WCAG 2.1 A/AA
(at desktop width, and at phone width when the phone check runs), whether the
page scrolls sideways on a phone (390 px wide), screenshots, and the value of a
script of the caller's (``probe``).

A page counts as loaded once its ``load`` event has fired, nothing has been in
flight for :data:`QUIET_MS` and its charts have drawn (Playwright's
``networkidle`` waits 500 ms after the last response: a quarter of a page's time).

Used by ``make bench`` (:mod:`jixiao.dev.bench`) and by the browser tests.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.dev.browser import CHROMIUM, CHROMIUM_ARGS, Network, Server, Tabs

#: Limits of the reader issue (#12), first visit, uncompressed.
LIMIT_KB = 600
LIMIT_CHART_KB = 1000
#: The axe-core rule tags of WCAG 2.0/2.1 levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: How long nothing may be in flight before a page counts as loaded.
QUIET_MS = 150
_TEXT_TYPES = ("text/", "javascript", "json", "svg", "xml", "wasm")


@dataclass
class PageResult:
    page: str
    raw: int = 0
    gzip: int = 0
    charts: int = 0
    requests: list[tuple[str, int]] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=dict)  # axe rule id -> nodes (serious or critical)
    where: dict[str, str] = field(default_factory=dict)  # axe rule id -> the first few elements
    overflow: int | None = None  # px the page is wider than a 390 px phone screen
    rendered: int = 0  # charts that drew an SVG or canvas
    outside: list[str] = field(default_factory=list)  # requests that left the site's origin
    errors: list[str] = field(default_factory=list)  # console errors and uncaught script errors
    probe: object = None  # what the caller's script returned (``measure(probe=...)``)

    @property
    def raw_kb(self) -> float:
        return self.raw / 1024

    @property
    def gzip_kb(self) -> float:
        return self.gzip / 1024

    @property
    def limit_kb(self) -> int:
        return LIMIT_CHART_KB if self.charts else LIMIT_KB


def pages(site: Path) -> list[str]:
    """Every page a reader can open (the search page included), as site-relative URLs."""
    found = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.name != "genindex.html" and not {"_static", "pagefind", "_sources"} & set(p.relative_to(site).parts)
    )
    return found


def compressed_size(body: bytes, content_type: str) -> int:
    if any(t in content_type for t in _TEXT_TYPES):
        return min(len(body), len(gzip.compress(body, 9)))
    return len(body)


_AXE_RUN = """async (tags) => {
  const ids = axe.getRules(tags).map((r) => r.ruleId);
  const result = await axe.run(document, { runOnly: { type: "rule", values: ids }, resultTypes: ["violations"] });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => [v.id, v.nodes.length, v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")]);
}"""

_OVERFLOW = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth"


_CHARTS_DRAWN = "[...document.querySelectorAll('.jx-chart')].every(el => el.querySelector('svg, canvas'))"
_CHARTS_RENDERED = "[...document.querySelectorAll('.jx-chart')].filter(el => el.querySelector('svg, canvas')).length"


def _settle(page, network: Network) -> int:
    """Wait until the page has loaded (see the module's note); return its number of charts."""
    quiet, step = 0, 50
    for _ in range(20000 // step):
        quiet = quiet + step if not network.pending else 0
        if quiet >= QUIET_MS:
            break
        page.wait_for_timeout(step)  # Playwright delivers the request events meanwhile
    page.evaluate("document.fonts.ready.then(() => true)")
    charts = page.locator(".jx-chart").count()
    if charts:
        page.wait_for_function(_CHARTS_DRAWN, timeout=20000)
    return charts


def _axe(page, axe: str, result: PageResult, suffix: str) -> None:
    if not page.evaluate("typeof axe !== 'undefined'"):  # not given to the tab (Tabs(script=...))
        page.add_script_tag(content=axe)
    for rule, nodes, where in page.evaluate(_AXE_RUN, WCAG_TAGS):
        result.findings[rule + suffix] = nodes
        result.where[rule + suffix] = where


def measure(
    browser,
    url: str,
    rel: str,
    axe: str | None = None,
    phone: bool = False,
    shots: dict[str, Path] | None = None,
    probe: str | None = None,
    tabs: Tabs | None = None,
) -> PageResult:
    """One page, first visit at desktop width; then the optional checks. Pass the same
    ``tabs`` for page after page (else a pair is opened and closed for this page)."""
    own = tabs is None
    tabs = tabs or Tabs(browser, script=axe)
    try:
        result = _desktop(tabs, url, rel, axe, shots, probe)
        if phone or (shots and "phone" in shots):
            page, network = tabs.get("phone")
            page.goto(f"{url}/{rel}")
            _settle(page, network)
            result.overflow = page.evaluate(_OVERFLOW)
            if axe:
                _axe(page, axe, result, "（390 px）")
            if shots and "phone" in shots:
                shots["phone"].parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shots["phone"]), full_page=True)
    finally:
        if own:
            tabs.close()
    return result


def _desktop(tabs: Tabs, url: str, rel: str, axe: str | None, shots: dict[str, Path] | None, probe: str | None) -> PageResult:
    result = PageResult(rel)
    page, network = tabs.get("desktop")
    seen: dict[str, tuple[int, int]] = {}
    origin = url.split("/", 3)[:3]

    def on_request(request):
        if not request.url.startswith("data:") and request.url.split("/", 3)[:3] != origin:
            result.outside.append(request.url)

    def on_response(response):
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        kind = response.headers.get("content-type", "")
        seen[response.url] = (len(body), compressed_size(body, kind))

    def on_console(message):
        if message.type == "error":
            result.errors.append(message.text)

    def on_error(error):
        result.errors.append(str(error))

    listeners = {"request": on_request, "response": on_response, "console": on_console, "pageerror": on_error}
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        page.goto(f"{url}/{rel}")
        result.charts = _settle(page, network)
        result.rendered = page.evaluate(_CHARTS_RENDERED)
        for name, (raw, packed) in seen.items():
            result.raw += raw
            result.gzip += packed
            result.requests.append((name.removeprefix(url + "/"), raw))
        result.requests.sort(key=lambda r: -r[1])
        if probe:
            result.probe = page.evaluate(probe)
        if shots and "desktop" in shots:
            shots["desktop"].parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots["desktop"]), full_page=True)
        if axe:
            _axe(page, axe, result, "")
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    return result


def measure_site(site: Path, axe: str | None = None, phone: bool = False, browser=None) -> list[PageResult]:
    """Every page of ``site``; launches Chromium unless a Playwright ``browser`` is given."""
    server = Server(site)
    try:
        if browser is not None:
            return _measure_all(browser, server.url, site, axe, phone)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                return _measure_all(own, server.url, site, axe, phone)
            finally:
                own.close()
    finally:
        server.close()


def _measure_all(browser, url: str, site: Path, axe: str | None, phone: bool) -> list[PageResult]:
    tabs = Tabs(browser, script=axe)
    try:
        return [measure(browser, url, rel, axe, phone, tabs=tabs) for rel in pages(site)]
    finally:
        tabs.close()


def findings_count(result: PageResult) -> int:
    return sum(result.findings.values())


def table(results: list[PageResult], axe: bool = False) -> str:
    """A Markdown table: KB per page, first visit, raw and gzip (and axe findings)."""
    head = "| 页面 | 图表 | 原始 KB | gzip KB | 上限 KB |" + (" axe 严重问题 |" if axe else "")
    rule = "|---|---:|---:|---:|---:|" + ("---:|" if axe else "")
    lines = [head, rule]
    for r in results:
        cells = f"| {r.page} | {r.charts} | {r.raw_kb:,.0f} | {r.gzip_kb:,.0f} | {r.limit_kb} |"
        if axe:
            cells += f" {findings_count(r)} |"
        lines.append(cells)
    return "\n".join(lines)
