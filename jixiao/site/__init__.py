"""jixiao.site."""
