from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from kernel.forms import UswdsFormMixin

from .services import totp_throttled, totp_verify, user_has_totp


class SignInForm(UswdsFormMixin, AuthenticationForm):
    """Username and password, plus the authenticator code for accounts that have one."""

    otp = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=12,
        help_text="Only if your account uses an authenticator app: the 6-digit code it shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right. Both are case-sensitive.",
        "otp_required": "This account needs the code from its authenticator app.",
        "otp_invalid": "That authenticator code is wrong or has expired. Try the code shown now.",
        "otp_throttled": "Too many wrong codes: wait a few seconds, then enter the code shown now.",
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_totp(user):
            code = cleaned.get("otp") or ""
            if not code:
                raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
            if totp_throttled(user):
                raise forms.ValidationError(self.error_messages["otp_throttled"], code="otp_throttled")
            device = totp_verify(user, code)
            if device is None:
                raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
            self.otp_device = device
        return cleaned
