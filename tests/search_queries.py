"""Search phrases drawn from the 2024 report, by kind, and phrases that occur nowhere."""

TWO_CHARACTER = ["强检", "校准", "检定", "编制", "临聘", "廉政", "党课", "专利", "论文", "志愿", "比对", "衡器"]
COMPOUND_TERMS = [
    "衡器产业园",
    "非税执收成本",
    "婴儿培养箱校准装置",
    "计量服务中小企业行",
    "超声波燃气表检定装置",
    "社会公用计量标准",
    "注册计量师",
    "燃油加油机检定装置",
    "廉洁文化广场",
    "三星级文明单位",
    "公益一类事业单位",
    "省级市场监督管理专项资金",
]
CROSSING_BOUNDARIES = [
    "燃气表检定装置",
    "波燃气表",
    "声波燃气",
    "表检定装",
    "产业园科技",
    "执收成本及",
    "中小企业行",
    "培养箱校准",
    "气正、担当",
    "不拖不靠不等",
    "标准源校准",
    "队伍建设工作",
    "强检主业不断档",
    "谈心谈话",
    "年度强检任务",
    "走在全省地市级",
]
NUMBERS = ["1020.37", "832.83", "7610", "363.74", "165.27", "68.47", "11.5", "107", "270", "59个"]
LATIN = ["E-CQS", "e-cqs", "15KA", "CQS"]
ABSENT = [
    "量子计量",
    "月球基地",
    "人工智能大模型",
    "9999.99",
    "ZZTOP",
    "区块链溯源平台",
    "检定装置超声波",  # the words occur, not in this order
    "强检收费上涨",
    "气象卫星",
    "八百万元",
]
PRESENT = TWO_CHARACTER + COMPOUND_TERMS + CROSSING_BOUNDARIES + NUMBERS + LATIN
