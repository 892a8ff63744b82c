"""The import review: every number of a report, its kind and sentence, printed in Chinese."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SEED
from jixiao.authoring.wordparse import parse_file
from jixiao.authoring.wordreview import review_text


def test_seed_review_lists_every_number():
    report = parse_file(SEED, 2024)
    text = review_text(report)
    assert "数字共 88 处：数量 55，书名号中的数字 1，报告年度 3，编号 19，附件标注 1，序数 5，列举序号 4。" in text
    quantities = text.split("一、数量（写入数据表）")[1].split("二、不是数量的数字")[0]
    for f in report.quantities():
        assert f"{f.mention.text}：{f.mention.label}；" in quantities
    assert "850余万元：免征强检费用；数值 850，单位 万元，修饰 余（数字后）" in quantities
    assert "逾万台件：校准计量器具；数值 1，单位 万台件，修饰 逾（数字前），写法 省略" in quantities
    others = text.split("二、不是数量的数字（保留为文字）")[1]
    assert "[三、（四）] 书名号中的数字：15。原句：完成省局主持科技项目" in others
    assert "[标题] 附件标注：2。原句：附件2" in others and "[五、] 编号：1、。" in others
    assert "三、请核对" in text and "（6）" in text.split("三、请核对")[1]


def test_review_command(tmp_path):
    copy = tmp_path / "报告.txt"
    copy.write_bytes(SEED.read_bytes())
    result = subprocess.run([sys.executable, "-m", "jixiao", "review", str(copy)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "年度：2024" in result.stdout and "结构：6 个部分，8 个小节。" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.txt"]  # writes nothing
