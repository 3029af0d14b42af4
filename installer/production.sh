# Sourced by `installer/setup.sh --production --role ROLE` (docs/deployment.md).
# Every path can be moved with a variable (tests install into a temporary folder):
#   MADOGUCHI_PREFIX (/opt/madoguchi), MADOGUCHI_BIN_DIR (/usr/local/bin),
#   MADOGUCHI_ETC (/etc/madoguchi), MADOGUCHI_STATE (/var/lib/madoguchi),
#   MADOGUCHI_SYSTEMD_DIR (/etc/systemd/system), MADOGUCHI_APPS_DIR
#   (/usr/share/applications), MADOGUCHI_AUTOSTART_DIR (/etc/xdg/autostart),
#   MADOGUCHI_SYSCTL_DIR (/etc/sysctl.d); SKIP_SYSTEM=1 leaves accounts and systemctl alone.

PREFIX="${MADOGUCHI_PREFIX:-/opt/madoguchi}"
BIN_DIR="${MADOGUCHI_BIN_DIR:-/usr/local/bin}"
ETC="${MADOGUCHI_ETC:-/etc/madoguchi}"
STATE="${MADOGUCHI_STATE:-/var/lib/madoguchi}"
SYSTEMD_DIR="${MADOGUCHI_SYSTEMD_DIR:-/etc/systemd/system}"
APPS_DIR="${MADOGUCHI_APPS_DIR:-/usr/share/applications}"
AUTOSTART_DIR="${MADOGUCHI_AUTOSTART_DIR:-/etc/xdg/autostart}"
SYSCTL_DIR="${MADOGUCHI_SYSCTL_DIR:-/etc/sysctl.d}"
KIOSK_USER=madoguchi-kiosk
LINUX="$ROOT/installer/linux"

install_production_venv() {
  local want
  want="$(cat "$ROOT/installer/requirements.lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ -x "$PREFIX/bin/python" ] && [ "$(cat "$PREFIX/.locked" 2>/dev/null)" = "$want" ]; then
    log "$PREFIX: up to date"
  else
    log "installing the locked runtime dependencies into $PREFIX (hashes checked)"
    [ -x "$PREFIX/bin/python" ] || "$PYTHON" -m venv "$PREFIX"
    "$PREFIX/bin/python" -m pip install -q --upgrade pip
    "$PREFIX/bin/python" -m pip install -q --require-hashes --no-deps \
      -r "$ROOT/installer/requirements.lock"
  fi
  # madoguchi itself, not editable: the terminal runs this copy, not the source tree.
  "$PREFIX/bin/python" -m pip install -q --no-deps --force-reinstall "$ROOT"
  "$PREFIX/bin/python" -m pip check >/dev/null || { log "pip check failed in $PREFIX"; exit 1; }
  echo "$want" > "$PREFIX/.locked"
  mkdir -p "$BIN_DIR" "$PREFIX/share/doc"
  ln -sfn "$PREFIX/bin/madoguchi" "$BIN_DIR/madoguchi"
  cp "$ROOT"/docs/*.md "$PREFIX/share/doc/"
}

install_configuration() {
  install -d -m 0755 "$ETC"
  if [ ! -e "$ETC/madoguchi.toml" ]; then
    install -m 0644 "$LINUX/madoguchi.toml.example" "$ETC/madoguchi.toml"
    log "wrote $ETC/madoguchi.toml: set database_url, terminal_id and counter_group there"
  else
    log "$ETC/madoguchi.toml kept as it is"
  fi
}

install_kiosk_session() {
  if [ "${SKIP_SYSTEM:-0}" != 1 ] && ! id "$KIOSK_USER" >/dev/null 2>&1; then
    log "creating the account $KIOSK_USER (no password, no login shell)"
    useradd --system --home-dir "$STATE" --no-create-home --shell /usr/sbin/nologin \
      --user-group "$KIOSK_USER"
  fi
  install -d -m 0700 "$STATE" "$STATE/spool"
  [ "${SKIP_SYSTEM:-0}" = 1 ] || chown -R "$KIOSK_USER:$KIOSK_USER" "$STATE"
  install -d -m 0755 "$SYSTEMD_DIR" "$SYSCTL_DIR"
  sed -e "s|/usr/local/bin/madoguchi|$BIN_DIR/madoguchi|" \
      -e "s|/var/lib/madoguchi|$STATE|g" \
      -e "s|file:///opt/madoguchi|file://$PREFIX|" \
      "$LINUX/madoguchi-kiosk.service" > "$SYSTEMD_DIR/madoguchi-kiosk.service"
  install -m 0644 "$LINUX/90-madoguchi-kiosk.conf" "$SYSCTL_DIR/90-madoguchi-kiosk.conf"
  if [ "${SKIP_SYSTEM:-0}" = 1 ] || [ ! -d /run/systemd/system ]; then
    log "kiosk session installed; on the kiosk itself: systemctl daemon-reload &&" \
        "systemctl mask ctrl-alt-del.target && systemctl enable --now madoguchi-kiosk.service"
    return
  fi
  systemctl daemon-reload
  sysctl -q -p "$SYSCTL_DIR/90-madoguchi-kiosk.conf" || true
  systemctl mask ctrl-alt-del.target
  systemctl set-default graphical.target
  systemctl enable pcscd.socket madoguchi-kiosk.service
  log "kiosk session enabled: it starts on tty1 at boot (systemctl start madoguchi-kiosk now)"
}

install_desktop_entries() {
  install -d -m 0755 "$APPS_DIR"
  local app
  for app in staff display admin; do
    sed "s|^Exec=madoguchi|Exec=$BIN_DIR/madoguchi|" "$LINUX/madoguchi-$app.desktop" \
      > "$APPS_DIR/madoguchi-$app.desktop"
  done
  if [ "$ROLE" = display ]; then  # the lobby board starts with the desktop session
    install -d -m 0755 "$AUTOSTART_DIR"
    cp "$APPS_DIR/madoguchi-display.desktop" "$AUTOSTART_DIR/madoguchi-display.desktop"
  fi
}

install_production() {
  install_production_venv
  VENV="$PREFIX" check_qt_xcb
  install_configuration
  case "$ROLE" in
    kiosk) install_kiosk_session ;;
    *) install_desktop_entries ;;
  esac
  log "installed: $("$BIN_DIR/madoguchi" --version) for a $ROLE terminal"
  log "next: edit $ETC/madoguchi.toml, then run: madoguchi doctor --role $ROLE"
}
