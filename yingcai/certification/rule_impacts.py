"""How many open applications a new value of a 第十三条 rule would decide differently, for the
policy rule preview (registered in CertificationConfig.ready)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from yingcai.certification.domain import rules_keys
from yingcai.certification.domain.eligibility import OPEN_STATES
from yingcai.certification.enums import CertificationBasis
from yingcai.certification.models import Certification
from yingcai.policy.eligibility import profile_of, window_end
from yingcai.policy.impacts import RuleImpact, register_rule_impact


def new_talent_window_impact(
    *, key: str, old_value: Decimal, new_value: Decimal, effective_from: datetime.date, today: datetime.date
) -> RuleImpact:
    """Open applications that count as 新引进或新培养 by one window and not by the other, judged on
    the day the new value would first decide them (today, or the new date if later)."""
    on = max(today, effective_from)
    changed, examples, total = 0, [], 0
    for application in Certification.objects.filter(state__in=OPEN_STATES).select_related("talent"):
        cultivated = application.cultivated_on if application.basis == CertificationBasis.CULTIVATED else None
        profile = profile_of(application.talent, on, cultivated_on=cultivated)
        if profile.basis_date is None or profile.basis_date > on:
            continue
        total += 1
        passes_old = on <= window_end(profile.basis_date, int(old_value))
        passes_new = on <= window_end(profile.basis_date, int(new_value))
        if passes_old != passes_new:
            changed += 1
            examples.append(str(application.talent))
    return RuleImpact(total, changed, _("办理中的人才认定申请"), tuple(examples[:5]))


def register() -> None:
    register_rule_impact(rules_keys.NEW_TALENT_WINDOW_YEARS, new_talent_window_impact)
