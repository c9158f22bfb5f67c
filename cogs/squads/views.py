"""The private sign-up dialog a member gets from a posted squad's “Sign up” button.

One step at a time: pick a role (each option says how many seats are free), then what you will play in
it (your own builds for that role first, then the specs the catalog knows for it); repeat for a second
and third choice if you like, then “Sign up”. Only valid choices are ever offered, so nothing can be
mistyped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

import discord

from bot.embeds import safe_name
from bot.errors import UserFacingError
from bot.squads import boon_list, choices_text, role_availability
from bot.views import OwnedView
from optimizer.squads import Role, load_boon_catalog
from storage.builds import Build
from storage.squads import MAX_CHOICES, Choice, SquadDetails

OPTIONS_PER_PAGE = 23  # Discord allows 25 options; two are kept for “previous” and “more”.
_ORDINALS = ("1st", "2nd", "3rd")

Submit = Callable[[list[Choice]], Awaitable[str]]
AfterSubmit = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Pick:
    """One thing a member can play in a role: one of their builds, or a spec from the catalog."""

    value: str
    label: str
    description: str
    choice: Choice


def picks_for(role: Role, builds: Sequence[Build]) -> list[Pick]:
    """The member's builds saved for `role`, then the catalog's specs that play it."""
    own = [
        Pick(
            f"b:{b.id}",
            b.name[:100],
            f"Your build · {b.specialization}"[:100],
            Choice(role, b.id, b.specialization),
        )
        for b in builds
        if b.role is role
    ]
    specs = [
        Pick(
            f"s:{entry.name}",
            entry.name,
            (
                f"{entry.profession} · adds {boon_list(entry.roles[role])}"
                if entry.roles[role]
                else entry.profession
            )[:100],
            Choice(role, None, entry.name),
        )
        for entry in load_boon_catalog().specializations
        if role in entry.roles
    ]
    return own + specs


class _RoleSelect(discord.ui.Select["SignupView"]):
    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.choose_role(interaction, Role(self.values[0]))


class _PickSelect(discord.ui.Select["SignupView"]):
    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.choose_pick(interaction, self.values[0])


class _SendButton(discord.ui.Button["SignupView"]):
    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.send(interaction)


class _StartOverButton(discord.ui.Button["SignupView"]):
    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.start_over(interaction)


class SignupView(OwnedView):
    def __init__(
        self,
        *,
        owner_id: int,
        details: SquadDetails,
        builds: Sequence[Build],
        submit: Submit,
        after_submit: AfterSubmit,
    ) -> None:
        super().__init__(owner_id=owner_id, timeout=600.0)
        self.builds = list(builds)
        # The member's own builds are named in the dialog even before the squad refers to them.
        self.details = replace(details, builds={**details.builds, **{b.id: b for b in self.builds}})
        self._submit = submit
        self._after_submit = after_submit
        self.choices: list[Choice] = []
        self.role: Role | None = None
        self.page = 0
        self.render()

    # -- what the member sees -------------------------------------------------------------------------
    def content(self) -> str:
        squad = self.details.squad
        lines = [f"Signing up for **{safe_name(squad.name)}** ({squad.mode.label})."]
        existing = self.details.signup_of(self.owner_id)
        if existing is not None:
            lines.append(
                f"You're already signed up: {choices_text(self.details, existing.choices)}. "
                "Signing up again replaces that, and you keep your place in the queue."
            )
        if self.choices:
            lines.append("Your choices, most wanted first:")
            lines += [
                f"{number}. {choices_text(self.details, [choice])}"
                for number, choice in enumerate(self.choices, start=1)
            ]
        if self.role is not None:
            lines.append(f"Now pick what you'll play as {self.role.label}.")
        elif len(self.choices) < MAX_CHOICES:
            step = "Pick a role" if not self.choices else "Add another choice, or press **Sign up**"
            lines.append(f"{step} (up to {MAX_CHOICES} choices, most wanted first).")
        else:
            lines.append("Press **Sign up** to send these choices.")
        return "\n".join(lines)

    def render(self) -> None:
        self.clear_items()
        taken = {choice.role for choice in self.choices}
        if len(self.choices) < MAX_CHOICES:
            roles = [role for role in self.details.squad.mode.roles if role not in taken]
            select = _RoleSelect(
                placeholder=f"{_ORDINALS[len(self.choices)]} choice: role",
                options=[
                    discord.SelectOption(
                        label=role.label,
                        value=role.value,
                        description=role_availability(self.details, role),
                        default=role is self.role,
                    )
                    for role in roles
                ],
                row=0,
            )
            self.add_item(select)
        if self.role is not None:
            self.add_item(_PickSelect(placeholder="Play it with…", options=self._page_options(), row=1))
        self.add_item(
            _SendButton(label="Sign up", style=discord.ButtonStyle.success, disabled=not self.choices, row=2)
        )
        self.add_item(
            _StartOverButton(
                label="Start over", style=discord.ButtonStyle.secondary, disabled=not self.choices, row=2
            )
        )

    def _picks(self) -> list[Pick]:
        assert self.role is not None
        return picks_for(self.role, self.builds)

    def _page_options(self) -> list[discord.SelectOption]:
        picks = self._picks()
        start = self.page * OPTIONS_PER_PAGE
        shown = picks[start : start + OPTIONS_PER_PAGE]
        options = [
            discord.SelectOption(label=pick.label, value=pick.value, description=pick.description)
            for pick in shown
        ]
        if self.page > 0:
            options.insert(0, discord.SelectOption(label="◀ Previous specs", value="page:previous"))
        if start + OPTIONS_PER_PAGE < len(picks):
            options.append(discord.SelectOption(label="More specs ▶", value="page:next"))
        return options

    async def _show(self, interaction: discord.Interaction) -> None:
        self.render()
        await interaction.response.edit_message(content=self.content(), view=self)

    # -- steps ----------------------------------------------------------------------------------------
    async def choose_role(self, interaction: discord.Interaction, role: Role) -> None:
        self.role, self.page = role, 0
        await self._show(interaction)

    async def choose_pick(self, interaction: discord.Interaction, value: str) -> None:
        if value.startswith("page:"):
            self.page += 1 if value == "page:next" else -1
            await self._show(interaction)
            return
        pick = next((pick for pick in self._picks() if pick.value == value), None)
        if pick is None:
            raise UserFacingError("That choice is not offered any more; pick one from the list.")
        self.choices.append(pick.choice)
        self.role, self.page = None, 0
        await self._show(interaction)

    async def start_over(self, interaction: discord.Interaction) -> None:
        self.choices, self.role, self.page = [], None, 0
        await self._show(interaction)

    async def send(self, interaction: discord.Interaction) -> None:
        # The sign-up waits for the squad's turn (many members may press at once): acknowledge first, so the
        # answer can come later than Discord's 3 s.
        await interaction.response.defer()
        text = await self._submit(list(self.choices))
        self.stop()
        await interaction.edit_original_response(content=text, view=None)
        await self._after_submit()
