"""The `gw2opt` entry point. It imports nothing else up front, so Ctrl-C while the command line is still
loading (a second or so) ends as quietly as Ctrl-C during a command: one line, exit status 130."""

from __future__ import annotations

import signal
import sys


def run() -> None:
    try:
        from bot.cli.main import main

        code = main()
    except KeyboardInterrupt:
        print("gw2opt: interrupted", file=sys.stderr)
        code = 128 + signal.SIGINT
    sys.exit(code)
