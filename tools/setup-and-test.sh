#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian 12 / Ubuntu 24.04 machine (the Debian
# packages and .venv with the tested versions, see tools/setup.sh), then runs ruff, the
# import-linter layer contracts and pytest. Tests that need LibreOffice or Xvfb fail here
# rather than skip, since this script installed them.
# pytest runs on every core (pytest-xdist, `-n auto`); pass `-n 0` to run in one process.
# Usage: bash tools/setup-and-test.sh [pytest args...]
#        bash tools/setup-and-test.sh -m slow     the slow tests only (5,000 kills, long
#                                                 property runs, the wheel and the app bundle)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh --test

export QT_QPA_PLATFORM=offscreen
export BRIEFPACK_REQUIRE_TOOLS=1
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
# pytest caches the test modules it rewrites for assertion messages as bytecode: rewriting
# them takes each worker about 6 s of CPU, reading them back under a second. Where
# PYTHONDONTWRITEBYTECODE is set the cache is never written, so every run rewrote them all.
PYTHONDONTWRITEBYTECODE= .venv/bin/python -m pytest -n auto --dist worksteal "$@"
