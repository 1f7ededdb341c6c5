from django.urls import path

from yingcai.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read, name="read-all"),
    path("<int:pk>/read/", views.notification_read, name="read"),
]
