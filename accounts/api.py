from datetime import date

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from kernel.acting import acting, valid
from kernel.pagination import CursorPagination

from .audit import audit_rows, csv_lines
from .models import MAX_LATE_ENTRY_DAYS, County, Role, User
from .selectors import scoped, scoped_get
from .services import (
    SecondFactorReason,
    SecondFactorRefused,
    audit_window_check,
    late_entry_days_set,
    second_factor_check,
    token_issue,
)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=12, required=False, allow_blank=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


SECOND_FACTOR_MESSAGES: dict[SecondFactorReason, str] = {
    "otp_required": "This account needs a code from its authenticator.",
    "otp_throttled": "Too many wrong codes: wait a few seconds, then try again.",
    "otp_invalid": "The code is wrong or has expired.",
}


class SignInThrottle(AnonRateThrottle):
    rate = "30/min"


class TokenView(APIView):
    """Exchange a username, password (and a TOTP code when the user has one) for an expiring token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (SignInThrottle,)

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            return Response(
                {"non_field_errors": ["Unable to sign in with the username and password given."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            second_factor_check(user, data.validated_data.get("otp") or "")
        except SecondFactorRefused as refusal:
            return Response({"otp": [SECOND_FACTOR_MESSAGES[refusal.reason]]}, status=400)
        key, expires_at = token_issue(user, timezone.now())
        return Response(TokenSerializer({"token": key, "expires_at": expires_at}).data)


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    county = serializers.CharField(source="county.name", allow_null=True, default=None)
    county_time_zone = serializers.CharField(source="county.time_zone", allow_null=True, default=None)
    agency = serializers.CharField(source="agency.kind", allow_null=True, default=None)
    supervisor = serializers.CharField(source="supervisor.username", allow_null=True, default=None)
    privileges = serializers.ListField(source="privilege_codes", child=serializers.CharField())


class MeView(APIView):
    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class UserSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    supervisor = serializers.UUIDField(source="supervisor_id", allow_null=True)


class UserPagination(CursorPagination):
    ordering = ("-date_joined", "-id")


class UserListView(ListAPIView):
    """The caller's county colleagues: who a case can be assigned to, and who supervises whom."""

    serializer_class = UserSerializer
    pagination_class = UserPagination

    def get_queryset(self) -> QuerySet[User]:
        return scoped(User.objects.filter(is_active=True), acting(self.request))


class UserDetailView(RetrieveAPIView):
    serializer_class = UserSerializer

    def get_object(self) -> User:
        return scoped_get(User.objects.all(), acting(self.request), pk=self.kwargs["pk"])


class AuditExportQuery(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()

    def validate(self, attrs: dict[str, date]) -> dict[str, date]:
        audit_window_check(attrs["since"], attrs["until"])
        return attrs


class IsCountyAdmin(BasePermission):
    message = "Only a county admin may export the audit history."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.role == Role.COUNTY_ADMIN)


class AuditExportView(APIView):
    """The county's audit history as CSV: every change and every read of a child's record."""

    permission_classes = (IsAuthenticated, IsCountyAdmin)

    @extend_schema(parameters=[AuditExportQuery], responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request) -> StreamingHttpResponse:
        query = AuditExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        since, until = query.validated_data["since"], query.validated_data["until"]
        county = acting(request).home_county
        rows = audit_rows(county, since, until)
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
        filename = f"audit-{slugify(county.name)}-{since}-{until}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class CountySettingsSerializer(serializers.Serializer[County]):
    late_entry_days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_LATE_ENTRY_DAYS,
        help_text="How many days back a worker may date an entry (a referral received, a contact, a screening, a "
        "missing episode...) without marking it a late entry and giving `late_entry_reason` (default 30).",
    )


class CountySettingsView(APIView):
    """The caller's county's own settings. Every user of the county reads them; its county admin changes them."""

    @extend_schema(responses={200: CountySettingsSerializer})
    def get(self, request: Request) -> Response:
        return Response(CountySettingsSerializer(acting(request).home_county).data)

    @extend_schema(
        request=CountySettingsSerializer,
        responses={
            200: CountySettingsSerializer,
            400: OpenApiResponse(description="Not a whole number of days within the bounds."),
            403: OpenApiResponse(description="The caller is not the county admin."),
        },
    )
    def patch(self, request: Request) -> Response:
        user = acting(request)
        days = valid(CountySettingsSerializer, request)["late_entry_days"]
        county = late_entry_days_set(user=user, county=user.home_county, days=days)
        return Response(CountySettingsSerializer(county).data)
