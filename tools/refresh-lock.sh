#!/usr/bin/env bash
# Rewrites constraints.txt: the exact versions of everything briefpack, its tests and the app
# bundle install, which tools/setup.sh, tools/setup-and-test.sh and CI install with
# (`pip install -c constraints.txt ...`), so that a new release of PySide6, reportlab or
# pydantic never reaches a user or the golden pictures untested.
#
# Usage:
#   bash tools/refresh-lock.sh              the newest releases, resolved in a scratch venv
#   bash tools/refresh-lock.sh --from-venv  the versions .venv has now (after a pip install there)
#
# Then: bash tools/setup-and-test.sh (and `-m slow`); look at any golden picture that moved
# (tests/test_golden.py says how to rewrite them) and commit constraints.txt with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

# What is locked: the project with its test tools, and what builds the sdist and the app.
NEEDS=(-e '.[test]' pyinstaller build)
mode=${1:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if [ "$mode" = "--from-venv" ]; then
  py=.venv/bin/python
  # Which packages a fresh install needs; their versions are then read from .venv.
  "$py" -m pip install -q --dry-run --ignore-installed --report "$scratch/report.json" "${NEEDS[@]}"
elif [ -z "$mode" ]; then
  python3 -m venv "$scratch/venv"
  py="$scratch/venv/bin/python"
  "$py" -m pip install -q --upgrade pip
  "$py" -m pip install -q --report "$scratch/report.json" "${NEEDS[@]}"
else
  echo "usage: bash tools/refresh-lock.sh [--from-venv]" >&2
  exit 2
fi

"$py" - "$scratch/report.json" "$mode" >"$scratch/constraints.txt" <<'PY'
import json
import sys
from importlib.metadata import version

report, mode = json.load(open(sys.argv[1])), sys.argv[2]
SKIP = {"briefpack", "pip", "setuptools", "wheel"}  # the project itself and pip's own tools
pins = {}
for item in report["install"]:
    name = item["metadata"]["name"]
    if name.lower().replace("_", "-") not in SKIP:
        pins[name] = version(name) if mode == "--from-venv" else item["metadata"]["version"]
print("# Versions briefpack is tested with. Written by tools/refresh-lock.sh: do not edit.")
print("# pip install -c constraints.txt -e '.[test]'")
for name in sorted(pins, key=str.lower):
    print(f"{name}=={pins[name]}")
PY
mv "$scratch/constraints.txt" constraints.txt
echo "constraints.txt: $(grep -c '==' constraints.txt) packages pinned"
