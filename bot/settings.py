"""Runtime settings, read from the environment and `.env` (see `.env.example` for every one)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/gw2optimizer.db"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
META_SOURCE_NAMES = ("discretize", "guild")


class SettingsError(Exception):
    """Start-up cannot go on: the message names the setting and what is valid."""


class Settings(BaseSettings):
    """Every knob of the bot. Field names are the environment variable names (case-insensitive)."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    discord_token: SecretStr | None = Field(
        default=None, description="Bot token from the Discord developer portal (secret)."
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db.",
    )
    database_schema: str | None = Field(
        default=None,
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="PostgreSQL schema to use (search path); empty = the server default.",
    )
    dev_guild_id: int | None = Field(
        default=None, description="Guild that gets the commands instantly at start (development)."
    )
    log_level: str = Field(default="INFO", description="One of CRITICAL, ERROR, WARNING, INFO, DEBUG.")
    gw2_api_base_url: str = Field(default="https://api.guildwars2.com", description="GW2 API root URL.")
    gw2_api_language: Literal["en", "de", "es", "fr", "zh"] = Field(
        default="en", description="Language of names fetched from the GW2 API."
    )
    gw2_api_burst: int = Field(
        default=300, ge=1, le=10_000, description="GW2 API requests allowed at once (token bucket size)."
    )
    gw2_api_refill_per_second: float = Field(
        default=5.0, gt=0, le=1000, description="GW2 API requests per second after the burst."
    )
    gw2_api_max_concurrent: int = Field(
        default=8, ge=1, le=100, description="GW2 API requests in flight at the same time."
    )
    gw2_api_retries: int = Field(
        default=4,
        ge=0,
        le=10,
        description="Retries of a GW2 API request on 429, 5xx, timeouts and network errors.",
    )
    gw2_build_poll_minutes: float = Field(
        default=5.0, ge=0, le=1440, description="Minutes between polls of the game build; 0 = never poll."
    )
    discord_api_base_url: str | None = Field(
        default=None,
        description="Discord REST root, e.g. a rate-limit proxy such as nirn-proxy; empty = Discord itself.",
    )
    discord_gateway_url: str | None = Field(
        default=None, description="Gateway URL for a gateway proxy; empty = the one Discord announces."
    )
    shard_count: int | None = Field(default=None, ge=1, description="Total shards; empty = ask Discord.")
    shard_ids: list[int] | None = Field(
        default=None, description="Shards this process runs, comma separated; empty = all."
    )
    worker_processes: int = Field(
        default=2, ge=1, le=64, description="Processes in the pool that runs CPU work (the gear search)."
    )
    cpu_queue_limit: int = Field(
        default=16,
        ge=0,
        le=1000,
        description="CPU jobs that may wait for a worker before new ones are refused.",
    )
    optimize_time_limit: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="Seconds one gear search may run before its worker is stopped.",
    )

    account_encryption_key: SecretStr | None = Field(
        default=None,
        description=(
            "Fernet key that encrypts stored GW2 API keys (secret); empty = /account is off. "
            "Make one with `gw2opt accounts new-key`."
        ),
    )
    account_encryption_old_keys: SecretStr | None = Field(
        default=None,
        description="Previous encryption keys, comma separated, still read during a key rotation (secret).",
    )
    account_key_invalid_strikes: int = Field(
        default=3,
        ge=2,
        le=100,
        description="'Invalid key' answers in a row (no success between) before a key is marked broken.",
    )
    account_key_invalid_hours: float = Field(
        default=24.0,
        ge=0,
        le=720,
        description="Hours those answers must span before the key is marked broken.",
    )
    announce_grace_minutes: float = Field(
        default=10.0,
        ge=1,
        le=1440,
        description=(
            "Minutes a scheduled announcement or squad reminder may still be posted late (bot down, "
            "restart); later ones are skipped and logged."
        ),
    )
    announce_leader_check_seconds: float = Field(
        default=15.0,
        ge=1,
        le=600,
        description=(
            "Seconds between checks of which process posts announcements (PostgreSQL advisory lock): "
            "how soon another process takes over when the poster dies."
        ),
    )
    announce_sends_per_second: float = Field(
        default=10.0,
        gt=0,
        le=50,
        description="Announcement posts started per second at most, across all guilds (burst pacing).",
    )
    announce_digest_templates: list[str] | None = Field(
        default=None,
        description=(
            "Bundled templates the meta digest recomputes, comma separated; empty = all of them, "
            "`none` = no template section."
        ),
    )

    # NoDecode: the value is a comma list, read by the validator below, not JSON.
    meta_sources: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(META_SOURCE_NAMES),
        description=(
            "Meta sources to follow, comma separated: discretize (public fractal guides), guild (each "
            "guild's shared builds); `none` = none."
        ),
    )
    meta_poll_minutes: float = Field(
        default=60.0,
        ge=0,
        le=10_080,
        description="Minutes between polls of the meta sources; 0 = never poll.",
    )
    meta_discretize_repository: str = Field(
        default="discretize/discretize-guides",
        pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
        description="GitHub repository (owner/name) of the Discretize guides.",
    )
    meta_discretize_branch: str | None = Field(
        default=None, description="Branch to read; empty = the repository's default branch."
    )
    meta_discretize_site_url: str = Field(
        default="https://discretize.eu", description="Where the guides are published (links in /meta show)."
    )
    meta_github_api_url: str = Field(
        default="https://api.github.com", description="GitHub API root (a local server can stand in)."
    )
    meta_github_raw_url: str = Field(
        default="https://raw.githubusercontent.com",
        description="GitHub raw-file root (a local server can stand in).",
    )
    github_token: SecretStr | None = Field(
        default=None,
        description="GitHub token (secret; no scopes needed): raises the API rate limit from 60 to 5000/h.",
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_means_unset(cls, data: object) -> object:
        # `.env.example` copied as `.env`, and `docker run --env-file`, give `NAME=` for every unset setting.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().upper()
            if value not in LOG_LEVELS:
                raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value

    @field_validator("announce_digest_templates", mode="before")
    @classmethod
    def _split_template_names(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip().casefold() == "none":
                return []
            names = [part.strip() for part in value.split(",") if part.strip()]
            return names or None
        return value

    @field_validator("announce_digest_templates")
    @classmethod
    def _known_templates(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        from optimizer.builds import list_templates

        known = {template.name.casefold(): template.name for template in list_templates()}
        unknown = [name for name in value if name.casefold() not in known]
        if unknown:
            raise ValueError(f"unknown templates {unknown}; templates: {', '.join(known.values())}")
        return [known[name.casefold()] for name in value]

    @field_validator("meta_sources", mode="before")
    @classmethod
    def _split_meta_sources(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip().casefold() in ("none", ""):
                return []
            return [part.strip().casefold() for part in value.split(",") if part.strip()]
        return value

    @field_validator("meta_sources")
    @classmethod
    def _known_meta_sources(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in META_SOURCE_NAMES]
        if unknown:
            raise ValueError(f"unknown meta sources {unknown}; sources: {', '.join(META_SOURCE_NAMES)}")
        return list(dict.fromkeys(value))

    @field_validator("meta_discretize_branch", "github_token", mode="before")
    @classmethod
    def _blank_meta_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("meta_discretize_site_url", "meta_github_api_url", "meta_github_raw_url")
    @classmethod
    def _meta_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shard_ids(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                return value
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("account_encryption_key", "account_encryption_old_keys")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        # Imported here: cryptography and the account storage are heavy, and most commands set no keys.
        from storage.accounts import check_encryption_key, split_keys

        if value is not None:
            for key in split_keys(value.get_secret_value()):
                check_encryption_key(key)
        return value

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with sqlite+aiosqlite:// or postgresql+asyncpg:// "
                f"(got {value.split('://', 1)[0]!r})"
            )
        return value

    @field_validator("gw2_api_base_url")
    @classmethod
    def _gw2_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("discord_api_base_url")
    @classmethod
    def _discord_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return cls._gw2_url(value)

    @field_validator("discord_gateway_url")
    @classmethod
    def _ws_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("ws://", "wss://")):
            raise ValueError("must be a ws:// or wss:// URL")
        return value

    @model_validator(mode="after")
    def _shards_within_count(self) -> Settings:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("SHARD_IDS needs SHARD_COUNT")
            bad = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
            if bad:
                raise ValueError(f"SHARD_IDS {bad} outside 0..{self.shard_count - 1}")
        return self

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]

    def require_token(self) -> str:
        if self.discord_token is None or not self.discord_token.get_secret_value().strip():
            raise SettingsError(
                "DISCORD_TOKEN is not set: put the bot token in the environment or in .env (see .env.example)"
            )
        return self.discord_token.get_secret_value().strip()

    def sqlite_path(self) -> Path | None:
        """The database file for a SQLite URL (None for in-memory or other databases)."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        path = self.database_url[len(prefix) :].split("?", 1)[0]
        return None if path in ("", ":memory:") else Path(path)


def load_settings(**overrides: object) -> Settings:
    """Read settings; a bad value becomes one `SettingsError` naming the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]).upper() or "settings"
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        raise SettingsError("invalid setting " + "; ".join(problems)) from None
