"""Accounts are administered on the platform's own audited pages (yingcai/console/views/accounts.py),
never in the Django admin: its user forms set passwords, superuser status and permissions with no
audit entry. Groups and per-user permissions are not used (the role says what one may do)."""

from django.contrib import admin
from django.contrib.auth.models import Group

if admin.site.is_registered(Group):
    admin.site.unregister(Group)
