"""Checks for the fields an order carries: ERP code, phone, plate, VIN, mileage, business number.

Each check returns the value normalised (spaces stripped, letters upper-cased) or raises a
DomainError naming the field, in English and Chinese.
"""

from __future__ import annotations

import re
import unicodedata

from common.refusal import Code
from station_app.domain.errors import DomainError

# ASCII digits only: \d alone also matches full-width (１) and Arabic-Indic (١) digits.
_ERP_CODE = re.compile(r"\d{5}", re.ASCII)
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
# Area code 0xx or 0xxx, then a 7 or 8 digit number, optional extension.
_LANDLINE = re.compile(r"0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?", re.ASCII)
_LINE_BREAKS = frozenset("\n\r\t")
# Categories that draw nothing: controls, formats (zero-width space, joiners), unassigned,
# private use, surrogates, and separators (spaces).
_INVISIBLE = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp"})
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# Province, issuing-office letter, then 5 characters (6 for new-energy plates); the last may be
# 挂 (trailer), 学 (driving school), 警 (police), 港/澳 (cross-border).
_PLATE = re.compile(rf"[{_PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{{4,5}}[A-HJ-NP-Z0-9挂学警港澳]")
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_BUSINESS_NO = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]{2,31}")


def text(value: str, field: str = "", *, lines: bool = False) -> str:
    """``value`` if it is text a person wrote: no control characters (newline and tab only
    where ``lines``), and, unless empty, at least one visible character."""
    if value.isprintable():  # no control, format, separator (but space) or unassigned one
        if value and not value.strip(" "):
            raise DomainError(field, "has no visible characters", "没有可见的字符",
                              Code.INVISIBLE_TEXT)
        return value
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cs") and not (lines and ch in _LINE_BREAKS):
            raise DomainError(
                field,
                f"contains a control character (U+{ord(ch):04X}); type the text again",
                f"含有控制字符(U+{ord(ch):04X}),请重新输入", Code.CONTROL_CHARACTER,
            )
    if value and all(unicodedata.category(ch) in _INVISIBLE for ch in value):
        raise DomainError(field, "has no visible characters", "没有可见的字符", Code.INVISIBLE_TEXT)
    return value


def erp_code(value: str, field: str = "station_code") -> str:
    v = value.strip()
    if not _ERP_CODE.fullmatch(v):
        raise DomainError(
            field,
            f"station ERP code must be 5 digits, got {value!r}",
            f"服务站ERP代码应为5位数字,而不是“{value}”", Code.INVALID_STATION_CODE,
        )
    return v


def phone(value: str, field: str = "customer.phone") -> str:
    v = re.sub(r"[\s()]", "", value)
    if v.startswith("+86"):
        v = v[3:]
    elif v.startswith("0086"):
        v = v[4:]
    if _MOBILE.fullmatch(v) or _LANDLINE.fullmatch(v):
        return v
    raise DomainError(
        field,
        f"{value!r} is not a mainland mobile (11 digits, 1xx) or landline (0xxx-xxxxxxx) number",
        f"“{value}”不是有效的手机号(11位,1开头)或固定电话(区号-号码)", Code.INVALID_PHONE,
    )


def plate(value: str, field: str = "vehicle.plate") -> str:
    v = re.sub(r"[\s·•.\-]", "", value).upper()
    if not _PLATE.fullmatch(v):
        raise DomainError(
            field,
            f"{value!r} is not a plate number such as 皖B82345",
            f"“{value}”不是有效的车牌号(例如 皖B82345)", Code.INVALID_PLATE,
        )
    return v


def vin(value: str, field: str = "vehicle.vin") -> str:
    v = re.sub(r"\s", "", value).upper()
    if len(v) != 17:
        raise DomainError(
            field,
            f"a VIN has 17 characters, {value!r} has {len(v)}",
            f"车架号应为17位,“{value}”有{len(v)}位", Code.INVALID_VIN,
        )
    if not _VIN.fullmatch(v):
        raise DomainError(
            field,
            f"a VIN uses digits and letters other than I, O and Q: {value!r}",
            f"车架号只能包含数字和字母(不含 I、O、Q):“{value}”", Code.INVALID_VIN,
        )
    return v


def mileage(value: float, field: str = "vehicle.mileage_km") -> float:
    if value < 0:
        raise DomainError(
            field, f"mileage cannot be negative ({value})", f"行驶里程不能为负数({value})",
            Code.NEGATIVE,
        )
    return value


def business_no(value: str, field: str = "business_no") -> str:
    v = value.strip()
    if not _BUSINESS_NO.fullmatch(v):
        raise DomainError(
            field,
            f"business number must be 3–32 letters, digits or '-', got {value!r}",
            f"业务号码应为3至32位字母、数字或“-”,而不是“{value}”", Code.INVALID_BUSINESS_NO,
        )
    return v


def non_negative(value: float, field: str, en_name: str, zh_name: str) -> float:
    if value < 0:
        raise DomainError(field, f"{en_name} cannot be negative", f"{zh_name}不能为负数",
                          Code.NEGATIVE)
    return value
