"""Routes of the office and unit pages of selection: rounds, nominations, the expert pool, exports."""

from django.urls import path

from yingcai.selection.views import experts, nominations, office

urlpatterns: list = [
    path("", office.round_list, name="round-list"),
    path("rounds/new/", office.round_create, name="round-create"),
    path("rounds/<int:pk>/", office.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", office.round_edit, name="round-edit"),
    path("rounds/<int:pk>/assign/", office.round_assign, name="assign-experts"),
    path("rounds/<int:pk>/withdraw-expert/", office.round_withdraw_expert, name="withdraw-expert"),
    path("rounds/<int:pk>/shortlist/", office.round_shortlist, name="decide-shortlist"),
    path("rounds/<int:pk>/export/scores/", office.export_scores, name="export-scores"),
    path("rounds/<int:pk>/export/ranking/", office.export_ranking, name="export-ranking"),
    path("nominations/", nominations.nomination_list, name="nomination-list"),
    path("nominations/new/", nominations.nomination_create, name="nomination-create"),
    path("nominations/<int:pk>/", nominations.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/edit/", nominations.nomination_edit, name="nomination-edit"),
    path("nominations/<int:pk>/check/", nominations.nomination_check, name="nomination-check"),
    path("experts/", experts.expert_list, name="expert-list"),
    path("experts/new/", experts.expert_create, name="expert-create"),
    path("experts/<int:pk>/edit/", experts.expert_edit, name="expert-edit"),
    path("experts/<int:pk>/active/", experts.expert_active, name="expert-active"),
]
