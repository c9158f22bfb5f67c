"""Linked GW2 accounts: one API key per Discord user, stored only as a Fernet token, with its health."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class GW2AccountRow(Base):
    __tablename__ = "gw2_accounts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    account_id: Mapped[str] = mapped_column(String(64))
    account_name: Mapped[str] = mapped_column(String(64))
    # The API key encrypted with ACCOUNT_ENCRYPTION_KEY; the key itself is never stored.
    key_token: Mapped[bytes] = mapped_column(LargeBinary)
    key_name: Mapped[str] = mapped_column(String(200), default="")
    permissions: Mapped[list[str]] = mapped_column(JSON)
    key_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Invalid key" answers since the last success: the API says so falsely at times, so one is no verdict.
    invalid_count: Mapped[int] = mapped_column(Integer, default=0)
    first_invalid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_invalid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    broken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
