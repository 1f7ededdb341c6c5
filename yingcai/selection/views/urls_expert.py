"""Routes of the expert's pages: the own review list, the scoring sheet, declaring a conflict (回避)."""

from django.urls import path

from yingcai.selection.views import expert

urlpatterns: list = [
    path("reviews/", expert.my_reviews, name="my-reviews"),
    path("reviews/<int:pk>/", expert.score, name="review-score"),
    path("reviews/<int:pk>/conflict/", expert.declare, name="review-conflict"),
]
