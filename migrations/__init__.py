"""Alembic migrations (a package so that an installed replywatch can find them)."""
