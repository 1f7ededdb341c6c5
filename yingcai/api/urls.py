from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import django_auth

from yingcai.api import errors
from yingcai.api.endpoints import (
    certification,
    introductions,
    projects,
    publicity,
    reference,
    registry,
    rules,
    selection,
    support,
)


def docs_for_signed_in(view):
    """The interactive docs and the OpenAPI document are for signed-in users unless
    `API_DOCS_PUBLIC` is on: a visitor gets 401 for the document and the login page for the docs."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if settings.API_DOCS_PUBLIC or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": _("请先登录。")}, status=401)
        return redirect_to_login(request.get_full_path())

    return guarded


api = NinjaAPI(
    title="yingcai API",
    version="1",
    description="平顶山市科技创新领军人才工作平台接口。权限与页面一致：每个对象都在服务端校验。",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=docs_for_signed_in,
)
api.add_router("/units", registry.units)
api.add_router("/talents", registry.talents)
api.add_router("/reference", reference.router)
api.add_router("/introductions", introductions.router)
api.add_router("/rules", rules.router)
api.add_router("/selection", selection.router)
api.add_router("/projects", projects.router)
api.add_router("/publicity", publicity.router)
api.add_router("/certification", certification.router)
api.add_router("/support", support.router)
errors.install(api)
