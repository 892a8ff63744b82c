"""Chinese for the few interface strings that Sphinx and the theme leave in English.

Sphinx's zh_CN catalog has no translation for its permalink titles ("Link to
this heading", …) and the theme's zh catalog lacks some labels. This adds a
fallback catalog, compiled with Babel (a Sphinx dependency) into the build
folder, so every tooltip a reader can see is Chinese.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

MESSAGES = {
    "Link to this heading": "链接到本节",
    "Link to this image": "链接到本图",
    "Link to this table": "链接到本表",
    "Link to this term": "链接到本术语",
    "Link to this definition": "链接到本定义",
    "Link to this code": "链接到本代码",
    "Link to this equation": "链接到本公式",
    "Color mode": "切换浅色或深色显示",
    "Light": "浅色",
    "Dark": "深色",
    "System Settings": "跟随系统设置",
    "Search": "搜索",
    "Skip to main content": "跳转至主要内容",
    "Back to top": "回到顶部",
}


def install(app, config) -> None:
    """``config-inited``: register the fallback catalog for zh_CN builds."""
    if not str(config.language or "").startswith("zh"):
        return
    folder = Path(app.outdir).parent / ".jixiao-locale"
    target = folder / config.language / "LC_MESSAGES" / "sphinx.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(locale=config.language, domain="sphinx")
    for msgid, msgstr in MESSAGES.items():
        catalog.add(msgid, msgstr)
    with open(target, "wb") as out:
        write_mo(out, catalog)
    app.add_message_catalog("sphinx", str(folder))
