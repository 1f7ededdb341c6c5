import pytest
from django.db import connection

from tests import factories


@pytest.fixture
def audit_admin(db):
    return factories.audit_admin_user(full_name="审计管理员甲")


@pytest.fixture
def tamper(db):
    """Lets a test play the intruder who rewrites rows behind the app's back: on PostgreSQL the
    append-only trigger is disabled for the test's transaction only (rolled back with it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks, or no ALTER
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
