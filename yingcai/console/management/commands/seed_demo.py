"""Load a realistic demo data set of any size, with one demo login per role.

Bulk inserts keep 100 000 talents to minutes. The data set is random but repeatable (--seed).
Besides units and talents it brings in about 40 % of the talents (第七条–第八条): full-time
introductions with contracts of 3–5 years, flexible ones with agreements and the working periods
their units logged, the channels they came through, their review steps, and the closed years.
"""

import datetime
import math
import random
import time
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from yingcai.accounts import demo as accounts_demo
from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.certification import demo as certification_demo
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.compliance import close_year
from yingcai.introductions.domain.dates import Period, clip, inclusive_days, minimum_end, year_bounds
from yingcai.introductions.domain.declarations import check_ready_for_review
from yingcai.introductions.enums import (
    ChannelKind,
    IntroductionManner,
    IntroductionMode,
    IntroductionState,
    ServiceForm,
)
from yingcai.introductions.models import Channel, Introduction, WorkPeriod
from yingcai.introductions.workflow import INTRODUCTION_REVIEW
from yingcai.policy.domain import load_policy_rules, rule_in_force
from yingcai.projects import demo as projects_demo
from yingcai.registry import demo
from yingcai.registry.domain.names import pinyin_keys
from yingcai.registry.domain.reference import load_reference_data
from yingcai.registry.enums import TERRITORIAL_KINDS, JurisdictionKind, UnitKind
from yingcai.registry.models import Affiliation, IndustryChain, Jurisdiction, KeyTechField, Talent, Unit
from yingcai.registry.validators import id_number_facts
from yingcai.selection import demo as selection_demo
from yingcai.selection import demo_today as selection_demo_today
from yingcai.support import demo as support_demo
from yingcai.workflows.models import ReviewStep

DEMO_PASSWORD = accounts_demo.DEMO_PASSWORD
DEMO_DEPARTMENTS = ("市科技局", "市教育局", "市卫生健康委", "市工业和信息化局", "市人社局")
BATCH = 5000
DEMO_COUNTY_CODE = "410402"  # 新华区: the demo county login's, and the demo unit's
INTRODUCED_SHARE = 0.4
DEMO_CONTRACT_FILE = "introductions/contracts/demo/示例-工作合同.pdf"
DEMO_CONTRACT_NAME = "示例-工作合同.pdf"


class Command(BaseCommand):
    help = "Generate demo units, talents and one login per role (idempotent for the logins)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--talents", type=int, default=2000)
        parser.add_argument("--units", type=int, default=None, help="default: one unit per 10 talents")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when talents already exist")

    def handle(self, *args, talents: int, units: int | None, seed: int, if_empty: bool, **options) -> None:
        load_reference_data()
        load_policy_rules()  # the introductions are judged by them (idempotent)
        already = Talent.objects.exists()
        if if_empty and already:
            self.stdout.write("demo data already present")
        else:
            started = time.monotonic()
            rng = random.Random(seed)
            unit_count = units or max(20, talents // 10)
            with transaction.atomic():
                departments = self._departments()
                made_units = self._units(rng, unit_count, departments)
                homes = self._talents(rng, talents, made_units, self._demo_unit())
            self.stdout.write(f"created {unit_count} units and {talents} talents in {time.monotonic() - started:.1f}s")
            started = time.monotonic()
            with transaction.atomic():
                made = IntroductionSeeder(rng, self.stdout).run(homes, demo_unit=self._demo_unit())
            self.stdout.write(f"created {made} introductions in {time.monotonic() - started:.1f}s")
        self._logins()
        if not (if_empty and already):
            self._programmes(random.Random(seed))

    def _programmes(self, rng: random.Random) -> None:
        """Selection rounds, projects, certifications and support, through their own demo modules
        (each idempotent, each after the logins it hands work to)."""
        today = timezone.localdate()
        for name, module in (
            ("selection", selection_demo),
            ("selection today", selection_demo_today),
            ("projects", projects_demo),
            ("certification", certification_demo),
            ("support", support_demo),
        ):
            started = time.monotonic()
            with transaction.atomic():
                module.seed(rng=rng, today=today)
            self.stdout.write(f"{name} demo in {time.monotonic() - started:.1f}s")

    @staticmethod
    def _demo_unit() -> Unit | None:
        """The demo 'unit' login's unit: the first unit in 新华区 (or the first unit at all)."""
        return (
            Unit.objects.filter(county__code=DEMO_COUNTY_CODE).order_by("pk").first()
            or Unit.objects.order_by("pk").first()
        )

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
        used = set(Unit.objects.values_list("name", flat=True))
        new_units = []
        for _ in range(count):
            kind = rng.choice(kinds)
            county = rng.choice(counties)
            # A county has only so many hospitals and universities: then an enterprise of it.
            name = demo.unit_name(rng, kind, county.name, used)
            if name is None:
                kind = UnitKind.ENTERPRISE
                name = demo.unit_name(rng, kind, county.name, used)
            used.add(name)
            code = demo.credit_code(rng, county.code or "410400")
            while code in seen:
                code = demo.credit_code(rng, county.code or "410400")
            seen.add(code)
            department = departments[department_of[kind]] if kind in department_of and rng.random() < 0.6 else None
            new_units.append(
                Unit(
                    name=name,
                    credit_code=code,
                    kind=kind,
                    county=county,
                    department=department,
                    address=demo.address(rng, county.name),
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
        return list(Unit.objects.select_related("county").prefetch_related("chains"))

    def _talents(
        self, rng: random.Random, count: int, units: list[Unit], demo_unit: Unit | None
    ) -> list[tuple[Talent, Unit]]:
        """Create `count` talents; the first few work at the demo unit, so its login has people to
        show. Returns each new talent with its home unit."""
        demo_home = next((u for u in units if demo_unit and u.pk == demo_unit.pk), None)
        homes_made: list[tuple[Talent, Unit]] = []
        fields = list(KeyTechField.objects.all())
        seen = set(Talent.objects.values_list("id_number", flat=True))
        today = timezone.localdate()
        for offset in range(0, count, BATCH):
            batch, homes = [], []
            for _ in range(min(BATCH, count - offset)):
                # Leading talents of 32 to 62: old enough for the posts they hold, not yet retired.
                born = datetime.date(today.year - 62, 1, 1) + datetime.timedelta(days=rng.randrange(30 * 365))
                number = demo.id_number(rng, born=born)
                while number in seen:
                    number = demo.id_number(rng, born=born)
                seen.add(number)
                birth, gender = id_number_facts(number)
                name = demo.person_name(rng)
                pinyin, initials = pinyin_keys(name)
                unit = rng.choice(units)
                if demo_home is not None and offset + len(batch) < IntroductionSeeder.DEMO_UNIT_TALENTS:
                    unit = demo_home
                unit_chains = list(unit.chains.all())
                age = (today - birth).days // 365
                profile = demo.career(rng, unit_kind=unit.kind, unit_name=unit.name, age=age)
                batch.append(
                    Talent(
                        name=name,
                        name_pinyin=pinyin,
                        name_initials=initials,
                        id_number=number,
                        gender=gender,
                        birth_date=birth,
                        education=profile["education"],
                        title=profile["title"],
                        specialty=profile["specialty"],
                        tech_field=rng.choice(fields),
                        chain=rng.choice(unit_chains) if unit_chains else None,
                        has_overseas_experience=rng.random() < 0.18,
                        phone=demo.mobile(rng),
                    )
                )
                homes.append((unit, profile["position"]))
            made = Talent.objects.bulk_create(batch, batch_size=BATCH)
            homes_made.extend((talent, unit) for talent, (unit, _) in zip(made, homes, strict=True))
            links = []
            for talent, (unit, position) in zip(made, homes, strict=True):
                start = today - datetime.timedelta(days=rng.randrange(30, 3000))
                links.append(
                    Affiliation(
                        talent=talent,
                        unit=unit,
                        start_date=start,
                        position=position,
                    )
                )
                if rng.random() < 0.05:  # some talents serve a second unit flexibly
                    other = rng.choice(units)
                    if other.pk != unit.pk:
                        links.append(Affiliation(talent=talent, unit=other, start_date=start, position="兼职专家"))
            Affiliation.objects.bulk_create(links, batch_size=BATCH)
            self.stdout.write(f"  talents: {offset + len(batch)}/{count}")
        return homes_made

    def _logins(self) -> None:
        county = Jurisdiction.objects.get(code=DEMO_COUNTY_CODE)
        unit = self._demo_unit()
        # The demo unit's first two talents (DEMO_UNIT_PLANS): one full time, one flexible.
        first_two = Talent.objects.filter(affiliations__unit=unit, affiliations__end_date__isnull=True)
        talent, flexible = [*first_two.order_by("pk").distinct()[:2], None, None][:2]
        accounts = [
            ("office", "人才办 王主任", Role.TALENT_OFFICE, {}),
            ("county", "新华区 李科长", Role.JURISDICTION, {"jurisdiction": county}),
            ("dept", "市科技局 赵科长", Role.JURISDICTION, {"jurisdiction": Jurisdiction.objects.get(name="市科技局")}),
            # The departments that carry out support tasks (第十三条): each sees the tasks routed to it.
            (
                "edu",
                "市教育局 基础教育科",
                Role.JURISDICTION,
                {"jurisdiction": Jurisdiction.objects.get(name="市教育局")},
            ),
            (
                "hrss",
                "市人社局 人才开发科",
                Role.JURISDICTION,
                {"jurisdiction": Jurisdiction.objects.get(name="市人社局")},
            ),
            (
                "health",
                "市卫生健康委 医政医管科",
                Role.JURISDICTION,
                {"jurisdiction": Jurisdiction.objects.get(name="市卫生健康委")},
            ),
            (
                "housing",
                "市住建局 住房保障科",
                Role.JURISDICTION,
                # Created with the support items it carries out (人才公寓, data/policy/support_items.csv).
                {"jurisdiction": Jurisdiction.objects.get(name="市住房和城乡建设局")},
            ),
            ("unit", f"{unit.name} 人事处", Role.UNIT, {"unit": unit}),
            ("talent", talent.name if talent else "人才", Role.TALENT, {"talent": talent}),
            ("flexible", flexible.name if flexible else "人才", Role.TALENT, {"talent": flexible}),
            ("expert", "评审专家 孙建华", Role.EXPERT, {}),
        ]
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, full_name, role, scope in accounts:
            user, created = User.objects.get_or_create(
                username=username, defaults={"full_name": full_name, "role": role, **scope}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            self.stdout.write(f"  {username:<10} {user.get_role_display()}  {user.scope_label}")
        self.stdout.write("  (these sign in without 2FA in the embedded demo: DEMO_EXEMPT_LOGINS, set by `make run`)")
        accounts_demo.administrators(password=DEMO_PASSWORD, stdout=self.stdout)


# --- introductions (第七条–第九条) ---------------------------------------------------------------------

EVENTS = (
    (ChannelKind.EVENT, "2024中国·平顶山招才引智大会", datetime.date(2024, 5, 18)),
    (ChannelKind.EVENT, "2025中国·平顶山招才引智大会", datetime.date(2025, 5, 17)),
    (ChannelKind.EVENT, "2026中国·平顶山招才引智大会", datetime.date(2026, 5, 16)),
    (ChannelKind.EVENT, "鹰城英才周·名校行（郑州站）", datetime.date(2025, 4, 12)),
    (ChannelKind.EVENT, "中国尼龙城尼龙新材料项目路演", datetime.date(2025, 9, 20)),
    (ChannelKind.COMPETITION, "2024平顶山市创新创业大赛", datetime.date(2024, 10, 26)),
    (ChannelKind.COMPETITION, "2025平顶山市创新创业大赛（人工智能赛道）", datetime.date(2025, 10, 25)),
    (ChannelKind.COMPETITION, "2025平顶山市创新创业大赛（生物医药赛道）", datetime.date(2025, 10, 25)),
    (ChannelKind.PLATFORM, "河南省尼龙新材料中试基地", None),
    (ChannelKind.PLATFORM, "平顶山市储能电池技术创新中心", None),
    (ChannelKind.PLATFORM, "中原学者工作站（平顶山学院）", None),
    (ChannelKind.PLATFORM, "平顶山电气装备产业研究院", None),
    (ChannelKind.OVERSEAS_ORG, "平顶山市欧美同学会（留学人员联谊会）", None),
    (ChannelKind.OVERSEAS_ORG, "河南省欧美同学会·海外人才离岸创新中心", None),
)
# Market bodies and social forces per county (第九条): headhunters, agencies, chambers of commerce.
MARKET_BODIES = ("{short}鹰才猎头服务有限公司", "{name}驻深圳商会", "{name}人力资源服务产业园")
TRANSFERRED_FROM = (
    "郑州大学",
    "河南大学",
    "上海交通大学",
    "浙江大学",
    "北京化工大学",
    "武汉理工大学",
    "中国科学院化学研究所",
    "深圳市",
    "苏州市",
    "洛阳市",
    "德国亚琛工业大学",
    "新加坡国立大学",
)
WORK_DONE = (
    "新产品中试工艺攻关",
    "技术咨询与方案评审",
    "联合实验室课题研究",
    "产线智能化改造指导",
    "研究生联合培养与学术交流",
    "项目申报与技术路线论证",
    "检测方法开发与验证",
    "关键设备选型与调试",
)
RETURN_REASONS = (
    "合同未加盖单位公章，请补充后重新提交。",
    "人事关系转入证明材料不全。",
    "柔性引进协议未明确服务方式和在岗时间要求。",
    "引进日期与合同起始日期不一致，请核实。",
)


def _moment(day: datetime.date, draw: random.Random, now: datetime.datetime) -> datetime.datetime:
    """A moment in office hours of ``day`` (8:30 to 16:30), never later than ``now``."""
    start = datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=timezone.get_current_timezone())
    return min(start + datetime.timedelta(minutes=draw.randrange(8 * 60)), now)


# A valid one-page PDF shown as every demo contract (the API and pages link to it).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
S = IntroductionState


@dataclass
class Plan:
    """What one demo introduction should look like; the dates are drawn from it."""

    mode: str
    state: str
    profiles: tuple[str, ...] = ()  # flexible: "met", "short" or "overlap" for the last years, this year last
    years: int = 3  # full-time contract years
    agreement_this_year: bool = False
    becomes_full_time: bool = False


# The demo unit's introductions: one of each kind a demo user should see.
DEMO_UNIT_PLANS = (
    # The `talent` login: full time, certified, support awaiting their own confirmation.
    Plan(IntroductionMode.FULL_TIME, S.CONFIRMED, years=5),
    # The `flexible` login: serves flexibly, this year's working days short of the rule (at risk).
    Plan(IntroductionMode.FLEXIBLE, S.CONFIRMED, ("met", "short")),
    Plan(IntroductionMode.FLEXIBLE, S.CONFIRMED, ("met", "met")),
    Plan(IntroductionMode.FLEXIBLE, S.CONFIRMED, ("overlap", "overlap")),
    Plan(IntroductionMode.FLEXIBLE, S.SUBMITTED, ("short",), agreement_this_year=True),
    Plan(IntroductionMode.FLEXIBLE, S.CONFIRMED, ("met", "met"), becomes_full_time=True),
    Plan(IntroductionMode.FULL_TIME, S.CONFIRMED, years=3),
    Plan(IntroductionMode.FULL_TIME, S.COUNTY_APPROVED, years=4),
    Plan(IntroductionMode.FULL_TIME, S.SUBMITTED, years=3),
    Plan(IntroductionMode.FULL_TIME, S.DRAFT, years=3),
    Plan(IntroductionMode.FULL_TIME, S.RETURNED, years=3),
    Plan(IntroductionMode.FLEXIBLE, S.DRAFT, agreement_this_year=True),
    # 待转入: confirmed, the personnel relation moves in a few weeks from now (第七条).
    Plan(IntroductionMode.FULL_TIME, S.PENDING_TRANSFER, years=3),
    # 历史记录: a contract that began before the work rules took effect, kept by the office.
    Plan(IntroductionMode.FULL_TIME, S.HISTORICAL, years=3),
)
HISTORY_REASON = "合同起始于本细则施行之前，经核实作为历史记录存档，不计入统计和待遇。"


def _morning(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


class IntroductionSeeder:
    """Introductions for about 40 % of the new talents, valid by the domain's rules: each record
    passes `check_ready_for_review`, contracts are 3 years or more (第七条), working periods lie
    inside the agreement and not in the future (第八条). Past years are closed by `close_year`."""

    DEMO_UNIT_TALENTS = len(DEMO_UNIT_PLANS)
    FULL_TIME_STATES = ((S.CONFIRMED, 58), (S.COUNTY_APPROVED, 10), (S.SUBMITTED, 12), (S.RETURNED, 8), (S.DRAFT, 12))
    FLEXIBLE_STATES = ((S.CONFIRMED, 70), (S.COUNTY_APPROVED, 8), (S.SUBMITTED, 8), (S.RETURNED, 6), (S.DRAFT, 8))
    PROFILES = (("met", 55), ("short", 30), ("overlap", 15))

    def __init__(self, rng: random.Random, stdout) -> None:
        self.rng = rng
        self.stdout = stdout
        self.today = timezone.localdate()
        self.year = self.today.year
        self.first_day = datetime.date(2024, 1, 8)  # the rules data applies from 2024-01-01
        rule_day = min(self.today, year_bounds(self.today.year)[1])
        self.min_days = rule_in_force(rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR, rule_day).number
        self.prorate = rule_in_force(rules_keys.FLEXIBLE_PRORATE_PARTIAL_YEAR, rule_day).number == 1
        self.steps: list[ReviewStep] = []
        self.made_ids: set[int] = set()
        self.content_type = ContentType.objects.get_for_model(Introduction)

    # -- the whole run --------------------------------------------------------------------------------

    def run(self, homes: list[tuple[Talent, Unit]], *, demo_unit: Unit | None) -> int:
        if not homes:
            return 0
        self._contract_file()
        channels = self._channels()
        planned: list[tuple[Talent, Unit, Plan]] = []
        scripted = 0
        for talent, unit in homes:
            # The demo unit's first talents (see Command._talents) get one introduction of each kind.
            if demo_unit is not None and unit.pk == demo_unit.pk and scripted < len(DEMO_UNIT_PLANS):
                planned.append((talent, unit, DEMO_UNIT_PLANS[scripted]))
                scripted += 1
            elif self.rng.random() < INTRODUCED_SHARE:
                planned.append((talent, unit, self._random_plan()))
        made = 0
        for offset in range(0, len(planned), BATCH):
            made += self._batch(planned[offset : offset + BATCH], channels)
            self.stdout.write(f"  introductions: {min(offset + BATCH, len(planned))}/{len(planned)}")
        ReviewStep.objects.bulk_create(self.steps, batch_size=BATCH)
        self._date_history()
        self._date_waiting_steps()
        closed = 0
        for year in range(self.first_day.year, self.today.year):
            closed += close_year(year=year, today=self.today)
        self.stdout.write(f"  closed flexible service years: {closed}")
        return made

    def _date_waiting_steps(self) -> None:
        """The records waiting for a review reached their step on some day of the last eight weeks
        (bulk_create stamps every step now), so the review queues have some past their deadline."""
        waiting = Introduction.objects.filter(state__in=(S.SUBMITTED, S.COUNTY_APPROVED)).values_list("pk", "state")
        for pk, state in waiting:
            draw = random.Random(f"review-wait:{pk}")  # demo data, the same on every run
            arrived = self.today - datetime.timedelta(days=draw.randint(0, 55))
            submitted = (
                arrived - datetime.timedelta(days=draw.randint(2, 12)) if state == S.COUNTY_APPROVED else arrived
            )
            steps = ReviewStep.objects.filter(content_type=self.content_type, object_id=pk)
            steps.filter(transition="submit").update(at=_morning(submitted))
            steps.filter(transition="county_approve").update(at=_morning(arrived))
            # filed before it was sent (`_date_history` may have dated it later)
            Introduction.objects.filter(pk=pk, created_at__gt=_morning(submitted)).update(
                created_at=_morning(submitted - datetime.timedelta(days=draw.randint(1, 5)))
            )

    def _random_plan(self) -> Plan:
        rng = self.rng
        if rng.random() < 0.5:
            return Plan(
                IntroductionMode.FULL_TIME, self._weighted(self.FULL_TIME_STATES), years=rng.choice((3, 3, 3, 4, 5))
            )
        state = self._weighted(self.FLEXIBLE_STATES)
        late = state == S.DRAFT or (state in (S.SUBMITTED, S.COUNTY_APPROVED) and rng.random() < 0.5)
        return Plan(
            IntroductionMode.FLEXIBLE,
            state,
            profiles=(self._weighted(self.PROFILES), self._weighted(self.PROFILES)),
            agreement_this_year=late,
        )

    def _weighted(self, choices):
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    # -- reference: channels and the demo contract file -------------------------------------------

    def _contract_file(self) -> None:
        if not default_storage.exists(DEMO_CONTRACT_FILE):
            default_storage.save(DEMO_CONTRACT_FILE, ContentFile(DEMO_PDF))

    def _channels(self) -> dict[str, list[Channel]]:
        """The events, competitions, platforms and organisations talents come through, and for each
        county its market bodies (idempotent: channels are reference data, found by name)."""
        wanted = [(kind, name, held_on, None) for kind, name, held_on in EVENTS]
        for county in Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS, is_active=True):
            short = county.name.rstrip("区县市") or county.name
            for pattern in MARKET_BODIES:
                wanted.append((ChannelKind.MARKET_BODY, pattern.format(short=short, name=county.name), None, county))
        by_kind: dict[str, list[Channel]] = {}
        for kind, name, held_on, county in wanted:
            channel, _made = Channel.objects.get_or_create(
                kind=kind, name=name, defaults={"held_on": held_on, "county": county}
            )
            by_kind.setdefault(kind, []).append(channel)
        return by_kind

    def _channel_for(self, channels, unit: Unit, talent: Talent, manner: str, introduced_on) -> Channel | None:
        rng = self.rng
        if manner == IntroductionManner.CENTRALIZED:
            held = [c for c in channels[ChannelKind.EVENT] + channels[ChannelKind.COMPETITION] if c.held_on]
            before = [c for c in held if c.held_on <= introduced_on]
            return max(before, key=lambda c: c.held_on) if before else rng.choice(held)
        roll = rng.random()
        if talent.has_overseas_experience and roll < 0.5:
            return rng.choice(channels[ChannelKind.OVERSEAS_ORG])
        if roll < 0.3:
            local = [c for c in channels.get(ChannelKind.MARKET_BODY, []) if c.county_id == unit.county_id]
            return rng.choice(local) if local else None
        if roll < 0.5:
            return rng.choice(channels[ChannelKind.PLATFORM])
        return None

    # -- one batch of introductions -------------------------------------------------------------------

    def _batch(self, planned: list[tuple[Talent, Unit, Plan]], channels) -> int:
        introductions = [self._introduction(talent, unit, plan, channels) for talent, unit, plan in planned]
        made = Introduction.objects.bulk_create(introductions, batch_size=BATCH)
        self.made_ids.update(i.pk for i in made)
        periods: list[WorkPeriod] = []
        for introduction, (_talent, unit, plan) in zip(made, planned, strict=True):
            self._review_steps(introduction, unit)
            if plan.becomes_full_time:
                periods.extend(self._change_to_full_time(introduction))
            elif introduction.is_flexible and introduction.state not in (S.DRAFT, S.RETURNED):
                periods.extend(self._work_periods(introduction, plan.profiles))
        WorkPeriod.objects.bulk_create(periods, batch_size=BATCH)
        return len(made) + sum(1 for _t, _u, plan in planned if plan.becomes_full_time)

    def _introduction(self, talent: Talent, unit: Unit, plan: Plan, channels) -> Introduction:
        rng = self.rng
        manner = self._weighted(
            (
                (IntroductionManner.INDIVIDUAL, 50),
                (IntroductionManner.CENTRALIZED, 30),
                (IntroductionManner.AUTONOMOUS, 20),
            )
        )
        unit_chains = list(unit.chains.all())
        chain_id = talent.chain_id or (unit_chains[0].pk if unit_chains else None)
        if plan.mode == IntroductionMode.FULL_TIME and plan.state == S.HISTORICAL:
            introduction = self._full_time(self._day_between(datetime.date(2021, 3, 1), datetime.date(2023, 6, 30)), 3)
        elif plan.mode == IntroductionMode.FULL_TIME and plan.state == S.PENDING_TRANSFER:
            introduction = self._full_time(self.today - datetime.timedelta(days=self.rng.randrange(20, 40)), plan.years)
            introduction.personnel_transferred_on = self.today + datetime.timedelta(days=self.rng.randrange(15, 45))
        elif plan.mode == IntroductionMode.FULL_TIME:
            if plan.state == S.CONFIRMED:
                introduced_on = self._day_between(self.first_day, self.today - datetime.timedelta(days=30))
            else:  # what is still in review or being corrected was declared recently
                introduced_on = self._day_between(
                    max(self.first_day, self.today - datetime.timedelta(days=150)),
                    self.today - datetime.timedelta(days=5),
                )
            introduction = self._full_time(introduced_on, plan.years)
        else:
            if plan.becomes_full_time:
                start = datetime.date(self.year - 1, 3, 1)
            elif plan.agreement_this_year:
                start = self._day_between(datetime.date(self.year, 1, 5), self.today - datetime.timedelta(days=30))
            else:  # agreements running over last year and this one (2025–2027 when the demo was written)
                start = self._day_between(datetime.date(self.year - 2, 9, 1), datetime.date(self.year - 1, 9, 30))
            years = 3 if plan.becomes_full_time or rng.random() < 0.8 else 2
            forms = rng.sample(ServiceForm.values, rng.choice((1, 1, 2, 3)))
            introduction = Introduction(
                mode=IntroductionMode.FLEXIBLE,
                introduced_on=start,
                service_forms=sorted(forms),
                agreement_start=start,
                agreement_end=minimum_end(start, years),
            )
        introduction.talent = talent
        introduction.unit = unit
        introduction.manner = manner
        introduction.chain_id = chain_id
        introduction.channel = self._channel_for(channels, unit, talent, manner, introduction.introduced_on)
        introduction.state = plan.state
        if introduction.mode == IntroductionMode.FULL_TIME and (plan.state != S.DRAFT or rng.random() < 0.5):
            introduction.contract_file = DEMO_CONTRACT_FILE
            introduction.contract_file_name = DEMO_CONTRACT_NAME
        self._validate(introduction)
        return introduction

    def _full_time(self, introduced_on: datetime.date, years: int) -> Introduction:
        end = minimum_end(introduced_on, years)  # exactly `years` years, both ends included
        if self.rng.random() < 0.4:
            end = minimum_end(introduced_on + datetime.timedelta(days=self.rng.randrange(1, 200)), years)
        return Introduction(
            mode=IntroductionMode.FULL_TIME,
            introduced_on=introduced_on,
            personnel_transferred_on=min(
                introduced_on + datetime.timedelta(days=self.rng.randrange(0, 45)), self.today
            ),
            transferred_from=self.rng.choice(TRANSFERRED_FROM),
            contract_start=introduced_on,
            contract_end=end,
        )

    @staticmethod
    def _validate(introduction: Introduction) -> None:
        """The domain's own check (第七条); it also records the contract rule version and the
        decision. A draft may still lack its contract file."""
        try:
            check_ready_for_review(introduction)
        except ValidationError as error:
            if not (introduction.state == S.DRAFT and set(error.message_dict) == {"contract_file"}):
                raise

    def _day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randrange(0, max((last - first).days, 0) + 1))

    # -- review steps ----------------------------------------------------------------------------------

    def _review_steps(self, introduction: Introduction, unit: Unit) -> None:
        county = unit.county.name
        unit_actor = (f"{unit.name} 人事处"[:150], unit.name[:128])
        county_actor = (f"{county}人才工作科", county)
        office_actor = ("市委人才办", "全市")
        path = {
            S.DRAFT: [],
            S.SUBMITTED: [("submit", unit_actor)],
            S.COUNTY_APPROVED: [("submit", unit_actor), ("county_approve", county_actor)],
            S.CONFIRMED: [("submit", unit_actor), ("county_approve", county_actor), ("confirm", office_actor)],
            S.PENDING_TRANSFER: [
                ("submit", unit_actor),
                ("county_approve", county_actor),
                ("confirm_pending_transfer", office_actor),
            ],
            S.HISTORICAL: [("submit", unit_actor), ("county_approve", county_actor), ("record_history", office_actor)],
            S.RETURNED: [("submit", unit_actor), ("county_return", county_actor)]
            if self.rng.random() < 0.6
            else [("submit", unit_actor), ("county_approve", county_actor), ("office_return", office_actor)],
        }[introduction.state]
        state = S.DRAFT
        for name, (actor_name, actor_scope) in path:
            transition = INTRODUCTION_REVIEW.transition(name)
            self.steps.append(
                ReviewStep(
                    content_type=self.content_type,
                    object_id=introduction.pk,
                    workflow=INTRODUCTION_REVIEW.name,
                    transition=name,
                    transition_label=str(transition.label),
                    from_state=state,
                    to_state=transition.target,
                    actor_name=actor_name,
                    actor_scope=actor_scope,
                    reason=HISTORY_REASON
                    if name == "record_history"
                    else (self.rng.choice(RETURN_REASONS) if transition.needs_reason else ""),
                )
            )
            state = transition.target

    def _date_history(self) -> None:
        """Date each record and its review steps as the history they stand for (issue 17): filed
        some days before the introduction (or the flexible agreement) began, each review step a
        few working days after the one before, never after today. Drawn from each record's own
        generator, so the rest of the demo stays as it was."""
        steps_of: dict[int, list[ReviewStep]] = {}
        for step in self.steps:
            steps_of.setdefault(step.object_id, []).append(step)
        introductions = list(Introduction.objects.filter(pk__in=steps_of.keys() | self.made_ids).order_by("pk"))
        timezone_now = timezone.localtime()
        for introduction in introductions:
            draw = random.Random(f"history:{introduction.pk}")
            began = introduction.agreement_start or introduction.introduced_on or self.today
            day = min(began - datetime.timedelta(days=draw.randint(3, 30)), self.today)
            introduction.created_at = _moment(day, draw, timezone_now)
            for step in steps_of.get(introduction.pk, []):
                day = min(day + datetime.timedelta(days=draw.randint(1, 9)), self.today)
                step.at = _moment(day, draw, timezone_now)
        Introduction.objects.bulk_update(introductions, ["created_at"], batch_size=BATCH)
        ReviewStep.objects.bulk_update(self.steps, ["at"], batch_size=BATCH)

    # -- working periods (第八条) ------------------------------------------------------------------------

    def _work_periods(self, introduction: Introduction, profiles: tuple[str, ...]) -> list[WorkPeriod]:
        agreement = (introduction.agreement_start, introduction.agreement_end)
        last = min(d for d in (introduction.agreement_end, introduction.ended_on, self.today) if d is not None)
        if last < agreement[0]:
            return []
        span = (agreement[0], last)  # inside the agreement, up to its end and never in the future
        periods: list[Period] = []
        for year in range(span[0].year, span[1].year + 1):
            window = clip(span, year_bounds(year))
            if window is None:
                continue
            # profiles name the last years first-to-last: ("met", "short") is last year met, this year short
            back = self.today.year - year
            profile = profiles[-1 - back] if back < len(profiles) else self._weighted(self.PROFILES)
            periods.extend(self._periods_in(window, self._required(agreement, year), profile))
        crossing = (datetime.date(self.year - 1, 12, 22), datetime.date(self.year, 1, 8))
        if self.rng.random() < 0.08 and clip(span, crossing) == crossing:
            periods.append(crossing)  # a period that crosses the year end is split when counted
        return [
            WorkPeriod(introduction=introduction, start=start, end=end, description=self.rng.choice(WORK_DONE))
            for start, end in periods
        ]

    def _required(self, agreement: Period, year: int) -> int:
        """Roughly what the rules ask of `year`, to aim the demo at met or short; the verdicts
        themselves are the domain's (compliance.year_compliance)."""
        year_days = inclusive_days(*year_bounds(year))
        covered = clip(agreement, year_bounds(year))
        covered_days = inclusive_days(*covered) if covered else 0
        if self.prorate and covered_days < year_days:
            return math.ceil(self.min_days * covered_days / year_days)
        return self.min_days

    def _periods_in(self, window: Period, required: int, profile: str) -> list[Period]:
        rng = self.rng
        if profile == "short":
            days = max(1, int(required * rng.uniform(0.25, 0.85)))
        elif profile == "overlap":
            days = required + rng.randrange(-10, 25)
        else:
            days = required + rng.randrange(0, 35)
        periods = self._lay_out(window, days, rng.randrange(2, 7))
        if profile == "overlap" and periods:
            for _ in range(rng.choice((1, 2))):
                start, end = rng.choice(periods)
                begin = start + datetime.timedelta(days=rng.randrange(0, inclusive_days(start, end)))
                periods.append((begin, min(begin + datetime.timedelta(days=rng.randrange(3, 20)), window[1])))
        return periods

    def _lay_out(self, window: Period, days: int, pieces: int) -> list[Period]:
        """`days` days in `pieces` separate stretches spread over `window` (no overlaps)."""
        length = inclusive_days(*window)
        days = max(1, min(days, length))
        pieces = max(1, min(pieces, days))
        cuts = sorted(self.rng.sample(range(1, days), pieces - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, days], strict=True)]
        free = length - days
        marks = sorted(self.rng.randint(0, free) for _ in range(pieces))
        gaps = [b - a for a, b in zip([0, *marks[:-1]], marks, strict=True)]  # before each stretch
        periods, cursor = [], window[0]
        for size, gap in zip(sizes, gaps, strict=True):
            cursor += datetime.timedelta(days=gap)
            end = cursor + datetime.timedelta(days=size - 1)
            periods.append((cursor, end))
            cursor = end + datetime.timedelta(days=1)
        return periods

    # -- a flexible talent who became full-time ------------------------------------------------------

    def _change_to_full_time(self, previous: Introduction) -> list[WorkPeriod]:
        """第七条: the flexible record ends the day before the full-time one starts and is kept;
        its periods run up to that day."""
        changed_on = min(datetime.date(self.year, 7, 1), self.today - datetime.timedelta(days=30))
        previous.ended_on = changed_on - datetime.timedelta(days=1)
        previous.end_reason = "转为全职引进"
        Introduction.objects.filter(pk=previous.pk).update(ended_on=previous.ended_on, end_reason=previous.end_reason)
        successor = self._full_time(changed_on, 5)
        successor.contract_end = minimum_end(changed_on, 5)
        successor.transferred_from = "上海交通大学"
        successor.talent, successor.unit, successor.supersedes = previous.talent, previous.unit, previous
        successor.manner, successor.channel_id, successor.chain_id = (
            previous.manner,
            previous.channel_id,
            previous.chain_id,
        )
        successor.state = S.CONFIRMED
        successor.contract_file = DEMO_CONTRACT_FILE
        successor.contract_file_name = DEMO_CONTRACT_NAME
        self._validate(successor)
        successor.save()
        self._review_steps(successor, previous.unit)
        return self._work_periods(previous, ("met", "met"))
