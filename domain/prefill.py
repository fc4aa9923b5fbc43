"""The business part of an application, pre-filled on a phone and carried to a terminal in a signed QR code.

The back office's /apply page builds `Prefill.to_fields()`, signs it with the license key and renders it as a
"kiosk-apply:" QR (domain.qr_payloads); the terminal verifies the signature and reads it back with
`Prefill.from_fields()`. Nothing here identifies the resident: card, face and signature are taken at the
terminal as for any other application, and every field is shown to the resident again before signing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.application import Organization

KIND = "kiosk-apply/1"   # also keeps a signed license (same key) from passing as an application QR
MAX_SCOPE_ITEMS = 10


class PrefillError(ValueError):
    """The signed fields are not a pre-filled application this version understands."""


@dataclass(frozen=True)
class Prefill:
    division_code: str          # the county the premises lie in: only its terminals accept the code
    name: str | None
    organization: Organization
    scope: tuple[str, ...]      # catalogue codes
    address: str                # street and house number inside division_code
    capital_yuan: int           # 0: not given
    employees: int
    phone: str                  # "": not given

    def to_fields(self) -> dict[str, Any]:
        return {"kind": KIND, "division_code": self.division_code, "name": self.name,
                "organization": self.organization.value, "scope": list(self.scope), "address": self.address,
                "capital_yuan": self.capital_yuan, "employees": self.employees, "phone": self.phone}

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> Prefill:
        if fields.get("kind") != KIND:
            raise PrefillError("not a pre-filled application")
        try:
            prefill = cls(division_code=_text(fields["division_code"]), name=fields["name"] and _text(fields["name"]),
                          organization=Organization(fields["organization"]),
                          scope=tuple(_text(code) for code in fields["scope"]), address=_text(fields["address"]),
                          capital_yuan=_count(fields["capital_yuan"]), employees=_count(fields["employees"]),
                          phone=_text(fields["phone"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise PrefillError(f"malformed pre-filled application: {type(exc).__name__}") from None
        if len(prefill.scope) > MAX_SCOPE_ITEMS:
            raise PrefillError("too many scope items")
        return prefill

    def draft_fields(self) -> dict[str, Any]:
        """The kiosk.session.Draft fields this fills (family members are added at the terminal)."""
        return {"name": self.name, "organization": self.organization, "scope": list(self.scope),
                "address": self.address, "capital_yuan": self.capital_yuan, "employees": self.employees,
                "phone": self.phone}


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 200:
        raise TypeError("expected a short string")
    return value


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("expected a non-negative integer")
    return value
