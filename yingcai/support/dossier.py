"""The support's part of a talent's dossier (一人一档): entitlements, what awaits the talent's own
confirmation, and payments (第十三条). Amounts are shown only to those who may open the entitlement."""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.registry.dossier import DossierEvent, DossierFact, DossierRow, DossierSection, register_dossier_section
from yingcai.support.enums import EntitlementState
from yingcai.support.models import Entitlement, Payment


@register_dossier_section
def support_section(talent, viewer) -> DossierSection:
    url_of_talent = reverse("support:talent", args=[talent.pk])
    entitlements = list(
        Entitlement.objects.filter(talent=talent).select_related("certification__unit", "task").order_by("created_at")
    )
    may_open = {e.pk: viewer.has_perm("support.view", e) for e in entitlements}
    rows, events = [], []
    awaiting = 0
    for entitlement in entitlements:
        url = url_of_talent if may_open[entitlement.pk] else None
        waits = entitlement.state == EntitlementState.AWAITING_CONFIRMATION
        awaiting += waits
        label = entitlement.name
        if entitlement.amount is not None and may_open[entitlement.pk]:
            label = _("%(name)s（%(amount)s元）") % {"name": entitlement.name, "amount": f"{entitlement.amount:,.2f}"}
        rows.append(DossierRow(label, entitlement.get_state_display(), entitlement.created_at.date(), url, waits))
        events.append(DossierEvent(entitlement.created_at, _("享受待遇：%(name)s") % {"name": entitlement.name}, url))
    names = {e.pk: e.name for e in entitlements}
    payments = Payment.objects.filter(instalment__entitlement__talent=talent).select_related("instalment")
    for payment in payments.order_by("paid_on", "pk"):
        entitlement_id = payment.instalment.entitlement_id
        if not may_open.get(entitlement_id):
            continue
        url = url_of_talent
        values = {"name": names.get(entitlement_id, ""), "sequence": payment.instalment.sequence}
        label = _("%(name)s 第%(sequence)s期") % values
        state = _("冲正 %(amount)s元") if payment.amount < 0 else _("已发放 %(amount)s元")
        rows.append(DossierRow(label, state % {"amount": f"{payment.amount:,.2f}"}, payment.paid_on, url))
        events.append(DossierEvent(payment.paid_on, _("待遇发放：%(label)s") % {"label": label}, url))
    facts = []
    if awaiting:
        facts.append(DossierFact(_("待本人确认的待遇"), _("%(count)s项") % {"count": awaiting}, warning=True))
    return DossierSection("support", _("人才待遇"), rows, events, facts, order=50)
