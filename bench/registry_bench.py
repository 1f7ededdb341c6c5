"""Benchmark of the registry at city scale: load N talents, then time the pages clerks use most.

    .venv/bin/python bench/registry_bench.py [--talents 100000]

Uses a scratch SQLite database in a temporary folder unless DATABASE_URL is set (then that database
is used as it is: point it at a scratch PostgreSQL database, never at production).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--talents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["YINGCAI_VAR_DIR"] = tempfile.mkdtemp(prefix="yingcai-bench-")
        from yingcai.core.keys import write_missing_key_files

        write_missing_key_files(os.environ["YINGCAI_VAR_DIR"])  # a scratch install: its own keys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingcai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from yingcai.accounts.models import User
    from yingcai.registry.models import Talent

    call_command("migrate", verbosity=0)
    if not Talent.objects.exists():
        started = time.monotonic()
        call_command("seed_demo", talents=args.talents, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seed_demo --talents {args.talents}: {time.monotonic() - started:.1f} s")
    print(f"talents in database: {Talent.objects.count()}")

    pages = {
        "home (office)": ("office", "/"),
        "talent list, page 1 (office)": ("office", "/registry/talents/"),
        "talent list, page 200 (office)": ("office", "/registry/talents/?page=200"),
        "talent list, pinyin initials search (office)": ("office", "/registry/talents/?q=zw"),
        "talent list, filter by county (office)": ("office", "/registry/talents/?county=2"),
        "talent list (county staff)": ("county", "/registry/talents/"),
        "talent list (unit staff)": ("unit", "/registry/talents/"),
        "unit list (office)": ("office", "/registry/units/"),
        "API talents, 20 (office)": ("office", "/api/v1/talents?limit=20"),
    }
    clients = {}
    for name in {user for user, _ in pages.values()}:
        client = Client()
        client.force_login(User.objects.get(username=name))
        clients[name] = client
    print(f"\n{'page':<48} {'median ms':>10} {'max ms':>8}")
    for label, (user, url) in pages.items():
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = clients[user].get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label:<48} {statistics.median(timings):>10.0f} {max(timings):>8.0f}")

    # The export runs on the task queue: time the task's work itself (the request only queues it).
    from yingcai.registry.domain.exports import request_export, run_export

    job = request_export(by=User.objects.get(username="office"), kind="talents", query_string="education=doctorate")
    started = time.perf_counter()
    job = run_export(job.pk)
    print(
        f"\nexport doctorates to .xlsx (background task): {(time.perf_counter() - started):.1f} s, "
        f"{job.total_rows} rows, {job.file.size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
