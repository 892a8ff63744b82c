"""Command line: ``python -m jixiao COMMAND``."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jixiao", description="衡阳市计量测试中心绩效自评报告发布工具")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("toc", help="由 chapters/<年度>/ 生成 _toc.yml")
    args = parser.parse_args(argv)
    if args.command == "toc":
        from jixiao import toc

        print("已更新 _toc.yml" if toc.write() else "_toc.yml 已是最新")
    return 0


if __name__ == "__main__":
    sys.exit(main())
