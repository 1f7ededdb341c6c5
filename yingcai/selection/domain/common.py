"""Small pieces the selection domain functions share: the round's criteria for the engine."""

from decimal import Decimal

from yingcai.review.engine.criteria import Criterion, CriterionKind
from yingcai.selection.models import SelectionRound


def engine_criteria(round: SelectionRound) -> list[Criterion]:
    return [
        Criterion(code=c.code, name=c.name, weight=Decimal(c.weight), kind=CriterionKind(c.kind), evidence=c.evidence)
        for c in round.criteria.all()
    ]
