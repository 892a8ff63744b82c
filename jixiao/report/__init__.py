"""jixiao.report."""
