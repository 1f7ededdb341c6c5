"""Load a realistic demo data set of any size, with one demo login per role.

Bulk inserts keep 100 000 talents to minutes. The data set is random but repeatable (--seed).
"""

import datetime
import random
import time

from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.registry import demo
from yingcai.registry.domain.names import pinyin_keys
from yingcai.registry.domain.reference import load_reference_data
from yingcai.registry.enums import TERRITORIAL_KINDS, Education, JurisdictionKind, ProfessionalTitle, UnitKind
from yingcai.registry.models import Affiliation, IndustryChain, Jurisdiction, KeyTechField, Talent, Unit
from yingcai.registry.validators import id_number_facts

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - printed for the demo on purpose
DEMO_DEPARTMENTS = ("市科技局", "市教育局", "市卫生健康委", "市工业和信息化局")
BATCH = 5000


class Command(BaseCommand):
    help = "Generate demo units, talents and one login per role (idempotent for the logins)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--talents", type=int, default=2000)
        parser.add_argument("--units", type=int, default=None, help="default: one unit per 10 talents")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when talents already exist")

    def handle(self, *args, talents: int, units: int | None, seed: int, if_empty: bool, **options) -> None:
        load_reference_data()
        if if_empty and Talent.objects.exists():
            self.stdout.write("demo data already present")
        else:
            started = time.monotonic()
            rng = random.Random(seed)
            unit_count = units or max(20, talents // 10)
            with transaction.atomic():
                departments = self._departments()
                made_units = self._units(rng, unit_count, departments)
                self._talents(rng, talents, made_units)
            self.stdout.write(f"created {unit_count} units and {talents} talents in {time.monotonic() - started:.1f}s")
        self._logins()

    def _departments(self) -> list[Jurisdiction]:
        return [
            Jurisdiction.objects.get_or_create(
                name=name, defaults={"kind": JurisdictionKind.DEPARTMENT, "sort_order": 100 + i}
            )[0]
            for i, name in enumerate(DEMO_DEPARTMENTS)
        ]

    def _units(self, rng: random.Random, count: int, departments: list[Jurisdiction]) -> list[Unit]:
        counties = list(Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS))
        chains = list(IndustryChain.objects.select_related("cluster"))
        fields = list(KeyTechField.objects.all())
        kinds = [UnitKind.ENTERPRISE] * 14 + [
            UnitKind.UNIVERSITY,
            UnitKind.RESEARCH_INSTITUTE,
            UnitKind.RESEARCH_INSTITUTE,
            UnitKind.HOSPITAL,
            UnitKind.HOSPITAL,
            UnitKind.OTHER,
        ]
        department_of = {
            UnitKind.UNIVERSITY: 1,
            UnitKind.HOSPITAL: 2,
            UnitKind.RESEARCH_INSTITUTE: 0,
            UnitKind.ENTERPRISE: 3,
        }
        seen = set(Unit.objects.values_list("credit_code", flat=True))
        start = Unit.objects.count()
        new_units = []
        for i in range(count):
            kind = rng.choice(kinds)
            county = rng.choice(counties)
            code = demo.credit_code(rng, county.code or "410400")
            while code in seen:
                code = demo.credit_code(rng, county.code or "410400")
            seen.add(code)
            department = departments[department_of[kind]] if kind in department_of and rng.random() < 0.6 else None
            new_units.append(
                Unit(
                    name=demo.unit_name(rng, kind, start + i),
                    credit_code=code,
                    kind=kind,
                    county=county,
                    department=department,
                    address=f"{county.name}{rng.randrange(1, 300)}号",
                    contact_name=demo.person_name(rng),
                    contact_phone=demo.mobile(rng),
                )
            )
        made = Unit.objects.bulk_create(new_units, batch_size=BATCH)
        chain_links, cluster_links, field_links = [], [], []
        for unit in made:
            for chain in rng.sample(chains, rng.choice((1, 1, 2))):
                chain_links.append(Unit.chains.through(unit_id=unit.pk, industrychain_id=chain.pk))
                cluster_links.append((unit.pk, chain.cluster_id))
            field_links.append(Unit.tech_fields.through(unit_id=unit.pk, keytechfield_id=rng.choice(fields).pk))
        Unit.chains.through.objects.bulk_create(chain_links, batch_size=BATCH)
        Unit.clusters.through.objects.bulk_create(
            [Unit.clusters.through(unit_id=u, industrycluster_id=c) for u, c in set(cluster_links)], batch_size=BATCH
        )
        Unit.tech_fields.through.objects.bulk_create(field_links, batch_size=BATCH)
        return list(Unit.objects.prefetch_related("chains"))

    def _talents(self, rng: random.Random, count: int, units: list[Unit]) -> None:
        fields = list(KeyTechField.objects.all())
        seen = set(Talent.objects.values_list("id_number", flat=True))
        educations = [Education.DOCTORATE] * 4 + [Education.MASTER] * 4 + [Education.BACHELOR] * 2 + [Education.COLLEGE]
        titles = list(ProfessionalTitle)
        today = datetime.date.today()
        for offset in range(0, count, BATCH):
            batch, homes = [], []
            for _ in range(min(BATCH, count - offset)):
                number = demo.id_number(rng)
                while number in seen:
                    number = demo.id_number(rng)
                seen.add(number)
                birth, gender = id_number_facts(number)
                name = demo.person_name(rng)
                pinyin, initials = pinyin_keys(name)
                unit = rng.choice(units)
                unit_chains = list(unit.chains.all())
                batch.append(
                    Talent(
                        name=name,
                        name_pinyin=pinyin,
                        name_initials=initials,
                        id_number=number,
                        gender=gender,
                        birth_date=birth,
                        education=rng.choice(educations),
                        title=rng.choice(titles),
                        specialty=rng.choice(demo.SPECIALTIES),
                        tech_field=rng.choice(fields),
                        chain=rng.choice(unit_chains) if unit_chains else None,
                        has_overseas_experience=rng.random() < 0.18,
                        phone=demo.mobile(rng),
                    )
                )
                homes.append(unit)
            made = Talent.objects.bulk_create(batch, batch_size=BATCH)
            links = []
            for talent, unit in zip(made, homes, strict=True):
                start = today - datetime.timedelta(days=rng.randrange(30, 3000))
                links.append(
                    Affiliation(
                        talent=talent,
                        unit=unit,
                        start_date=start,
                        position=rng.choice(("研发负责人", "首席科学家", "总工程师", "教授", "主任医师", "高级工程师")),
                    )
                )
                if rng.random() < 0.05:  # some talents serve a second unit flexibly
                    other = rng.choice(units)
                    if other.pk != unit.pk:
                        links.append(Affiliation(talent=talent, unit=other, start_date=start, position="兼职专家"))
            Affiliation.objects.bulk_create(links, batch_size=BATCH)
            self.stdout.write(f"  talents: {offset + len(batch)}/{count}")

    def _logins(self) -> None:
        county = Jurisdiction.objects.get(code="410402")
        unit = Unit.objects.filter(county=county).order_by("pk").first() or Unit.objects.order_by("pk").first()
        talent = (
            Talent.objects.filter(affiliations__unit=unit, affiliations__end_date__isnull=True).order_by("pk").first()
        )
        accounts = [
            ("office", "人才办 王主任", Role.TALENT_OFFICE, {}),
            ("county", "新华区 李科长", Role.JURISDICTION, {"jurisdiction": county}),
            ("dept", "市科技局 赵科长", Role.JURISDICTION, {"jurisdiction": Jurisdiction.objects.get(name="市科技局")}),
            ("unit", f"{unit.name} 人事处", Role.UNIT, {"unit": unit}),
            ("talent", talent.name if talent else "人才", Role.TALENT, {"talent": talent}),
            ("expert", "评审专家 孙教授", Role.EXPERT, {}),
        ]
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, full_name, role, scope in accounts:
            user, created = User.objects.get_or_create(
                username=username, defaults={"full_name": full_name, "role": role, **scope}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = role == Role.TALENT_OFFICE
                user.save()
                if user.is_staff:
                    user.user_permissions.set(
                        Permission.objects.filter(
                            content_type__app_label__in=["registry", "accounts"],
                            content_type__model__in=[
                                "jurisdiction",
                                "industrycluster",
                                "industrychain",
                                "platformtype",
                                "keytechfield",
                                "user",
                            ],
                        )
                    )
            self.stdout.write(f"  {username:<8} {user.get_role_display()}  {user.scope_label}")
