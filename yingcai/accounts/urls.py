from django.urls import path

from yingcai.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/otp/", views.otp_verify, name="otp-verify"),
    path("account/", views.account, name="account"),
    path("account/otp/", views.otp_enrol, name="otp-enrol"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("security/accounts/", views.security, name="account-security"),
    path("security/locks/<int:pk>/unlock/", views.unlock, name="account-unlock"),
    path("security/users/<int:pk>/otp-reset/", views.otp_reset, name="account-otp-reset"),
]
