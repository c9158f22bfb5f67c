"""Counts agree with their nouns and signed changes never read -0.00, wherever a user reads them."""

from __future__ import annotations

import pytest

from bot.optimize import compare_embed, result_embed
from optimizer import count, signed
from optimizer.chatlink import ChatLinkError, decode
from optimizer.gear import RESULT_ATTRIBUTES, BuildResult, OptimizationResult, render_text


@pytest.mark.parametrize(
    ("number", "noun", "plural", "expected"),
    [
        (0, "combination", None, "0 combinations"),
        (1, "combination", None, "1 combination"),
        (2, "byte", None, "2 bytes"),
        (1234567, "combination", None, "1,234,567 combinations"),
        (1, "itemstat", "itemstats", "1 itemstat"),
        (3, "specialization", "specializations", "3 specializations"),
    ],
)
def test_count_agrees_with_its_noun(number: int, noun: str, plural: str | None, expected: str) -> None:
    assert count(number, noun, plural) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, "±0.00"),
        (-0.0, "±0.00"),
        (-1e-9, "±0.00"),
        (0.004, "±0.00"),
        (-0.004, "±0.00"),
        (1.234, "+1.23"),
        (-2.5, "-2.50"),
        (12345.678, "+12,345.68"),
    ],
)
def test_signed_has_the_right_sign(value: float, expected: str) -> None:
    assert signed(value) == expected


def result(rank: int, score: float, power: float = 3000.0) -> BuildResult:
    return BuildResult(
        rank=rank,
        score=score,
        damage=score,
        survivability=1.0,
        healing=0.0,
        gear={"Helm": "Berserker"},
        infusions={"Power": 18},
        extras={},
        attributes={**dict.fromkeys(RESULT_ATTRIBUTES, 100.0), "Power": power},
    )


def test_equal_scores_read_as_no_change() -> None:
    best = result(1, 1000.0)
    # A score that differs from the best by a rounding error only (floating point): the same as result 1.
    tied = result(2, 1000.0 * (1 - 1e-12), power=3000.0 - 1e-7)
    embed = result_embed(tied, title="T", objective="damage", best=best, total=2)
    assert "±0.00% versus result 1" in (embed.description or "")
    assert "-0.00" not in str(embed.to_dict())
    compared = compare_embed(tied, best, title="T").to_dict()
    assert "-0.00" not in str(compared) and "(±0.00%)" in str(compared)


def test_one_of_a_kind_is_singular() -> None:
    with pytest.raises(ChatLinkError, match=r"cut off after 1 byte \("):
        decode("[&DQ==]")
    with pytest.raises(ChatLinkError, match=r"too long: 1 unexpected byte after"):
        decode("[&AgGqtgDgfQ4AAP9fAAAnYAAAAA==]")
    text = render_text(
        OptimizationResult(objective="damage", results=[result(1, 10.0)], evaluated=1, seconds=0.1, space=1)
    )
    assert "1 result, ranked by damage; searched 1 combination exactly with 1 evaluation in" in text
