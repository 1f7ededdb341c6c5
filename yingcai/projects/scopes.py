"""Who sees which project: declared once, for the lists (`queries.visible_projects`) and the
object permission (`projects.view`). Experts see none."""

from yingcai.accounts.enums import Role
from yingcai.accounts.scopes import Scope, register
from yingcai.registry.scopes import (
    everything,
    of_units_in_jurisdiction,
    of_users_talent,
    of_users_unit,
    unit_in_jurisdiction,
)

PROJECT_SCOPE = register(
    Scope(
        model="projects.Project",
        permission="projects.view",
        roles={
            Role.TALENT_OFFICE: everything,
            Role.JURISDICTION: of_units_in_jurisdiction,
            Role.UNIT: of_users_unit,
            Role.TALENT: of_users_talent,
        },
        checks={
            Role.JURISDICTION: lambda user, project: unit_in_jurisdiction(user, project.unit),
            Role.UNIT: lambda user, project: bool(user.unit_id) and project.unit_id == user.unit_id,
            Role.TALENT: lambda user, project: bool(user.talent_id) and project.talent_id == user.talent_id,
        },
    )
)
