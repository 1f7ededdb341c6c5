from django.urls import path

from yingcai.projects.views import pages

app_name = "projects"
urlpatterns: list = [
    path("", pages.project_list, name="list"),
    path("<int:pk>/", pages.project_detail, name="detail"),
    path("<int:pk>/edit/", pages.project_edit, name="edit"),
    path("<int:pk>/transition/", pages.project_transition, name="transition"),
    path("<int:pk>/spending/", pages.spending_add, name="spending-add"),
    path("<int:pk>/grants/", pages.grant_add, name="grant-add"),
    path("spending/<int:pk>/correct/", pages.spending_correct, name="spending-correct"),
]
