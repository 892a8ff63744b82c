"""Command line: ``python -m jixiao COMMAND`` (``--help`` on any command)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jixiao.util.argparse_zh import YEAR, Parser, chinese, typed


def _build(args) -> int:
    from jixiao.site import main as build

    return build.main(pdf=not args.no_pdf, search=not args.no_search)


def _validate(args) -> int:
    from jixiao.book.validate import data_years, validate_all, warnings_for

    years = [args.year] if args.year else None
    report = validate_all(years)
    checked = years or data_years()
    warnings = warnings_for(checked)
    for i, warning in enumerate(warnings, 1):
        print(f"提醒 {i}：{warning}")
    if report:
        print(report, file=sys.stderr)
        return 1
    print(f"数据检查通过：{'、'.join(f'{y}年' for y in checked)}。")
    return 0


def _new_year(args) -> int:
    from jixiao.authoring.scaffold import ScaffoldError, new_year
    from jixiao.util import paths

    try:
        written = new_year(args.year, args.source)
    except ScaffoldError as err:
        print(f"未生成：{err}", file=sys.stderr)
        return 1
    print(f"已生成 {args.year} 年度草稿（{len(written)} 个文件）：")
    for path in written:
        print(f"  {paths.rel(path)}")
    print(f"下一步：在 data/{args.year}/ 中填写数值，按本年度情况改写 chapters/{args.year}/ 中的文字，")
    print(f"然后运行 make finalize YEAR={args.year} 定稿。")
    return 0


def _finalize(args) -> int:
    from jixiao.authoring.scaffold import finalize
    from jixiao.book.validate import warnings_for

    problems = finalize(args.year)
    for i, warning in enumerate(warnings_for([args.year]), 1):
        print(f"提醒 {i}：{warning}")
    if problems:
        print(f"{args.year} 年度尚不能定稿，还有 {len(problems)} 处需要完成：", file=sys.stderr)
        for i, problem in enumerate(problems, 1):
            print(f"  {i}. {problem}", file=sys.stderr)
        return 1
    print(f"{args.year} 年度已定稿，下次构建（make site）时发布。")
    return 0


def _publish(args) -> int:
    from jixiao.site.publish import PublishError, describe, publish, rollback

    try:
        if args.rollback:
            release = rollback(args.dest)
            print(f"已回退：{args.dest} 现在使用的版本是 {describe(release)}。")
            return 0
        release = publish(args.dest)
    except PublishError as err:
        print(str(err), file=sys.stderr)
        return 1
    print(f"已发布到 {args.dest}：{describe(release)}。")
    print(f"清单文件 manifest.json 记录了构建时间、提交、年度和每个文件的 sha256；如需退回上一版：make rollback DEST={args.dest}")
    return 0


def _import(args) -> int:
    if args.workbook.suffix.lower() in (".docx", ".doc", ".txt", ".md"):
        from jixiao.authoring.wordimport import main

        return main(args.workbook, args.year)
    from jixiao.authoring.workbook import import_workbook
    from jixiao.report.csvread import DataError
    from jixiao.util import paths

    try:
        written, chapters = import_workbook(args.workbook, args.year)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        print("没有写入任何文件。", file=sys.stderr)
        return 1
    print(f"已从 {args.workbook} 导入 {args.year} 年度数据：" + "、".join(paths.rel(p) for p in written))
    if chapters:
        print(f"数据已全部通过检查。接下来改写 chapters/{args.year}/ 的正文（定稿前必须完成）：")
        print(DataError(chapters).listing())
    return 0


def _export(args) -> int:
    suffix = args.workbook.suffix.lower()
    if suffix == ".docx":
        from jixiao.authoring.wordexport import export_report

        return export_report(args.year, args.workbook)
    if suffix == ".pdf":
        return _copy_pdf(args.year, args.workbook)
    if suffix != ".xlsx":
        print(
            f"文件名“{args.workbook.name}”应以 .docx（整份报告的 Word 文档）或 .xlsx（数据工作簿）结尾，没有导出。",
            file=sys.stderr,
        )
        return 2
    from jixiao.authoring.workbook import export

    print(f"已导出 {args.year} 年度数据到 {export(args.year, args.workbook)}（每张表一个工作表）")
    return 0


def _copy_pdf(year: int, target) -> int:
    """``export --year Y 报告.pdf``: the PDF ``make site`` made, copied (it is typeset by the build)."""
    import shutil

    from jixiao.site import fingerprint
    from jixiao.util import paths

    site = (paths.BUILD / "html").resolve()
    pdf = site / "pdf" / f"report-{year}.pdf"
    if not pdf.is_file():
        print(f"还没有 {year} 年度的 PDF：PDF 由 make site 生成，请先运行 make site。没有导出。", file=sys.stderr)
        return 1
    shutil.copyfile(pdf, target)
    print(f"已导出 {year} 年度报告的 PDF 到 {target}（即 make site 生成的 _build/html/pdf/report-{year}.pdf）")
    if not fingerprint.current(site, paths.ROOT):
        print("注意：上次 make site 之后数据、章节或程序有改动，这份 PDF 不含这些改动；请运行 make site 后重新导出。", file=sys.stderr)
    return 0


def _review(args) -> int:
    from jixiao.authoring.wordreview import review_file

    return review_file(args.file, args.year)


def _toc(args) -> int:
    from jixiao.book import toc

    print("已更新 _toc.yml" if toc.write() else "_toc.yml 已是最新")
    return 0


def _dictionary(args) -> int:
    from jixiao.report import dictionary
    from jixiao.util import paths

    path = paths.DATA / "README.md"
    path.write_text(dictionary.readme_markdown() + "\n", encoding="utf-8")
    print(f"已写入 {paths.rel(path)}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="python -m jixiao",
        description="衡阳市计量测试中心部门整体支出绩效自评报告发布工具（jixiao）",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="命令", parser_class=Parser)
    b = sub.add_parser("build", help="构建整个网站（校验、执行、网页、搜索、PDF），成功后一次性发布到 _build/html")
    b.add_argument("--no-pdf", action="store_true", help="不生成 PDF")
    b.add_argument("--no-search", action="store_true", help="不生成搜索索引")
    b.set_defaults(func=_build)
    v = sub.add_parser("validate", help="检查数据文件，一次列出全部问题；有错误时退出码为 1")
    v.add_argument("--year", type=YEAR, metavar="年度", help="只检查某一年度，如 2024")
    v.set_defaults(func=_validate)
    n = sub.add_parser("new-year", help="由最近一个年度生成新年度的草稿（数据表留空、章节标注待改写）")
    n.add_argument("year", type=YEAR, metavar="年度", help="新年度，如 2025")
    n.add_argument("--source", type=YEAR, metavar="年度", help="沿用哪一年度（默认为最近的年度）")
    n.set_defaults(func=_new_year)
    f = sub.add_parser("finalize", help="定稿：检查某年度数据已填全、文字已改写，标记为可发布")
    f.add_argument("year", type=YEAR, metavar="年度", help="要定稿的年度，如 2025")
    f.set_defaults(func=_finalize)
    pub = sub.add_parser("publish", help="把构建好的完整网站（_build/html）一次性发布到内网网站目录，并写入清单；--rollback 回退到上一版")
    pub.add_argument("dest", type=typed(Path, "目录"), metavar="网站目录", help="网站目录，如 /var/www/jixiao")
    pub.add_argument("--rollback", action="store_true", help="不发布新版本，而是一次性切换回上一次发布的版本")
    pub.set_defaults(func=_publish)
    i = sub.add_parser(
        "import",
        help="导入整份报告（Word .docx、.txt、.md）为某年度草稿（章节和数据）；或从 Excel 工作簿（.xlsx）只导入数据",
    )
    i.add_argument("workbook", type=typed(Path, "文件"), metavar="文件", help="报告 .docx/.txt/.md，或工作簿 .xlsx")
    i.add_argument("--year", type=YEAR, required=True, metavar="年度", help="年度，如 2025")
    i.set_defaults(func=_import)
    r = sub.add_parser("review", help="列出一份报告（Word .docx、.txt、.md）中的每个数字及其分类，不写入任何文件")
    r.add_argument("file", type=typed(Path, "文件"), metavar="报告", help="Word 文档（.docx）、纯文本（.txt）或 Markdown（.md）")
    r.add_argument("--year", type=YEAR, metavar="年度", help="报告的年度，如 2025（默认从报告中识别）")
    r.set_defaults(func=_review)
    e = sub.add_parser(
        "export",
        help="把某年度的数据导出为 Excel 工作簿（.xlsx），把整份报告导出为 Word 文档（.docx），或复制 make site 生成的 PDF（.pdf）",
    )
    e.add_argument("workbook", type=typed(Path, "文件"), metavar="文件", help="要写入的 .xlsx（数据）、.docx（报告）或 .pdf（报告）文件")
    e.add_argument("--year", type=YEAR, required=True, metavar="年度", help="年度，如 2025")
    e.set_defaults(func=_export)
    t = sub.add_parser("toc", help="按 chapters/<年度>/ 生成 _toc.yml")
    t.set_defaults(func=_toc)
    d = sub.add_parser("dictionary", help="由数据表定义生成 data/README.md（数据字典）")
    d.set_defaults(func=_dictionary)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        from jixiao.util import paths  # checks that JIXIAO_ROOT, if set, is this folder
    except RuntimeError as err:  # paths.MixedProjectError
        print(str(err), file=sys.stderr)
        return 2
    # Every tool and kernel started from here imports this folder's package.
    os.environ.update(paths.tool_env())
    with chinese():
        args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output's reader went away (… | head): the work itself is done
        return 141
    except ModuleNotFoundError as err:  # run with a Python other than the project's .venv
        print(
            f"缺少程序需要的软件包 {err.name}：请在项目文件夹中用 make 命令（如 make import、make finalize），"
            f"或用 .venv/bin/python -m jixiao … 运行；还没有 .venv 时先运行 make setup。",
            file=sys.stderr,
        )
        return 2
    except Exception as err:  # never a traceback for the office staff
        print(f"程序内部错误（{type(err).__name__}: {err}）。请把这条信息告诉维护人员。", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
