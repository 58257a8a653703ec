"""Errors meant for the person at the counter: each says what is wrong in English and Chinese."""

from __future__ import annotations


class UserError(Exception):
    """Something went wrong that the user can understand and often fix.

    Shown as a message, never as a stack trace. ``en`` and ``zh`` are complete sentences.
    """

    def __init__(self, en: str, zh: str) -> None:
        self.en = en
        self.zh = zh
        super().__init__(f"{en} / {zh}")

    def message(self, language: str = "zh") -> str:
        return self.zh if language.startswith("zh") else self.en
