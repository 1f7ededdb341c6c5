"""Routes of the certification pages (/certification/) and the public verification page."""

from django.urls import path

from yingcai.certification.views import applications, certificates, publicity, statistics

app_name = "certification"
urlpatterns = [
    path("", applications.certification_list, name="list"),
    path("new/", applications.certification_create, name="create"),
    path("new/talents/", applications.talent_options, name="talent-options"),
    path("new/introductions/", applications.introduction_options, name="introduction-options"),
    path("preview/", applications.preview, name="preview"),
    path("<int:pk>/", applications.certification_detail, name="detail"),
    path("<int:pk>/edit/", applications.certification_edit, name="edit"),
    path("<int:pk>/review/", applications.certification_review, name="review"),
    path("<int:pk>/evidence/", applications.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/", applications.evidence_file, name="evidence-file"),
    path("evidence/<int:pk>/check/", applications.evidence_check, name="evidence-check"),
    path("evidence/<int:pk>/remove/", applications.evidence_remove, name="evidence-remove"),
    path("<int:pk>/certificate.pdf", certificates.certificate_pdf, name="certificate"),
    path("<int:pk>/revoke/", certificates.certification_revoke, name="revoke"),
    path("publicity/", publicity.publicity_batch, name="publicity"),
    path("publicity/<int:pk>/finish/", publicity.publicity_finish, name="publicity-finish"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("verify/<str:token>/", certificates.verify, name="verify"),
]
