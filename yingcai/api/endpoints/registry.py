"""Units and talents over JSON. The same domain functions and permissions as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from yingcai.api.pagination import Pagination
from yingcai.api.schemas import (
    ERRORS,
    LIST_ERRORS,
    READ_ERRORS,
    PersonalDataOut,
    TalentIn,
    TalentOut,
    TalentPatch,
    UnitIn,
    UnitOut,
    UnitPatch,
)
from yingcai.api.types import Id
from yingcai.registry.domain import talents as talent_domain
from yingcai.registry.domain import units as unit_domain
from yingcai.registry.domain.queries import talents_for_list, units_for_list, visible_talents, visible_units
from yingcai.registry.interfaces.filters import TalentFilter, UnitFilter
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, Talent, Unit

units = Router(tags=["用人单位"])
talents = Router(tags=["人才"])


def _by_codes(model, field: str, codes: list[str]) -> list:
    found = list(model.objects.filter(code__in=codes))
    missing = set(codes) - {o.code for o in found}
    if missing:
        raise ValidationError({field: [_("未知的编码：%(codes)s") % {"codes": "、".join(sorted(missing))}]})
    return found


def _by_code(model, field: str, code: str | None):
    return _by_codes(model, field, [code])[0] if code else None


def _jurisdiction(field: str, pk: int | None) -> Jurisdiction | None:
    if pk is None:
        return None
    try:
        return Jurisdiction.objects.get(pk=pk)
    except Jurisdiction.DoesNotExist:
        raise ValidationError({field: [_("县区/主管部门不存在。")]}) from None


def _unit_data(payload: dict[str, Any]) -> dict[str, Any]:
    """API names (ids and codes) to the model values the domain takes."""
    data = dict(payload)
    if "county_id" in data:
        data["county"] = _jurisdiction("county", data.pop("county_id"))
    if "department_id" in data:
        data["department"] = _jurisdiction("department", data.pop("department_id"))
    for key, model, name in (
        ("cluster_codes", IndustryCluster, "clusters"),
        ("chain_codes", IndustryChain, "chains"),
        ("tech_field_codes", KeyTechField, "tech_fields"),
    ):
        if key in data:
            data[name] = _by_codes(model, name, data.pop(key))
    return data


def _talent_data(payload: dict[str, Any]) -> dict[str, Any]:
    data = dict(payload)
    if "tech_field_code" in data:
        data["tech_field"] = _by_code(KeyTechField, "tech_field", data.pop("tech_field_code"))
    if "chain_code" in data:
        data["chain"] = _by_code(IndustryChain, "chain", data.pop("chain_code"))
    return data


def _visible_unit(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(units_for_list(visible_units(request.user)), pk=pk)


def _visible_talent(request: HttpRequest, pk: int) -> Talent:
    return get_object_or_404(talents_for_list(visible_talents(request.user)), pk=pk)


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@units.get("", response={200: list[UnitOut], **LIST_ERRORS})
@paginate(Pagination)
def list_units(request: HttpRequest, q: str = "", kind: str = "", county: Id | None = None, chain: Id | None = None):
    _require(request, "registry.list_units")
    params = {"q": q, "kind": kind, "county": county or "", "chain": chain or ""}
    return units_for_list(UnitFilter(params, queryset=visible_units(request.user)).qs).order_by("pk")


@units.post("", response={201: UnitOut, **ERRORS})
def create_unit(request: HttpRequest, payload: UnitIn):
    unit = unit_domain.create_unit(by=request.user, data=_unit_data(payload.dict()))
    return 201, _visible_unit(request, unit.pk)


@units.get("/{unit_id}", response={200: UnitOut, **READ_ERRORS})
def get_unit(request: HttpRequest, unit_id: Id):
    return _visible_unit(request, unit_id)


@units.patch("/{unit_id}", response={200: UnitOut, **ERRORS})
def update_unit(request: HttpRequest, unit_id: Id, payload: UnitPatch):
    unit = _visible_unit(request, unit_id)
    data = payload.dict(exclude_unset=True)
    version, reason = data.pop("version"), data.pop("reason", "")
    unit_domain.update_unit(by=request.user, unit=unit, data=_unit_data(data), version=version, reason=reason)
    return _visible_unit(request, unit_id)


@units.delete("/{unit_id}", response={204: None, **ERRORS})
def delete_unit(request: HttpRequest, unit_id: Id, reason: str = ""):
    unit_domain.delete_unit(by=request.user, unit=_visible_unit(request, unit_id), reason=reason)
    return 204, None


@talents.get("", response={200: list[TalentOut], **LIST_ERRORS})
@paginate(Pagination)
def list_talents(
    request: HttpRequest, q: str = "", education: str = "", chain: Id | None = None, county: Id | None = None
):
    _require(request, "registry.list_talents")
    params = {"q": q, "education": education, "chain": chain or "", "county": county or ""}
    found = TalentFilter(params, queryset=visible_talents(request.user), request=request)
    if "q" in found.errors:  # an ID number from someone who may not search by it
        raise ValidationError({"q": found.errors["q"]})
    return talents_for_list(found.qs).order_by("pk")


@talents.post("", response={201: TalentOut, **ERRORS})
def create_talent(request: HttpRequest, payload: TalentIn):
    data = _talent_data(payload.dict())
    unit_id, position = data.pop("unit_id"), data.pop("position")
    unit = None
    if unit_id is not None:
        unit = visible_units(request.user).filter(pk=unit_id).first()
        if unit is None:
            raise Http404
    talent = talent_domain.create_talent(by=request.user, data=data, unit=unit, position=position)
    return 201, _visible_talent(request, talent.pk)


@talents.get("/{talent_id}", response={200: TalentOut, **READ_ERRORS})
def get_talent(request: HttpRequest, talent_id: Id):
    return _visible_talent(request, talent_id)


@talents.get("/{talent_id}/personal-data", response={200: PersonalDataOut, **READ_ERRORS})
def get_personal_data(request: HttpRequest, talent_id: Id):
    """The unmasked ID number and phone. Every call is written to the audit log."""
    return talent_domain.reveal_personal_data(by=request.user, talent=_visible_talent(request, talent_id))


@talents.patch("/{talent_id}", response={200: TalentOut, **ERRORS})
def update_talent(request: HttpRequest, talent_id: Id, payload: TalentPatch):
    talent = _visible_talent(request, talent_id)
    data = payload.dict(exclude_unset=True)
    version, reason = data.pop("version"), data.pop("reason", "")
    talent_domain.update_talent(by=request.user, talent=talent, data=_talent_data(data), version=version, reason=reason)
    return _visible_talent(request, talent_id)


@talents.delete("/{talent_id}", response={204: None, **ERRORS})
def delete_talent(request: HttpRequest, talent_id: Id, reason: str = ""):
    talent_domain.delete_talent(by=request.user, talent=_visible_talent(request, talent_id), reason=reason)
    return 204, None
