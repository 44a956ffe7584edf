"""Pages of the personal career platform, one module per use case: thin, every write through services,
every read through selectors."""
