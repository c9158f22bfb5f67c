"""What the command line shares about input: reading a file or standard input, and listing problems."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.cli.main import CommandLineError


def read_input(file: str) -> bytes:
    """The bytes of FILE, or of standard input for `-`; a CommandLineError if it cannot be read."""
    try:
        return sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        raise CommandLineError(f"cannot read {file}: {error.strerror or error}") from None


def input_name(file: str) -> str:
    return "standard input" if file == "-" else file


def problem_list(problems: tuple[str, ...]) -> str:
    """One problem on the error line; several as an indented list below it."""
    if len(problems) == 1:
        return problems[0]
    return f"{len(problems)} problems:\n" + "\n".join(f"  - {problem}" for problem in problems)
