"""jixiao.util."""
