"""Default settings: development and tests. Everything that differs by machine comes from the
environment so the same code runs on a laptop, in CI (SQLite and PostgreSQL) and in production."""

from .base import *  # noqa: F401,F403
