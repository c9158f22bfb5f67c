"""The /optimize result view: page through results, compare with the best, save one as a build."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.embeds import fit_embed, safe_name
from bot.errors import UserFacingError
from bot.optimize import compare_embed, result_embed
from bot.replies import send_reply
from bot.tree import report_interaction_error
from bot.views import OwnedView
from optimizer import count
from optimizer.gear import BuildResult, OptimizationResult
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


class ResultView(OwnedView):
    def __init__(
        self,
        bot: GW2Bot,
        outcome: OptimizationResult,
        *,
        owner_id: int,
        title: str,
        baseline: tuple[str, BuildResult] | None,
    ) -> None:
        super().__init__(owner_id=owner_id, timeout=VIEW_TIMEOUT)
        self.bot = bot
        self.outcome = outcome
        self.title = title
        self.baseline = baseline
        self.index = 0
        self.comparing = False
        self._sync()

    @property
    def current(self) -> BuildResult:
        return self.outcome.results[self.index]

    def embed(self) -> discord.Embed:
        best = self.outcome.results[0]
        if self.comparing and self.index > 0:
            return compare_embed(self.current, best, title=self.title)
        embed = result_embed(
            self.current,
            title=self.title,
            objective=self.outcome.objective,
            best=best,
            total=len(self.outcome.results),
            baseline=self.baseline,
        )
        searched = count(self.outcome.space, "combination")
        embed.set_footer(text=f"{searched} searched exactly in {self.outcome.seconds:.2f} s")
        return fit_embed(embed)

    def _sync(self) -> None:
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
