"""The command line as a user meets it: start-up cost, --version, help for every command, and clean
one-message answers (never a traceback) for the bad input files issue 12 lists, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import COMMANDS, build_parser, main
from tests.harness.build_codes import WEAVER

REPO = Path(__file__).resolve().parents[3]
HEAVY = ("discord", "sqlalchemy", "aiohttp", "httpx", "storage", "cryptography", "alembic", "numpy")
GOOD = {"profession": "Guardian", "affixes": ["Berserker"], "top": 1}


def _gw2opt(*args: str, stdin: bytes = b"", cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.mark.parametrize(
    ("args", "heavy_allowed"),
    [(["--help"], ()), (["decode", WEAVER], ()), (["optimize", "--list"], ("numpy",))],
)
def test_commands_import_only_what_they_need(args: list[str], heavy_allowed: tuple[str, ...]) -> None:
    script = (
        "import sys\nfrom bot.cli.main import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60, check=True
    )
    imported = json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"'))
    assert sorted(set(imported) - set(heavy_allowed)) == []


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == "gw2opt 0.1.0"


def _subparsers(parser: object) -> dict[str, object]:
    actions = getattr(parser, "_subparsers", None)
    if actions is None:
        return {}
    return dict(actions._group_actions[0].choices)


def test_every_command_says_what_it_does_and_shows_its_defaults() -> None:
    parser = build_parser()
    for name, command in _subparsers(parser).items():
        assert COMMANDS[name][1] in parser.format_help().replace("\n" + " " * 17, " ")
        commands = [(name, command), *((f"{name} {a}", p) for a, p in _subparsers(command).items())]
        for label, sub in commands:
            text = sub.format_help()  # type: ignore[attr-defined]
            description = text.split("\n\n")[1]
            assert description[:1].isupper() and description.rstrip().endswith("."), (label, description)
            for action in sub._actions:  # type: ignore[attr-defined]
                if action.option_strings and action.default not in (None, False, "==SUPPRESS=="):
                    assert "(default: " in (sub._get_formatter()._get_help_string(action) or ""), (  # type: ignore[attr-defined]
                        label,
                        action.dest,
                    )
    optimize_help = _subparsers(parser)["optimize"].format_help()  # type: ignore[attr-defined]
    assert "--workers N" in optimize_help and "(default: " in optimize_help
    assert "OPTIMIZE_TIME_LIMIT" in optimize_help and "docs/scenario.md" in optimize_help


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (json.dumps(GOOD).encode("utf-16"), "is saved as UTF-16"),
        (b"\x00\x01\x02binary", "is not a text file"),
        (b"[" * 50_000, "nests more than 32 levels deep"),
        (
            b'{"profession": "Guardian", "affixes": ["Berserker"], "top": ' + b"9" * 5000 + b"}",
            "5,000 digits",
        ),
        (
            b'{"profession": "Guardian", "affixes": ["Berserker"], "attack_rate": NaN}',
            "attack_rate: NaN is not",
        ),
        (
            b'{"profession": "Guardian", "affixes": ["Berserker"], "extras": {"runes": [1]}}',
            "extras.runes[0]",
        ),
        (
            b'{"profession": "Guardian", "affixes": ["Berserker"], "distribution": {"Power": 1e308}}',
            "distribution.Power: 1e308 is far too large",
        ),
        (
            b'{"profession": "Guardian", "affixes": ["Berserker"], "distribution": {"Power": 1e14}}',
            "distribution.Power: must be at most 100,000, not 100000000000000.0",
        ),
    ],
)
def test_bad_scenario_files_get_one_clean_message(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "scenario.json"
    path.write_bytes(content)
    for args, stdin in ((["--scenario", str(path)], b""), (["--scenario", "-"], content)):
        done = _gw2opt("optimize", *args, stdin=stdin, cwd=tmp_path)
        error = done.stderr.decode()
        assert done.returncode == 2, error
        assert "Traceback" not in error and error.startswith("gw2opt: error: ")
        assert expected in error


def test_a_bom_is_accepted_and_encode_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    done = _gw2opt("optimize", "--scenario", str(path), "--json", "--workers", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["results"]) == 1

    link = tmp_path / "link.json"
    link.write_bytes(
        b'\xef\xbb\xbf{"type": "build", "profession": "Paragon", "skills": {"terrestrial": {"heal": 1.5}},'
        b' "legacy": NaN, "colour": 1}'
    )
    done = _gw2opt("encode", str(link), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "gw2opt: error: 4 problems:",
        "  - legacy: NaN is not a number JSON allows; write a finite number",
        "  - unknown profession 'Paragon'",
        "  - skills.terrestrial.heal must be a whole number, not 1.5",
        "  - unknown field 'colour' in the build JSON",
    ]
