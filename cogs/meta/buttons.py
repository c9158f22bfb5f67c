"""The buttons under `/meta show`: "Optimize this build" and "Save to guild builds".

They are `DynamicItem`s whose custom id carries the meta build id and variant index (`meta:12:0:optimize`),
so they keep working after a restart and in any process.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.errors import UserFacingError
from bot.replies import send_reply
from bot.tree import report_interaction_error
from cogs.optimize import ResultView, search_prepared
from optimizer.builds import OptimizeRequest, prepare
from optimizer.meta import GearVariant, MetaBuild, variant_code
from storage.builds import BuildGear, Visibility
from storage.meta import StoredMetaBuild

if TYPE_CHECKING:
    from bot.client import GW2Bot

_ACTIONS = {
    "optimize": ("Optimize this build", discord.ButtonStyle.primary, "⚙️"),
    "save": ("Save to guild builds", discord.ButtonStyle.secondary, "💾"),
}


class MetaButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.compile(r"meta:(?P<build_id>[0-9]+):(?P<variant>[0-9]+):(?P<action>optimize|save)"),
):
    def __init__(self, build_id: int, variant: int, action: str) -> None:
        label, style, emoji = _ACTIONS[action]
        super().__init__(
            discord.ui.Button(
                label=label, style=style, emoji=emoji, custom_id=f"meta:{build_id}:{variant}:{action}"
            )
        )
        self.build_id, self.variant, self.action = build_id, variant, action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MetaButton:
        return cls(int(match["build_id"]), int(match["variant"]), match["action"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # discord.py only logs what a dynamic item raises; members must hear about it like anywhere else.
        try:
            stored = await visible_build(interaction, self.build_id)
            variant = (
                stored.build.variants[self.variant] if self.variant < len(stored.build.variants) else None
            )
            if self.action == "optimize":
                await optimize(interaction, stored.build, variant)
            else:
                await save(interaction, stored.build, variant)
        except Exception as error:
            await report_interaction_error(interaction, error)


def show_view(stored: StoredMetaBuild, variant: int = 0) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if stored.build.code:
        for action in _ACTIONS:
            view.add_item(MetaButton(stored.id, variant, action))
    return view


async def visible_build(interaction: discord.Interaction[GW2Bot], build_id: int) -> StoredMetaBuild:
    """The meta build if this guild follows its source (a guild never sees another guild's builds)."""
    meta = interaction.client.services.meta
    stored = await meta.store.find(build_id)
    if stored is None or stored.build.source not in meta.names_for(interaction.guild_id):
        raise UserFacingError(
            "That meta build is not followed here any more; `/meta list` shows those that are."
        )
    if stored.removed_at is not None:
        raise UserFacingError(
            f"{stored.build.title} was removed from its source; `/meta list` shows the current builds."
        )
    return stored


def _code(bot: GW2Bot, build: MetaBuild, variant: GearVariant | None) -> str:
    if not build.code:
        raise UserFacingError(
            f"{build.title} has no chat code in its source, so there is nothing to optimize."
        )
    code, _note = variant_code(
        build.code, variant.traits if variant else None, bot.services.current_gamedata()
    )
    return code


async def optimize(
    interaction: discord.Interaction[GW2Bot], build: MetaBuild, variant: GearVariant | None
) -> None:
    """/optimize for the build's code (the variant's own traits) with the guide's distribution and mode."""
    bot = interaction.client
    request = OptimizeRequest(
        build=_code(bot, build, variant),
        mode=variant.mode if variant and variant.mode else None,
        distribution=tuple((variant.distribution or {}).items()) if variant else (),
    )
    prepared = prepare(request, bot.services.current_gamedata())
    outcome, baseline = await search_prepared(bot, interaction, prepared, defer=True)
    view = ResultView(
        bot,
        outcome,
        owner_id=interaction.user.id,
        title=f"{build.title}: {prepared.title}",
        baseline=(prepared.baseline_label, baseline) if baseline is not None else None,
        request=request,
        prepared=prepared,
    )
    message = await send_reply(interaction, embed=view.embed(), view=view)
    view.message = message if message is not None else await interaction.original_response()


def _gear(variant: GearVariant | None) -> BuildGear | None:
    if variant is None or variant.choice is None:
        return None
    extras = variant.extras
    sigils = extras.get("sigils") or []
    return BuildGear(
        slots=dict(variant.slots),
        runes=extras.get("runes"),
        sigils=tuple(str(s) for s in sigils),
        relic=extras.get("relics"),
        food=extras.get("food"),
        utility=extras.get("utility"),
        infusions=dict(variant.infusions),
    )


async def save(
    interaction: discord.Interaction[GW2Bot], build: MetaBuild, variant: GearVariant | None
) -> None:
    """A guild build with the code (the variant's own traits), role, boons and the guide's gear."""
    bot = interaction.client
    if interaction.guild_id is None:
        raise UserFacingError("Builds are saved in a server.")
    meta = bot.services.meta
    name = (
        build.title if variant is None or variant.title == build.title else f"{build.title}: {variant.title}"
    )
    source = f"From {meta.label(build.source)}" + (f": {build.url}" if build.url else "")
    saved = await bot.services.builds.save(
        bot.services.current_gamedata(),
        guild_id=interaction.guild_id,
        author_id=interaction.user.id,
        name=name[:100],
        code=_code(bot, build, variant),
        role=build.role,
        boons=frozenset(build.boons) or None,
        visibility=Visibility.GUILD,
        notes=source[:1000],
        gear=_gear(variant),
    )
    await send_reply(interaction, f"Saved **{saved.name}** to the guild's builds (`/build show` shows it).")
