from django.urls import path

from yingcai.registry.views import talents, units

app_name = "registry"
urlpatterns = [
    path("units/", units.unit_list, name="unit-list"),
    path("units/export.xlsx", units.unit_export, name="unit-export"),
    path("units/new/", units.unit_create, name="unit-create"),
    path("units/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit-edit"),
    path("units/<int:pk>/delete/", units.unit_delete, name="unit-delete"),
    path("talents/", talents.talent_list, name="talent-list"),
    path("talents/export.xlsx", talents.talent_export, name="talent-export"),
    path("talents/new/", talents.talent_create, name="talent-create"),
    path("talents/<int:pk>/", talents.talent_detail, name="talent-detail"),
    path("talents/<int:pk>/edit/", talents.talent_edit, name="talent-edit"),
    path("talents/<int:pk>/delete/", talents.talent_delete, name="talent-delete"),
    path("talents/<int:pk>/personal-data/", talents.talent_reveal, name="talent-reveal"),
    path("affiliations/<int:pk>/end/", talents.affiliation_end, name="affiliation-end"),
]
