# Sourced by test.sh: makes sure the servers the tests need are installed and running.
# - PostgreSQL 15 (Debian) for the storage tests, user postgres / password postgres on 127.0.0.1:5432
# - Redis 7 (Debian) on 127.0.0.1:6379, the shared cache of the replica tests (yarn test:replicas)
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
command -v redis-server >/dev/null 2>&1 || apt_install redis-server

if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
  pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | grep -q '^15 *main *5432 *online'; then
  echo "==> starting PostgreSQL 15"
  pg_ctlcluster 15 main start
fi
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null

# Redis as a throwaway cache: no persistence, loopback only.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "==> starting Redis"
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
    sleep 0.1
  done
fi
export REDIS_URL="redis://127.0.0.1:6379"

export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres:postgres@127.0.0.1:5432"
# Never reach for Docker/testcontainers here: an id without a connection string is skipped.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
