"""Headless Chromium reading a built site from 127.0.0.1: the browser's flags, the local
server, and the tabs that visit page after page (:mod:`jixiao.dev.pageweight`, the browser tests)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


class Server:
    """``site`` on 127.0.0.1, uncompressed, as ``python -m http.server`` serves it."""

    def __init__(self, site: Path):
        handler = functools.partial(_QuietHandler, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Network:
    """The requests a page has in flight."""

    def __init__(self, page):
        self.pending: set = set()
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))


class Tabs:
    """A desktop tab and a phone tab of one browser, each visiting page after page (a new tab
    costs a quarter of a second). The desktop tab never uses the browser's cache (DevTools'
    "disable cache"), so each visit loads and weighs what a first visit does; the phone tab,
    which only checks layout and accessibility, keeps its cache.

    ``script`` (axe-core, say) is given to both tabs once and runs in every page they open,
    before the page's own scripts: a third less time than adding it to each page afterwards
    (half a megabyte sent and compiled again each time). It loads nothing over the network,
    so what a page weighs is unchanged."""

    def __init__(self, browser, script: str | None = None):
        self.browser = browser
        self.script = script
        self._open: dict[str, tuple] = {}

    def get(self, kind: str) -> tuple:
        """(page, :class:`Network`) of the ``"desktop"`` or ``"phone"`` tab."""
        if kind not in self._open:
            if kind == "desktop":
                context = self.browser.new_context(viewport=DESKTOP)
                page = context.new_page()
                devtools = context.new_cdp_session(page)
                devtools.send("Network.enable")
                devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
            else:
                context = self.browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
                page = context.new_page()
            if self.script:
                context.add_init_script(script=self.script)
            self._open[kind] = (context, page, Network(page))
        _, page, network = self._open[kind]
        network.pending.clear()  # nothing of the last page counts for the next
        return page, network

    def close(self) -> None:
        for context, _, _ in self._open.values():
            context.close()
        self._open.clear()
