"""Errors meant for the person at the counter: each carries a `Refusal` (a code and what is
wrong in English and Chinese; see `common.refusal`)."""

from __future__ import annotations

from common.refusal import Code, Refusal, Refused


class UserError(Refused, Exception):
    """Something went wrong that the user can understand and often fix.

    Shown as a message in the user's language, never as a stack trace. ``en`` and ``zh`` are
    complete sentences; ``str()`` is the English, for a log.
    """

    def __init__(self, en: str, zh: str, *, code: str = Code.BAD_REQUEST, field: str = "",
                 refusal: Refusal | None = None) -> None:
        self.refusal = refusal or Refusal.of(code, en, zh, field)
        super().__init__(self.refusal.message_en)
