"""The user a request acts as, and its validated input."""

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework import serializers
from rest_framework.request import Request

if TYPE_CHECKING:  # for type checkers only: at run time the kernel imports no app
    from accounts.models import User


def acting(request: HttpRequest | Request) -> "User":
    """The signed-in user making the request. Views and endpoints that call it already require a sign-in; an
    anonymous request reaching it anyway is refused rather than treated as a user."""
    if not request.user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    return cast("User", request.user)


def valid(
    serializer_class: type[serializers.Serializer[Any]],
    request: Request,
    *,
    partial: bool = False,
    **kwargs: Any,
) -> dict[str, Any]:
    """The request body checked by an input serializer: its validated fields, or a 400 with field messages."""
    serializer = serializer_class(data=request.data, partial=partial, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
