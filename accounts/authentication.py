from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, User, hash_token


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; the key is looked up by digest and refused once expired, once its user's
    account is closed, or once their password or authenticator has changed since it was issued."""

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(digest=hash_token(key)).first()
        if token is None or not token.user.is_active or not token.matches_credentials():
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed("Token has expired; request a new one.")
        return (token.user, token)
