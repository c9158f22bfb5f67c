"""Real build chat codes for tests, made with the codec from specialization ids."""

from __future__ import annotations

from optimizer.chatlink import BuildTemplate, TraitLine, chat_link_format, encode

# Published test vector (GW2Treasures): an Elementalist Weaver.
WEAVER = "[&DQYfLSkaOCcXAXQANRfLAL4BjwBOARwBlwCWAAAAAAAAAAAAAAAAAAAAAAA=]"


def build_code(profession: str, *spec_ids: int) -> str:
    lines = [TraitLine(spec_id, (1, 2, 3)) for spec_id in spec_ids]
    lines += [TraitLine(0)] * (3 - len(lines))
    code = chat_link_format().profession_code(profession)
    assert code is not None, profession
    return encode(BuildTemplate(profession=code, specializations=tuple(lines)))  # type: ignore[arg-type]


FIREBRAND = build_code("Guardian", 42, 46, 62)  # Zeal, Virtues, Firebrand
DRAGONHUNTER = build_code("Guardian", 42, 16, 27)  # Zeal, Radiance, Dragonhunter
SOULBEAST = build_code("Ranger", 8, 30, 55)  # Marksmanship, Skirmishing, Soulbeast
CHRONOMANCER = build_code("Mesmer", 1, 23, 40)  # Dueling, Inspiration, Chronomancer
CORE_GUARDIAN = build_code("Guardian", 42, 16, 13)  # Zeal, Radiance, Valor
