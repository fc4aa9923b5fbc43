"""Back office: reachable, clocks agree (requests are signed with a timestamp), and this terminal's
enrolment (id and secret) is accepted. One unsigned exchange serves the first two checks."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

from domain.signing import CLOCK_TOLERANCE_S
from kiosk.doctor.core import Check, Context, needs_config

CLOCK_WARN_S = 30.0     # well inside the signature window, but receipts and licenses carry the time
_PUBLIC_PATH = "api/v1/keys/license"   # needs no signature, so it tells reachability apart from enrolment
_SIGNED_PATH = "api/v1/catalogue/scopes"


@dataclass(frozen=True)
class Probe:
    url: str
    status: int | None
    error: str | None
    skew_s: float | None            # terminal clock minus back office clock
    elapsed_s: float


def _probe(ctx: Context) -> Probe:
    import requests

    assert ctx.config is not None
    url = ctx.config.backoffice_url.rstrip("/") + "/" + _PUBLIC_PATH
    sent_at, start = ctx.clock(), time.monotonic()
    try:
        resp = requests.get(url, timeout=min(ctx.config.backoffice_timeout_s, 5.0),
                            verify=ctx.config.backoffice_ca_file or True)
    except requests.RequestException as exc:
        return Probe(url, None, f"{type(exc).__name__}: {exc}", None, time.monotonic() - start)
    elapsed = time.monotonic() - start
    date = resp.headers.get("Date")
    skew = None
    if date:
        # Date has whole seconds and was stamped somewhere during the exchange: compare with its middle.
        server = email.utils.parsedate_to_datetime(date).timestamp()
        skew = sent_at + elapsed / 2 - server
    return Probe(url, resp.status_code, None, skew, elapsed)


def _shared_probe(ctx: Context) -> Probe:
    return ctx.shared("backoffice-probe", lambda: _probe(ctx))


_EMBEDDED = "embedded back office (simulation: applications never leave this terminal)"


@needs_config("backoffice")
def backoffice(ctx: Context) -> Check:
    assert ctx.config is not None
    if ctx.config.embedded_backoffice:
        return Check("backoffice", "pass", _EMBEDDED)
    probe = _shared_probe(ctx)
    if probe.status is None:
        return Check("backoffice", "fail", f"{probe.url} does not answer: {probe.error}",
                     "check the network cable/Wi-Fi and that the branch firewall lets this terminal reach the back "
                     "office (curl -sI URL); applications wait safely in the queue meanwhile")
    if probe.status >= 500:
        return Check("backoffice", "fail", f"{probe.url} answers HTTP {probe.status}",
                     "the back office has a fault: report it to its operators; applications wait in the queue")
    if probe.status != 200:
        return Check("backoffice", "fail", f"{probe.url} answers HTTP {probe.status}: not a back office API v1",
                     "check backoffice_url in /etc/kiosk/kiosk.toml (the base URL, e.g. https://host/)")
    return Check("backoffice", "pass", f"{ctx.config.backoffice_url} answers in {probe.elapsed_s * 1000:.0f} ms")


@needs_config("clock")
def clock(ctx: Context) -> Check:
    assert ctx.config is not None
    if ctx.config.embedded_backoffice:
        return Check("clock", "pass", "embedded back office: one clock")
    probe = _shared_probe(ctx)
    if probe.skew_s is None:
        return Check("clock", "warn", "not compared: the back office gave no time",
                     "see the backoffice check; timedatectl shows whether this terminal's clock is synchronised")
    skew = probe.skew_s
    detail = f"terminal clock {'ahead of' if skew >= 0 else 'behind'} the back office by {abs(skew):.0f} s"
    hint = ("enable time synchronisation: sudo timedatectl set-ntp true (systemd-timesyncd), or set the "
            "branch's NTP server in /etc/systemd/timesyncd.conf")
    if abs(skew) > CLOCK_TOLERANCE_S:
        return Check("clock", "fail", detail + f": the back office refuses requests beyond {CLOCK_TOLERANCE_S} s",
                     hint)
    if abs(skew) > CLOCK_WARN_S:
        return Check("clock", "warn", detail, hint)
    return Check("clock", "pass", detail)


@needs_config("enrolment")
def enrolment(ctx: Context) -> Check:
    from kiosk.backoffice_client import BackofficeClient, BackofficeUnreachable

    assert ctx.config is not None
    c = ctx.config
    if c.embedded_backoffice:
        return Check("enrolment", "pass", f"terminal {c.terminal_id} enrolled in the embedded back office")
    client = BackofficeClient(c.backoffice_url, c.terminal_id, c.terminal_secret, min(c.backoffice_timeout_s, 5.0),
                              ca_file=c.backoffice_ca_file)
    try:
        reply = client.request("GET", _SIGNED_PATH)
    except BackofficeUnreachable:
        return Check("enrolment", "warn", "not checked: the back office does not answer", "see the backoffice check")
    finally:
        client.close()
    if reply.ok:
        return Check("enrolment", "pass", f"terminal {c.terminal_id} accepted")
    if reply.status == 401:
        why = reply.body.get("detail", "") if isinstance(reply.body, dict) else ""
        return Check("enrolment", "fail", f"terminal {c.terminal_id} refused: {why or 'HTTP 401'}",
                     "if the clock check fails, fix the clock first; otherwise enrol again with a new code from the "
                     "back office: kiosk enrol --backoffice URL --code CODE")
    return Check("enrolment", "fail", f"signed request answered HTTP {reply.status}",
                 "report it to the back office's operators")
