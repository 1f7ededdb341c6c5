from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import django_auth

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

api = NinjaAPI(
    title="yingcai API",
    version="1",
    description="平顶山市科技创新领军人才工作平台接口。权限与页面一致：每个对象都在服务端校验。",
    auth=django_auth,
    urls_namespace="api",
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


@api.exception_handler(ValidationError)
def validation_error(request, error: ValidationError):
    detail = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error: PermissionDenied):
    return api.create_response(request, {"detail": str(error) or _("无权执行此操作。")}, status=403)


@api.exception_handler(Http404)
def not_found(request, error: Http404):
    return api.create_response(request, {"detail": _("记录不存在或不在您的管理范围内。")}, status=404)
