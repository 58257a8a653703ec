"""Reading a refusal the way a client does: the first error of an error body, as data."""

from __future__ import annotations

import re
from typing import Any

CJK = re.compile(r"[\u4e00-\u9fff]")
KEYS = {"code", "field", "message_en", "message_zh"}


def refusal(response: Any) -> dict[str, str]:
    """The first error of ``response``'s body: a code, the field, and a text in each language
    (never the two joined)."""
    body = response.json() if hasattr(response, "json") else response
    err = body["errors"][0]
    assert KEYS <= set(err), err
    assert err["code"] and err["message_en"] and err["message_zh"], err
    assert in_both_languages(err), err
    return err


def in_both_languages(why: dict[str, str]) -> bool:
    """English in ``message_en``, Chinese in ``message_zh``, not joined into one text (the
    English may quote what the user typed, Chinese or not)."""
    en, zh = why["message_en"], why["message_zh"]
    return (bool(re.search(r"[A-Za-z]{3}", en)) and bool(CJK.search(zh))
            and " / " not in en + zh)


def said(why: dict[str, str]) -> str:
    """Everything a refusal says, for `in` checks."""
    return f"{why['field']} {why['message_en']} {why['message_zh']}"
