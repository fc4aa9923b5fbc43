"""What the terminal prints for a decision: the license when approved (only from data the back office
signed, checked with its key), a receipt with a QR code when the case waits for staff or for the network, or
when the back office's key is not known yet (the license is then picked up later with that receipt)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from domain.card import IdCard
from domain.qr_payloads import PENDING_TOKEN_PREFIX
from kiosk.config import Config
from kiosk.session import Outcome, Result


@dataclass(frozen=True)
class Document:
    title: str
    pdf: bytes


class Paperwork:
    """Renders the documents for a result; the renderers load their font once, at construction."""

    def __init__(self, config: Config, license_public_key: Callable[[], bytes | None]) -> None:
        """license_public_key() gives the back office's key, or None while it is not known."""
        from kiosk.documents.license import LicenseRenderer

        self._config = config
        self._public_key = license_public_key
        self._license = LicenseRenderer(font_path=config.document_font_path or None,
                                        name_placeholder=config.license_name_placeholder,
                                        verification_url_base=config.verification_url_base,
                                        offset_mm=(config.printer_offset_x_mm, config.printer_offset_y_mm))

    def documents(self, result: Result, card: IdCard, business_name: str | None,
                  now: dt.datetime | None = None) -> list[Document]:
        if result.outcome is Outcome.APPROVED and result.signed_license is not None:
            key = self._public_key()
            if key is not None:
                pdf = self._license.render_signed(result.signed_license, key, copy="original")
                return [Document(f"license-{result.uscc}", pdf)]
        if result.outcome in (Outcome.MANUAL_REVIEW, Outcome.QUEUED) or result.signed_license is not None:
            return [self.receipt(result, card, business_name, now or dt.datetime.now())]
        return []

    def receipt(self, result: Result, card: IdCard, business_name: str | None, now: dt.datetime) -> Document:
        from kiosk.documents.receipt import ReceiptData, render_receipt

        data = ReceiptData(
            receipt_no=result.registration_id or result.idempotency_key[:13].upper(),
            time=now,
            terminal_id=self._config.terminal_id,
            status=result.outcome.value,
            id_number=card.id_number,
            receipt_token=result.receipt_token or PENDING_TOKEN_PREFIX + result.idempotency_key,
            business_name=business_name,
        )
        pdf = render_receipt(data, paper=self._config.receipt_paper, font_path=self._config.document_font_path or None)
        return Document(f"receipt-{data.receipt_no}", pdf)
