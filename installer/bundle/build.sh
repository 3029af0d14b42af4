#!/usr/bin/env bash
# Build dist/madoguchi/ (make bundle): a build environment made from the lock files
# only (installer/requirements.lock + build.lock, hashes required), madoguchi itself
# installed into it as a wheel, then PyInstaller with installer/bundle/madoguchi.spec.
# Windows: installer/windows/build.ps1 does the same steps.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${MADOGUCHI_BUILD_DIR:-$ROOT/build}"
DIST="${MADOGUCHI_DIST_DIR:-$ROOT/dist}"
VENV="$BUILD/bundle-venv"
PYTHON="${PYTHON:-python3}"
log() { printf '\033[1m[bundle]\033[0m %s\n' "$*"; }

want="$(cat "$ROOT/installer/requirements.lock" "$ROOT/installer/build.lock" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.locked" 2>/dev/null)" != "$want" ]; then
  log "build environment from the lock files: $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q --require-hashes --no-deps \
    -r "$ROOT/installer/requirements.lock" -r "$ROOT/installer/build.lock"
  echo "$want" > "$VENV/.locked"
fi
log "madoguchi from $ROOT"
"$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation --force-reinstall "$ROOT" 2>/dev/null \
  || "$VENV/bin/python" -m pip install -q --no-deps --force-reinstall "$ROOT"
"$VENV/bin/python" -m pip check
log "PyInstaller"
# Run from the build folder: the spec must not import madoguchi from the source tree.
cd "$BUILD"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$BUILD/pyinstaller" "$ROOT/installer/bundle/madoguchi.spec"
log "ready: $DIST/madoguchi/madoguchi"
