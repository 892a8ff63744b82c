"""jixiao.book."""
