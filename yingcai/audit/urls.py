from django.urls import path

from yingcai.audit.views import archive, audit_log, entry_detail, export, verify

app_name = "audit"
urlpatterns = [
    path("", audit_log, name="log"),
    path("<int:seq>/", entry_detail, name="entry"),
    path("export/", export, name="export"),
    path("verify/", verify, name="verify"),
    path("archive/", archive, name="archive"),
]
