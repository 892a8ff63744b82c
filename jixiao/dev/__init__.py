"""jixiao.dev."""
