from django.urls import path

from yingcai.workflows import views

app_name = "workflows"
urlpatterns = [
    path("<slug:key>/", views.queue_page, name="queue"),
    path("<slug:key>/approve/", views.batch_approve, name="batch-approve"),
    path("<slug:key>/<int:pk>/approve-next/", views.approve_and_next, name="approve-next"),
]
