"""What the terminal's QR codes hold, and parsing what a scanner reads back.

- Receipt QR: "kiosk-receipt:" + the receipt token the back office issued (or the terminal's pending token for
  a case still in its offline queue). Scanned at any terminal to look up the status and pick up the license.
- Pre-filled application QR: "kiosk-apply:" + base64url(JSON {"kind": "apply", "fields": {...}, "signature"}),
  signed by the back office (its web form, also used from phones) with its /apply key (not the license key:
  the public page must not sign anything a terminal prints) and verified with the kind checked, so a code
  printed by anyone else cannot put text into the form.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any, Literal

from domain.license_signing import KIND_APPLY, LicenseSignatureError, verify_payload

RECEIPT_PREFIX = "kiosk-receipt:"
# A receipt printed while the case was still in the terminal's offline queue carries this token prefix and the
# submission's idempotency key; only the terminal that queued it can resolve it until it is delivered.
PENDING_TOKEN_PREFIX = "pending:"
PREFILL_PREFIX = "kiosk-apply:"
_TOKEN = re.compile(r"[A-Za-z0-9_\-:]{8,128}")


class QrPayloadError(ValueError):
    """A scanned code is not one of ours, or was tampered with. message_zh is shown to the resident."""

    def __init__(self, message: str,
                 message_zh: str = "无法识别此二维码，请出示本系统打印的回执或申请二维码。") -> None:
        super().__init__(message)
        self.message_zh = message_zh


def payload_kind(text: str) -> Literal["receipt", "prefill"] | None:
    if text.startswith(RECEIPT_PREFIX):
        return "receipt"
    if text.startswith(PREFILL_PREFIX):
        return "prefill"
    return None


def receipt_payload(token: str) -> str:
    if not _TOKEN.fullmatch(token):
        raise ValueError("receipt token must be 8-128 characters of A-Z a-z 0-9 _ - :")
    return RECEIPT_PREFIX + token


def parse_receipt_payload(text: str) -> str:
    """The receipt token from a scanned receipt QR; QrPayloadError for anything else."""
    token = text.strip().removeprefix(RECEIPT_PREFIX)
    if not text.strip().startswith(RECEIPT_PREFIX) or not _TOKEN.fullmatch(token):
        raise QrPayloadError("scanned code is not a receipt QR")
    return token


def prefill_payload(signed: dict[str, Any]) -> str:
    body = json.dumps(signed, ensure_ascii=False, separators=(",", ":")).encode()
    return PREFILL_PREFIX + base64.urlsafe_b64encode(body).decode("ascii").rstrip("=")


def parse_prefill_payload(text: str, public_key_pem: bytes) -> dict[str, Any]:
    """The form fields of a pre-filled application QR, once its back-office signature (the /apply key's)
    checks out."""
    text = text.strip()
    if not text.startswith(PREFILL_PREFIX):
        raise QrPayloadError("scanned code is not an application QR")
    encoded = text.removeprefix(PREFILL_PREFIX)
    try:
        signed = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        if not isinstance(signed, dict):
            raise ValueError("not a JSON object")
        fields = verify_payload(KIND_APPLY, signed, public_key_pem)
    except (binascii.Error, ValueError, LicenseSignatureError) as exc:
        raise QrPayloadError(f"application QR rejected: {type(exc).__name__}",
                             "此申请二维码无效或已被改动，请重新生成或在终端上填写。") from None
    if not isinstance(fields, dict):
        raise QrPayloadError("application QR fields are not an object")
    return fields
