"""The import review of a report: every number, its kind and sentence, in Chinese.

``python -m jixiao review 报告.docx --year 2025`` prints it (it writes
nothing). ``python -m jixiao import`` prints and saves the fuller review of
:mod:`jixiao.authoring.importreview`, which adds the row each quantity went to.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jixiao.authoring.wordparse import Found, Report, parse_file
from jixiao.authoring.wordread import ReadError
from jixiao.report.wording import KINDS


def _where(f: Found, report: Report) -> str:
    from jixiao.book.style import chinese_numeral

    if not f.chapter:
        return "标题"
    text = f"{chinese_numeral(f.chapter, counting=False)}、"
    if f.section:
        text += f"（{chinese_numeral(f.section, counting=False)}）"
    return text


def review_text(report: Report) -> str:
    """The review: structure, counts by kind, every quantity, every number that stays text, notes."""
    found = report.numbers()
    t = report.title
    lines = [
        f"报告：{t.title or '（未找到标题）'}；单位：{t.unit or '（未找到）'}；附件标注：{t.attachment or '无'}；"
        f"年度：{report.year or '（未找到）'}",
        f"结构：{len(report.chapters)} 个部分，{sum(len(c.sections) for c in report.chapters)} 个小节。",
    ]
    for ch in report.chapters:
        lines.append(
            f"  {_where(Found(ch.number, 0, '', None), report)}{ch.title}"
            + (f"：{'、'.join(s.title for s in ch.sections)}" if ch.sections else "")
        )
    counts = report.counts()
    lines.append("数字共 " + str(len(found)) + " 处：" + "，".join(f"{KINDS[k]} {counts[k]}" for k in KINDS if counts[k]) + "。")
    lines.append("")
    lines.append("一、数量（写入数据表）")
    for i, f in enumerate((f for f in found if f.mention.kind == "quantity"), 1):
        m, q = f.mention, f.mention.quantity
        form = [f"数值 {q.value}", f"单位 {q.unit}"]
        if q.qualifier:
            form.append(f"修饰 {q.qualifier}（{q.position}）")
        if q.notation != "数字":
            form.append(f"写法 {q.notation}")
        if q.each:
            form.append("各")
        lines.append(f"  {i}. [{_where(f, report)}] {m.text}：{m.label}；" + "，".join(form) + f"。原句：{m.sentence}")
    lines.append("")
    lines.append("二、不是数量的数字（保留为文字）")
    for f in found:
        m = f.mention
        if m.kind != "quantity":
            lines.append(f"  [{_where(f, report)}] {KINDS[m.kind]}：{m.text}。原句：{m.sentence}")
    if report.notes:
        lines.append("")
        lines.append("三、请核对")
        lines += [f"  {i}. {n}" for i, n in enumerate(report.notes, 1)]
    return "\n".join(lines)


def review_file(path: Path, year: int | None = None) -> int:
    """``python -m jixiao review 报告.docx``: print the review, write nothing; the exit status."""
    try:
        report = parse_file(path, year)
    except ReadError as err:
        print(str(err), file=sys.stderr)
        return 1
    except Exception as err:  # never a traceback for the office staff
        print(f"无法读取 {Path(path).name}（{type(err).__name__}: {err}）。请把这条信息告诉维护人员。", file=sys.stderr)
        return 2
    print(review_text(report))
    return 0
