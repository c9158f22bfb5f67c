"""Alembic migrations, bundled with the package so the bot upgrades its own schema at start."""
