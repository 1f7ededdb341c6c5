"""Demo data of selection (第三条, 第十一条): an expert pool; last year's round taken all the way
(nominations accepted, experts assigned, scored, shortlist decided, 公示 published with one objection
answered, concluded and approved, so its selected talents have projects); this year's round whose
scoring has closed with about twelve scored nominations (so the results page has content); and one
round open for nominations. Run after the registry and introductions demo (``seed_demo``); a second
run adds nothing.

Everything goes through the domain functions with dates in the past (``on=``), as the office, the
units and the experts would have done it.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.core.demo_clock import as_of, some_day
from yingcai.publicity.domain import answer_objection, file_objection, objection_contact, update_objection_contact
from yingcai.registry.demo import person_name
from yingcai.registry.models import Affiliation, IndustryChain, KeyTechField
from yingcai.selection.demo_materials import add_demo_materials
from yingcai.selection.domain.approval import approve_round, publish_shortlist
from yingcai.selection.domain.assignments import assign_experts
from yingcai.selection.domain.experts import create_expert
from yingcai.selection.domain.nominations import accept_nomination, nominate
from yingcai.selection.domain.results import decide_shortlist, in_rank_order, results
from yingcai.selection.domain.rounds import create_round
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import AggregationMethod, NomineeRole, TaskLevel
from yingcai.selection.interfaces.forms import SUGGESTED_CRITERIA
from yingcai.selection.models import Expert, Nomination, SelectionRound

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - the demo logins' password, printed by seed_demo
# Outside experts and the title each employer gives them (a university's 教授, an academy's 研究员).
EMPLOYERS = {
    "郑州大学": ("教授",),
    "河南大学": ("教授",),
    "华北水利水电大学": ("教授",),
    "河南理工大学": ("教授",),
    "中国科学院过程工程研究所": ("研究员",),
    "河南省科学院": ("研究员",),
    "中国平煤神马控股集团有限公司": ("正高级工程师", "教授级高级工程师"),
}
TASKS = (
    "尼龙66关键单体己二腈国产化攻关",
    "高性能碳纤维原丝制备技术",
    "特高压开关设备关键部件研制",
    "煤基新材料清洁高效转化",
    "超高功率石墨电极制备",
    "盐穴储能关键技术示范",
    "新能源汽车电池隔膜材料",
    "高端轴承钢冶炼工艺",
    "智能矿山综采装备",
    "医用尼龙缝合线材料",
    "氢能储运关键装备",
    "硅基负极材料产业化",
    "工业互联网平台建设",
    "生物基聚酰胺合成",
)
COMMENTS = (
    "牵头攻关思路清晰，实际贡献突出。",
    "核心技术有突破，团队分工合理。",
    "成果已实现转化，与重点产业链契合。",
    "创新性较强，转化效益有待进一步体现。",
)


def _office() -> User | None:
    return User.objects.filter(username="office").first() or User.objects.filter(role=Role.TALENT_OFFICE).first()


def _expert_user() -> User:
    user, created = User.objects.get_or_create(
        username="expert", defaults={"full_name": "评审专家 孙建华", "role": Role.EXPERT}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _pool(rng: random.Random, office: User, fields: list, chains: list) -> list[Expert]:
    experts = []
    demo_user = _expert_user()
    if not Expert.objects.filter(user=demo_user).exists():
        experts.append(
            create_expert(
                by=office,
                data={
                    "user": demo_user,
                    "name": "孙建华",
                    "title": "教授",
                    "employer_name": "郑州大学",
                    "fields": fields,
                    "chains": chains[:3],
                },
            )
        )
    for i in range(1, 13):
        username = f"expert{i:02d}"
        if User.objects.filter(username=username).exists():
            continue
        employer = rng.choice(sorted(EMPLOYERS))
        experts.append(
            create_expert(
                by=office,
                data={
                    "username": username,
                    "initial_password": DEMO_PASSWORD,
                    "name": person_name(rng),
                    "title": rng.choice(EMPLOYERS[employer]),
                    "employer_name": employer,
                    "fields": rng.sample(fields, min(2, len(fields))),
                    "chains": rng.sample(chains, min(2, len(chains))),
                },
            )
        )
    return experts


def _nominees(rng: random.Random, count: int, exclude: set[int]) -> list[Affiliation]:
    """Current affiliations of distinct talents, at as many different units as possible."""
    picked, units = [], set()
    affiliations = list(
        Affiliation.objects.filter(end_date__isnull=True)
        .exclude(talent_id__in=exclude)
        .select_related("talent", "unit")
        .order_by("pk")[:600]
    )
    rng.shuffle(affiliations)
    for affiliation in affiliations:
        if affiliation.unit_id in units or affiliation.talent_id in exclude:
            continue
        picked.append(affiliation)
        units.add(affiliation.unit_id)
        exclude.add(affiliation.talent_id)
        if len(picked) == count:
            break
    return picked


def _nominate(rng, *, by, round, affiliation, fields, chains, on, serial):
    with as_of(on):
        nomination = _nomination(
            rng, by=by, round=round, affiliation=affiliation, fields=fields, chains=chains, on=on, serial=serial
        )
        # The materials the experts read, from a generator of their own so the rest of the demo stays as it was.
        add_demo_materials(
            random.Random(f"materials-{round.year}-{serial}-{affiliation.talent_id}"),  # noqa: S311 - demo data
            by=by,
            nomination=nomination,
            serial=serial,
            on=on,
        )
    return nomination


def _accept(rng, office, round, nominations, reason: str) -> None:
    """The office's formal check, on the working days after nominations close."""
    for i, nomination in enumerate(nominations):
        with as_of(round.nomination_closes + datetime.timedelta(days=1 + i % 3)):
            accept_nomination(by=office, nomination=nomination, reason=reason)


def _nomination(rng, *, by, round, affiliation, fields, chains, on, serial):
    return nominate(
        by=by,
        round=round,
        talent=affiliation.talent,
        unit=affiliation.unit,
        task_name=TASKS[serial % len(TASKS)],
        task_number=f"{round.year}{rng.randrange(10**7, 10**8)}",
        task_level=rng.choice((TaskLevel.PROVINCIAL, TaskLevel.PROVINCIAL, TaskLevel.MUNICIPAL)),
        task_funding=Decimal(rng.randrange(200, 3000)),
        nominee_role=rng.choice((NomineeRole.LEADER, NomineeRole.LEADER, NomineeRole.CHIEF_EXPERT)),
        task_start=datetime.date(round.year - 2, rng.randrange(1, 13), 1),
        task_end=datetime.date(round.year + 1, 12, 31),
        field=rng.choice(fields),
        chain=rng.choice(chains) if chains else None,
        on=on,
    )


def _score(
    rng: random.Random,
    office: User,
    round: SelectionRound,
    nominations: list,
    day: datetime.date,
    *,
    outlier: bool,
    strong: set[int] = frozenset(),
) -> None:
    """Assign the experts on `day` and have each score their sheets over the next days of the
    scoring window; `strong` nominations (ids) are marked high, and with `outlier` one sheet is far
    off so a spread is flagged."""
    with as_of(day):
        report = assign_experts(by=office, round=round, seed=rng.randrange(1000), on=day)
    strength = {n.pk: rng.randrange(62, 92) if n.pk not in strong else rng.randrange(88, 95) for n in nominations}
    codes = [c["code"] for c in SUGGESTED_CRITERIA]
    far_off = report.assignments[0].pk if report.assignments and outlier else None
    for assignment in report.assignments:
        harshness = (assignment.expert_id % 5) - 2  # some experts mark harder than others
        base = strength[assignment.nomination_id] - harshness * 3
        if assignment.pk == far_off:  # one far-off sheet, so a spread is flagged for discussion
            base -= 30
        scores = {code: max(0, min(100, base + rng.randrange(-8, 9))) for code in codes}
        comments = {code: rng.choice(COMMENTS) for code in codes}
        scored_on = some_day(day, within_days=7, last=round.scoring_closes)
        with as_of(scored_on):
            submit_scores(
                by=assignment.expert.user,
                assignment=assignment,
                scores=scores,
                comments=comments,
                overall_comment=rng.choice(COMMENTS),
                on=scored_on,
            )


OBJECTION_CONTACT = {
    "department": "中共平顶山市委人才工作领导小组办公室",
    "phone": "0375-2662100",
    "address": "",
    "email": "rencaiban@example.gov.cn",
    "hours": "工作日 8:30–12:00，15:00–18:00",
}

OBJECTION = (
    "反映人称该候选人所牵头任务的部分成果系合作单位完成，其本人实际贡献与申报材料不符，请予核实。",
    "经核实，该任务立项文件、任务书及验收材料均载明其为项目负责人，合作单位出具说明确认其牵头组织攻关，"
    "反映情况不属实，异议不成立。",
)


def _earlier_round(rng: random.Random, office: User, fields: list, chains: list, used: set[int], today) -> None:
    """Last year's round, from nominations to approval: the selected talents get their projects."""
    year = today.year - 1
    name = f"{year}年度科技创新领军人才遴选"
    if SelectionRound.objects.filter(name=name).exists():
        used.update(Nomination.objects.filter(round__name=name).values_list("talent_id", flat=True))
        return
    opens = datetime.date(year, 4, 1)
    data = {
        "year": year,
        "name": name,
        "nomination_opens": opens,
        "nomination_closes": opens + datetime.timedelta(days=30),
        "scoring_opens": opens + datetime.timedelta(days=40),
        "scoring_closes": opens + datetime.timedelta(days=60),
        "quota": 6,
        "experts_per_candidate": 5,
        "aggregation_method": AggregationMethod.TRIMMED_MEAN,
        "spread_limit": Decimal(20),
    }
    with as_of(opens - datetime.timedelta(days=7)):
        round = create_round(by=office, data=data, criteria=SUGGESTED_CRITERIA, on=opens)
    unit_user = User.objects.filter(username="unit", role=Role.UNIT).first()
    own = []
    if unit_user is not None:  # the demo unit's own talent, so its login has a project to report on
        own = list(
            Affiliation.objects.filter(unit_id=unit_user.unit_id, end_date__isnull=True)
            .exclude(talent_id__in=used)
            .select_related("talent", "unit")
            .order_by("-pk")[:1]
        )
        used.update(a.talent_id for a in own)
    nominations = [
        _nominate(
            rng,
            by=unit_user if affiliation in own else office,
            round=round,
            affiliation=affiliation,
            fields=fields,
            chains=chains,
            on=opens + datetime.timedelta(days=rng.randrange(3, 25)),
            serial=i + 5,
        )
        for i, affiliation in enumerate(own + _nominees(rng, 10, used))
    ]
    _accept(rng, office, round, nominations, "材料齐全，符合第三条遴选条件")
    strong = {n.pk for n in nominations[: len(own)]}
    _score(
        rng,
        office,
        round,
        nominations,
        data["scoring_opens"] + datetime.timedelta(days=5),
        outlier=False,
        strong=strong,
    )
    decided_on = data["scoring_closes"] + datetime.timedelta(days=6)
    with as_of(decided_on):
        ranked = results(by=office, round=round, on=decided_on).candidates
        picked = [c.candidate_id for c in ranked if in_rank_order(c.rank, round.quota)][: round.quota]
        decide_shortlist(by=office, round=round, nomination_ids=picked, on=decided_on)
    with as_of(decided_on + datetime.timedelta(days=2)):
        publicity = publish_shortlist(by=office, round=round, on=decided_on + datetime.timedelta(days=2))
    entry = publicity.entries.order_by("position")[min(1, len(picked) - 1)]
    objected_on = publicity.starts_on + datetime.timedelta(days=1)
    with as_of(objected_on):
        objection = file_objection(
            publicity=publicity,
            entry=entry,
            name=person_name(rng),
            phone="0375-2" + "".join(str(rng.randrange(10)) for _ in range(6)),
            content=OBJECTION[0],
            on=objected_on,
        )
    with as_of(objected_on + datetime.timedelta(days=1)):
        answer_objection(by=office, objection=objection, answer=OBJECTION[1], upheld=False)
    with as_of(publicity.ends_on + datetime.timedelta(days=3)):
        approve_round(by=office, round=round, on=publicity.ends_on + datetime.timedelta(days=3))


def seed(*, rng: random.Random, today: datetime.date) -> None:
    office = _office()
    fields = list(KeyTechField.objects.order_by("code")[:3])
    chains = list(IndustryChain.objects.order_by("code")[:4])
    if office is None or not fields:
        return
    with transaction.atomic():
        if objection_contact() is None:
            # Where the public sends objections, printed on every notice (示例数据: the office enters its own).
            update_objection_contact(by=office, data=OBJECTION_CONTACT, version=None)
        _pool(rng, office, fields, chains)
        used: set[int] = set()
        _earlier_round(rng, office, fields, chains, used, today)
        closed_name = f"{today.year}年度科技创新领军人才遴选（第一批）"
        if not SelectionRound.objects.filter(name=closed_name).exists():
            opens = today - datetime.timedelta(days=120)
            data = {
                "year": today.year,
                "name": closed_name,
                "nomination_opens": opens,
                "nomination_closes": opens + datetime.timedelta(days=30),
                "scoring_opens": opens + datetime.timedelta(days=40),
                "scoring_closes": opens + datetime.timedelta(days=60),
                "quota": 5,
                "experts_per_candidate": 5,
                "aggregation_method": AggregationMethod.TRIMMED_MEAN,
                "spread_limit": Decimal(20),
            }
            with as_of(opens - datetime.timedelta(days=7)):
                round = create_round(by=office, data=data, criteria=SUGGESTED_CRITERIA, on=opens)
            nominations = [
                _nominate(
                    rng,
                    by=office,
                    round=round,
                    affiliation=a,
                    fields=fields,
                    chains=chains,
                    on=opens + datetime.timedelta(days=5),
                    serial=i,
                )
                for i, a in enumerate(_nominees(rng, 12, used))
            ]
            _accept(rng, office, round, nominations, "材料齐全")
            _score(rng, office, round, nominations, data["scoring_opens"] + datetime.timedelta(days=3), outlier=True)
        open_name = f"{today.year + 1}年度科技创新领军人才遴选"
        if not SelectionRound.objects.filter(name=open_name).exists():
            opens = today - datetime.timedelta(days=3)
            data = {
                "year": today.year + 1,
                "name": open_name,
                "nomination_opens": opens,
                "nomination_closes": opens + datetime.timedelta(days=45),
                "scoring_opens": opens + datetime.timedelta(days=55),
                "scoring_closes": opens + datetime.timedelta(days=75),
                "quota": 10,
                "experts_per_candidate": 5,
                "aggregation_method": AggregationMethod.STANDARDISED,
                "spread_limit": Decimal(20),
            }
            round = create_round(by=office, data=data, criteria=SUGGESTED_CRITERIA, on=today)
            unit_user = User.objects.filter(username="unit", role=Role.UNIT).first()
            own = []
            if unit_user is not None:
                own = list(
                    Affiliation.objects.filter(unit_id=unit_user.unit_id, end_date__isnull=True)
                    .exclude(talent_id__in=used)
                    .select_related("talent", "unit")
                    .order_by("pk")[:2]
                )
                used.update(a.talent_id for a in own)
            for i, affiliation in enumerate(own + _nominees(rng, 3, used)):
                _nominate(
                    rng,
                    by=unit_user if affiliation in own else office,
                    round=round,
                    affiliation=affiliation,
                    fields=fields,
                    chains=chains,
                    on=today,
                    serial=i + 3,
                )
