from django.urls import path

from yingcai.console.views.home import home

urlpatterns = [path("", home, name="home")]
