"""The one error type the domain raises: names the field, and carries a `Refusal`
(`common.refusal`) saying what is wrong in two languages."""

from __future__ import annotations

from common.refusal import Code, Refusal, Refused


class DomainError(Refused, ValueError):
    """A value the business rules refuse.

    ``field`` is the dotted name of the offending field (``vehicle.vin``), ``en`` and ``zh`` say
    what is wrong in words a clerk understands. ``str()`` is the English with the field, for a
    log; a person is shown `message()` in their language.
    """

    def __init__(self, field: str, en: str, zh: str, code: str = Code.INVALID) -> None:
        self.refusal = Refusal.of(code, en, zh, field)
        super().__init__(f"{field}: {en}" if field else en)
