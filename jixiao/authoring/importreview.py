"""The import review: every number of the report, its sentence and the row it went to.

Printed by ``python -m jixiao import 报告.docx --year Y`` and saved beside the
data as ``data/<year>/导入检查.txt``. It lists the chapters and the files they
became; every quantity with its table, code, name and written form; on
re-importing a draft, each value that differs from what the draft held; every
number that stays text and why (:data:`jixiao.report.quantities.KINDS`); and what
needs checking: the parser's notes, names matched loosely or made unique, and
stated totals that don't add up (as ``validate`` reports them).
"""

from __future__ import annotations

from pathlib import Path

from jixiao.authoring.wordread import footnotes
from jixiao.book import style
from jixiao.report.csvread import normalize_number
from jixiao.report.imported import quantity_line
from jixiao.report.schema import BY_NAME
from jixiao.report.wording import KINDS


def _where(chapter: int, section: int) -> str:
    if not chapter:
        return "标题"
    text = f"{style.chinese_numeral(chapter, counting=False)}、"
    return text + (f"（{style.chinese_numeral(section, counting=False)}）" if section else "")


_PARTS = ("一、", "二、", "三、", "四、", "五、")


def _part(lines: list[str]) -> str:
    """The next part's number: 二、 only on a re-import, so the parts after it count on from there."""
    return _PARTS[sum(line.startswith(_PARTS) for line in lines)]


def _form(row) -> str:
    out = [f"数值 {row.value}", f"单位 {row.unit}"]
    if row.qualifier:
        out.append(f"修饰 {row.qualifier}" + (f"（{row.position}）" if row.position else ""))
    if row.notation:
        out.append(f"写法 {row.notation}")
    if row.parent:
        out.append(f"上级 {row.parent}")
    return "，".join(out)


def _was(row: dict) -> str:
    """A draft row's value as written, or that it was empty (a draft from ``new-year``)."""
    import math

    value = row.get("value")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "（空）"
    return style.written(row)


def differences(plan, draft_rows: list[dict]) -> list[str]:
    """Each row whose value or written form differs from the draft being replaced, and rows added or gone."""
    old = {(r["_table"], r["key"]): r for r in draft_rows}
    out = []
    for row in plan.rows:
        before = old.pop((row.table, row.key), None)
        if before is None:
            out.append(f"新增 {row.table}.csv {row.key}（{row.name}）：{row.value}{row.unit}")
            continue
        was = _was(before)
        now = style.written({**row.cells(), "value": float(normalize_number(row.value)), "typed": row.value})
        if was != now or (before.get("typed") or "") != row.value:
            out.append(f"改变 {row.table}.csv {row.key}（{row.name}）：原为 {was}，现为 {now}")
    for (table, key), before in old.items():
        out.append(f"删去 {table}.csv {key}（{before['name']}）：原为 {_was(before)}")
    return out


def review(report, plan, year: int, source, files: list[str], ref_year, draft_rows, problems) -> str:
    t = report.title
    lines = [
        f"导入检查：{Path(source).name} → {year} 年度（草稿）",
        f"报告：{t.title or '（未找到标题）'}；单位：{t.unit or '（未找到）'}；附件标注：{t.attachment or '无'}",
        f"名称和代码沿用：{ref_year} 年度数据" if ref_year else "名称和代码沿用：无（没有其他年度的数据，代码均为新生成）",
        "",
        "结构（部分 → 章节文件）：",
    ]
    for ch, name in zip(report.chapters, files):
        lines.append(f"  {_where(ch.number, 0)}{ch.title} → chapters/{year}/{name}")
        lines += [f"    {_where(ch.number, s.number)}{s.title}" for s in ch.sections]
    found = report.numbers()
    counts = report.counts()
    lines += [
        "",
        f"数字共 {len(found)} 处：" + "，".join(f"{KINDS[k]} {counts[k]}" for k in KINDS if counts[k]) + "。",
        "",
        f"一、数量（{len(plan.placed)} 处，写入数据表，正文引用该行）",
    ]
    for i, p in enumerate(plan.placed, 1):
        row = p.row
        where = quantity_line(row.table, row.key, row.name, row.section, _form(row))
        lines.append(f"  {i}. [{_where(p.chapter, p.section)}] {p.mention.text} → {where}{'' if row.matched else '（新行）'}")
        lines.append(f"     原句：{p.mention.sentence}")
    if draft_rows:
        diffs = differences(plan, draft_rows)
        lines += ["", f"{_part(lines)}与导入前草稿的不同（{len(diffs)} 处）"]
        lines += [f"  {d}" for d in diffs] or ["  无"]
    lines += ["", f"{_part(lines)}不是数量的数字（保留为文字）"]
    for f in found:
        m = f.mention
        if m.kind != "quantity":
            bound = "，绑定到年度" if m.kind == "report_year" else ""
            lines.append(f"  [{_where(f.chapter, f.section)}] {KINDS[m.kind]}{bound}：{m.text}。原句：{m.sentence}")
    checks = list(report.notes) + list(plan.notes)
    checks += [
        f"“{f.mention.text}”没有可识别的单位，保留为文字，没有写入数据表；若是数量，请在报告中写明单位后重新导入。原句：{f.mention.sentence}"
        for f in found
        if f.mention.kind == "unknown"
    ]
    blocks = [(ch, s, b) for ch in report.chapters for s, bs in [(None, ch.blocks)] + [(s, s.blocks) for s in ch.sections] for b in bs]
    skipped = sum(1 for _c, _s, b in blocks if b.kind not in ("p", "item", "table"))
    if skipped:
        checks.append(f"文档中的 {skipped} 处图片或图题未导入：图表由数据生成（沿用其他年度同名章节的图表）。")
    for chapter, sec, b in blocks:
        if b.kind == "table":
            numbers = [cell.strip() for row in b.cells for cell in row if any(c.isdigit() for c in cell)]
            where = _where(chapter.number, sec.number if sec else 0)
            checks.append(
                f"[{where}] 一个表格未导入"
                + (f"，其中的数字（{'、'.join(numbers[:6])}{'等' if len(numbers) > 6 else ''}）没有写入数据表" if numbers else "")
                + "：报告中的表格由数据生成。表格中的数字若要出现在报告中，请写进正文后重新导入，或在数据表中加行。"
            )
    notes = footnotes(source) if str(source).lower().endswith(".docx") else []
    if notes:
        digits = [n for n in notes if any(ch.isdigit() for ch in n)]
        checks.append(
            f"报告中的 {len(notes)} 条脚注或尾注未导入"
            + (f"，其中 {len(digits)} 条有数字（如“{digits[0][:40]}”）没有写入数据表" if digits else "")
            + "：如需要，请把它们写进正文后重新导入。"
        )
    checks += [str(p) for p in problems]
    lines += ["", f"{_part(lines)}请核对"]
    lines += [f"  {i}. {c}" for i, c in enumerate(checks, 1)] or ["  无"]
    lines += [
        "",
        "说明：数据表中“名称”列是正文引用的名字（如 {n}`事业编制`）；在 Excel 中改动数值，正文随之改变；"
        f"改动名称时请同时改正文中的引用。数据表：{', '.join(BY_NAME[n].filename for n in BY_NAME)}。",
    ]
    return "\n".join(lines)
