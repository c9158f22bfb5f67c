"""The engine's two error types; their messages are written for players, not programmers."""


class ScenarioError(ValueError):
    """A scenario that cannot be optimized as written: unknown names, bad numbers, impossible slots."""


class InfeasibleError(ScenarioError):
    """Constraints that no allowed gear can meet; the message states the best reachable value."""
