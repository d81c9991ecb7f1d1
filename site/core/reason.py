"""Why a candidate scored, or why nobody could: shared by the engines of the plugins.

Apart from the solver (kokoron.core.assignment) so that the engines' rules and types, which the
models import, do not load numpy and scipy with them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """Why a volunteer scored, or why nobody could: a message id and its parameters.

    The engine never writes prose; the caller translates `code` into the reader's language.
    """

    code: str
    params: tuple[tuple[str, object], ...] = ()
    points: int = 0

    @classmethod
    def of(cls, code: str, points: int = 0, **params) -> Reason:
        return cls(code, tuple(sorted(params.items())), points)

    @property
    def kwargs(self) -> dict:
        return dict(self.params)
