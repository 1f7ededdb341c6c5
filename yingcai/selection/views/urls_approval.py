"""Routes of the end of a round: publishing the shortlist (公示) and approving the round."""

from django.urls import path

from yingcai.selection.views import approval

urlpatterns: list = [
    path("rounds/<int:pk>/publish/", approval.publish_shortlist, name="publish-shortlist"),
    path("rounds/<int:pk>/approve/", approval.approve_round, name="approve-round"),
    path("rounds/<int:pk>/approval/", approval.approval_panel, name="approval-panel"),
]
