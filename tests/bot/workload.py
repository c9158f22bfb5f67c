"""Functions the CPU-pool tests run in worker processes (importable by reference, as spawn requires)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def square(value: int) -> int:
    return value * value


def pid() -> int:
    return os.getpid()


def sleep_then(seconds: float, value: str) -> str:
    time.sleep(seconds)
    return value


def fail(message: str) -> None:
    raise ValueError(message)


def die() -> None:
    os._exit(3)


def count_up(steps: int, *, progress: Callable[..., None]) -> int:
    for step in range(1, steps + 1):
        progress(step, steps)
    return steps
