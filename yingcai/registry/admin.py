"""The system administrator edits the reference data here (counties, zones, departments, 7群12链, ...).
Units and talents are edited in the console, where their scope rules apply."""

from django.contrib import admin

from yingcai.audit.admin import AuditedModelAdmin
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, PlatformType


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "kind", "parent", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(IndustryCluster)
class IndustryClusterAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "verified", "note"]


@admin.register(IndustryChain)
class IndustryChainAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "cluster", "verified", "note"]
    list_filter = ["cluster"]


@admin.register(PlatformType)
class PlatformTypeAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "group", "note"]


@admin.register(KeyTechField)
class KeyTechFieldAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "note"]
