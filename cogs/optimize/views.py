"""The /optimize result view: page through results, compare with the best, save one as a build, and change
what was assumed about the build (drop a conditional trait, set an uptime) to search again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import discord

from bot.embeds import fit_embed, safe_name
from bot.errors import UserFacingError
from bot.optimize import assumed_text, compare_embed, result_embed
from bot.replies import send_reply
from bot.tree import report_interaction_error
from bot.views import OwnedView
from optimizer import count
from optimizer.builds import Assumption, OptimizeRequest, PreparedRequest, parse_overrides, prepare
from optimizer.gamedata import GameData
from optimizer.gear import BuildResult, OptimizationResult, Scenario
from optimizer.squads import parse_role
from storage.builds import BuildGear

if TYPE_CHECKING:
    from bot.client import GW2Bot

VIEW_TIMEOUT = 900.0


def gear_of(result: BuildResult) -> BuildGear:
    """The stored-build form of a result's gear and extras."""

    def one(kind: str) -> str | None:
        value = result.extras.get(kind)
        if isinstance(value, list):
            return ", ".join(value) or None
        return value or None

    sigils = result.extras.get("sigils")
    sigil_list = (
        tuple(sigils)
        if isinstance(sigils, list)
        else tuple(s.strip() for s in (sigils or "").split("+") if s.strip())
    )
    return BuildGear(
        slots=dict(result.gear),
        runes=one("runes"),
        sigils=sigil_list,
        relic=one("relics"),
        food=one("food"),
        utility=one("utility"),
        infusions={stat: count for stat, count in result.infusions.items() if count},
    )


async def defer_unless_cached(
    interaction: discord.Interaction[GW2Bot], gamedata: GameData, *scenarios: Scenario, ephemeral: bool
) -> None:
    """Decided once for every search a command runs: answered from memory, all of them fit in the 3 s
    Discord waits for the first answer; any one that must run may not, so the answer is deferred."""
    optimizer = interaction.client.services.optimizer
    if not all(optimizer.is_cached(scenario, gamedata) for scenario in scenarios):
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def search_prepared(
    bot: GW2Bot,
    interaction: discord.Interaction[GW2Bot],
    prepared: PreparedRequest,
    *,
    defer: bool,
    ephemeral: bool = True,
) -> tuple[OptimizationResult, BuildResult | None]:
    """The search and its baseline in the worker pool; with `defer`, Discord is answered first (thinking)
    unless both are cached, so neither can miss the 3 s Discord waits for the first answer."""
    gamedata = bot.services.current_gamedata()
    optimizer = bot.services.optimizer
    async with optimizer.reserve(interaction.user.id):
        if defer:
            await defer_unless_cached(
                interaction, gamedata, prepared.scenario, prepared.baseline, ephemeral=ephemeral
            )
        outcome = await optimizer.search(prepared.scenario, gamedata)
        baseline = await optimizer.search(prepared.baseline, gamedata)
    return outcome.result, baseline.result.results[0] if baseline.result.results else None


def assumption_options(assumptions: Sequence[Assumption]) -> list[discord.SelectOption]:
    """The assumptions a member may change: conditional effects, optional ones, and those already changed."""
    options = []
    for assumption in assumptions:
        if assumption.conditional or not assumption.enabled or assumption.changed:
            options.append(
                discord.SelectOption(
                    label=assumption.name[:100],
                    value=assumption.name[:100],
                    description=assumption.describe()[:100],
                )
            )
    return options[:25]


class ResultView(OwnedView):
    def __init__(
        self,
        bot: GW2Bot,
        outcome: OptimizationResult,
        *,
        owner_id: int,
        title: str,
        baseline: tuple[str, BuildResult] | None,
        request: OptimizeRequest | None = None,
        prepared: PreparedRequest | None = None,
    ) -> None:
        super().__init__(owner_id=owner_id, timeout=VIEW_TIMEOUT)
        self.bot = bot
        self.outcome = outcome
        self.title = title
        self.baseline = baseline
        self.request = request
        self.prepared = prepared
        self.index = 0
        self.comparing = False
        self._sync()

    def _sync_assumptions(self) -> None:
        # Without the request there is nothing to search again: the assumptions are only shown.
        options = assumption_options(self.prepared.assumptions) if self.prepared and self.request else []
        self.change_assumption.options = options or [discord.SelectOption(label="nothing to change")]
        self.change_assumption.disabled = not options
        if not options and self.change_assumption in self.children:
            self.remove_item(self.change_assumption)

    async def search_again(self, interaction: discord.Interaction[GW2Bot], changed: str) -> None:
        """Search with one more changed assumption and show the new answer in the same message."""
        if self.request is None:
            raise UserFacingError("This result cannot be searched again; run /optimize anew.")
        overrides = {**dict(self.request.overrides), **parse_overrides(changed)}
        request = replace(self.request, overrides=tuple(overrides.items()))
        prepared = prepare(request, self.bot.services.current_gamedata())
        await interaction.response.defer()
        outcome, baseline = await search_prepared(self.bot, interaction, prepared, defer=False)
        self.request, self.prepared, self.outcome = request, prepared, outcome
        self.baseline = (prepared.baseline_label, baseline) if baseline is not None else None
        self.index, self.comparing = 0, False
        self._sync()
        await interaction.edit_original_response(embed=self.embed(), view=self)

    @property
    def current(self) -> BuildResult:
        return self.outcome.results[self.index]

    def embed(self) -> discord.Embed:
        best = self.outcome.results[0]
        if self.comparing and self.index > 0:
            return compare_embed(self.current, best, title=self.title)
        prepared = self.prepared
        embed = result_embed(
            self.current,
            title=self.title,
            objective=self.outcome.objective,
            best=best,
            total=len(self.outcome.results),
            baseline=self.baseline,
            assumed=assumed_text(prepared.scenario.buffs, prepared.assumptions, prepared.notes)
            if prepared
            else None,
        )
        searched = count(self.outcome.space, "combination")
        embed.set_footer(text=f"{searched} searched exactly in {self.outcome.seconds:.2f} s")
        return fit_embed(embed)

    def _sync(self) -> None:
        self._sync_assumptions()
        last = len(self.outcome.results) - 1
        self.previous_result.disabled = self.index == 0
        self.next_result.disabled = self.index >= last
        self.compare.disabled = self.index == 0
        self.compare.label = "Show result" if self.comparing and self.index > 0 else "Compare with #1"

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous_result(
        self, interaction: discord.Interaction, _button: discord.ui.Button[ResultView]
    ) -> None:
        self.index = max(0, self.index - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next_result(
        self, interaction: discord.Interaction, _button: discord.ui.Button[ResultView]
    ) -> None:
        self.index = min(len(self.outcome.results) - 1, self.index + 1)
        await self._show(interaction)

    @discord.ui.button(label="Compare with #1", style=discord.ButtonStyle.primary)
    async def compare(self, interaction: discord.Interaction, _button: discord.ui.Button[ResultView]) -> None:
        self.comparing = not self.comparing
        await self._show(interaction)

    @discord.ui.button(label="Save as build", emoji="💾", style=discord.ButtonStyle.success)
    async def save(self, interaction: discord.Interaction, _button: discord.ui.Button[ResultView]) -> None:
        if interaction.guild_id is None:
            raise UserFacingError("Builds are saved per server; run /optimize in a server to save one.")
        await interaction.response.send_modal(SaveBuildModal(self.bot, gear_of(self.current), self.title))

    @discord.ui.select(cls=discord.ui.Select, placeholder="Change what was assumed about the build…", row=1)
    async def change_assumption(
        self, interaction: discord.Interaction[GW2Bot], select: discord.ui.Select[ResultView]
    ) -> None:
        name = select.values[0]
        found = (
            next((a for a in self.prepared.assumptions if a.name == name), None) if self.prepared else None
        )
        if found is None:
            raise UserFacingError("That assumption is no longer part of this result.")
        await interaction.response.send_modal(AssumptionModal(self, found))


class AssumptionModal(discord.ui.Modal, title="Change an assumption"):
    def __init__(self, view: ResultView, assumption: Assumption) -> None:
        super().__init__()  # a random custom_id: two members may have this modal open at once
        self.view = view
        self.assumption = assumption
        if assumption.applies == "uptime":
            hint = "uptime, e.g. 50% (off drops it)"
        elif assumption.applies == "amount":
            hint = f"{assumption.unit} (0 or off drops it)"
        else:
            hint = "on or off"
        current = assumption.value
        if not assumption.enabled:
            default = "off"
        elif assumption.applies == "uptime" and current is not None:
            default = f"{current * 100:g}%"
        else:
            default = f"{current:g}" if current is not None else "on"
        self.value: discord.ui.TextInput[AssumptionModal] = discord.ui.TextInput(
            label=clip_label(f"{assumption.name}: {hint}"), custom_id="value", max_length=20, default=default
        )
        self.add_item(self.value)

    async def on_submit(self, interaction: discord.Interaction[GW2Bot]) -> None:  # type: ignore[override]
        await self.view.search_again(interaction, f"{self.assumption.name}={self.value.value}")

    async def on_error(  # type: ignore[override]  # Modal's signature differs from View's
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await report_interaction_error(interaction, error)


def clip_label(text: str) -> str:
    """Text input labels hold 45 characters."""
    return text if len(text) <= 45 else text[:44] + "…"


class SaveBuildModal(discord.ui.Modal, title="Save as build"):
    name: discord.ui.TextInput[SaveBuildModal] = discord.ui.TextInput(
        label="Build name", custom_id="name", max_length=100
    )
    code: discord.ui.TextInput[SaveBuildModal] = discord.ui.TextInput(
        label="Build template chat code", custom_id="code", placeholder="[&DQ...]", max_length=1000
    )
    role: discord.ui.TextInput[SaveBuildModal] = discord.ui.TextInput(
        label="Role", custom_id="role", placeholder="dps, quickness dps, alacrity heal, …", max_length=40
    )

    def __init__(self, bot: GW2Bot, gear: BuildGear, title: str) -> None:
        super().__init__()  # a random custom_id: two members may have this modal open at once
        self.bot = bot
        self.gear = gear
        self.name.default = title[:100]

    async def on_submit(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None:
            raise UserFacingError("Builds are saved per server.")
        build = await self.bot.services.builds.save(
            self.bot.services.current_gamedata(),
            guild_id=interaction.guild_id,
            author_id=interaction.user.id,
            name=self.name.value,
            code=self.code.value,
            role=parse_role(self.role.value),
            gear=self.gear,
        )
        await send_reply(
            interaction, f"Saved **{safe_name(build.name)}** with this gear; `/build show` displays it."
        )

    async def on_error(  # type: ignore[override]  # Modal's signature differs from View's
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await report_interaction_error(interaction, error)
