from django.urls import path

from yingcai.registry.views import exports, profile, reference, talents, units

app_name = "registry"
urlpatterns = [
    path("units/", units.unit_list, name="unit-list"),
    path("units/export/", exports.unit_export, name="unit-export"),
    path("units/new/", units.unit_create, name="unit-create"),
    path("units/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit-edit"),
    path("units/<int:pk>/delete/", units.unit_delete, name="unit-delete"),
    path("talents/", talents.talent_list, name="talent-list"),
    path("talents/export/", exports.talent_export, name="talent-export"),
    path("talents/new/", talents.talent_create, name="talent-create"),
    path("talents/<int:pk>/", talents.talent_detail, name="talent-detail"),
    path("talents/<int:pk>/edit/", talents.talent_edit, name="talent-edit"),
    path("talents/<int:pk>/delete/", talents.talent_delete, name="talent-delete"),
    path("talents/<int:pk>/personal-data/", talents.talent_reveal, name="talent-reveal"),
    path("exports/<int:pk>/", exports.export_detail, name="export-detail"),
    path("exports/<int:pk>/status/", exports.export_status, name="export-status"),
    path("exports/<int:pk>/download/", exports.export_download, name="export-download"),
    path("affiliations/<int:pk>/end/", talents.affiliation_end, name="affiliation-end"),
    path("reference/", reference.reference_index, name="reference"),
    path("reference/<slug:slug>/", reference.reference_list, name="reference-list"),
    path("reference/<slug:slug>/new/", reference.reference_edit, name="reference-create"),
    path("reference/<slug:slug>/<int:pk>/edit/", reference.reference_edit, name="reference-edit"),
    path("me/profile/", profile.my_profile_change, name="my-profile"),
    path("profile-changes/", profile.profile_change_list, name="profile-change-list"),
    path("profile-changes/<int:pk>/", profile.profile_change_detail, name="profile-change-detail"),
    path("profile-changes/<int:pk>/confirm/", profile.profile_change_confirm, name="profile-change-confirm"),
    path("profile-changes/<int:pk>/reject/", profile.profile_change_reject, name="profile-change-reject"),
]
