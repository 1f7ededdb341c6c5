"""The selection's part of a talent's dossier (一人一档): every nomination of the talent (第三条)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.registry.dossier import DossierEvent, DossierRow, DossierSection, register_dossier_section
from yingcai.selection.enums import NominationOutcome
from yingcai.selection.models import Nomination


@register_dossier_section
def nominations_section(talent, viewer) -> DossierSection:
    rows, events = [], []
    for nomination in Nomination.objects.filter(talent=talent).select_related("round", "unit"):
        may_open = viewer.has_perm("selection.view_nomination", nomination)
        url = reverse("selection:nomination-detail", args=[nomination.pk]) if may_open else None
        state = nomination.get_state_display()
        if nomination.outcome != NominationOutcome.PENDING:
            state = f"{state} · {nomination.get_outcome_display()}"
        on = nomination.created_at.date()
        rows.append(DossierRow(f"{nomination.round.name} · {nomination.unit.name}", state, on, url))
        events.append(
            DossierEvent(nomination.created_at, _("被推荐参加%(round)s") % {"round": nomination.round.name}, url)
        )
    return DossierSection("nominations", _("领军人才遴选"), rows, events, order=20)
