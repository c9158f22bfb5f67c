"""Squads in the database: seats, sign-ups, waitlists, posts, and the service locking each squad per change.

Owns the squad tables' repository, records and the sign-up rules.
"""

from storage.squads.queue import SquadBusyError, SquadQueue
from storage.squads.records import (
    MAX_CHOICES,
    Choice,
    Seat,
    SignupEntry,
    Squad,
    SquadDetails,
    SquadError,
    SquadNotFoundError,
    SquadStatus,
)
from storage.squads.repository import SquadRepository, squad_from_row
from storage.squads.service import SeatChange, SquadChanges, SquadStore
from storage.squads.signups import SignupOutcome, SignupRepository, WithdrawOutcome

__all__ = [
    "MAX_CHOICES",
    "Choice",
    "Seat",
    "SeatChange",
    "SignupEntry",
    "SignupOutcome",
    "SignupRepository",
    "Squad",
    "SquadBusyError",
    "SquadChanges",
    "SquadDetails",
    "SquadError",
    "SquadNotFoundError",
    "SquadQueue",
    "SquadRepository",
    "SquadStatus",
    "SquadStore",
    "WithdrawOutcome",
    "squad_from_row",
]
