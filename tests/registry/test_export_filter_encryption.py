"""The filters an export job keeps (which may be an ID number or a name searched for) are stored
encrypted: the column holds a Fernet token, never the text; the migration encrypts the jobs
already stored, and going back decrypts them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories
from yingcai.core.crypto import decrypt
from yingcai.registry.domain.exports import request_export
from yingcai.registry.models import ExportJob, ExportKind

ID_NUMBER = "410402199001011234"
FILTERS = f"q={ID_NUMBER}&education=master"


def stored(job: ExportJob) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT query_string FROM registry_exportjob WHERE id = %s", [job.pk])
        return cursor.fetchone()[0]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_filters_are_encrypted_in_the_column_and_read_back_in_clear():
    job = ExportJob.objects.create(kind=ExportKind.TALENTS, query_string=FILTERS, created_by=factories.office_user())
    column = stored(job)
    assert ID_NUMBER not in column and "education" not in column
    assert decrypt(column) == FILTERS
    assert ExportJob.objects.get(pk=job.pk).query_string == FILTERS


@pytest.mark.django_db
def test_an_export_asked_for_with_a_name_search_stores_no_name(unit):
    staff = factories.unit_user(unit)
    factories.TalentFactory(unit=unit, name="欧阳加密")
    job = request_export(by=staff, kind=ExportKind.TALENTS, query_string="q=欧阳加密")
    assert "欧阳" not in stored(job) and "%E6%AC%A7" not in stored(job)
    assert ExportJob.objects.get(pk=job.pk).query_string == job.query_string


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_stored_jobs_and_the_way_back_decrypts():
    job = ExportJob.objects.create(kind=ExportKind.TALENTS, query_string=FILTERS, created_by=factories.office_user())
    try:
        migrate([("registry", "0007_profile_changes")])  # an installation upgrading today
        assert stored(job) == FILTERS
    finally:
        migrate(None)
    assert ID_NUMBER not in stored(job) and decrypt(stored(job)) == FILTERS
    assert ExportJob.objects.get(pk=job.pk).query_string == FILTERS
