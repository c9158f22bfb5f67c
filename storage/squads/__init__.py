"""Squads in the database: seats, sign-ups, waitlists, posts, and the service locking each squad per change.

Owns the squad tables' repository, records and the sign-up rules.
"""

from storage.squads.event_times import parse_event_time
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
from storage.squads.service import AutofillRunner, SeatChange, SquadChanges, SquadStore, autofill_in_thread
from storage.squads.signups import SignupOutcome, SignupRepository, WithdrawOutcome

__all__ = [
    "MAX_CHOICES",
    "AutofillRunner",
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
    "autofill_in_thread",
    "parse_event_time",
    "squad_from_row",
]
