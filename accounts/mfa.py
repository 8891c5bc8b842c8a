"""The second factor: an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 s) set up in the browser with a
QR code or the key typed by hand, confirmed with a first code, and reset by a county admin."""

import base64
import secrets

import segno
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .journal import Kind, Via, account_event
from .models import User
from .services import totp_verify_device

DEVICE_NAME = "authenticator"


def device_pending(user: User) -> TOTPDevice:
    """The authenticator being set up: the same key on every visit to the page until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, key=secrets.token_hex(20), digits=6, step=30, confirmed=False
        )
    return device


def manual_key(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed by hand: Base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The key's otpauth:// address as a QR code: an SVG data URI for an <img> (no script, no style)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4, dark="#1b1b1b"))


@transaction.atomic
def device_confirm(user: User, device: TOTPDevice, code: str, *, address: str | None) -> bool:
    """Confirm the pending authenticator with a code it shows; the account's other pending ones go."""
    if device.user_id != user.pk or device.confirmed or not totp_verify_device(device, code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    account_event(user, Kind.MFA_ENROLLED, via=Via.PAGE, address=address)
    return True


def devices_remove(user: User) -> int:
    deleted: int = TOTPDevice.objects.filter(user=user).delete()[0]
    return deleted
