"""Storage: models, engine and all queries. No Session is used outside this package."""
