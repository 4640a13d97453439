# Sourced by scripts/test.sh: makes sure the machine has the real services and tools the
# suites talk to, installing Debian packages when they are missing (needs root, as on
# the developers' machines and CI).

atrium_apt_install() {
  if [ -z "${ATRIUM_APT_UPDATED:-}" ]; then
    apt-get update -qq || return 1
    ATRIUM_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# Debian's Chromium for the Playwright suite (Playwright cannot download its own
# browsers here).
atrium_ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "atrium: installing Debian's chromium" >&2
  atrium_apt_install chromium
}

# Debian's JupyterHub 3.0 (hub, configurable-http-proxy, jupyterhub-singleuser) for the
# workspaces suites: packages/test-utils starts it with dev/jupyterhub/jupyterhub_config.py.
atrium_ensure_jupyterhub() {
  [ -x /usr/bin/jupyterhub ] && return 0
  echo "atrium: installing Debian's jupyterhub" >&2
  atrium_apt_install jupyterhub
}

# Debian's OpenLDAP (slapd, and ldap-utils for ldapadd/ldapsearch) for the LDAP org-sync
# suites: packages/test-utils starts its own slapd per suite from a temp folder. The
# package's own setup (a system-wide directory and service on port 389) is skipped by
# preseeding debconf, so nothing is asked and no system slapd starts.
atrium_ensure_slapd() {
  [ -x /usr/sbin/slapd ] && [ -x /usr/bin/ldapadd ] && return 0
  echo "atrium: installing Debian's slapd and ldap-utils" >&2
  echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections || return 1
  atrium_apt_install slapd ldap-utils
}

# PostgreSQL 15 for the store tests. The project's machines run it already
# (127.0.0.1:5432, trust auth); a plain Debian machine gets the package, a started
# cluster and a password for the postgres role that the tests' connection string uses.
ATRIUM_TEST_POSTGRES_URL="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres:postgres@127.0.0.1:5432/postgres}"
atrium_ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "atrium: installing Debian's postgresql" >&2
    atrium_apt_install postgresql || return 1
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    local version
    version="$(ls /etc/postgresql | sort -n | tail -1)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || return 1
    for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  fi
  if ! psql "$ATRIUM_TEST_POSTGRES_URL" -qtAc 'select 1' >/dev/null 2>&1; then
    # Fresh Debian cluster: password auth over TCP. Give postgres the tests' password.
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" || return 1
  fi
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$ATRIUM_TEST_POSTGRES_URL"
}

# Debian's Prometheus 2.x and node exporter for the platform-health suites
# (packages/test-utils startPrometheus) and the demo's local Prometheus (scripts/start.sh).
# The package enables a system service; nothing starts it here (policy-rc.d / no systemd).
atrium_ensure_prometheus() {
  [ -x /usr/bin/prometheus ] && [ -x /usr/bin/prometheus-node-exporter ] && return 0
  echo "atrium: installing Debian's prometheus and prometheus-node-exporter" >&2
  atrium_apt_install prometheus prometheus-node-exporter
}

# Debian's buildah and debootstrap for the image test (deploy/test/test-image.sh): buildah
# builds packages/backend/Dockerfile without a Docker daemon, debootstrap makes the
# stand-in for its base image (no container registry is reachable here).
atrium_ensure_buildah() {
  command -v buildah >/dev/null 2>&1 && command -v debootstrap >/dev/null 2>&1 && return 0
  echo "atrium: installing Debian's buildah and debootstrap" >&2
  atrium_apt_install buildah debootstrap
}
