"""Routes of the public notices (no login) and of the talent office's publicity pages."""

from django.urls import path

from yingcai.publicity import views

app_name = "publicity"
urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("<int:pk>/", views.notice_detail, name="notice-detail"),
    path("office/", views.office_list, name="office-list"),
    path("office/contact/", views.contact, name="contact"),
    path("office/<int:pk>/", views.office_detail, name="office-detail"),
    path("office/<int:pk>/conclude/", views.conclude, name="conclude"),
    path("office/objections/<int:pk>/answer/", views.answer, name="answer"),
]
