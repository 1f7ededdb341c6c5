from django.urls import path

from yingcai.policylib import views

app_name = "policylib"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("new/", views.policy_create, name="create"),
    path("<int:pk>/", views.policy_detail, name="detail"),
    path("<int:pk>/edit/", views.policy_edit, name="edit"),
    path("<int:pk>/delete/", views.policy_delete, name="delete"),
    path("<int:pk>/publish/", views.policy_publish, name="publish"),
    path("<int:pk>/unpublish/", views.policy_unpublish, name="unpublish"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment-add"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment-remove"),
]
