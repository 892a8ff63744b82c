"""jixiao.authoring."""
