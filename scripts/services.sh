# Sourced by test.sh: makes sure the servers the tests need are installed and running.
# - PostgreSQL 15 (Debian) for the storage tests, user postgres / password postgres on 127.0.0.1:5432
# - Chromium (Debian) for the browser tests
set -euo pipefail

apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "error: $* is missing; install it with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  echo "==> apt-get install $*"
  if [ ! -f /tmp/.base-layer-apt-updated ]; then
    apt-get update -qq >/dev/null && touch /tmp/.base-layer-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v chromium >/dev/null 2>&1 || apt_install chromium
[ -x /usr/lib/postgresql/15/bin/postgres ] || apt_install postgresql

if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
  pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | grep -q '^15 *main *5432 *online'; then
  echo "==> starting PostgreSQL 15"
  pg_ctlcluster 15 main start
fi
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null

export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres:postgres@127.0.0.1:5432"
# Never reach for Docker/testcontainers here: an id without a connection string is skipped.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
