"""Routes of the nomination materials: the unit's page, uploads and removals, and the files
(downloaded, or inline for the scoring page's document viewer)."""

from django.urls import path

from yingcai.selection.views import materials

urlpatterns: list = [
    path("nominations/<int:pk>/materials/", materials.materials_page, name="nomination-materials"),
    path("nominations/<int:pk>/materials/add/", materials.material_add, name="material-add"),
    path("nominations/<int:pk>/materials/statements/", materials.statements_edit, name="material-statements"),
    path("materials/<int:pk>/remove/", materials.material_remove, name="material-remove"),
    path("materials/<int:pk>/file/", materials.material_file, name="material-file"),
    path("materials/<int:pk>/view/", materials.material_inline, name="material-inline"),
]
