"""Synthetic report years, for tests and the benchmark only.

They are generated in a temporary copy of the book (``JIXIAO_ROOT``), never in
the real ``data/``: the published site contains real data only.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from jixiao.authoring import scaffold
from jixiao.report.csvread import decode
from jixiao.report.data import load_year
from jixiao.report.schema import TABLES
from jixiao.util import paths


def _scaled(value: float, factor: float, integral: bool) -> Decimal:
    step = Decimal("1") if integral else Decimal("0.01")
    return (Decimal(str(value)) * Decimal(str(factor))).quantize(step, rounding=ROUND_HALF_UP)


def fill_values(year: int, source: int, factor: float) -> None:
    """Fill ``year``'s empty tables from ``source`` scaled by ``factor``; totals stay sums of parts."""
    src = load_year(source)
    for table in TABLES:
        frame = src.table(table.name)
        values: dict[str, Decimal] = {}
        for rec in frame.to_dict("records"):
            keep = rec.get("notation") in ("汉字", "省略") or rec["unit"] == "%"
            integral = float(rec["value"]).is_integer()
            values[rec["key"]] = Decimal(str(rec["value"])) if keep else _scaled(rec["value"], factor, integral)
        for rec in frame.to_dict("records"):
            parts = frame[frame["parent"] == rec["key"]]
            if not parts.empty:
                values[rec["key"]] = sum((values[k] for k in parts["key"]), Decimal(0))
        path = paths.data_dir(year) / table.filename
        rows = list(csv.reader(io.StringIO(decode(path), newline="")))
        key_col = rows[0].index(table.column("key").header)
        value_col = rows[0].index(table.column("value").header)
        for row in rows[1:]:
            row[value_col] = f"{values[row[key_col]].normalize():f}"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


def rewrite_chapters(year: int) -> None:
    """Stand in for the office's rewriting: drop the 待改写 notes."""
    for path in (paths.CHAPTERS / str(year)).glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace(scaffold.REWRITE_NOTE, ""), encoding="utf-8")


def add_year(year: int, factor: float, source: int | None = None, final: bool = True) -> None:
    """Scaffold, fill in and (by default) finalize a synthetic year."""
    source = source or scaffold.chapter_years()[0]
    scaffold.new_year(year, source)
    fill_values(year, source, factor)
    rewrite_chapters(year)
    if final:
        problems = scaffold.finalize(year)
        if problems:
            raise RuntimeError("\n".join(problems))


# ---------------------------------------------------------------- a next year that changes
#: The office's edits of a next year (for the end-to-end test): one project dropped,
#: one added with a two-decimal amount, a new 分项 with new kinds of activity written
#: as 1.2万余台件, and a new subsection of section 三 that cites them.
NEW_PROJECT = ("project_smart", "智慧计量建设经费", "889.10")
DROPPED_PROJECT = "project_park"
NEW_SECTION = "民生计量"
NEW_ROWS = (
    # code, 分项, 名称, 数值, 单位, 修饰, 修饰位置, 写法
    ("community_visits", NEW_SECTION, "开展“计量进社区”活动", "12", "次", "", "", ""),
    ("bp_monitors", NEW_SECTION, "免费检定血压计", "1.2", "万台件", "余", "单位首字后", ""),
    ("glasses_checks", NEW_SECTION, "免费检测眼镜店", "36", "家", "", "", ""),
    ("hotline_cases", NEW_SECTION, "办结计量投诉举报", "2", "件", "", "", "汉字"),  # 两件
)


def _rewrite_csv(path, edit) -> None:
    rows = list(csv.reader(io.StringIO(decode(path), newline="")))
    rows = edit(rows[0], rows[1:])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def change_items(year: int) -> None:
    """Apply :data:`NEW_PROJECT`, :data:`DROPPED_PROJECT` and :data:`NEW_ROWS` to a filled-in year's tables."""
    folder = paths.data_dir(year)

    def expenditure(header, rows):
        col = {h: i for i, h in enumerate(header)}
        rows = [r for r in rows if r[col["代码"]] != DROPPED_PROJECT]
        new = [""] * len(header)
        new[col["代码"]], new[col["名称"]], new[col["金额"]] = NEW_PROJECT
        new[col["单位"]], new[col["上级"]] = "万元", "project"
        last_part = max(i for i, r in enumerate(rows) if r[col["上级"]] == "project")
        rows.insert(last_part + 1, new)
        for r in rows:  # the office types every amount with two decimals
            r[col["金额"]] = f"{Decimal(r[col['金额']]):.2f}"
        for r in rows:  # totals stay the sums of their parts
            parts = [Decimal(p[col["金额"]]) for p in rows if p[col["上级"]] == r[col["代码"]]]
            if parts:
                r[col["金额"]] = f"{sum(parts):.2f}"
        return [header, *rows]

    def performance(header, rows):
        col = {h: i for i, h in enumerate(header)}
        for r in rows:
            if r[col["代码"]] == "verified_instruments":
                r[col["数值"]], r[col["修饰"]] = "12.3", "近"  # 近12.3万台件
        new_rows = []
        for code, section, name, value, unit, qualifier, position, notation in NEW_ROWS:
            row = [""] * len(header)
            for h, v in (
                ("代码", code),
                ("分项", section),
                ("名称", name),
                ("数值", value),
                ("单位", unit),
                ("修饰", qualifier),
                ("修饰位置", position),
                ("写法", notation),
            ):
                row[col[h]] = v
            new_rows.append(row)
        after = max(i for i, r in enumerate(rows) if r[col["分项"]] == "检校业务")
        return [header, *rows[: after + 1], *new_rows, *rows[after + 1 :]]

    _rewrite_csv(folder / "expenditure.csv", expenditure)
    _rewrite_csv(folder / "performance.csv", performance)


NEW_SUBSECTION = """(sec-{year}-livelihood)=
## 民生计量惠及群众

开展“计量进社区”活动{{glue:text}}`performance.community_visits`，免费检定血压计{{glue:text}}`performance.bp_monitors`，免费检测眼镜店{{glue:text}}`performance.glasses_checks`，办结计量投诉举报{{glue:text}}`performance.hotline_cases`，让群众感受到计量就在身边。

```{{glue:figure}} fig.livelihood
:name: fig-{year}-livelihood

{{glue:text}}`year`年度民生计量主要指标
```

```{{glue}} cmp.livelihood
```

"""


def rewrite_for_changes(year: int) -> None:
    """The office's rewriting of the chapters for :func:`change_items`: the dropped
    project's sentence names the new one, and section 三 gets the new subsection."""
    chapters = paths.CHAPTERS / str(year)
    budget = chapters / "02-budget-expenditure.md"
    text = budget.read_text(encoding="utf-8")
    text = text.replace("衡器产业园科技资金{glue:text}`expenditure.project_park`", "智慧计量建设经费{glue:text}`expenditure.project_smart`")
    text = text.replace(
        "资金为{glue:text}`expenditure.basic`，", "资金为{glue:text}`expenditure.basic`，比上年{glue:text}`expenditure.basic.change`，"
    )
    budget.write_text(text, encoding="utf-8")
    perf = chapters / "03-performance.md"
    text = perf.read_text(encoding="utf-8")
    text = text.replace(
        f'glue_charts({year}, business_volumes="performance.检校业务")',
        f'glue_charts({year}, business_volumes="performance.检校业务", livelihood="performance.{NEW_SECTION}")\n'
        f'glue_comparisons({year}, livelihood="performance.{NEW_SECTION}")',
    )
    text = text.replace(f"(sec-{year}-research)=", NEW_SUBSECTION.format(year=year) + f"(sec-{year}-research)=")
    perf.write_text(text, encoding="utf-8")
