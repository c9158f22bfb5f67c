"""The shared fitting helpers: whatever goes in, what comes out is within Discord's limits, and what already
fits is left alone."""

from __future__ import annotations

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.embeds import (
    MARKER,
    clip,
    clip_lines,
    fit_embed,
    fit_message,
    line_chunks,
    safe_name,
)
from tests.harness.discord_limits import message_problems


def problems(*embeds: discord.Embed) -> list[str]:
    return message_problems({"embeds": [embed.to_dict() for embed in embeds]})


def test_clip_marks_the_cut_and_keeps_mentions_and_code_blocks_whole() -> None:
    assert clip("short", 10) == "short"
    assert clip("abcdefghij", 5) == "abcd" + MARKER
    mention = "seat " + "<@123456789012345678>"
    assert clip(mention, 15) == "seat " + MARKER
    block = "```\n" + "x" * 50 + "\n```"
    cut = clip(block, 20)
    assert len(cut) <= 20 and cut.endswith(MARKER + "```") and cut.count("```") == 2
    assert clip("name\\" + "x" * 10, 6) == "name" + MARKER


def test_clip_lines_keeps_whole_lines_and_counts_the_rest() -> None:
    lines = [f"line {n:02d}" for n in range(40)]
    text = clip_lines(lines, 100)
    shown = text.splitlines()
    assert len(text) <= 100
    assert shown[:-1] == lines[: len(shown) - 1]
    assert shown[-1] == f"{MARKER} and {40 - len(shown) + 1} more"
    assert clip_lines(lines[:3], 100) == "line 00\nline 01\nline 02"
    assert clip_lines([], 100, empty="none") == "none"
    first_too_long = clip_lines(["x" * 300, "y"], 100)
    assert len(first_too_long) <= 100 and first_too_long.endswith(f"{MARKER} and 1 more")


def test_line_chunks_split_between_lines() -> None:
    lines = [f"{n:03d} " + "w" * 95 for n in range(25)]
    chunks = line_chunks(lines)
    assert all(len(chunk) <= 1024 for chunk in chunks)
    assert "\n".join(chunks).splitlines() == lines
    assert len(chunks) == 3
    assert line_chunks(["x" * 2000]) == ["x" * 1023 + MARKER]


def test_names_are_shown_as_typed() -> None:
    # discord.utils.escape_markdown escapes only the bracket here and leaves the bold after it live.
    link = "[free gold](https://evil.example) **loud**"
    assert safe_name(link) == r"\[free gold\]\(https\://evil.example\) \*\*loud\*\*"
    assert safe_name("_it_ `code` ~~s~~ ||spoiler|| > # - \\") == (
        r"\_it\_ \`code\` \~\~s\~\~ \|\|spoiler\|\| \> \# \- \\"
    )
    assert safe_name("<@&123456789012345678> @everyone") == r"\<\@&123456789012345678\> \@everyone"
    assert safe_name("Raid night, 20h") == "Raid night, 20h"
    assert safe_name("x" * 50, 10) == "x" * 9 + MARKER


def test_an_embed_that_fits_is_left_alone() -> None:
    embed = discord.Embed(title="Title", description="Some text")
    embed.add_field(name="A", value="1", inline=True).add_field(name="B", value="2", inline=False)
    embed.set_footer(text="footer")
    before = embed.to_dict()
    assert fit_embed(embed).to_dict() == before


def test_the_message_total_counts_every_embed() -> None:
    embeds = [discord.Embed(title="x", description="d" * 4000) for _ in range(3)]
    fitted = fit_message(embeds)
    assert problems(*fitted) == []
    assert all(embed.description and embed.description.endswith(MARKER) for embed in fitted)


texts = st.text(alphabet=st.sampled_from("ab <@1>`\\\n*_[]():é🔒"), max_size=3000)


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(max_size=400),
    description=texts,
    fields=st.lists(st.tuples(st.text(max_size=300), texts, st.booleans()), max_size=30),
    footer=st.text(max_size=2500),
    author=st.text(max_size=300),
)
def test_any_embed_fits_after_fitting(
    title: str, description: str, fields: list[tuple[str, str, bool]], footer: str, author: str
) -> None:
    embed = discord.Embed(title=title or None, description=description or None)
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    if footer:
        embed.set_footer(text=footer)
    if author:
        embed.set_author(name=author)
    assert problems(fit_embed(embed)) == []
