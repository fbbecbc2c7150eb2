"""Synthetic but realistic Vietnamese people and doses for benchmarks (no real person data).

Family names follow their rough national frequency (Nguyễn ~38%), so name searches meet the
same crowded prefixes a real province database has.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from desktop_app.rules.identity import Sex, make_cccd, province_codes

FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2),
          ("Phan", 4), ("Vũ", 3), ("Võ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1), ("Hồ", 1),
          ("Ngô", 1), ("Dương", 1), ("Lý", 1)]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Hoàng", "Đình"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương", "Bảo", "Mỹ"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh",
           "Long", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Trung",
           "Tuấn", "Việt", "Vinh", "Hoà", "Tâm", "Lâm", "Khoa", "Kiên", "Toàn", "Thịnh"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan",
           "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên",
           "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Nhàn", "Huyền", "Ly"]
BENCH_PASSPHRASE = "mật khẩu đo hiệu năng"  # every benchmark database is encrypted with it
PRODUCTS = ["VAXZEVRIA", "COMIRNATY", "SPIKEVAX", "VEROCELL"]


def person(rng: random.Random, serial: int, provinces: list[str]) -> dict:
    sex = rng.choice((Sex.MALE, Sex.FEMALE))
    dob = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 66))
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    middle = rng.choice(MIDDLE_M if sex is Sex.MALE else MIDDLE_F)
    given = rng.choice(GIVEN_M if sex is Sex.MALE else GIVEN_F)
    # serial < 1,000,000 keeps every CCCD unique in the generated set
    return {
        "full_name": f"{family} {middle} {given}",
        "dob": dob,
        "sex": sex.value,
        "id_type": "CCCD",
        "id_number": make_cccd(rng.choice(provinces), sex, dob.year, serial % 1_000_000),
        "phone": f"09{serial:08d}",
        "address": f"{rng.randrange(1, 300)} đường số {rng.randrange(1, 40)}",
    }


def dose_dates(rng: random.Random, count: int) -> Iterator[tuple[int, date]]:
    when = date(2021, 3, 8) + timedelta(days=rng.randrange(0, 300))
    for number in range(1, count + 1):
        yield number, when
        when += timedelta(days=rng.randrange(28, 120) if number < 2 else rng.randrange(90, 200))


def provinces() -> list[str]:
    return sorted(province_codes())


def driver() -> str:
    """Which build of the SQLCipher driver runs the figures. Two packages install the module
    ``sqlcipher3`` and one inserts at half the other's speed (README, The site database),
    so a reproduced figure needs the package as well as the versions."""
    from importlib.metadata import packages_distributions, version

    import sqlcipher3

    packages = packages_distributions().get("sqlcipher3", [])
    package = f"{packages[0]} {version(packages[0])}" if len(packages) == 1 else \
        " or ".join(packages) or "?"  # two installed: the compiler below says which
    conn = sqlcipher3.connect(":memory:")
    try:
        cipher_version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        compiler = next((o[0].partition("=")[2] for o in conn.execute("PRAGMA compile_options")
                         if o[0].startswith("COMPILER=")), "?")
    finally:
        conn.close()
    return (f"driver: {package} (SQLCipher "
            f"{cipher_version}, SQLite {sqlcipher3.sqlite_version}, built by {compiler})")


def raw_connect(path):  # noqa: ANN001, ANN201 - a benchmark helper
    """A bare connection to a benchmark database (encrypted like every site database)."""
    from desktop_app.db import cipher

    return cipher.connect(path, cipher.key_for(Path(path), BENCH_PASSPHRASE))


def eligible_now(conn, person_ids, max_dose_number: int, limit: int) -> dict[str, int]:  # noqa: ANN001
    """Of ``person_ids``, at most ``limit`` who may take their next dose today, with its
    number: within the catalogue's numbers and none given today. The save benchmarks save
    for these and void what they saved, so runs on one database do not wear it out (a
    refused save would time faster)."""
    today = date.today().isoformat()
    eligible: dict[str, int] = {}
    for pid in person_ids:
        number, last = conn.execute(
            "SELECT coalesce(max(dose_number), 0) + 1, max(dose_date) FROM dose"
            " WHERE person_id = ? AND status = 'active'", (pid,)).fetchone()
        if number <= max_dose_number and (last or "") < today:
            eligible[pid] = number
            if len(eligible) == limit:
                break
    return eligible
