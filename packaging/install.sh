#!/usr/bin/env bash
# Install the registration kiosk (or its back office) on a fresh Debian 12, idempotently.
#
#   sudo packaging/install.sh                      a terminal: kiosk user, Debian packages, /opt/kiosk/venv,
#                                                  /etc/kiosk, /var/lib/kiosk, udev rules, systemd units
#   sudo packaging/install.sh --role backoffice    the back office service instead
#   sudo packaging/install.sh --root DIR           into the Debian tree at DIR (an image being built, a
#                                                  debootstrapped test root); package and user steps run in
#                                                  a chroot, units are enabled offline
#   packaging/install.sh --files-only --root DIR   lay out the files only (no packages, users, venv)
#
# Other options: --source DIR (project to install; default: this checkout), --pip-args "ARGS" (e.g.
# "--no-index --find-links /wheels"), --no-enable (install units without enabling them).
# After installing a terminal: kiosk enrol --backoffice URL --code CODE, then reboot (or systemctl start kiosk).
set -euo pipefail

ROOT=/
ROLE=terminal
FILES_ONLY=0
ENABLE=1
PIP_ARGS=""
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE="$(cd "$HERE/.." && pwd)"

usage() { sed -n '2,16s/^# \{0,1\}//p' "$0"; exit "${1:-0}"; }

while (($#)); do
  case "$1" in
    --root) ROOT="$2"; shift 2 ;;
    --role) ROLE="$2"; shift 2 ;;
    --source) SOURCE="$(cd "$2" && pwd)"; shift 2 ;;
    --pip-args) PIP_ARGS="$2"; shift 2 ;;
    --files-only) FILES_ONLY=1; shift ;;
    --no-enable) ENABLE=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage 2 >&2 ;;
  esac
done
case "$ROLE" in terminal|backoffice) ;; *) echo "install.sh: --role is terminal or backoffice" >&2; exit 2 ;; esac

ROOT="$(cd "$ROOT" && pwd)"
R="${ROOT%/}"                      # prefix for paths in the target: "" when installing on this machine
OPT=/opt/kiosk
VENV=$OPT/venv

say() { echo "install.sh: $*"; }

# Run a command on the target system: here, or inside the tree at --root.
on_target() {
  if [ -z "$R" ]; then "$@"; else chroot "$ROOT" "$@"; fi
}

TERMINAL_PACKAGES=(
  # The interpreter for the virtual environment, and TLS roots for the back office link.
  python3 python3-venv ca-certificates
  # The display: cage (Wayland kiosk compositor) in a logind session, Mesa for wlroots, Wayland client
  # libraries the Qt wheel's wayland plugin links.
  cage libpam-systemd dbus udev libgl1-mesa-dri libegl1 libgl1 libwayland-client0 libwayland-cursor0
  libwayland-egl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
  # The virtual keyboard's QML components link QtMultimedia, which needs libpulse.
  libpulse0
  # Chinese text on screen and embedded in printed documents.
  fonts-wqy-zenhei fontconfig
  # Printing, QR decoding, the clock the signed requests depend on.
  cups cups-client cups-filters libzbar0 systemd-timesyncd
  # Spoken prompts: espeak-ng renders the voice pack once at installation, aplay plays it (docs/VOICE.md).
  espeak-ng alsa-utils
  # Handwriting input: Zinnia and its Tegaki models, called through ctypes (docs/INPUT.md).
  libzinnia0 tegaki-zinnia-simplified-chinese tegaki-zinnia-japanese
  # What the doctor's hints ask technicians to run.
  usbutils v4l-utils
)
BACKOFFICE_PACKAGES=(python3 python3-venv ca-certificates)

install_packages() {
  local -a packages
  if [ "$ROLE" = terminal ]; then packages=("${TERMINAL_PACKAGES[@]}"); else packages=("${BACKOFFICE_PACKAGES[@]}"); fi
  if [ -n "$R" ]; then
    # No service may start inside an image being built.
    printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
    chmod 755 "$R/usr/sbin/policy-rc.d"
  fi
  say "Debian packages: ${packages[*]}"
  on_target env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  on_target env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  if [ -n "$R" ]; then rm -f "$R/usr/sbin/policy-rc.d"; fi
}

add_user() {  # NAME HOME GROUPS...
  local name="$1" home="$2"; shift 2
  if ! on_target getent passwd "$name" >/dev/null; then
    say "user $name"
    on_target useradd --system --user-group --home-dir "$home" --no-create-home --shell /usr/sbin/nologin "$name"
  fi
  local group
  for group in "$@"; do
    if on_target getent group "$group" >/dev/null; then on_target usermod -aG "$group" "$name"; fi
  done
}

install_users() {
  if [ "$ROLE" = terminal ]; then
    # dialout: the reader; video/render/input: camera, GPU, touch panel under cage; systemd-journal: the
    # support bundle (kiosk logs export) includes the kiosk units' journal. lpadmin stays root's.
    add_user kiosk /var/lib/kiosk dialout video render input audio systemd-journal
  else
    add_user kiosk-backoffice /var/lib/kiosk-backoffice
  fi
}

install_source() {
  say "application source into $R$OPT/src"
  rm -rf "$R$OPT/src"
  install -d -m 0755 "$R$OPT/src"
  tar -C "$SOURCE" --exclude=./.git --exclude=./.venv --exclude=./var --exclude=./tests --exclude=./benchmarks \
    --exclude='*.egg-info' --exclude=__pycache__ --exclude=./build -cf - . | tar -C "$R$OPT/src" -xf -
}

install_venv() {
  if [ ! -x "$R$VENV/bin/python" ]; then
    say "virtual environment $VENV"
    on_target python3 -m venv "$VENV"
  fi
  say "application into $VENV (pip)"
  # shellcheck disable=SC2086  # PIP_ARGS is a list of options by design
  on_target "$VENV/bin/pip" install -q --disable-pip-version-check $PIP_ARGS "$OPT/src[backoffice]"
  # mediapipe's FaceMesh without its declared dependencies (they would replace OpenCV 4 and pull jax): the same
  # pinned, hash-checked step as scripts/setup (docs/FACE.md).
  # shellcheck disable=SC2086
  on_target "$VENV/bin/pip" install -q --disable-pip-version-check $PIP_ARGS --no-deps --require-hashes \
    -r "$OPT/src/scripts/requirements-nodeps.txt"
}

own() {  # USER MODE PATH: ownership only once the user exists (not in --files-only)
  chmod "$2" "$3"
  if [ "$FILES_ONLY" -eq 0 ]; then on_target chown "$1:$1" "${3#"$R"}"; fi
}

install_terminal_files() {
  say "units, udev rules, journald limits, PAM service, tmpfiles, kiosk command"
  install -D -m 0644 "$HERE/systemd/kiosk.service" "$R/etc/systemd/system/kiosk.service"
  install -D -m 0644 "$HERE/systemd/kiosk-recovery.service" "$R/etc/systemd/system/kiosk-recovery.service"
  install -D -m 0644 "$HERE/udev/70-kiosk-idcard.rules" "$R/etc/udev/rules.d/70-kiosk-idcard.rules"
  install -D -m 0644 "$HERE/journald/kiosk.conf" "$R/etc/systemd/journald.conf.d/kiosk.conf"
  install -D -m 0644 "$HERE/pam/kiosk" "$R/etc/pam.d/kiosk"
  install -D -m 0644 "$HERE/tmpfiles/kiosk.conf" "$R/etc/tmpfiles.d/kiosk.conf"
  install -D -m 0755 "$HERE/bin/kiosk" "$R/usr/local/bin/kiosk"

  install -d -m 0700 "$R/etc/kiosk" "$R/var/lib/kiosk" "$R/var/lib/kiosk/logs"
  if [ ! -e "$R/etc/kiosk/kiosk.toml" ]; then
    say "configuration /etc/kiosk/kiosk.toml"
    cat >"$R/etc/kiosk/kiosk.toml" <<'TOML'
# This terminal's settings; every key and its default is documented in kiosk/defaults.toml
# (/opt/kiosk/src/kiosk/defaults.toml). `kiosk enrol` adds terminal_id, terminal_secret and backoffice_url.
data_dir = "/var/lib/kiosk"
reader_port = "/dev/idcard"
camera_source = "0"
# The CUPS queue of the license printer (lpadmin -p kiosk -E -v URI -m MODEL).
printer = "kiosk"
TOML
  fi
  own kiosk 0700 "$R/etc/kiosk"
  own kiosk 0600 "$R/etc/kiosk/kiosk.toml"
  own kiosk 0700 "$R/var/lib/kiosk"
  own kiosk 0700 "$R/var/lib/kiosk/logs"
}

install_voice_pack() {
  # Rendered here, not shipped: about 170 MB of WAV files from 10 s of espeak-ng (docs/VOICE.md). A pack
  # recorded by a person can replace the folder later.
  say "voice pack /var/lib/kiosk/voice (espeak-ng)"
  on_target "$VENV/bin/kiosk" voice build --out /var/lib/kiosk/voice >/dev/null
  on_target chown -R kiosk:kiosk /var/lib/kiosk/voice
}

install_backoffice_files() {
  say "back office unit and /etc/kiosk/backoffice.env"
  install -D -m 0644 "$HERE/systemd/kiosk-backoffice.service" "$R/etc/systemd/system/kiosk-backoffice.service"
  install -D -m 0644 "$HERE/journald/kiosk.conf" "$R/etc/systemd/journald.conf.d/kiosk.conf"
  install -d -m 0755 "$R/etc/kiosk"
  if [ ! -e "$R/etc/kiosk/backoffice.env" ]; then
    cat >"$R/etc/kiosk/backoffice.env" <<'ENV'
# kiosk-backoffice.service settings. Production uses PostgreSQL, e.g.
# KIOSK_BACKOFFICE_DB=postgresql://backoffice@localhost/backoffice
KIOSK_BACKOFFICE_DB=/var/lib/kiosk-backoffice/backoffice.sqlite3
BACKOFFICE_HOST=127.0.0.1
BACKOFFICE_PORT=8000
BACKOFFICE_WORKERS=1
ENV
  fi
  chmod 0640 "$R/etc/kiosk/backoffice.env"
  if [ "$FILES_ONLY" -eq 0 ]; then on_target chgrp kiosk-backoffice /etc/kiosk/backoffice.env; fi
}

enable_units() {
  local unit=kiosk.service
  [ "$ROLE" = backoffice ] && unit=kiosk-backoffice.service
  if [ -z "$R" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable "$unit"
    if [ "$ROLE" = terminal ]; then
      systemd-tmpfiles --create /etc/tmpfiles.d/kiosk.conf
      udevadm control --reload && udevadm trigger --subsystem-match=tty
      systemctl try-restart systemd-journald.service
    fi
  else
    systemctl --root="$ROOT" enable "$unit" >/dev/null 2>&1 || systemctl --root="$ROOT" enable "$unit"
  fi
  say "enabled $unit"
}

if [ -z "$R" ] && [ "$(id -u)" -ne 0 ]; then echo "install.sh: run as root (sudo)" >&2; exit 1; fi
if [ -n "$R" ] && [ "$FILES_ONLY" -eq 0 ]; then
  # apt, pip and useradd inside the tree need the kernel's file systems and name resolution.
  for fs in proc sys dev; do
    mountpoint -q "$R/$fs" || { mount --rbind "/$fs" "$R/$fs" && mount --make-rslave "$R/$fs"; }
  done
  trap 'for fs in dev sys proc; do umount -R "$R/$fs" 2>/dev/null || true; done' EXIT
  cp -L /etc/resolv.conf "$R/etc/resolv.conf"
fi
if [ "$FILES_ONLY" -eq 0 ]; then
  if ! grep -qs '^VERSION_ID="12"' "$R/etc/os-release"; then
    say "warning: the target is not Debian 12; package names may differ"
  fi
  install_packages
  install_users
fi
install_source
if [ "$FILES_ONLY" -eq 0 ]; then install_venv; fi
if [ "$ROLE" = terminal ]; then install_terminal_files; else install_backoffice_files; fi
if [ "$ROLE" = terminal ] && [ "$FILES_ONLY" -eq 0 ]; then install_voice_pack; fi
if [ "$ENABLE" -eq 1 ] && [ "$FILES_ONLY" -eq 0 ]; then enable_units; fi
say "done ($ROLE${R:+ in $ROOT})"
if [ "$ROLE" = terminal ] && [ "$FILES_ONLY" -eq 0 ]; then
  say "next: kiosk enrol --backoffice URL --code CODE; kiosk doctor; then reboot"
fi
