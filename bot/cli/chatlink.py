"""`gw2opt decode` and `gw2opt encode`: chat links without Discord."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.inputs import input_name, problem_list, read_input
from bot.cli.main import CommandLineError, add_command
from optimizer.chatlink import (
    BuildTemplate,
    ChatLinkError,
    build_problems,
    decode,
    encode,
    link_from_json_text,
    link_to_json,
    render_text,
)
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
    if isinstance(link, BuildTemplate):
        # The checks `/build save` makes: a member would be refused with these.
        for problem in build_problems(link, gamedata):
            print(f"gw2opt: warning: {problem}", file=sys.stderr)
    return 0


def _encode(args: argparse.Namespace) -> int:
    data = read_input(args.file)
    try:
        print(encode(link_from_json_text(data, input_name(args.file))))
    except ChatLinkError as error:
        raise CommandLineError(problem_list(error.problems)) from None
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decode_parser = add_command(
        commands,
        "decode",
        "Prints the profession, specializations with their traits, skills, weapons, pets and legends of a "
        "build link (or the item, skin and upgrades of an item link) and the link in its current form. "
        "Problems /build save would refuse (a specialization of another profession, an elite outside "
        "the third slot, a utility skill twice) are printed as warnings.",
    )
    decode_parser.add_argument("code", help="the chat link, e.g. '[&DQ...]' (quote it in the shell)")
    decode_parser.add_argument(
        "--json", action="store_true", help="print the JSON form (what encode reads) instead of text"
    )
    decode_parser.set_defaults(handler=_decode)

    encode_parser = add_command(
        commands,
        "encode",
        "Reads a build or item in the JSON form (UTF-8) and prints its chat link; every problem of the "
        "file is listed.",
    )
    encode_parser.add_argument("file", help="JSON file, or - for standard input")
    encode_parser.set_defaults(handler=_encode)
