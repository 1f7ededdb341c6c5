"""The system administrator's account pages and everyone's session pages, under /accounts/. They are
wired here, in the console, because the account forms read the registry (jurisdictions, units,
talents), which the accounts app at the bottom layer must not import."""

from django.urls import path

from yingcai.accounts import session_views
from yingcai.console.views import accounts as account_views

app_name = "accounts"
urlpatterns = [
    path("", account_views.account_list, name="list"),
    path("new/", account_views.account_create, name="create"),
    path("<int:pk>/", account_views.account_edit, name="edit"),
    path("<int:pk>/deactivate/", account_views.account_set_active, {"active": False}, name="deactivate"),
    path("<int:pk>/reactivate/", account_views.account_set_active, {"active": True}, name="reactivate"),
    path("<int:pk>/reset-password/", account_views.account_reset_password, name="reset-password"),
    path("sessions/", session_views.my_sessions, name="my-sessions"),
    path("sessions/<int:pk>/end/", session_views.end_my_session, name="end-my-session"),
    path("sessions/end-others/", session_views.end_my_other_sessions, name="end-my-other-sessions"),
    path("signed-in/", session_views.signed_in_users, name="signed-in"),
    path("signed-in/<int:pk>/end/", session_views.end_any_session, name="end-session"),
    path("security-policy/", session_views.security_policy, name="security-policy"),
]
