"""The engine's two error types; their messages are written for players, not programmers."""


class ScenarioError(ValueError):
    """A scenario that cannot be optimized as written: unknown names, bad numbers, impossible slots.

    Each problem is one sentence (`problems`); the message joins them with "; ".
    """

    def __init__(self, *problems: str) -> None:
        super().__init__(*problems)  # in args, so the problems survive pickling to and from workers

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(str(problem) for problem in self.args)

    def __str__(self) -> str:
        return "; ".join(self.problems)


class InfeasibleError(ScenarioError):
    """Constraints that no allowed gear can meet; the message states the best reachable value."""
