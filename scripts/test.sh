#!/usr/bin/env bash
# Install everything the test suite needs and run it: the README's test command, and CI's.
#   bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "note: /usr/bin/chromium is missing; browser tests will be skipped (install Debian's chromium)" >&2
  fi
fi

# The storage tests run against a real PostgreSQL server that they start and stop themselves
# (tests/pgserver.py), from Debian's postgresql binaries.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's postgresql for the storage tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "note: PostgreSQL is missing; its storage tests will be skipped (install Debian's postgresql)" >&2
  fi
fi

# The editor-login tests run a local OpenID Connect provider (npm oidc-provider, pinned in
# tests/oidc/package-lock.json).
if [ ! -d tests/oidc/node_modules/oidc-provider ]; then
  if command -v npm >/dev/null; then
    (cd tests/oidc && npm ci --no-audit --no-fund --silent) \
      || echo "warning: npm ci failed in tests/oidc; the editor-login tests will say so" >&2
  else
    echo "note: npm is missing; the editor-login tests will be skipped (install Node.js and npm)" >&2
  fi
fi

# The accessibility audit injects axe-core (npm, pinned in tests/a11y/package-lock.json).
if [ ! -f tests/a11y/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  (cd tests/a11y && npm ci --no-audit --no-fund --silent) \
    || echo "warning: npm ci failed in tests/a11y; the accessibility audit will say so" >&2
fi

# One style: the linter and the formatter first (configured in pyproject.toml); mypy runs in the suite.
.venv/bin/ruff check --quiet src app.py tests bench scripts
.venv/bin/ruff format --check --quiet src app.py tests bench scripts

exec .venv/bin/python -m pytest "$@"
