"""The one check a view makes before it acts: the user holds the permission (on the object, when
one is given), or the request is refused with 403. Every app's views use it; it lives here, at the
bottom layer, so that the lowest app (accounts) may use it too."""

from django.core.exceptions import PermissionDenied


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied
