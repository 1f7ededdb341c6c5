"""Benchmark of the Excel import: check and write a 10 000-row introductions workbook.

    .venv/bin/python bench/import_bench.py [--rows 10000] [--profile]

Uses a scratch SQLite database in a temporary folder unless DATABASE_URL is set (then that database
is used as it is: point it at a scratch PostgreSQL database, never at production). Times reading the
workbook, checking every row (nothing written) and writing them all, as the background task does.
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="print where the checking spends its time")
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["YINGCAI_VAR_DIR"] = tempfile.mkdtemp(prefix="yingcai-import-bench-")
        from yingcai.core.keys import write_missing_key_files

        write_missing_key_files(os.environ["YINGCAI_VAR_DIR"])  # a scratch install: its own keys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingcai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from openpyxl import Workbook

    from yingcai.accounts.enums import Role
    from yingcai.accounts.models import User
    from yingcai.introductions.imports import domain
    from yingcai.introductions.imports.columns import INTRODUCTION_COLUMNS
    from yingcai.introductions.imports.parsing import read_sheet
    from yingcai.introductions.models import Introduction
    from yingcai.introductions.models.imports import ImportKind
    from yingcai.registry import demo
    from yingcai.registry.domain.names import pinyin_keys
    from yingcai.registry.models import Affiliation, Jurisdiction, Talent, Unit
    from yingcai.registry.validators import id_number_facts

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    rng = random.Random(2026)
    county, _ = Jurisdiction.objects.get_or_create(name="导入基准测试区", defaults={"kind": "county"})
    unit = Unit.objects.create(
        name=f"导入基准测试单位{rng.random()}", credit_code=_unused_code(rng, Unit), kind="enterprise", county=county
    )
    user = User.objects.create(username=f"bench-{unit.pk}", role=Role.UNIT, unit=unit)

    started = time.monotonic()
    numbers = set(Talent.objects.values_list("id_number", flat=True))
    talents = []
    while len(talents) < args.rows:
        number = demo.id_number(rng)
        if number in numbers:
            continue
        numbers.add(number)
        name = demo.person_name(rng)
        birth, gender = id_number_facts(number)
        pinyin, initials = pinyin_keys(name)
        talents.append(
            Talent(
                name=name,
                id_number=number,
                birth_date=birth,
                gender=gender,
                education="doctorate",
                name_pinyin=pinyin,
                name_initials=initials,
            )
        )
    talents = Talent.objects.bulk_create(talents, batch_size=2000)
    Affiliation.objects.bulk_create([Affiliation(talent=t, unit=unit) for t in talents], batch_size=2000)
    print(f"registered {args.rows} talents at one unit: {time.monotonic() - started:.1f} s")

    header = [str(c.label) for c in INTRODUCTION_COLUMNS]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("引进记录")
    sheet.append(header)
    start = datetime.date(2025, 3, 1)
    for i, talent in enumerate(talents):
        flexible = i % 3 == 0
        values = {
            "姓名": talent.name,
            "公民身份号码": talent.id_number,
            "用人单位统一社会信用代码": unit.credit_code,
            "引进方式": "柔性引进" if flexible else "全职引进",
            "引进形式": "个别引进",
            "引进日期": start,
            "人事关系转入日期": None if flexible else start,
            "人事关系转出单位/地区": None if flexible else "郑州大学",
            "合同起始日期": None if flexible else start,
            "合同终止日期": None if flexible else datetime.date(2028, 2, 29),
            "服务方式": "项目合作、技术咨询" if flexible else None,
            "协议起始日期": start if flexible else None,
            "协议终止日期": datetime.date(2026, 12, 31) if flexible else None,
        }
        sheet.append([values.get(label) for label in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    print(f"workbook: {args.rows} rows, {len(buffer.getvalue()) / 1e6:.2f} MB")

    started = time.monotonic()
    rows = read_sheet(io.BytesIO(buffer.getvalue()), ImportKind.INTRODUCTIONS).rows
    print(f"read the workbook:            {time.monotonic() - started:6.1f} s")

    profiler = cProfile.Profile() if args.profile else None
    started = time.monotonic()
    if profiler:
        profiler.enable()
    errors = domain.validate_introduction_rows(by=user, rows=rows)
    if profiler:
        profiler.disable()
    checked = time.monotonic() - started
    assert not errors, errors[:5]
    print(f"check every row (no writes):  {checked:6.1f} s  ({checked / args.rows * 1000:.2f} ms a row)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)

    before = Introduction.objects.count()
    started = time.monotonic()
    written = domain.apply_introduction_rows(by=user, rows=rows)
    applied = time.monotonic() - started
    assert Introduction.objects.count() - before == written == args.rows
    print(f"write every row (one tx):     {applied:6.1f} s  ({applied / args.rows * 1000:.2f} ms a row)")
    print(f"total check + write:          {checked + applied:6.1f} s")


def _unused_code(rng, model) -> str:
    from yingcai.registry import demo

    while True:
        code = demo.credit_code(rng)
        if not model.objects.filter(credit_code=code).exists():
            return code


if __name__ == "__main__":
    main()
