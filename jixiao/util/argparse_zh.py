"""argparse's own words in Chinese: usage, section titles, --help and error messages.

argparse looks its messages up through the module-level ``_`` and ``ngettext``
(gettext) at the moment it uses them, so :func:`chinese` swaps those for a
catalogue lookup while a parser is built and used. A message missing from the
catalogue stays as argparse wrote it.
"""

from __future__ import annotations

import argparse
import re
from contextlib import contextmanager

CATALOG = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n（运行 %(prog)s --help 查看用法）\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "subcommands": "命令",
}


def translate(message: str) -> str:
    return CATALOG.get(message, message)


@contextmanager
def chinese():
    """argparse speaks Chinese inside the ``with`` block."""
    saved = argparse._, argparse.ngettext
    argparse._ = translate
    argparse.ngettext = lambda singular, plural, n: translate(singular if n == 1 else plural)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def typed(func, label: str):
    """``func`` as an argparse ``type`` whose name in messages is ``label`` (如“年度”)."""

    def convert(text):
        return func(text)

    convert.__name__ = label
    return convert


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help ends its section titles with a Chinese colon."""

    def format_help(self) -> str:
        return re.sub(r"^(\S[^\n]*?):$", r"\1：", super().format_help(), flags=re.M)


def _year(text: str) -> int:
    value = int(text)
    if not 1990 <= value <= 2100:
        raise ValueError(text)
    return value


YEAR = typed(_year, "年度（四位数字，如 2025）")
