from django.contrib import admin
from django.urls import include, path

from yingcai.accounts.views import LoginView
from yingcai.api.urls import api
from yingcai.console.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin signs in through the platform's login, with its pause on repeated failures.
    path("admin/login/", LoginView.as_view(), name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("yingcai.accounts.urls")),
    path("accounts/", include("yingcai.console.account_urls")),
    path("", include("yingcai.console.urls")),
    path("registry/", include("yingcai.registry.urls")),
    path("audit/", include("yingcai.audit.urls")),
    path("introductions/", include("yingcai.introductions.urls")),
    path("rules/", include("yingcai.policy.urls")),
    path("policies/", include("yingcai.policylib.urls")),
    path("notifications/", include("yingcai.notifications.urls")),
    path("selection/", include("yingcai.selection.urls")),
    path("projects/", include("yingcai.projects.urls")),
    path("publicity/", include("yingcai.publicity.urls")),
    path("certification/", include("yingcai.certification.urls")),
    path("support/", include("yingcai.support.urls")),
    path("calendar/", include("yingcai.workdays.urls")),
    path("reviews/", include("yingcai.workflows.urls")),
]
