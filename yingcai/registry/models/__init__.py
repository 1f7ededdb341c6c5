from yingcai.registry.models.export_job import ExportJob, ExportKind, ExportStatus
from yingcai.registry.models.profile_change import ProfileChange
from yingcai.registry.models.reference import (
    IndustryChain,
    IndustryCluster,
    Jurisdiction,
    KeyTechField,
    PlatformType,
)
from yingcai.registry.models.talent import Affiliation, Talent
from yingcai.registry.models.unit import Unit

__all__ = [
    "Affiliation",
    "ExportJob",
    "ExportKind",
    "ExportStatus",
    "IndustryChain",
    "IndustryCluster",
    "Jurisdiction",
    "KeyTechField",
    "PlatformType",
    "ProfileChange",
    "Talent",
    "Unit",
]
