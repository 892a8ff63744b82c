"""jixiao: data, charts and build tooling for the 衡阳市计量测试中心
department expenditure performance self-evaluation reports.

The book (``_config.yml``, ``chapters/``, ``notebooks/``) calls this package to
load the CSV data under ``data/<year>/``, check it, format numbers the way the
report writes them, draw the charts and glue all of it into the pages.
"""

__version__ = "0.1.0"
