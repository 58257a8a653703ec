"""The demo's made-up people and vehicles are well formed and clearly fake."""

from __future__ import annotations

import random
from datetime import date

import pytest

from station_app.domain import validation
from station_desk.demo.fake import Faker, vin_check_digit, vin_is_valid


@pytest.mark.parametrize(("vin", "check"), [
    ("1M8GDM9AXKP042788", "X"),   # the textbook example (remainder 10)
    ("11111111111111111", "1"),
    ("5GZCZ43D13S812715", "1"),
    ("1HGCM82633A004352", "3"),
])
def test_vin_check_digit_matches_known_vins(vin: str, check: str) -> None:
    assert vin_check_digit(vin) == check
    assert vin_is_valid(vin)


def test_a_vin_with_a_wrong_check_digit_is_not_valid() -> None:
    assert not vin_is_valid("1M8GDM9A1KP042788")
    assert not vin_is_valid("1M8GDM9AXKP04278")   # 16 characters
    assert not vin_is_valid("IM8GDM9AXKP042788")  # I is never used


def test_generated_people_and_cars_pass_the_order_checks() -> None:
    fake = Faker(random.Random(3))
    today = date(2026, 11, 25)
    for _ in range(300):
        person, car = fake.person(), fake.car(today)
        assert validation.phone(person.phone) == person.phone
        assert person.phone[3:7] == "0000"  # the obviously fake middle
        assert validation.plate(car.plate) == car.plate and car.plate.startswith("皖")
        assert validation.vin(car.vin) == car.vin and vin_is_valid(car.vin)
        assert car.vin.startswith("LZZ")
        assert 2 <= len(person.name) <= 3 and person.title in ("先生", "女士")
        assert 800 <= car.mileage_km <= 6 * 26_000 and car.purchase_date < today


def test_the_same_seed_gives_the_same_people() -> None:
    a, b = Faker(random.Random(5)), Faker(random.Random(5))
    assert [a.person() for _ in range(20)] == [b.person() for _ in range(20)]
    assert [a.car(date(2026, 1, 1)) for _ in range(20)] == [b.car(date(2026, 1, 1))
                                                           for _ in range(20)]
