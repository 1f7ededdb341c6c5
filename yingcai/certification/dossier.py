"""The certification's part of a talent's dossier (一人一档): applications and certificates (第十三条)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.certification.enums import CertificationState
from yingcai.certification.models import Certification
from yingcai.registry.dossier import DossierEvent, DossierRow, DossierSection, register_dossier_section


@register_dossier_section
def certifications_section(talent, viewer) -> DossierSection:
    rows, events = [], []
    for certification in Certification.objects.filter(talent=talent).select_related("unit", "tier"):
        may_open = viewer.has_perm("certification.view", certification)
        if certification.state == CertificationState.DRAFT and not may_open:
            continue
        url = reverse("certification:detail", args=[certification.pk]) if may_open else None
        tier = certification.tier.name if certification.tier else certification.tier_code
        label = _("人才认定（%(tier)s）· %(unit)s") % {"tier": tier, "unit": certification.unit.name}
        note = ""
        if certification.certificate_number and certification.valid_until:
            note = _("证书编号%(number)s，有效期至%(until)s") % {
                "number": certification.certificate_number,
                "until": certification.valid_until.isoformat(),
            }
        on = certification.certified_on or certification.created_at.date()
        rows.append(DossierRow(label, certification.get_state_display(), on, url, note=note))
        events.append(DossierEvent(certification.created_at, _("申报人才认定（%(tier)s）") % {"tier": tier}, url))
        if certification.certified_on:
            events.append(DossierEvent(certification.certified_on, _("认定为%(tier)s人才") % {"tier": tier}, url))
    return DossierSection("certifications", _("人才认定"), rows, events, order=40)
