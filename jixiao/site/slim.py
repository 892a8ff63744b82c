"""Make the assembled site light: only what the report's pages use is shipped.

Run on the release folder being assembled (never on Sphinx's own output, which
stays as Sphinx wrote it for incremental builds):

* the theme's icon font script (fontawesome.js, 1.4 MB, plus its web font) is
  replaced by inline SVG of the few icons the pages show, drawn from the same
  file at build time;
* bootstrap.js is dropped: the report uses none of its widgets, and the theme's
  tooltips fall back to the buttons' native titles;
* the theme's style sheets keep only the rules whose classes occur in the site's
  pages or scripts (a class a script adds is in its text, so it is kept);
* files under ``_static`` that nothing references any more are deleted.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import tinycss2

from jixiao.util import filecache

FONTAWESOME = "_static/scripts/fontawesome.js"
#: The folder under ``_build`` of pruned and parsed style sheets, kept between builds.
CACHE = "slim-cache"
#: The site's own style sheet, kept whole; the theme's and extensions' are pruned to the classes in use.
OWN_CSS = "jixiao.css"

#: What the theme's templates write in English and do not translate (the print table of contents).
_ENGLISH_LABELS = {'<nav aria-label="Page">': '<nav aria-label="本页目录">'}
_DROP_TAGS = re.compile(
    r'\s*<script[^>]*src="[^"]*(?:fontawesome|bootstrap)\.js[^"]*"[^>]*></script>'
    r'|\s*<link rel="preload" as="script" href="[^"]*bootstrap\.js[^"]*" />'
    r"|\s*<!-- So that users can add custom icons -->"
)
_ICON = re.compile(r'<(i|span)\s+class="([^"]*\bfa-solid\b[^"]*)"([^>]*)>\s*</\1>')
_FA_CLASS = re.compile(r"^fa-(?:solid|lg|fw)$")
_WORD = re.compile(r"[A-Za-z_][\w-]*")


class SlimError(Exception):
    pass


# ------------------------------------------------------------------ icons
def solid_icons(fontawesome_js: str) -> dict[str, tuple[int, int, str]]:
    """name (and alias) -> (width, height, path) of Font Awesome's solid icon pack in fontawesome.js."""
    end = fontawesome_js.find('d("fas",p)')
    start = fontawesome_js.rfind("var p={", 0, end)
    if start < 0 or end < 0:
        raise SlimError("fontawesome.js 的格式与预期不同，找不到 solid 图标集（主题版本是否变了？）")
    pack = fontawesome_js[start:end]
    icons: dict[str, tuple[int, int, str]] = {}
    entry = re.compile(r'(?:"([\w-]+)"|([A-Za-z_$][\w$]*)|(\d+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","([^"]+)"\]')
    for m in entry.finditer(pack):
        name = m.group(1) or m.group(2) or m.group(3)
        value = (int(m.group(4)), int(m.group(5)), m.group(7))
        icons[name] = value
        for alias in re.findall(r'"([\w-]+)"', m.group(6)):
            icons.setdefault(alias, value)
    return icons


def _svg_icon(icons: dict, match: re.Match) -> str:
    classes, rest = match.group(2).split(), match.group(3)
    names = [c[3:] for c in classes if c.startswith("fa-") and not _FA_CLASS.match(c)]
    if len(names) != 1 or names[0] not in icons:
        raise SlimError(f"找不到图标 {' '.join(classes)}")
    width, height, path = icons[names[0]]
    kept = [c for c in classes if not c.startswith("fa-")] + ["jx-icon", f"jx-icon-{names[0]}"]
    if "fa-lg" in classes:
        kept.append("jx-icon-lg")
    data = " ".join(a for a in re.findall(r'data-[\w-]+="[^"]*"', rest))
    return (
        f'<svg class="{" ".join(kept)}" {data + " " if data else ""}aria-hidden="true" focusable="false" '
        f'viewBox="0 0 {width} {height}"><path fill="currentColor" d="{html.escape(path, quote=True)}"/></svg>'
    )


# ------------------------------------------------------------------ CSS
def _top_level_split(prelude: str) -> list[str]:
    """Split a selector list on commas outside parentheses and brackets."""
    parts, depth, current = [], 0, []
    for ch in prelude:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


_INSIDE = re.compile(r"\([^()]*\)|\[[^\]]*\]|\"[^\"]*\"|'[^']*'")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def selector_used(selector: str, words: set[str]) -> bool:
    """True unless the selector names a class (outside :not()/:is()/attributes) that no page or script has."""
    outer = selector
    while True:
        stripped = _INSIDE.sub("", outer)
        if stripped == outer:
            break
        outer = stripped
    return all(c in words for c in _CLASS.findall(outer))


def _items(rules) -> list:
    """A parsed style sheet in the form pruning needs: ``["q", selectors, body]`` for a rule,
    ``["at", keyword, prelude, items]`` for a block of rules, ``["raw", text]`` for the rest."""
    out: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in _top_level_split(tinycss2.serialize(rule.prelude))]
            out.append(["q", selectors, tinycss2.serialize(rule.content).strip()])
        elif rule.type == "at-rule":
            body = tinycss2.serialize(rule.content) if rule.content is not None else ""
            keyword = rule.lower_at_keyword
            if keyword == "font-face" and "Font Awesome" in body:
                continue  # icons are inline SVG now
            if keyword in ("media", "supports", "layer", "container") and rule.content is not None:
                inner = _items(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                out.append(["at", rule.at_keyword, tinycss2.serialize(rule.prelude), inner])
            else:
                out.append(["raw", tinycss2.serialize([rule])])
    return out


def _prune_items(items: list, words: set[str]) -> list[str]:
    out = []
    for item in items:
        if item[0] == "q":
            selectors = [s for s in item[1] if selector_used(s, words)]
            if selectors:
                out.append(",".join(selectors) + "{" + item[2] + "}")
        elif item[0] == "at":
            inner = _prune_items(item[3], words)
            if inner:
                out.append(f"@{item[1]}{item[2]}{{{''.join(inner)}}}")
        else:
            out.append(item[1])
    return out


def parsed(css: str, cache: Path | None = None) -> list:
    """:func:`_items` of ``css``; parsing the theme's 400 KB style sheet takes half a second, so
    the result is kept in ``cache`` by the sheet's hash (see :func:`preparse`)."""
    if cache is None:
        return _items(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    key = hashlib.sha256(css.encode()).hexdigest()[:24]
    text = filecache.cached(cache / f"parsed-{key}.json", lambda: json.dumps(parsed(css)).encode("utf-8"))
    return json.loads(text)


def prune_css(css: str, words: set[str], cache: Path | None = None) -> str:
    """``css`` without the rules no page uses, cached on the style sheet and the classes it
    names that are in use."""
    if cache is None:
        return "".join(_prune_items(parsed(css), words))
    used = sorted({c for c in _CLASS.findall(css) if c in words})
    key = hashlib.sha256(f"{css}\0{' '.join(used)}".encode()).hexdigest()[:24]
    return filecache.cached(cache / f"{key}.css", lambda: "".join(_prune_items(parsed(css, cache), words)).encode("utf-8")).decode("utf-8")


#: Where the theme and the extensions keep the style sheets Sphinx copies into ``_static``.
THEME_PACKAGES = ("pydata_sphinx_theme", "sphinx_book_theme", "sphinx_design", "myst_nb")


def preparse(cache: Path, min_size: int = 10_000) -> None:
    """Parse the theme's and extensions' larger style sheets into ``cache`` ahead of :func:`slim`
    (the build's helper does it while Sphinx writes the pages, with a core to spare). A sheet
    Sphinx copies unchanged is then found by its hash; any other is parsed by :func:`slim`."""
    from importlib.util import find_spec

    for package in THEME_PACKAGES:
        spec = find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for sheet in sorted(Path(folder).rglob("*.css")):
                if sheet.stat().st_size >= min_size:
                    parsed(sheet.read_text(encoding="utf-8"), cache)


# ------------------------------------------------------------------ the site
#: A file name: tried only where a name can start (not inside a word, where a failing
#: attempt would scan the rest of the word again at every letter).
_FILE_NAME = re.compile(r"(?<![\w.-])[\w.-]+\.(?:js|css|woff2?|ttf|svg|png|ico|json|gif|jpg)")


def _referenced(site: Path, texts: list[str]) -> set[str]:
    names = set()
    for text in texts:
        names.update(_FILE_NAME.findall(text))
    return names


def slim(site: Path, cache: Path | None = None) -> dict[str, int]:
    """Slim the assembled ``site`` in place (pruned style sheets cached in ``cache``);
    return bytes before and after."""
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    before = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    fa = site / FONTAWESOME
    icons = solid_icons(fa.read_text(encoding="utf-8")) if fa.is_file() else {}
    texts = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        new = _DROP_TAGS.sub("", text)
        new = _ICON.sub(lambda m: _svg_icon(icons, m), new)
        for english, chinese in _ENGLISH_LABELS.items():
            new = new.replace(english, chinese)
        if new != text:
            page.write_text(new, encoding="utf-8")
        texts.append(new)
    static = site / "_static"
    scripts = [p for p in static.rglob("*.js") if p.name not in ("fontawesome.js", "bootstrap.js")]
    in_pages = _referenced(site, texts)
    used_scripts = [p.read_text(encoding="utf-8", errors="replace") for p in scripts if p.name in in_pages]
    words = {w for text in texts + used_scripts for w in _WORD.findall(text)}
    for css in static.rglob("*.css"):
        if css.name != OWN_CSS and css.name in in_pages:
            css.write_text(prune_css(css.read_text(encoding="utf-8"), words, cache), encoding="utf-8")
    # Delete what no page, style sheet or script refers to any more (source maps included).
    sheets = [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.css")]
    referenced = in_pages | _referenced(site, used_scripts + sheets)  # the pages' own names are unchanged
    for path in sorted(static.rglob("*"), reverse=True):
        if path.is_file() and path.name not in referenced:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    after = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"before": before, "after": after}
