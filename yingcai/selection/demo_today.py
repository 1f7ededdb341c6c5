"""Demo data of selection for today's work: this year's second round, whose scoring opened two
days ago and closes in twelve, with the demo expert (login ``expert``) among the experts assigned,
some colleagues' sheets already in, and the demo expert's own still to score. Run after
``selection.demo`` (it uses that pool); a second run adds nothing."""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from yingcai.registry.models import IndustryChain, KeyTechField
from yingcai.selection.demo import COMMENTS, SUGGESTED_CRITERIA, _expert_user, _nominate, _nominees, _office
from yingcai.selection.domain.assignments import assign_experts
from yingcai.selection.domain.nominations import accept_nomination
from yingcai.selection.domain.rounds import create_round
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import AggregationMethod
from yingcai.selection.models import Nomination, SelectionRound


def seed(*, rng: random.Random, today: datetime.date) -> None:
    office = _office()
    fields = list(KeyTechField.objects.order_by("code")[:3])
    chains = list(IndustryChain.objects.order_by("code")[:4])
    name = f"{today.year}年度科技创新领军人才遴选（第二批）"
    if office is None or not fields or SelectionRound.objects.filter(name=name).exists():
        return
    opens = today - datetime.timedelta(days=50)
    data = {
        "year": today.year,
        "name": name,
        "nomination_opens": opens,
        "nomination_closes": opens + datetime.timedelta(days=30),
        "scoring_opens": today - datetime.timedelta(days=2),
        "scoring_closes": today + datetime.timedelta(days=12),
        "quota": 3,
        "experts_per_candidate": 5,
        "aggregation_method": AggregationMethod.TRIMMED_MEAN,
        "spread_limit": Decimal(20),
    }
    with transaction.atomic():
        round = create_round(by=office, data=data, criteria=SUGGESTED_CRITERIA, on=opens)
        used = set(Nomination.objects.values_list("talent_id", flat=True))
        nominations = [
            _nominate(
                rng,
                by=office,
                round=round,
                affiliation=affiliation,
                fields=fields,
                chains=chains,
                on=opens + datetime.timedelta(days=rng.randrange(2, 28)),
                serial=i + 20,
            )
            for i, affiliation in enumerate(_nominees(rng, 6, used))
        ]
        for nomination in nominations:
            accept_nomination(by=office, nomination=nomination, reason="材料齐全，符合第三条遴选条件")
        report = assign_experts(by=office, round=round, seed=rng.randrange(1000))
        demo_expert = _expert_user()
        codes = list(round.criteria.values_list("code", flat=True))
        # Colleagues have scored about half of their sheets since yesterday; the demo expert none.
        for assignment in report.assignments:
            if assignment.expert.user_id == demo_expert.pk or rng.random() < 0.5:
                continue
            base = rng.randrange(65, 90)
            submit_scores(
                by=assignment.expert.user,
                assignment=assignment,
                scores={code: max(0, min(100, base + rng.randrange(-6, 7))) for code in codes},
                comments={code: rng.choice(COMMENTS) for code in codes},
                overall_comment=rng.choice(COMMENTS),
                on=today - datetime.timedelta(days=1),
            )
