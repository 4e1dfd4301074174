"""Edit: the edit panel and what it does."""
