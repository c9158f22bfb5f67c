"""The shapes of the GW2 API answers this project reads, checked before anything uses them.

An answer that is valid JSON of another shape (an API regression, a proxy's error object served with 200)
becomes a `GW2BadAnswer` naming the endpoint and the first mismatches, never a KeyError deep inside a caller.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictInt, StrictStr, TypeAdapter, ValidationError

from storage.gw2api.errors import GW2BadAnswer

T = TypeVar("T")
_SHOWN_PROBLEMS = 3

ObjectId = StrictInt | StrictStr


def _has_id(obj: dict[str, Any]) -> dict[str, Any]:
    value = obj.get("id")
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("every object needs an `id` (a number or a string)")
    return obj


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class BuildAnswer(_Answer):
    """`/v2/build`."""

    id: StrictInt


class TokenInfo(_Answer):
    """`/v2/tokeninfo` (the permissions of a key; `expires_at` only for subtokens)."""

    name: str = ""
    permissions: list[StrictStr]
    expires_at: str | None = None


class AccountAnswer(_Answer):
    """`/v2/account` (the fields an account link keeps)."""

    id: StrictStr
    name: StrictStr


BUILD = TypeAdapter(BuildAnswer)
TOKEN_INFO = TypeAdapter(TokenInfo)
ACCOUNT = TypeAdapter(AccountAnswer)
IDS = TypeAdapter(list[ObjectId])
"""An endpoint's listing: `/v2/traits` without parameters."""
OBJECTS = TypeAdapter(list[Annotated[dict[str, Any], AfterValidator(_has_id)]])
"""Objects by id: `ids=all` or a batch of ids (each object kept as the API sent it)."""


def checked(shape: TypeAdapter[T], data: Any, *, path: str, status: int | None = None) -> T:
    """`data` validated against `shape`, else a `GW2BadAnswer` saying what did not fit."""
    try:
        return shape.validate_python(data)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in problem['loc']) or 'answer'}: {problem['msg']}"
            for problem in error.errors(include_url=False)[:_SHOWN_PROBLEMS]
        ]
        more = error.error_count() - len(problems)
        text = "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")
        raise GW2BadAnswer(text, status=status, path=path) from None
