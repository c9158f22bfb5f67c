"""Validation that reports every problem of a document at once, each in one sentence with its place.

pydantic stops a model at the first problem its own validators raise; scenario files are written by hand,
so here a model checks every key and every list entry, collects what is wrong (`Problems`), and raises it
all together. `readable_problems` turns the collected errors into the lines a ScenarioError carries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, ValidatorFunctionWrapHandler, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from optimizer.errors import ScenarioError
from optimizer.json_input import contains_bad_number, limited, place, shown
from optimizer.lookup import normalize, unknown_name_message

T = TypeVar("T")
Location = tuple[str | int, ...]


class Problems:
    """Problems found while validating one value, raised together as a pydantic ValidationError."""

    def __init__(self) -> None:
        self._details: list[InitErrorDetails] = []

    def __bool__(self) -> bool:
        return bool(self._details)

    def add(self, location: Location, message: str, value: Any) -> None:
        self._details.append(
            InitErrorDetails(type=PydanticCustomError("problem", message), loc=location, input=value)
        )

    def absorb(self, error: ValidationError, prefix: Location = ()) -> None:
        for problem in error.errors():
            self._details.append(
                InitErrorDetails(
                    type=PydanticCustomError("problem", _message(problem)),
                    loc=(*prefix, *problem["loc"]),
                    input=problem.get("input"),
                )
            )

    def check(self, location: Location, value: Any, function: Callable[..., T], *args: Any) -> T | None:
        """`function(*args)`, or None after recording the ValidationError or ValueError (ScenarioError
        included) it raised as the problem of `value` at `location`."""
        try:
            return function(*args)
        except ValidationError as error:
            self.absorb(error, location)
        except ValueError as error:
            self.add(location, str(error), value)
        return None

    def raise_any(self, title: str) -> None:
        if self._details:
            raise ValidationError.from_exception_data(title, self._details)


def _message(problem: Any) -> str:
    message = str(problem["msg"]).removeprefix("Value error, ")
    if problem["type"] in ("problem", "value_error") or "input" not in problem:
        return message
    return f"{message} (got {shown(problem['input'])})"


class StrictModel(BaseModel):
    """A frozen model that names unknown keys (with the valid ones) next to every other problem."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    what: ClassVar[str] = "document"

    @model_validator(mode="wrap")
    @classmethod
    def _every_problem(cls, raw: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(raw, dict):
            return handler(raw)
        valid = list(cls.model_fields)
        problems = Problems()
        for key in raw:
            if key in valid:
                continue
            spelled = {normalize(name): name for name in valid}.get(normalize(str(key)))
            message = (
                f"{cls.what} key {shown(key)} must be written exactly as {spelled!r}"
                if spelled
                else unknown_name_message(str(key), valid, f"{cls.what} key")
            )
            problems.add((str(key),), message, raw[key])
        result = problems.check((), raw, handler, {k: v for k, v in raw.items() if k in valid})
        problems.raise_any(cls.__name__)
        return result


def names(raw: Any, what: str, resolve_one: Callable[[str], str]) -> Any:
    """Each entry of a list of names resolved; every entry that is not a known name is a problem."""
    if not isinstance(raw, list | tuple):
        return raw
    problems = Problems()
    resolved: list[str] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, str):
            problems.add((index,), f"must be {what} (text), not {shown(entry)}", entry)
            continue
        found = problems.check((index,), entry, resolve_one, entry)
        if found is not None:
            resolved.append(found)
    problems.raise_any(what)
    return resolved


def number(value: Any, where: str, low: float, high: float, *, low_open: bool = False) -> float:
    """A finite number within [low, high] (or (low, high]), or a ValueError saying what is allowed."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where} must be a number, not {shown(value)}")
    if not (low < value if low_open else low <= value) or not value <= high:
        bound = f"above {low:,g}" if low_open else f"at least {low:,g}"
        raise ValueError(f"{where} must be {bound} and at most {high:,g}, not {shown(value)}")
    return float(value)


def readable_problems(error: ValidationError) -> tuple[str, ...]:
    """One line per problem: `place: message`. Problems about numbers read_json already reported (a
    BadNumber stands in their place) are left out, so each problem is said once."""
    lines: list[str] = []
    for problem in error.errors():
        if contains_bad_number(problem.get("input")):
            continue
        message = _message(problem)
        where = place(tuple(problem["loc"]))
        line = f"{where}: {message}" if where else message
        if line not in lines:
            lines.append(line)
    return tuple(lines)


def scenario_error(lines: Iterable[str]) -> ScenarioError:
    return ScenarioError(*limited(lines))
