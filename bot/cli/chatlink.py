"""`gw2opt decode` and `gw2opt encode`: chat links without Discord."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli.main import CommandLineError
from optimizer.chatlink import ChatLinkError, decode, encode, link_from_json, link_to_json, render_text
from optimizer.gamedata import GameData


def _decode(args: argparse.Namespace) -> int:
    try:
        link = decode(args.code)
    except ChatLinkError as error:
        raise CommandLineError(str(error)) from None
    gamedata = GameData.bundled()
    if args.json:
        print(json.dumps(link_to_json(link, gamedata), indent=2, ensure_ascii=False))
    else:
        print(render_text(link, gamedata))
        print(f"Chat code: {encode(link)}")
    return 0


def _encode(args: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandLineError(f"cannot read {args.file}: {error.strerror}") from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandLineError(f"{args.file} is not valid JSON: {error.msg} (line {error.lineno})") from None
    try:
        print(encode(link_from_json(data)))
    except ChatLinkError as error:
        raise CommandLineError(str(error)) from None
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decode_parser = commands.add_parser("decode", help="decode a build or item chat link")
    decode_parser.add_argument("code", help="the chat link, e.g. '[&DQ...]' (quote it in the shell)")
    decode_parser.add_argument("--json", action="store_true", help="print the JSON form")
    decode_parser.set_defaults(handler=_decode)

    encode_parser = commands.add_parser(
        "encode", help="make a chat link from the JSON form (as decode --json prints)"
    )
    encode_parser.add_argument("file", help="JSON file, or - for standard input")
    encode_parser.set_defaults(handler=_encode)
