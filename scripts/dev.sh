#!/usr/bin/env bash
# Starts the local portal: app on http://localhost:3000, backend on http://localhost:7007,
# SQLite in memory, guest sign-in. Installs Node 22, Yarn and the workspace when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
exec yarn dev "$@"
