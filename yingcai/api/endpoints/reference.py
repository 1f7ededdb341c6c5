from django.http import HttpRequest
from ninja import Router

from yingcai.api.schemas import LIST_ERRORS, ReferenceOut
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, PlatformType

router = Router(tags=["参考数据"])


@router.get("/jurisdictions", response={200: list[ReferenceOut], **LIST_ERRORS})
def jurisdictions(request: HttpRequest):
    return Jurisdiction.objects.filter(is_active=True)


@router.get("/clusters", response={200: list[ReferenceOut], **LIST_ERRORS})
def clusters(request: HttpRequest):
    return IndustryCluster.objects.all()


@router.get("/chains", response={200: list[ReferenceOut], **LIST_ERRORS})
def chains(request: HttpRequest):
    return IndustryChain.objects.all()


@router.get("/platform-types", response={200: list[ReferenceOut], **LIST_ERRORS})
def platform_types(request: HttpRequest):
    return PlatformType.objects.all()


@router.get("/tech-fields", response={200: list[ReferenceOut], **LIST_ERRORS})
def tech_fields(request: HttpRequest):
    return KeyTechField.objects.all()
