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
    "IndustryChain",
    "IndustryCluster",
    "Jurisdiction",
    "KeyTechField",
    "PlatformType",
    "Talent",
    "Unit",
]
