"""Build-template chat links (type 0x0D): the decoded model and its byte layout.

Layout (little-endian): type, profession, 3 x (specialization, trait-choice bits), 10 interleaved u16 skill
palette ids (terrestrial/aquatic), 16 profession-specific bytes; the 44-byte legacy form ends there. Since
Secrets of the Obscure the game appends u8 weapon count + u16 weapon palette ids and u8 override count + u32
skill ids, so a current code with neither is 46 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from optimizer.chatlink.byte_io import ByteReader, ByteWriter, ChatLinkError, require_int, with_article
from optimizer.gamedata import BUILD_TEMPLATE_TYPE, chat_link_format

RANGER = 4
REVENANT = 9
TIERS = ("adept", "master", "grandmaster")
_PROFESSION_BYTES = 16
_U8, _U16, _U32 = 0xFF, 0xFFFF, 0xFFFF_FFFF


def _group(values: tuple[int, ...], size: int, high: int, what: str) -> None:
    if not isinstance(values, tuple) or len(values) != size:
        raise ChatLinkError(f"{what}: expected a tuple of {size} values, got {values!r}")
    for v in values:
        require_int(v, 0, high, what)


@dataclass(frozen=True, slots=True)
class TraitLine:
    """One specialization slot: its id (0 = empty) and the adept/master/grandmaster choices (0 none, 1-3)."""

    specialization: int
    traits: tuple[int, int, int] = (0, 0, 0)

    def __post_init__(self) -> None:
        require_int(self.specialization, 0, _U8, "a specialization id")
        _group(self.traits, 3, 3, "a trait choice")
        if self.specialization == 0 and any(self.traits):
            raise ChatLinkError("an empty specialization slot cannot have trait choices")


@dataclass(frozen=True, slots=True)
class SkillBar:
    """Heal, three utilities and elite as skill palette ids (0 = empty slot)."""

    heal: int = 0
    utilities: tuple[int, int, int] = (0, 0, 0)
    elite: int = 0

    def __post_init__(self) -> None:
        require_int(self.heal, 0, _U16, "the heal skill palette id")
        _group(self.utilities, 3, _U16, "a utility skill palette id")
        require_int(self.elite, 0, _U16, "the elite skill palette id")

    @property
    def palettes(self) -> tuple[int, int, int, int, int]:
        return (self.heal, *self.utilities, self.elite)

    @classmethod
    def from_palettes(cls, values: tuple[int, ...]) -> SkillBar:
        return cls(values[0], (values[1], values[2], values[3]), values[4])


@dataclass(frozen=True, slots=True)
class RangerPets:
    """Ranger pet ids (/v2/pets), two per environment; 0 = no pet."""

    terrestrial: tuple[int, int] = (0, 0)
    aquatic: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        _group(self.terrestrial, 2, _U8, "a terrestrial pet id")
        _group(self.aquatic, 2, _U8, "an aquatic pet id")


@dataclass(frozen=True, slots=True)
class RevenantLegends:
    """Revenant legend codes (/v2/legends `code`) as (active, inactive), plus the inactive legend's utilities.

    Which numbers the game uses is not settled (links with 1-8 and with 13-16 exist), so any byte is kept.
    """

    terrestrial: tuple[int, int] = (0, 0)
    aquatic: tuple[int, int] = (0, 0)
    inactive_terrestrial_utilities: tuple[int, int, int] = (0, 0, 0)
    inactive_aquatic_utilities: tuple[int, int, int] = (0, 0, 0)

    def __post_init__(self) -> None:
        _group(self.terrestrial, 2, _U8, "a terrestrial legend code")
        _group(self.aquatic, 2, _U8, "an aquatic legend code")
        _group(self.inactive_terrestrial_utilities, 3, _U16, "an inactive legend utility palette id")
        _group(self.inactive_aquatic_utilities, 3, _U16, "an inactive legend utility palette id")


@dataclass(frozen=True, slots=True)
class BuildTemplate:
    """A decoded build template. `legacy` says the code was the pre-2023 44-byte form.

    Rangers always carry `pets` and revenants `legends` (all zero when the link has none); other professions
    carry neither.
    """

    profession: int
    specializations: tuple[TraitLine, TraitLine, TraitLine]
    terrestrial: SkillBar = field(default_factory=SkillBar)
    aquatic: SkillBar = field(default_factory=SkillBar)
    pets: RangerPets | None = None
    legends: RevenantLegends | None = None
    weapons: tuple[int, ...] = ()
    skill_overrides: tuple[int, ...] = ()
    legacy: bool = False

    def __post_init__(self) -> None:
        fmt = chat_link_format()
        require_int(self.profession, 0, _U8, "the profession code")
        if self.profession not in fmt.profession_names:
            raise ChatLinkError(f"unknown profession code {self.profession}")
        lines = self.specializations
        if (
            not isinstance(lines, tuple)
            or len(lines) != 3
            or not all(isinstance(x, TraitLine) for x in lines)
        ):
            raise ChatLinkError("a build has exactly 3 specialization slots")
        if not isinstance(self.weapons, tuple) or not isinstance(self.skill_overrides, tuple):
            raise ChatLinkError("weapons and skill overrides must be tuples")
        ids = [line.specialization for line in self.specializations if line.specialization]
        for spec in set(ids):
            if ids.count(spec) > 1:
                raise ChatLinkError(f"specialization {spec} is chosen more than once")
        self._check_profession_context()
        if len(self.weapons) > _U8 or len(self.skill_overrides) > _U8:
            raise ChatLinkError("a build lists at most 255 weapons and 255 skill overrides")
        for weapon in self.weapons:
            require_int(weapon, 0, _U16, "a weapon palette id")
            if weapon not in fmt.weapon_names:
                raise ChatLinkError(f"unknown weapon palette id {weapon}")
        for skill in self.skill_overrides:
            require_int(skill, 0, _U32, "a skill override id")
        if self.legacy and (self.weapons or self.skill_overrides):
            raise ChatLinkError("a legacy (44-byte) build code cannot list weapons or skill overrides")

    def _check_profession_context(self) -> None:
        name = self.profession_name
        if self.profession == RANGER:
            if self.pets is None:
                object.__setattr__(self, "pets", RangerPets())
        elif self.pets is not None:
            raise ChatLinkError(f"only rangers have pets, this build is {with_article(name)}")
        if self.profession == REVENANT:
            if self.legends is None:
                object.__setattr__(self, "legends", RevenantLegends())
        elif self.legends is not None:
            raise ChatLinkError(f"only revenants have legends, this build is {with_article(name)}")

    @property
    def profession_name(self) -> str:
        return chat_link_format().profession_names[self.profession]

    @property
    def weapon_names(self) -> tuple[str, ...]:
        names = chat_link_format().weapon_names
        return tuple(names[w] for w in self.weapons)

    @property
    def specialization_ids(self) -> tuple[int, ...]:
        """The non-empty specialization ids, in slot order."""
        return tuple(line.specialization for line in self.specializations if line.specialization)

    def to_bytes(self) -> bytes:
        """The current (46-byte or longer) form, also for a build decoded from a legacy code."""
        w = ByteWriter()
        w.u8(BUILD_TEMPLATE_TYPE, "the link type")
        w.u8(self.profession, "the profession code")
        for line in self.specializations:
            w.u8(line.specialization, "a specialization id")
            adept, master, grandmaster = line.traits
            w.u8(adept | master << 2 | grandmaster << 4, "the trait choices")
        for terrestrial, aquatic in zip(self.terrestrial.palettes, self.aquatic.palettes, strict=True):
            w.u16(terrestrial, "a skill palette id")
            w.u16(aquatic, "a skill palette id")
        self._write_profession_bytes(w)
        w.u8(len(self.weapons), "the weapon count")
        for weapon in self.weapons:
            w.u16(weapon, "a weapon palette id")
        w.u8(len(self.skill_overrides), "the skill override count")
        for skill in self.skill_overrides:
            w.u32(skill, "a skill override id")
        return w.getvalue()

    def _write_profession_bytes(self, w: ByteWriter) -> None:
        if self.pets is not None:
            for pet in (*self.pets.terrestrial, *self.pets.aquatic):
                w.u8(pet, "a pet id")
            w.zeros(_PROFESSION_BYTES - 4)
        elif self.legends is not None:
            for legend in (*self.legends.terrestrial, *self.legends.aquatic):
                w.u8(legend, "a legend code")
            for palette in (
                *self.legends.inactive_terrestrial_utilities,
                *self.legends.inactive_aquatic_utilities,
            ):
                w.u16(palette, "an inactive legend utility palette id")
        else:
            w.zeros(_PROFESSION_BYTES)

    @classmethod
    def from_bytes(cls, data: bytes) -> BuildTemplate:
        """Decode the raw bytes of a 0x0D link (type byte included); raise ChatLinkError on any defect."""
        r = ByteReader(data)
        link_type = r.u8("the link type")
        if link_type != BUILD_TEMPLATE_TYPE:
            raise ChatLinkError(f"this is not a build template (type 0x{link_type:02X})")
        profession = r.u8("the profession")
        if profession not in chat_link_format().profession_names:
            raise ChatLinkError(f"unknown profession code {profession}")
        lines = []
        for slot in (1, 2, 3):
            spec = r.u8(f"specialization {slot}")
            bits = r.u8(f"the trait choices of specialization {slot}")
            if bits >> 6:
                raise ChatLinkError(f"the trait choices of specialization {slot} have unused bits set")
            lines.append(TraitLine(spec, (bits & 3, bits >> 2 & 3, bits >> 4 & 3)))
        interleaved = [r.u16("the skill palette ids") for _ in range(10)]
        pets, legends = cls._read_profession_bytes(r, profession)
        weapons: tuple[int, ...] = ()
        overrides: tuple[int, ...] = ()
        legacy = r.at_end
        if not legacy:
            weapons = tuple(r.u16("the weapon list") for _ in range(r.u8("the weapon count")))
            overrides = tuple(r.u32("the skill overrides") for _ in range(r.u8("the skill override count")))
            r.expect_end("skill overrides")
        return cls(
            profession=profession,
            specializations=(lines[0], lines[1], lines[2]),
            terrestrial=SkillBar.from_palettes(tuple(interleaved[0::2])),
            aquatic=SkillBar.from_palettes(tuple(interleaved[1::2])),
            pets=pets,
            legends=legends,
            weapons=weapons,
            skill_overrides=overrides,
            legacy=legacy,
        )

    @staticmethod
    def _read_profession_bytes(
        r: ByteReader, profession: int
    ) -> tuple[RangerPets | None, RevenantLegends | None]:
        if profession == RANGER:
            pets = [r.u8("the pets") for _ in range(4)]
            r.zeros(_PROFESSION_BYTES - 4, "reserved bytes after the pets")
            return RangerPets((pets[0], pets[1]), (pets[2], pets[3])), None
        if profession == REVENANT:
            codes = [r.u8("the legends") for _ in range(4)]
            utilities = [r.u16("the inactive legend utilities") for _ in range(6)]
            return None, RevenantLegends(
                (codes[0], codes[1]),
                (codes[2], codes[3]),
                (utilities[0], utilities[1], utilities[2]),
                (utilities[3], utilities[4], utilities[5]),
            )
        r.zeros(_PROFESSION_BYTES, "reserved profession bytes")
        return None, None
