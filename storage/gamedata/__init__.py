"""Game-data snapshots per game build in the database, and the service that keeps the current one.

Owns refreshing from the GW2 API, build tracking and the stored diffs.
"""

from storage.gamedata.repository import GameBuildRepository, SeenBuild, SnapshotRepository, encode_payloads
from storage.gamedata.service import (
    STUCK_BUILD_ID,
    DataStatus,
    GameDataService,
    RefreshReport,
    bundled_status,
)

__all__ = [
    "STUCK_BUILD_ID",
    "DataStatus",
    "GameBuildRepository",
    "GameDataService",
    "RefreshReport",
    "SeenBuild",
    "SnapshotRepository",
    "bundled_status",
    "encode_payloads",
]
