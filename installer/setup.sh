#!/usr/bin/env bash
# Set up madoguchi on a Debian/Ubuntu machine. Idempotent: a second run checks and
# returns in seconds.
#   installer/setup.sh            # developer: system packages, then .venv with the dev extras
#   SKIP_APT=1 installer/setup.sh # only the virtual environment
#   installer/setup.sh --production --role kiosk|staff|display|admin
#       a terminal (docs/deployment.md): runtime packages only, /opt/madoguchi from the lock
#       file (hashes checked), /etc/madoguchi/madoguchi.toml, and for a kiosk the
#       account madoguchi-kiosk and the locked-down cage session (systemd)
set -euo pipefail

MODE=dev
ROLE=kiosk
while [ $# -gt 0 ]; do
  case "$1" in
    --production) MODE=production ;;
    --role) ROLE="${2:?--role needs kiosk, staff, display or admin}"; shift ;;
    --role=*) ROLE="${1#--role=}" ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$ROLE" in kiosk|staff|display|admin) ;; *) echo "setup.sh: --role $ROLE: use kiosk, staff, display or admin" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MADOGUCHI_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

# What the product and its tests need from the system.
APT_PACKAGES=(
  # smart cards: the PC/SC daemon, headers to build pyscard, the virtual reader for tests
  pcscd libpcsclite-dev vsmartcard-vpcd swig build-essential
  # Python itself
  python3 python3-venv python3-dev
  # Japanese universal-design fonts (screens and forms)
  fonts-morisawa-bizud-gothic fonts-morisawa-bizud-mincho
  # IPAmj Mincho: the 文字情報基盤 font with the rare kanji of names (𠮷 and other 外字)
  fonts-ipamj-mincho
  # the resident languages' scripts BIZ UD lacks (Qt falls back to them per glyph):
  # Noto Sans CJK (Hangul, and 简体/繁體 glyph forms), Noto Sans Devanagari (नेपाली)
  # and the other Noto core fonts (Vietnamese diacritics and more)
  fonts-noto-cjk fonts-noto-core
  # ...and for the printed cover sheet and ticket (reportlab embeds TrueType outlines
  # only, Noto CJK is CFF): Nanum Gothic (Hangul), WenQuanYi Micro Hei (Chinese); Noto
  # Sans and Noto Sans Devanagari come with fonts-noto-core
  fonts-nanum fonts-wqy-microhei
  skkdic skkdic-extra  # SKK dictionaries: offline kanji and フリガナ suggestions for names (GPL-2+ data, read at run time by kiosk/names.py)
  # read-aloud: espeak-ng speaks the languages other than Japanese (kiosk/voices.py),
  # Qt Multimedia plays speech through PulseAudio's client library
  espeak-ng libpulse0
  # PDF checks in tests, QR decoding in tests
  poppler-utils libzbar0
  # the multi-terminal database server (tests start their own cluster from these binaries)
  postgresql
  # what Qt needs to start, also offscreen
  libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
  # Qt's xcb platform plugin (a real X display): every library `ldd` of PySide6's
  # libqxcb.so and libQt6XcbQpa.so.6 resolves outside PySide6 (check_qt_xcb below
  # fails the set-up if one is missing)
  libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0
  libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0
  libxkbcommon-x11-0
  # tests: a real X display (Xvfb) for Qt's xcb plugin, looked at with xdotool
  xvfb xdotool
  # printing: CUPS with a PDF printer for print tests
  cups-client cups printer-driver-cups-pdf
  # the kiosk session: cage (it needs Xwayland), Qt's wayland plugin's libraries;
  # tests: grim (screenshots of the compositor), desktop-file-validate, systemd-analyze
  cage xwayland libwayland-client0 libwayland-cursor0 libwayland-egl1
  grim desktop-file-utils systemd
)

# What a production terminal needs: no test tools, no database server, no CUPS
# scheduler of its own (it prints through the city's). pyscard has no Linux wheel:
# swig, build-essential and the PC/SC headers build it once during the install.
PRODUCTION_PACKAGES=(
  pcscd libpcsclite1 libpcsclite-dev swig build-essential
  python3 python3-venv python3-dev
  fonts-morisawa-bizud-gothic fonts-morisawa-bizud-mincho fonts-ipamj-mincho
  fonts-noto-cjk fonts-noto-core  # Hangul, Chinese, Devanagari (see APT_PACKAGES)
  fonts-nanum fonts-wqy-microhei  # Hangul and Chinese on paper (see APT_PACKAGES)
  skkdic skkdic-extra
  espeak-ng libpulse0  # read-aloud (see APT_PACKAGES)
  libzbar0 cups-client libusb-1.0-0
  libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
  libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0
  libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0
  libxkbcommon-x11-0 libwayland-client0 libwayland-cursor0 libwayland-egl1
)
KIOSK_PACKAGES=(cage xwayland)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@";
  elif command -v sudo >/dev/null; then sudo "$@";
  else log "need root (or sudo) for: $*"; exit 1; fi
}

install_system_packages() {
  [ "${SKIP_APT:-0}" = 1 ] && { log "SKIP_APT=1: not touching system packages"; return; }
  command -v dpkg-query >/dev/null || { log "not a Debian-like system: install ${APT_PACKAGES[*]} yourself"; return; }
  local wanted=("${APT_PACKAGES[@]}")
  if [ "$MODE" = production ]; then
    wanted=("${PRODUCTION_PACKAGES[@]}")
    [ "$ROLE" = kiosk ] && wanted+=("${KIOSK_PACKAGES[@]}")
  fi
  local missing=()
  for p in "${wanted[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "system packages: all present"; return; fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_venv() {
  local stamp="$VENV/.madoguchi-setup"
  local want
  want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "virtual environment: up to date ($VENV)"; return
  fi
  [ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
  log "installing madoguchi with dev extras into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e "$ROOT[dev]"
  echo "$want" > "$stamp"
}

# What was installed must work, not only be installed.
check_qt_xcb() {
  local qt missing=""
  qt="$("$VENV/bin/python" -c 'import PySide6, os; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))')"
  for lib in "$qt/plugins/platforms/libqxcb.so" "$qt/lib/libQt6XcbQpa.so.6" \
             "$qt/plugins/platforms/libqwayland.so" "$qt/lib/libQt6WaylandClient.so.6"; do
    [ -e "$lib" ] || continue
    missing+="$(ldd "$lib" | awk '/not found/ {print $1}')"$'\n'
  done
  missing="$(printf '%s' "$missing" | sort -u | sed '/^$/d' | tr '\n' ' ')"
  if [ -n "$missing" ]; then
    log "Qt's xcb or wayland plugin (a real display, the kiosk session) cannot load: missing $missing"
    log "install the packages that hold them (apt-file search <library>), then run this again"
    exit 1
  fi
  log "Qt xcb and wayland plugins: every library present"
}

check_tools() {
  [ "${SKIP_APT:-0}" = 1 ] && return
  command -v dpkg-query >/dev/null || return
  Xvfb -help >/dev/null 2>&1 || { log "Xvfb does not run"; exit 1; }
  xdotool --version >/dev/null 2>&1 || { log "xdotool does not run"; exit 1; }
  cage -v >/dev/null 2>&1 || { log "cage does not run"; exit 1; }
  grim -h >/dev/null 2>&1 || { log "grim does not run"; exit 1; }
  log "test tools: Xvfb, xdotool, cage and grim work"
}

# Read-aloud: Japanese (Open JTalk, in the venv) and English (espeak-ng) each synthesise
# a phrase with sound in it; Qt Multimedia's PulseAudio backend finds libpulse.
check_speech() {
  [ "${SKIP_APT:-0}" = 1 ] && return
  local out
  if ! out="$("$VENV/bin/python" -c 'from kiosk.voices import synthesize
for locale in ("ja", "en"):
    wave = synthesize("テスト" if locale == "ja" else "test", locale)
    if wave is None or wave.duration <= 0 or wave.peak == 0:
        print(locale)' 2>&1)" || [ -n "$out" ]; then
    log "read-aloud cannot speak: ${out//$'\n'/ } (Debian package espeak-ng; pyopenjtalk-plus in the venv)"
    exit 1
  fi
  # the list is read whole, not piped into `grep -q`: grep would stop at the match and,
  # under pipefail, ldconfig's SIGPIPE would count as "missing" (CI failed on that)
  local libs
  libs="$(/sbin/ldconfig -p 2>/dev/null)" || true
  [[ "$libs" == *libpulse.so.0* ]] || { log "read-aloud: libpulse0 missing"; exit 1; }
  log "read-aloud: Japanese (Open JTalk) and English (espeak-ng) synthesise speech"
}

# Every resident language's script has a font (fontconfig's own coverage table), else
# the kiosk shows empty boxes for it.
check_script_fonts() {
  [ "${SKIP_APT:-0}" = 1 ] && return
  command -v fc-list >/dev/null || return
  local lang missing=""
  for lang in ja ko zh-cn zh-tw ne vi; do
    [ -n "$(fc-list ":lang=$lang" family)" ] || missing+="$lang "
  done
  if [ -n "$missing" ]; then
    log "no font for the scripts of: $missing(Debian packages fonts-noto-cjk, fonts-noto-core)"
    exit 1
  fi
  log "fonts: Japanese, Korean, Chinese, Nepali and Vietnamese text each have a font"
  check_print_fonts
}

# The printed cover sheet and ticket embed TrueType fonts (forms/fonts.py SCRIPT_FONTS):
# each script's file must be there, not only some font fontconfig knows.
check_print_fonts() {
  local missing
  missing="$("$VENV/bin/python" -c 'from forms.fonts import SCRIPT_FONTS, find_font
from forms.errors import FontNotFoundError
for key in SCRIPT_FONTS:
    try:
        find_font(key)
    except FontNotFoundError as exc:
        print(key, "(" + ", ".join(exc.candidates) + ")")')"
  if [ -n "$missing" ]; then
    log "no TrueType font to print: ${missing//$'\n'/; } (Debian packages fonts-nanum, fonts-wqy-microhei, fonts-noto-core)"
    exit 1
  fi
  log "fonts: the cover sheet and ticket can print Korean, Chinese, Nepali and Vietnamese"
}

if [ "$MODE" = production ]; then
  # shellcheck source=installer/production.sh
  . "$ROOT/installer/production.sh"
  install_system_packages
  install_production
  exit 0
fi

install_system_packages
install_venv
check_qt_xcb
check_tools
check_script_fonts
check_speech
log "ready: $VENV/bin/madoguchi"
