"""Swedish gender-equality statistics dashboard: data, queries, charts and text."""
