"""Benchmark of certification and support at city scale: the lists and totals clerks and leaders open.

    .venv/bin/python bench/support_bench.py [--talents 20000] [--certified 10000]

Uses a scratch SQLite database in a temporary folder unless DATABASE_URL is set (then that database
is used as it is: point it at a scratch PostgreSQL database, never at production). Loads the demo
(`seed_demo --talents N`), then adds `certified` certified talents in bulk with the entitlements,
instalments and payments their tier's support items give (the same shapes `grant_entitlements` and
`record_payment` write, inserted in bulk for speed), and times the pages.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--talents", type=int, default=20_000)
    parser.add_argument("--certified", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["YINGCAI_VAR_DIR"] = tempfile.mkdtemp(prefix="yingcai-support-bench-")
        from yingcai.core.keys import write_missing_key_files

        write_missing_key_files(os.environ["YINGCAI_VAR_DIR"])  # a scratch install: its own keys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingcai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from yingcai.accounts.models import User
    from yingcai.certification.enums import CertificationBasis, CertificationState
    from yingcai.certification.models import Certification
    from yingcai.policy.tiers import support_items_in_force
    from yingcai.registry.models import Affiliation, Talent
    from yingcai.support.domain.schedule import split_amount
    from yingcai.support.enums import EntitlementState, InstalmentState
    from yingcai.support.models import Entitlement, Instalment, Payment

    call_command("migrate", verbosity=0)
    if not Talent.objects.exists():
        started = time.monotonic()
        call_command("seed_demo", talents=args.talents, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seed_demo --talents {args.talents}: {time.monotonic() - started:.1f} s")
    rng = random.Random(2026)
    office = User.objects.get(username="office")
    today = datetime.date.today()
    started = time.monotonic()
    taken = set(Certification.objects.values_list("talent_id", flat=True))
    homes = [
        (talent_id, unit_id)
        for talent_id, unit_id in Affiliation.objects.filter(end_date__isnull=True).values_list("talent_id", "unit_id")
        if talent_id not in taken
    ][: args.certified]
    tiers = ["A"] + ["B"] * 3 + ["C"] * 10 + ["D"] * 25 + ["E"] * 61
    items_of = {tier: support_items_in_force(tier, today) for tier in set(tiers)}
    with transaction.atomic():
        certifications = Certification.objects.bulk_create(
            Certification(
                talent_id=talent_id,
                unit_id=unit_id,
                tier_code=rng.choice(tiers),
                basis=CertificationBasis.INTRODUCED,
                state=CertificationState.CERTIFIED,
                certificate_number=f"PDS-BENCH-{i:06d}",
                certified_on=today - datetime.timedelta(days=rng.randrange(0, 900)),
                verification_token=f"bench-{i}-{rng.randrange(10**12)}",
                created_by=office,
            )
            for i, (talent_id, unit_id) in enumerate(homes)
        )
        for c in certifications:
            c.valid_until = c.certified_on.replace(year=c.certified_on.year + 3) - datetime.timedelta(days=1)
        Certification.objects.bulk_update(certifications, ["valid_until"], batch_size=2000)
        entitlements = Entitlement.objects.bulk_create(
            (
                Entitlement(
                    certification=c,
                    talent_id=c.talent_id,
                    item=item,
                    kind=item.kind,
                    name=item.name,
                    amount=item.amount,
                    state=EntitlementState.ACTIVE,
                )
                for c in certifications
                for item in items_of[c.tier_code]
            ),
            batch_size=2000,
        )
        certified_on = {c.pk: c.certified_on for c in certifications}
        instalments = Instalment.objects.bulk_create(
            (
                Instalment(
                    entitlement=e,
                    sequence=k + 1,
                    due_on=certified_on[e.certification_id] + datetime.timedelta(days=365 * k),
                    amount=part,
                )
                for e in entitlements
                if e.amount
                for k, part in enumerate(split_amount(Decimal(e.amount), e.item.instalments))
            ),
            batch_size=2000,
        )
        due = [i for i in instalments if i.due_on <= today and rng.random() < 0.8]
        Payment.objects.bulk_create(
            (Payment(instalment=i, amount=i.amount, paid_on=i.due_on, voucher=f"B{i.pk}", paid_by=office) for i in due),
            batch_size=2000,
        )
        Instalment.objects.filter(pk__in=[i.pk for i in due]).update(state=InstalmentState.PAID)
    print(
        f"bulk: {len(certifications)} certified, {len(entitlements)} entitlements, {len(instalments)} instalments, "
        f"{len(due)} payments in {time.monotonic() - started:.1f} s"
    )

    pages = {
        "home (office)": ("office", "/"),
        "certification list (office)": ("office", "/certification/"),
        "certification list, tier C (office)": ("office", "/certification/?tier=C"),
        "certification statistics (office)": ("office", "/certification/statistics/"),
        "entitlement list (office)": ("office", "/support/"),
        "entitlement list, overdue (office)": ("office", "/support/?due=overdue"),
        "payment register (office)": ("office", "/support/payments/"),
        "support totals (office)": ("office", "/support/totals/"),
        "support totals (county)": ("county", "/support/totals/"),
        "entitlement list (county)": ("county", "/support/"),
        "API entitlements, 20 (office)": ("office", "/api/v1/support/entitlements?limit=20"),
    }
    clients = {}
    for name in {user for user, _ in pages.values()}:
        client = Client()
        client.force_login(User.objects.get(username=name))
        clients[name] = client
    for label, (user, url) in pages.items():
        timings = []
        for _ in range(args.repeat):
            started = time.monotonic()
            response = clients[user].get(url)
            timings.append((time.monotonic() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label:45s} median {statistics.median(timings):7.0f} ms")


if __name__ == "__main__":
    main()
