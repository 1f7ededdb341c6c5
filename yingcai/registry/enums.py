from django.db import models
from django.utils.translation import gettext_lazy as _


class JurisdictionKind(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("市辖区")
    COUNTY = "county", _("县")
    COUNTY_CITY = "county_city", _("县级市")
    ZONE = "zone", _("功能区")
    DEPARTMENT = "department", _("主管部门")

    @classmethod
    def from_reference(cls, label: str) -> "JurisdictionKind":
        """divisions.csv names the kind in Chinese (市, 市辖区, 县, 县级市), whatever the UI language."""
        return cls(_REFERENCE_KIND_NAMES[label])


_REFERENCE_KIND_NAMES = {"市": "city", "市辖区": "district", "县": "county", "县级市": "county_city", "功能区": "zone"}


TERRITORIAL_KINDS = (
    JurisdictionKind.DISTRICT,
    JurisdictionKind.COUNTY,
    JurisdictionKind.COUNTY_CITY,
    JurisdictionKind.ZONE,
)


class UnitKind(models.TextChoices):
    UNIVERSITY = "university", _("高校")
    ENTERPRISE = "enterprise", _("企业")
    RESEARCH_INSTITUTE = "research_institute", _("科研院所")
    HOSPITAL = "hospital", _("医院")
    OTHER = "other", _("其他")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大专及以下")


class ProfessionalTitle(models.TextChoices):
    SENIOR_FULL = "senior_full", _("正高级")
    SENIOR_DEPUTY = "senior_deputy", _("副高级")
    INTERMEDIATE = "intermediate", _("中级")
    JUNIOR = "junior", _("初级")
    NONE = "none", _("无")


class ProfileChangeState(models.TextChoices):
    """A talent's own request to change their profile, confirmed or rejected by their unit."""

    PENDING = "pending", _("待单位确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("已驳回")
