#!/usr/bin/env bash
# Pin every runtime dependency, with hashes, for every platform (Linux and Windows):
#   installer/requirements.lock  what `setup.sh --production` and the bundle install
#   installer/build.lock         PyInstaller for the bundle, pinned alongside it
# Run after changing [project] dependencies in pyproject.toml (make lock); commit both.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UV="${UV:-$ROOT/.venv/bin/uv}"
cd "$ROOT"
"$UV" pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 \
  --no-header --quiet -o installer/requirements.lock
mkdir -p build
printf 'pyinstaller>=6.10\npyinstaller-hooks-contrib>=2024.8\n' > build/bundle-tools.in
"$UV" pip compile build/bundle-tools.in --universal --generate-hashes --python-version 3.11 \
  --no-header --quiet -c installer/requirements.lock -o installer/build.lock
echo "locked: installer/requirements.lock ($(grep -c '==' installer/requirements.lock) packages)," \
  "installer/build.lock ($(grep -c '==' installer/build.lock))"
