#!/usr/bin/env bash
# Runs the whole test suite: type-check, lint, formatting, unit and integration
# tests (SQLite and PostgreSQL), a 2-minute soak of the engine, two replicas on
# PostgreSQL and Redis, the production bundle started as the image starts it,
# then the browser end-to-end tests against a locally started portal.
# Installs Node 22, Yarn, the workspace, PostgreSQL, Redis and Chromium when
# missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$REPO_ROOT/scripts/services.sh"

echo "==> yarn tsc"
yarn tsc
echo "==> yarn build:api-reports:only --ci"
yarn build:api-reports:only --ci
echo "==> yarn lint"
yarn lint
echo "==> prettier --check"
yarn prettier:check
echo "==> yarn test"
CI=true yarn test
echo "==> yarn soak 2m"
yarn soak 2m
echo "==> yarn test:replicas"
yarn test:replicas
echo "==> yarn test:production"
yarn test:production
echo "==> yarn test:e2e"
yarn test:e2e
