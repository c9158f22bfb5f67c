"""/optimize and /stats: the gear search and a quick look at what given gear does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.builds import build_autocomplete
from bot.embeds import fit_embed
from bot.errors import UserFacingError
from bot.optimize import assumed_text, result_embed
from bot.replies import send_reply
from cogs.accounts import character_autocomplete
from cogs.optimize.character import optimize_character
from cogs.optimize.views import ResultView, defer_unless_cached, search_prepared
from optimizer.builds import OptimizeRequest, prepare, search_templates, stats_scenario
from optimizer.gear import affix_names, affix_presets, profession_names

if TYPE_CHECKING:
    from bot.client import GW2Bot

GOAL_CHOICES = [
    app_commands.Choice(name=goal.title(), value=goal) for goal in ("damage", "survivability", "healing")
]
WEAPON_CHOICES = [
    app_commands.Choice(name="Dual wield (two one-handed weapons)", value="dual"),
    app_commands.Choice(name="Two-handed", value="two-handed"),
]
MODE_CHOICES = [
    app_commands.Choice(name="PvE", value="pve"),
    app_commands.Choice(name="Fractals (omnipotion, 150 agony resistance)", value="fractals"),
    app_commands.Choice(name="Raids and strikes", value="raids"),
    app_commands.Choice(name="WvW", value="wvw"),
]
PROFESSION_CHOICES = [app_commands.Choice(name=name, value=name) for name in profession_names()]
INFUSION_SUGGESTIONS = (
    ("The template's infusions", "template"),
    ("No infusions", "none"),
    ("Power + Precision", "power+precision"),
    ("Condition Damage + Expertise", "condition damage+expertise"),
    ("Condition Damage + Precision", "condition damage+precision"),
    ("Healing Power + Concentration", "healing power+concentration"),
    ("Power + Concentration", "power+concentration"),
    ("Toughness + Vitality", "toughness+vitality"),
)


def _choices(pairs: list[tuple[str, str]], current: str) -> list[app_commands.Choice[str]]:
    wanted = current.strip().lower()
    return [
        app_commands.Choice(name=name[:100], value=value[:100])
        for name, value in pairs
        if not wanted or wanted in name.lower() or wanted in value.lower()
    ][:25]


class OptimizeCog(commands.Cog):
    def __init__(self, bot: GW2Bot) -> None:
        self.bot = bot

    # -- autocomplete ---------------------------------------------------------------------------------
    async def _build_code(self, interaction: discord.Interaction[GW2Bot], build: str | None) -> str | None:
        """A pasted chat code as it is, or the code of a saved build (yours or the guild's)."""
        if build is None or "[&" in build:
            return build
        if interaction.guild_id is None:
            raise UserFacingError("Paste a build chat code ([&DQ…]); saved builds belong to a server.")
        found = await self.bot.services.builds.resolve(
            build, guild_id=interaction.guild_id, viewer_id=interaction.user.id
        )
        return found.chat_code

    async def _template_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=f"{t.name} ({t.profession})"[:100], value=t.name)
            for t in search_templates(current)
        ]

    async def _specialization_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        profession = getattr(interaction.namespace, "profession", None)
        gamedata = self.bot.services.current_gamedata()
        specs = [
            spec
            for spec in gamedata.specializations
            if spec.elite and spec.profession == (profession or spec.profession)
        ]
        pairs = [
            (f"{spec.name} ({spec.profession})", spec.name)
            for spec in sorted(specs, key=lambda s: (s.profession, s.name))
        ]
        if profession:
            pairs.insert(0, (f"Core {profession}", profession))
        return _choices(pairs, current)

    async def _affix_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        head, _, last = current.rpartition(",")
        if head:
            prefix = head + ", "
            return _choices([(prefix + name, prefix + name) for name in affix_names()], last)
        presets = [(f"{p.title}: {', '.join(p.affixes)}", p.name) for p in affix_presets().values()]
        return _choices([*presets, *((name, name) for name in affix_names())], current)

    async def _infusion_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        return _choices(list(INFUSION_SUGGESTIONS), current)

    # -- /optimize ------------------------------------------------------------------------------------
    @app_commands.command(name="optimize", description="Find the best gear for a build and a goal.")
    @app_commands.describe(
        build="Your build: a chat code [&DQ…] or one of your or the guild's saved builds",
        template="A bundled build template (start typing)",
        profession="Your profession, when not using a template",
        specialization="Elite specialization (filtered by profession)",
        goal="What to maximise (default: the template's or damage)",
        affixes="A preset (power, condi, heal, …) or prefixes separated by commas",
        weapon="Dual wield or a two-handed weapon",
        infusions="none, the template's, or two types such as power+precision",
        min_boon_duration="Minimum boon duration in percent",
        min_quickness_duration="Minimum quickness duration in percent",
        min_healing_power="Minimum healing power",
        min_toughness="Minimum toughness",
        max_toughness="Maximum toughness",
        mode="PvE (default), fractals, raids or WvW",
        public="Post the answer for everyone (default: only you see it)",
        character="One of your characters (linked account): compare its gear with the best",
    )
    @app_commands.choices(
        profession=PROFESSION_CHOICES, goal=GOAL_CHOICES, weapon=WEAPON_CHOICES, mode=MODE_CHOICES
    )
    @app_commands.autocomplete(
        build=build_autocomplete,
        template=_template_autocomplete,
        specialization=_specialization_autocomplete,
        affixes=_affix_autocomplete,
        infusions=_infusion_autocomplete,
        character=character_autocomplete,
    )
    async def optimize(
        self,
        interaction: discord.Interaction[GW2Bot],
        build: app_commands.Range[str, 1, 1000] | None = None,
        template: app_commands.Range[str, 1, 100] | None = None,
        profession: app_commands.Choice[str] | None = None,
        specialization: app_commands.Range[str, 1, 50] | None = None,
        goal: app_commands.Choice[str] | None = None,
        affixes: app_commands.Range[str, 1, 300] | None = None,
        weapon: app_commands.Choice[str] | None = None,
        infusions: app_commands.Range[str, 1, 100] | None = None,
        min_boon_duration: app_commands.Range[float, 0, 100] | None = None,
        min_quickness_duration: app_commands.Range[float, 0, 200] | None = None,
        min_healing_power: app_commands.Range[int, 0, 3000] | None = None,
        min_toughness: app_commands.Range[int, 0, 4000] | None = None,
        max_toughness: app_commands.Range[int, 1000, 4000] | None = None,
        mode: app_commands.Choice[str] | None = None,
        public: bool = False,
        character: app_commands.Range[str, 1, 60] | None = None,
    ) -> None:
        request = OptimizeRequest(
            build=await self._build_code(interaction, build),
            template=template,
            profession=profession.value if profession else None,
            specialization=specialization,
            goal=goal.value if goal else None,
            affixes=affixes,
            weapon=weapon.value if weapon else None,
            infusions=infusions,
            min_boon_duration=_bounded(min_boon_duration, 0, 100, "min_boon_duration"),
            min_quickness_duration=_bounded(min_quickness_duration, 0, 200, "min_quickness_duration"),
            min_healing_power=_bounded(min_healing_power, 0, 3000, "min_healing_power"),
            min_toughness=_bounded(min_toughness, 0, 4000, "min_toughness"),
            max_toughness=_bounded(max_toughness, 1000, 4000, "max_toughness"),
            mode=mode.value if mode else None,
        )
        if character is not None:
            await optimize_character(self.bot, interaction, request, character, public=public)
            return
        prepared = prepare(request, self.bot.services.current_gamedata())
        outcome, baseline = await search_prepared(
            self.bot, interaction, prepared, defer=True, ephemeral=not public
        )
        view = ResultView(
            self.bot,
            outcome,
            owner_id=interaction.user.id,
            title=prepared.title,
            baseline=(prepared.baseline_label, baseline) if baseline is not None else None,
            request=request,
            prepared=prepared,
        )
        message = await send_reply(interaction, embed=view.embed(), view=view, ephemeral=not public)
        view.message = message if message is not None else await interaction.original_response()

    # -- /stats ---------------------------------------------------------------------------------------
    @app_commands.command(name="stats", description="Show the attributes and damage of given gear.")
    @app_commands.describe(
        gear="Berserker for every slot, or armor=Berserker, trinkets=Assassin, weapons=Dragon",
        build="Your build: a chat code [&DQ…] or a saved build (its traits and skills apply)",
        template="A bundled build template (its buffs, traits and extras apply)",
        profession="Your profession, when not using a template",
        specialization="Elite specialization",
        infusions="none, the template's, or types such as power+precision",
        mode="PvE (default), fractals, raids or WvW",
    )
    @app_commands.choices(profession=PROFESSION_CHOICES, mode=MODE_CHOICES)
    @app_commands.autocomplete(
        build=build_autocomplete,
        template=_template_autocomplete,
        specialization=_specialization_autocomplete,
        infusions=_infusion_autocomplete,
    )
    async def stats(
        self,
        interaction: discord.Interaction[GW2Bot],
        gear: app_commands.Range[str, 1, 300],
        build: app_commands.Range[str, 1, 1000] | None = None,
        template: app_commands.Range[str, 1, 100] | None = None,
        profession: app_commands.Choice[str] | None = None,
        specialization: app_commands.Range[str, 1, 50] | None = None,
        infusions: app_commands.Range[str, 1, 100] | None = None,
        mode: app_commands.Choice[str] | None = None,
    ) -> None:
        request = OptimizeRequest(
            build=await self._build_code(interaction, build),
            template=template,
            profession=profession.value if profession else None,
            specialization=specialization,
            infusions=infusions,
            mode=mode.value if mode else None,
        )
        gamedata = self.bot.services.current_gamedata()
        prepared = prepare(request, gamedata)
        scenario = stats_scenario(prepared.scenario, gear)
        optimizer = self.bot.services.optimizer
        async with optimizer.reserve(interaction.user.id):
            await defer_unless_cached(interaction, gamedata, scenario, ephemeral=True)
            answer = await optimizer.search(scenario, gamedata)
        result = answer.result.results[0]
        embed = result_embed(
            result,
            title=f"{prepared.title.rsplit(' (', 1)[0]}: your gear",
            objective=answer.result.objective,
            best=result,
            total=1,
            assumed=assumed_text(scenario.buffs, prepared.assumptions, prepared.notes),
        )
        embed.description = (
            f"Score **{result.score:,.2f}** ({answer.result.objective}) with exactly this gear."
        )
        await send_reply(interaction, embed=fit_embed(embed))


def _bounded(value: float | None, low: float, high: float, name: str) -> float | None:
    """Discord enforces the declared bounds; this holds them when a client does not."""
    if value is not None and not low <= value <= high:
        raise UserFacingError(f"{name} must be between {low:g} and {high:g} (got {value:g}).")
    return value


async def setup(bot: GW2Bot) -> None:
    await bot.add_cog(OptimizeCog(bot))
