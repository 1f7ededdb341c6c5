"""The system administrator enters each new year's holiday schedule (and any correction) here, audited."""

from django.contrib import admin

from yingcai.audit.admin import AuditedModelAdmin
from yingcai.workdays.models import CalendarDay
from yingcai.workdays.signals import announce_change


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedModelAdmin):
    list_display = ["date", "is_workday", "name", "note", "created_by", "created_at"]
    list_filter = ["is_workday"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        announce_change(years={obj.date.year})

    def delete_model(self, request, obj) -> None:
        year = obj.date.year
        super().delete_model(request, obj)
        announce_change(years={year})

    def delete_queryset(self, request, queryset) -> None:
        years = {day.year for day in queryset.dates("date", "year")}
        super().delete_queryset(request, queryset)
        announce_change(years=years)
