"""What a build chat code is: profession and specialization, checked against the game data."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.chatlink import BuildTemplate, ChatLinkError, build_problems, decode_build, encode
from optimizer.gamedata import GameData


@dataclass(frozen=True, slots=True)
class BuildIdentity:
    chat_code: str  # normalised: the current form, without surrounding text
    profession: str
    specialization: str  # the elite specialization, or the profession itself for a core build
    template: BuildTemplate


def identify_build(text: str, gamedata: GameData) -> BuildIdentity:
    """Decode the first build link in `text`; raises ChatLinkError with a player-readable message."""
    template = decode_build(text)
    problems = build_problems(template, gamedata)
    if problems:
        raise ChatLinkError("this build does not fit the game data: " + "; ".join(problems))
    elite = gamedata.elite_specialization(template.specialization_ids)
    return BuildIdentity(
        chat_code=encode(template),
        profession=template.profession_name,
        specialization=elite.name if elite is not None else template.profession_name,
        template=template,
    )
