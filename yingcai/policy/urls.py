from django.urls import path

from yingcai.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.rule_list, name="rules"),
    path("<str:key>/publish/", views.publish, name="publish"),
]
