"""The API of the county's accounts (every user reads their colleagues; the county admin manages them) and of
the caller's own API tokens."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.acting import acting, valid
from kernel.api import in_county
from kernel.pagination import CursorPagination
from kernel.roles import require_county_admin

from . import county_users, lockout, tokens
from .access import source_address
from .journal import Via
from .models import ApiToken, Privilege, Role, User
from .selectors import county_accounts, scoped, scoped_get

ROLE_HELP = f"One of {', '.join(Role.values)}."
REFUSED = OpenApiResponse(description="The caller is not a county admin.")
UNKNOWN = OpenApiResponse(description="No such user in the caller's county.")


FOR_THE_ADMIN = "Answered to the county admin only."
ADMIN_ONLY = (
    "first_name",
    "last_name",
    "email",
    "is_active",
    "locked",
    "privileges",
    "has_authenticator",
    "last_login",
)


class LockedField(serializers.BooleanField):
    """Whether failed sign-ins have the account locked now."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, value: Any) -> bool:
        return lockout.is_locked(value, timezone.now())


class PrivilegesField(serializers.ListField):
    """The privileges granted to the account (prefetched by `county_accounts`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", required=False, child=serializers.CharField(), **kwargs)

    def to_representation(self, data: Any) -> list[str]:
        return sorted(grant.code for grant in data.privileges.all())


class UserSerializer(serializers.Serializer[User]):
    """A user of the caller's county. The county admin also reads each account's state and privileges (the
    optional fields); everyone else reads who is who."""

    id = serializers.UUIDField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    supervisor = serializers.UUIDField(source="supervisor_id", allow_null=True)
    first_name = serializers.CharField(required=False, help_text=FOR_THE_ADMIN)
    last_name = serializers.CharField(required=False, help_text=FOR_THE_ADMIN)
    email = serializers.CharField(required=False, help_text=FOR_THE_ADMIN)
    is_active = serializers.BooleanField(required=False, help_text=FOR_THE_ADMIN)
    locked = LockedField(help_text=f"Locked by failed sign-ins. {FOR_THE_ADMIN}")
    privileges = PrivilegesField(help_text=FOR_THE_ADMIN)
    has_authenticator = serializers.BooleanField(
        required=False, help_text=f"Has a confirmed authenticator app. {FOR_THE_ADMIN}"
    )
    last_login = serializers.DateTimeField(required=False, allow_null=True, help_text=FOR_THE_ADMIN)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.context.get("county_admin") is False:
            for name in ADMIN_ONLY:
                self.fields.pop(name)


class UserPagination(CursorPagination):
    ordering = ("-date_joined", "-id")


def is_county_admin(user: User) -> bool:
    return user.role == Role.COUNTY_ADMIN and user.county_id is not None


def admin_of(request: Request) -> User:
    user = acting(request)
    require_county_admin(user, county_users.ONLY_THE_COUNTY_ADMIN)
    return user


def account_of(request: Request, pk: str) -> tuple[User, User]:
    """The county admin making the request, and the account of their county it names (404 elsewhere)."""
    admin = admin_of(request)
    return admin, scoped_get(county_accounts(admin), admin, pk=pk)


def answer(admin: User, account: User, code: int = status.HTTP_200_OK) -> Response:
    fresh = county_accounts(admin).get(pk=account.pk)
    return Response(UserSerializer(fresh, context={"county_admin": True}).data, status=code)


class CountyUserInput(serializers.Serializer[User]):
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    role = serializers.CharField(required=False, help_text=ROLE_HELP)
    supervisor = serializers.UUIDField(
        required=False, allow_null=True, help_text="A supervisor of the county."
    )
    privileges = serializers.ListField(
        child=serializers.ChoiceField(choices=Privilege.choices),
        required=False,
        max_length=len(Privilege.values),
    )


class CountyUserCreateInput(CountyUserInput):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=256,
        trim_whitespace=False,
        help_text="At least 12 characters, not common, not like the name.",
    )
    role = serializers.CharField(help_text=ROLE_HELP)


class CountyUserChangeInput(CountyUserInput):
    is_active = serializers.BooleanField(
        required=False,
        help_text="false closes a county admin's account; a worker's is closed with their caseload's hand-over.",
    )


def supervisor_in(admin: User, data: dict[str, Any]) -> dict[str, Any]:
    """The input with `supervisor` as the account it names, looked up in the admin's county."""
    if data.get("supervisor") is not None:
        data["supervisor"] = in_county(
            "supervisor", lambda: scoped_get(User.objects.all(), admin, pk=data["supervisor"])
        )
    return data


class UserListView(ListAPIView[User]):
    """The caller's county colleagues: who a case can be assigned to, and who supervises whom. A county admin
    sees every account of the county, open or closed, with its state, and opens new ones."""

    pagination_class = UserPagination
    serializer_class = UserSerializer

    def get_queryset(self) -> QuerySet[User]:
        user = acting(self.request)
        if is_county_admin(user):
            return county_accounts(user)
        return scoped(User.objects.filter(is_active=True), user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "county_admin": is_county_admin(acting(self.request))}

    @extend_schema(
        request=CountyUserCreateInput,
        responses={
            201: UserSerializer,
            400: OpenApiResponse(description="Field messages."),
            403: REFUSED,
        },
    )
    def post(self, request: Request) -> Response:
        admin = admin_of(request)
        data = supervisor_in(admin, valid(CountyUserCreateInput, request))
        new = county_users.NewAccount(
            username=data["username"],
            password=data["password"],
            role=data["role"],
            supervisor=data.get("supervisor"),
            privileges=data.get("privileges", []),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
        )
        account = county_users.county_user_add(
            user=admin, new=new, address=source_address(request._request), via=Via.API
        )
        return answer(admin, account, status.HTTP_201_CREATED)


class UserDetailView(APIView):
    @extend_schema(responses={200: UserSerializer, 404: UNKNOWN})
    def get(self, request: Request, pk: str) -> Response:
        user = acting(request)
        if is_county_admin(user):
            account = scoped_get(county_accounts(user), user, pk=pk)
            return Response(UserSerializer(account, context={"county_admin": True}).data)
        account = scoped_get(User.objects.all(), user, pk=pk)
        return Response(UserSerializer(account, context={"county_admin": False}).data)

    @extend_schema(
        request=CountyUserChangeInput,
        responses={
            200: UserSerializer,
            400: OpenApiResponse(description="Field messages."),
            403: REFUSED,
            404: UNKNOWN,
        },
    )
    def patch(self, request: Request, pk: str) -> Response:
        admin, account = account_of(request, pk)
        data = supervisor_in(admin, valid(CountyUserChangeInput, request))
        address = source_address(request._request)
        active = data.pop("is_active", None)
        with transaction.atomic():
            if active is True:
                account = county_users.county_user_reopen(
                    user=admin, target=account, address=address, via=Via.API
                )
            if data:
                account = county_users.county_user_update(
                    user=admin, target=account, changes=data, address=address, via=Via.API
                )
            if active is False:
                account = county_users.county_user_close(
                    user=admin, target=account, address=address, via=Via.API
                )
        return answer(admin, account)


class UserUnlockView(APIView):
    @extend_schema(request=None, responses={200: UserSerializer, 403: REFUSED, 404: UNKNOWN})
    def post(self, request: Request, pk: str) -> Response:
        admin, account = account_of(request, pk)
        county_users.county_user_unlock(
            user=admin, target=account, address=source_address(request._request), via=Via.API
        )
        return answer(admin, account)


class UserMfaResetView(APIView):
    @extend_schema(request=None, responses={200: UserSerializer, 403: REFUSED, 404: UNKNOWN})
    def post(self, request: Request, pk: str) -> Response:
        admin, account = account_of(request, pk)
        county_users.county_user_mfa_reset(
            user=admin, target=account, address=source_address(request._request), via=Via.API
        )
        return answer(admin, account)


class ApiTokenSerializer(serializers.Serializer[ApiToken]):
    id = serializers.UUIDField(source="public_id")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    created_from = serializers.IPAddressField(allow_null=True)
    current = serializers.SerializerMethodField(
        help_text="Whether this is the token the request was made with."
    )

    def get_current(self, token: ApiToken) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, ApiToken) and auth.pk == token.pk


class TokenPagination(CursorPagination):
    ordering = ("-created_at", "-public_id")


class TokenListView(ListAPIView[ApiToken]):
    """The caller's API tokens still in force; DELETE revokes them all (including the one making the request)."""

    serializer_class = ApiTokenSerializer
    pagination_class = TokenPagination

    def get_queryset(self) -> QuerySet[ApiToken]:
        return tokens.tokens_of(acting(self.request))

    @extend_schema(operation_id="auth_tokens_revoke_all", responses={204: None})
    def delete(self, request: Request) -> Response:
        tokens.tokens_revoke_all(acting(request), via=Via.API, address=source_address(request._request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenDetailView(APIView):
    @extend_schema(
        operation_id="auth_tokens_revoke",
        responses={204: None, 404: OpenApiResponse(description="Not one of the caller's tokens.")},
    )
    def delete(self, request: Request, pk: str) -> Response:
        user = acting(request)
        token = tokens.token_of(user, pk)
        tokens.token_revoke(user, token, via=Via.API, address=source_address(request._request))
        return Response(status=status.HTTP_204_NO_CONTENT)
