from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.acting import acting, valid

from .access import source_address
from .journal import Via
from .models import MAX_LATE_ENTRY_DAYS, MAX_LOCKOUT_MINUTES, County
from .services import late_entry_days_set, lockout_minutes_set, token_issue
from .signin import Outcome, sign_in_check
from .throttles import SignInAddressThrottle


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=12, required=False, allow_blank=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


UNABLE = "Unable to sign in with the username, password and code given."
ENROLL_FIRST = (
    "This account has no authenticator yet: sign in once in a browser, which takes you to set one up, then ask "
    "for a token with its code."
)


class TokenView(APIView):
    """Exchange a username, password and authenticator code for an expiring token. Every failure answers the
    same 400; five in a row within 15 minutes lock the account, and while it is locked every attempt, right or
    wrong, answers 403 saying so."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (SignInAddressThrottle,)

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                description="The username, password or code is not right (always this answer)."
            ),
            403: OpenApiResponse(description="The account is locked, or must set up an authenticator first."),
            429: OpenApiResponse(description="Too many attempts from this address this minute."),
        },
    )
    def post(self, request: Request) -> Response:
        data = valid(TokenRequestSerializer, request)
        address = source_address(request._request)
        outcome = sign_in_check(
            data["username"], data["password"], data.get("otp") or "", via=Via.API, address=address
        )
        if outcome.outcome is Outcome.FAILED:
            return Response({"non_field_errors": [UNABLE]}, status=status.HTTP_400_BAD_REQUEST)
        if outcome.outcome is Outcome.LOCKED:
            return Response({"detail": outcome.message}, status=status.HTTP_403_FORBIDDEN)
        if outcome.outcome is Outcome.ENROLL or outcome.user is None:
            return Response({"detail": ENROLL_FIRST}, status=status.HTTP_403_FORBIDDEN)
        key, expires_at = token_issue(outcome.user, timezone.now(), address)
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


class CountySettingsSerializer(serializers.Serializer[County]):
    late_entry_days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_LATE_ENTRY_DAYS,
        required=False,
        help_text="How many days back a worker may date an entry (a referral received, a contact, a screening, a "
        "missing episode...) without marking it a late entry and giving `late_entry_reason` (default 30).",
    )
    lockout_minutes = serializers.IntegerField(
        min_value=1,
        max_value=MAX_LOCKOUT_MINUTES,
        required=False,
        help_text="How long an account stays locked after 5 failed sign-ins within 15 minutes, unless a county "
        "admin unlocks it sooner (default 30).",
    )

    def validate(self, attrs: dict[str, int]) -> dict[str, int]:
        if not attrs:
            raise serializers.ValidationError("Give late_entry_days, lockout_minutes or both.")
        return attrs


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
        changes = valid(CountySettingsSerializer, request)
        county = user.home_county
        with transaction.atomic():
            if "late_entry_days" in changes:
                county = late_entry_days_set(user=user, county=county, days=changes["late_entry_days"])
            if "lockout_minutes" in changes:
                county = lockout_minutes_set(user=user, county=county, minutes=changes["lockout_minutes"])
        return Response(CountySettingsSerializer(county).data)
