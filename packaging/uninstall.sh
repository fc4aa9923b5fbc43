#!/usr/bin/env bash
# Remove what packaging/install.sh installed: units, udev rule, journald limits, PAM service, tmpfiles,
# the kiosk command, /opt/kiosk. The configuration (/etc/kiosk) and the data (/var/lib/kiosk: the offline
# queue may still hold applications not yet delivered) stay unless --purge is given, which also removes
# the kiosk users. Debian packages stay (other software may use them).
#
#   sudo packaging/uninstall.sh [--purge] [--root DIR]
set -euo pipefail

ROOT=/
PURGE=0
while (($#)); do
  case "$1" in
    --root) ROOT="$2"; shift 2 ;;
    --purge) PURGE=1; shift ;;
    -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$ROOT" && pwd)"
R="${ROOT%/}"
say() { echo "uninstall.sh: $*"; }
on_target() { if [ -z "$R" ]; then "$@"; else chroot "$ROOT" "$@"; fi; }

UNITS=(kiosk.service kiosk-recovery.service kiosk-backoffice.service)
live=0
if [ -z "$R" ] && [ -d /run/systemd/system ]; then live=1; fi

for unit in "${UNITS[@]}"; do
  [ -e "$R/etc/systemd/system/$unit" ] || continue
  if [ "$live" -eq 1 ]; then
    systemctl disable --now "$unit" || true
  else
    systemctl --root="$ROOT" disable "$unit" >/dev/null 2>&1 || true
  fi
  rm -f "$R/etc/systemd/system/$unit"
  say "removed $unit"
done
rm -f "$R/etc/udev/rules.d/70-kiosk-idcard.rules" "$R/etc/systemd/journald.conf.d/kiosk.conf" \
  "$R/etc/pam.d/kiosk" "$R/etc/tmpfiles.d/kiosk.conf" "$R/usr/local/bin/kiosk"
rm -rf "$R/opt/kiosk"
if [ "$live" -eq 1 ]; then
  systemctl daemon-reload
  udevadm control --reload || true
fi

if [ "$PURGE" -eq 1 ]; then
  rm -rf "$R/etc/kiosk" "$R/var/lib/kiosk" "$R/var/lib/kiosk-backoffice"
  for user in kiosk kiosk-backoffice; do
    if on_target getent passwd "$user" >/dev/null; then on_target userdel "$user"; say "removed user $user"; fi
  done
  say "purged configuration, data and users"
else
  say "kept /etc/kiosk and /var/lib/kiosk (use --purge to remove them and the kiosk users)"
fi
