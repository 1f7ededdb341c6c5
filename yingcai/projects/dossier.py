"""The projects' part of a talent's dossier (一人一档): the project a selected talent leads (第三条)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.projects.models import Project
from yingcai.registry.dossier import DossierEvent, DossierRow, DossierSection, register_dossier_section


@register_dossier_section
def projects_section(talent, viewer) -> DossierSection:
    rows, events = [], []
    for project in Project.objects.filter(talent=talent).select_related("unit"):
        may_open = viewer.has_perm("projects.view", project)
        url = reverse("projects:detail", args=[project.pk]) if may_open else None
        years = f"{project.start_year}–{project.end_year}"
        label = f"{project.name}（{years}）" if may_open else _("领军人才项目（%(years)s）") % {"years": years}
        rows.append(DossierRow(label, project.get_state_display(), project.created_at.date(), url))
        events.append(DossierEvent(project.created_at, _("项目立项：%(name)s") % {"name": label}, url))
    return DossierSection("projects", _("领军人才项目"), rows, events, order=30)
