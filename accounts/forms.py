from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from kernel.forms import UswdsFormMixin

from .services import SecondFactorRefused, second_factor_check


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
        if user is None:
            return cleaned
        try:
            device = second_factor_check(user, cleaned.get("otp") or "")
        except SecondFactorRefused as refusal:
            raise forms.ValidationError(self.error_messages[refusal.reason], code=refusal.reason) from refusal
        if device is not None:
            self.otp_device = device
        return cleaned
