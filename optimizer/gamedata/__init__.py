"""The immutable game-data snapshot of one game build: typed records, look-ups and diffs between builds.

Owns reading API-shaped JSON and the bundled offline snapshot.
"""

from optimizer.gamedata.diff import Change, DiffEntry, DiffKind, GameDataDiff
from optimizer.gamedata.index import Catalog, match_rank, normalize_name
from optimizer.gamedata.link_format import BUILD_TEMPLATE_TYPE, ITEM_TYPE, ChatLinkFormat, chat_link_format
from optimizer.gamedata.records import (
    ItemStat,
    Legend,
    Pet,
    Profession,
    Skill,
    Specialization,
    Trait,
    content_hash,
)
from optimizer.gamedata.snapshot import GameData, GameDataError, Source

__all__ = [
    "BUILD_TEMPLATE_TYPE",
    "ITEM_TYPE",
    "Catalog",
    "Change",
    "ChatLinkFormat",
    "DiffEntry",
    "DiffKind",
    "GameData",
    "GameDataDiff",
    "GameDataError",
    "ItemStat",
    "Legend",
    "Pet",
    "Profession",
    "Skill",
    "Source",
    "Specialization",
    "Trait",
    "chat_link_format",
    "content_hash",
    "match_rank",
    "normalize_name",
]
