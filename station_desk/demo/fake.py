"""Made-up but well-formed people and vehicles for the demo: Chinese names, mobile numbers with
an obviously fake middle (xxx0000xxxx), Anhui plates, VINs with a valid ISO 3779 check digit
and a maker code no real maker uses, realistic mileages. Deterministic for a given random."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程"
GIVEN_MEN = ("伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "平", "刚", "建华", "志强",
             "晓东", "国庆", "文博", "浩然", "思远", "建国", "德明", "海峰")
GIVEN_WOMEN = ("芳", "娜", "秀英", "敏", "静", "丽", "艳", "娟", "秀兰", "霞", "桂英", "海燕",
               "玉兰", "子涵", "雨轩", "春梅", "红梅", "丹", "婷", "雪")
MODELS = ("A3 1.5L 手动舒适型", "A5 1.6L 自动豪华型", "X7 2.0T SUV 四驱", "Q6 1.1L 微型车",
          "M8 2.0L MPV 商务型", "E5 纯电 标准续航")
COLOURS = ("白色", "黑色", "银灰色", "珍珠白", "香槟色", "宝石蓝", "中国红")
MOBILE_PREFIXES = ("133", "135", "137", "138", "139", "150", "152", "158", "186", "188", "189")
PLATE_LETTERS = "ABCDEFGHJKLMNPQRS"  # Anhui's issuing offices; I and O never appear
PLATE_CHARS = "0123456789" * 3 + "ABCDEFGHJKLMNPQRSTUVWXYZ"

# ISO 3779 / GB 16735 check digit: letters transliterate to numbers, positions are weighted,
# the sum modulo 11 is the 9th character (10 is written X).
_TRANSLIT = {**{str(d): d for d in range(10)},
             **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
             **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
             **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
DEMO_WMI = "LZZ"  # "L" = China; no maker has this code in the demo's world
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 2010 = A ... 2030 = Y, then 2031+ digits


def vin_check_digit(vin: str) -> str:
    """The check character (position 9) of a 17-character VIN, whatever is at position 9."""
    total = sum(_TRANSLIT[c] * w for c, w in zip(vin.upper(), _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def vin_is_valid(vin: str) -> bool:
    v = vin.upper()
    return (len(v) == 17 and all(c in VIN_ALPHABET for c in v)
            and v[8] == vin_check_digit(v))


def model_year_code(year: int) -> str:
    return _YEAR_CODES[(year - 2010) % len(_YEAR_CODES)]


@dataclass(frozen=True)
class Person:
    name: str
    phone: str
    title: str  # 先生 / 女士: how the clerk addresses them

    @property
    def polite(self) -> str:
        return f"{self.name[0]}{self.title}"


@dataclass(frozen=True)
class Car:
    model: str
    plate: str
    vin: str
    mileage_km: int
    colour: str
    purchase_date: date


class Faker:
    """Names, numbers and vehicles drawn from one seeded random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._phones: set[str] = set()
        self._plates: set[str] = set()

    def person(self) -> Person:
        r = self.rng
        female = r.random() < 0.4
        given = r.choice(GIVEN_WOMEN if female else GIVEN_MEN)
        return Person(r.choice(SURNAMES) + given, self.mobile(), "女士" if female else "先生")

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + "0000" + f"{self.rng.randrange(10000):04d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def plate(self, province: str = "皖") -> str:
        while True:
            tail = "".join(self.rng.choice(PLATE_CHARS) for _ in range(5))
            office = "A" if self.rng.random() < 0.6 else self.rng.choice(PLATE_LETTERS)
            plate = f"{province}{office}{tail}"
            if plate not in self._plates:
                self._plates.add(plate)
                return plate

    def vin(self, year: int) -> str:
        r = self.rng
        vds = "".join(r.choice(string.ascii_uppercase.translate(str.maketrans("", "", "IOQ"))
                               + string.digits) for _ in range(5))
        serial = f"{r.randrange(1_000_000):06d}"
        body = f"{DEMO_WMI}{vds}0{model_year_code(year)}{r.choice('ABCDH')}{serial}"
        return body[:8] + vin_check_digit(body) + body[9:]

    def car(self, today: date) -> Car:
        r = self.rng
        age_days = r.randrange(60, 6 * 365)
        bought = today - timedelta(days=age_days)
        per_year = r.randrange(9_000, 26_000)
        mileage = max(800, round(per_year * age_days / 365 / 10) * 10)
        return Car(r.choice(MODELS), self.plate(), self.vin(bought.year), mileage,
                   r.choice(COLOURS), bought)
