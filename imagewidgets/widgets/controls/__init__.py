"""Controls: the parameter panel and its parts."""
