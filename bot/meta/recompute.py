"""Recompute: for each gear variant of a meta build, our optimizer's best gear for the build's own chat code
and role, compared with the guide's gear (`optimizer.meta.check`).

Searches run in the worker pool through the shared optimizer service (so they queue with members'
searches and share its cache). A result is stored with a fingerprint of the build version, the game data
and this check's version; a stored result whose fingerprint no longer matches is computed again. A busy
pool or a search past its time limit is not stored: the next asker tries again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Final

from bot.errors import UserFacingError
from bot.optimize import OptimizeService, data_version
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from optimizer.meta import (
    GearVariant,
    MetaBuild,
    VariantCheck,
    compare_results,
    plan_check,
    search_scenario,
    unchecked,
)
from storage.meta import MetaStore, StoredMetaBuild

log = logging.getLogger(__name__)

# Bump when the check itself changes, so stored results are computed again.
CHECK_VERSION: Final = "1"


def fingerprint(build: MetaBuild, variant: GearVariant, gamedata: GameData) -> str:
    content = json.dumps(
        [build.code, build.role.value, variant.model_dump(mode="json")], sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(f"{CHECK_VERSION}\n{data_version(gamedata)}\n{content}".encode()).hexdigest()


class MetaChecker:
    def __init__(self, store: MetaStore, optimizer: OptimizeService) -> None:
        self._store = store
        self._optimizer = optimizer

    async def stored(self, build: StoredMetaBuild, gamedata: GameData) -> dict[str, VariantCheck]:
        """The checks already computed for the current game data, by variant (nothing is computed)."""
        found = {}
        for variant in build.build.variants:
            result = await self._store.check(
                build.id, variant.title, fingerprint(build.build, variant, gamedata)
            )
            if result is not None:
                found[variant.title] = VariantCheck.model_validate(result)
        return found

    async def check(self, build: StoredMetaBuild, gamedata: GameData) -> list[VariantCheck]:
        """Every variant's check: stored ones as they are, missing ones computed (and stored)."""
        done = await self.stored(build, gamedata)
        checks = []
        for variant in build.build.variants:
            result = done.get(variant.title)
            if result is None:
                result = await self._compute(build, variant, gamedata)
            checks.append(result)
        return checks

    async def check_all(self, builds: Sequence[StoredMetaBuild], gamedata: GameData) -> int:
        """Compute what is missing for these builds (after a poll); returns how many variants were checked."""
        count = 0
        for build in builds:
            count += len(await self.check(build, gamedata))
        return count

    async def _compute(
        self, stored: StoredMetaBuild, variant: GearVariant, gamedata: GameData
    ) -> VariantCheck:
        build = stored.build
        try:
            plan = plan_check(build, variant, gamedata)
            guide = (await self._optimizer.search(plan.guide, gamedata)).result.results[0]
            answer = (await self._optimizer.search(search_scenario(plan, guide), gamedata)).result
        except ScenarioError as error:
            result = unchecked(variant.title, str(error))
        except UserFacingError as error:
            # Busy or too slow right now: say so, but do not store it.
            log.info("Meta build %s (%s) not checked this time: %s", build.title, variant.title, error)
            return unchecked(variant.title, str(error))
        else:
            if answer.results:
                result = compare_results(plan, answer.results[0], guide, answer.objective)
            else:
                result = unchecked(
                    variant.title, "no gear in our search space meets the guide's boon duration"
                )
        await self._store.save_check(
            stored.id, variant.title, fingerprint(build, variant, gamedata), result.model_dump(mode="json")
        )
        return result
