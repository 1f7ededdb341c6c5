"""Routes of the Excel import and export of introductions and working periods."""

from django.urls import path

from yingcai.introductions.views import imports

urlpatterns: list = [
    path("import/", imports.import_page, name="import"),
    path("import/template/", imports.import_template, name="import-template"),
    path("import/<int:pk>/status/", imports.import_status, name="import-status"),
    path("import/<int:pk>/errors.xlsx", imports.import_errors, name="import-errors"),
    path("export.xlsx", imports.introductions_export, name="export"),
    path("periods/export.xlsx", imports.periods_export, name="periods-export"),
]
