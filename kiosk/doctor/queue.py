"""Offline queue: it opens with its key, and nothing is stuck (depth, age of the oldest, dead letters).

Opened with resume=False so a doctor run never disturbs a running kiosk's delivery.
"""

from __future__ import annotations

from kiosk.doctor.core import Check, Context, needs_config

OLDEST_WARN_S = 3600.0      # an hour undelivered: the back office link has been down for a while
DEPTH_WARN = 50


@needs_config("queue")
def queue(ctx: Context) -> Check:
    from offline_queue.errors import QueueError
    from offline_queue.outbox import Outbox

    assert ctx.config is not None
    path, key_file = ctx.config.queue_path, ctx.config.key_file
    if not path.exists():
        return Check("queue", "pass", f"empty (no {path.name} yet)")
    if not key_file.exists():
        # Opening would create a fresh key that cannot decrypt the waiting applications.
        return Check("queue", "fail", f"{path} exists but its key file {key_file} is missing",
                     f"restore {key_file} from the terminal's backup; do not delete the queue: it holds "
                     "applications not yet delivered")
    try:
        with Outbox.open(path, key_file, resume=False) as box:
            s = box.status()
    except QueueError as exc:
        return Check("queue", "fail", f"{path}: {exc}",
                     "send the bundle from `kiosk logs export FILE` to support; keep the queue files as they are")
    oldest = "" if s.oldest_age_s is None else f", oldest waiting {s.oldest_age_s / 60:.0f} min"
    detail = f"{s.pending} pending, {s.in_flight} in flight, {s.done} done, {s.dead} dead{oldest}"
    if s.dead:
        return Check("queue", "warn", detail + (f"; last error: {s.last_error}" if s.last_error else ""),
                     "the back office rejected these: kiosk queue list --state dead shows why; after the cause "
                     "is fixed, kiosk queue retry --dead")
    if (s.oldest_age_s or 0) > OLDEST_WARN_S or s.pending > DEPTH_WARN:
        return Check("queue", "warn", detail + (f"; last error: {s.last_error}" if s.last_error else ""),
                     "submissions are not being delivered: see the backoffice and clock checks; kiosk queue sync "
                     "delivers now once the link is back")
    return Check("queue", "pass", detail)
