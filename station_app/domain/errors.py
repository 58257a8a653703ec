"""The one error type the domain raises: names the field, says what is wrong in two languages."""

from __future__ import annotations


class DomainError(ValueError):
    """A value the business rules refuse.

    ``field`` is the dotted name of the offending field (``vehicle.vin``), ``en`` and ``zh`` say
    what is wrong in words a clerk understands. ``str()`` gives both, so an error that reaches a
    log or an HTTP response is readable by either team.
    """

    def __init__(self, field: str, en: str, zh: str) -> None:
        self.field = field
        self.en = en
        self.zh = zh
        super().__init__(f"{field}: {en} / {zh}")

    def message(self, language: str = "zh") -> str:
        return self.zh if language.startswith("zh") else self.en
