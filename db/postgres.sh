#!/usr/bin/env bash
# Makes a local PostgreSQL ready for Santkrupa: starts (or installs and
# starts) the server, then creates the roles and the database named by $1 as
# a superuser (db/bootstrap.sql). Used by `make run` and `make test`; safe to
# run again. Production databases are prepared by their DBA with the same
# bootstrap.sql and never need this script.
set -euo pipefail

db="${1:?usage: db/postgres.sh DATABASE}"
here="$(cd "$(dirname "$0")" && pwd)"
host="${PGHOST_DEV:-127.0.0.1}"
port="${PGPORT_DEV:-5432}"
owner_password="${SANTKRUPA_DEV_OWNER_PASSWORD:-santkrupa_owner}"
app_password="${SANTKRUPA_DEV_APP_PASSWORD:-santkrupa_app}"

log() { echo "postgres.sh: $*" >&2; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }

if ! command -v pg_isready >/dev/null || ! ready; then
	if ! command -v pg_lsclusters >/dev/null; then
		log "PostgreSQL is not installed; installing it from Debian's packages"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
	fi
	if ! ready; then
		# Start every cluster Debian knows of (normally one: NN/main).
		pg_lsclusters --no-header | while read -r version cluster _; do
			log "starting cluster $version/$cluster"
			as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || true
		done
	fi
	for _ in $(seq 1 30); do ready && break; sleep 1; done
	ready || { log "PostgreSQL did not become ready on $host:$port"; exit 1; }
fi

# pgTAP and pg_prove for the policy tests (policies/tests, `make pgtap`):
# Debian's package for the running server's major version. Installed only
# when missing; the package lists are refreshed only if the install fails.
major="$(psql -h "$host" -p "$port" -U postgres -d postgres -Atqc 'SHOW server_version_num' 2>/dev/null | cut -c1-2 || true)"
if [ -z "$major" ]; then
	major="$(pg_lsclusters --no-header | awk 'NR == 1 { split($1, v, "."); print v[1] }')"
fi
if [ -n "$major" ] && { [ ! -d "/usr/share/postgresql/$major/extension" ] ||
	! ls "/usr/share/postgresql/$major/extension/pgtap.control" >/dev/null 2>&1 || ! command -v pg_prove >/dev/null; }; then
	log "installing pgTAP for PostgreSQL $major"
	pkgs="postgresql-$major-pgtap libtap-parser-sourcehandler-pgtap-perl"
	if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null; then
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
	fi
fi

# A superuser psql: over TCP where trust auth allows it, else through the
# socket as the postgres system user (Debian's default peer auth).
superuser_psql() {
	if psql -h "$host" -p "$port" -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then
		psql -h "$host" -p "$port" -U postgres -d postgres "$@"
	else
		as_root runuser -u postgres -- psql -p "$port" -d postgres "$@"
	fi
}

superuser_psql -q -X -v ON_ERROR_STOP=1 -v db="$db" \
	-v owner_password="$owner_password" -v app_password="$app_password" \
	-f - < "$here/bootstrap.sql"
log "database $db and roles ready on $host:$port"
