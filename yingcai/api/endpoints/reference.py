from django.http import HttpRequest
from ninja import Router

from yingcai.api.schemas import ReferenceOut
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, PlatformType

router = Router(tags=["参考数据"])


@router.get("/jurisdictions", response=list[ReferenceOut])
def jurisdictions(request: HttpRequest):
    return Jurisdiction.objects.filter(is_active=True)


@router.get("/clusters", response=list[ReferenceOut])
def clusters(request: HttpRequest):
    return IndustryCluster.objects.all()


@router.get("/chains", response=list[ReferenceOut])
def chains(request: HttpRequest):
    return IndustryChain.objects.all()


@router.get("/platform-types", response=list[ReferenceOut])
def platform_types(request: HttpRequest):
    return PlatformType.objects.all()


@router.get("/tech-fields", response=list[ReferenceOut])
def tech_fields(request: HttpRequest):
    return KeyTechField.objects.all()
