from django.urls import path

from yingcai.audit.views import archive, audit_log, export, verify

app_name = "audit"
urlpatterns = [
    path("", audit_log, name="log"),
    path("export/", export, name="export"),
    path("verify/", verify, name="verify"),
    path("archive/", archive, name="archive"),
]
