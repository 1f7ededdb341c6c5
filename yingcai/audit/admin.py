from django.contrib import admin

from yingcai.audit.domain import record, snapshot
from yingcai.audit.models import AuditAction


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits (reference data, accounts) land in the same audit log as everything else."""

    def _audit_fields(self, obj) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields if f.name not in ("id", "password")]

    def save_model(self, request, obj, form, change) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk), self._audit_fields(obj)) if change else {}
        super().save_model(request, obj, form, change)
        after = snapshot(obj, self._audit_fields(obj))
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v} if change else after
        record(
            actor=request.user, action=AuditAction.UPDATE if change else AuditAction.CREATE, target=obj, changes=changes
        )

    def delete_model(self, request, obj) -> None:
        record(
            actor=request.user, action=AuditAction.DELETE, target=obj, changes=snapshot(obj, self._audit_fields(obj))
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
