"""Routes of the introduction pages (list, declare, detail, review, work periods, at-risk, channels)."""

from django.urls import path

from yingcai.introductions.views import channels, declarations, service

urlpatterns: list = [
    path("", declarations.introduction_list, name="list"),
    path("new/", declarations.introduction_create, name="create"),
    path("new/talents/", declarations.talent_options, name="talent-options"),
    path("<int:pk>/", declarations.introduction_detail, name="detail"),
    path("<int:pk>/edit/", declarations.introduction_edit, name="edit"),
    path("<int:pk>/review/", declarations.introduction_review, name="review"),
    path("<int:pk>/contract/", declarations.contract_file, name="contract-file"),
    path("<int:pk>/periods/", service.period_add, name="period-add"),
    path("periods/<int:pk>/delete/", service.period_delete, name="period-delete"),
    path("<int:pk>/full-time/", service.change_to_full_time, name="change-to-full-time"),
    path("<int:pk>/departure/", service.departure, name="departure"),
    path("<int:pk>/reopen-year/", service.reopen_year_view, name="reopen-year"),
    path("at-risk/", service.at_risk_list, name="at-risk"),
    path("at-risk/export/", service.at_risk_export, name="at-risk-export"),
    path("at-risk/remind/", service.at_risk_remind, name="at-risk-remind"),
    path("close-year/", service.close_year_view, name="close-year"),
    path("channels/", channels.channel_list, name="channels"),
    path("channels/new/", channels.channel_create, name="channel-create"),
    path("channels/<int:pk>/edit/", channels.channel_edit, name="channel-edit"),
]
