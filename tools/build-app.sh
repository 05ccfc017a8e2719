#!/usr/bin/env bash
# Builds briefpack's desktop bundle with PyInstaller (packaging/briefpack.spec): one folder,
# dist/briefpack/, that runs on a machine with no Python and no pip. Its program
# dist/briefpack/briefpack opens the app (or a FILE.bpack) and takes every briefpack command;
# briefpack.desktop and the icon beside it are for a Linux menu (docs/packaging.md).
# Usage: bash tools/build-app.sh   (runs tools/setup.sh --bundle first: binutils, .venv)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh --bundle
# PyInstaller at the version in constraints.txt, like everything else that is installed.
.venv/bin/python -m pip install -q -c constraints.txt pyinstaller
.venv/bin/pyinstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/briefpack.spec
install -m 644 packaging/briefpack.desktop packaging/briefpack.png packaging/briefpack.svg \
  dist/briefpack/
echo "Built dist/briefpack/ ($(du -sh dist/briefpack | cut -f1)): run dist/briefpack/briefpack"
