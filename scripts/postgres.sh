# shellcheck shell=bash
# PostgreSQL for the tests. Sourced after common.sh (by test.sh), never run.
#
# The integration tests want a PostgreSQL server they may create databases on. The project's
# machines run one on 127.0.0.1:5432; a fresh Debian machine has none, and the tests must not
# silently lose their PostgreSQL half there. So when nothing answers at the configured URL,
# pg_throwaway_start installs Debian's server package if needed and starts a private cluster
# for this run only: a temporary directory, trust authentication, 127.0.0.1 on a free port,
# no fsync. It is stopped and its directory removed when the sourcing script exits, whether
# it succeeds, fails or is interrupted (an EXIT trap; bash runs it on SIGINT and SIGTERM too).
# The EXIT, INT and TERM traps belong to this file: a script sourcing it must not set its own.

PG_THROWAWAY_DIR=""  # the cluster's temporary directory while one runs
PG_THROWAWAY_BIN=""  # the server binaries it was started with

# True when a server accepts connections (and queries) at the URL.
pg_answers() {
  psql "$1" -qtAc 'select 1' >/dev/null 2>&1
}

# The newest installed server's binaries. Debian keeps them off PATH, one directory per major
# version: /usr/lib/postgresql/<major>/bin.
pg_server_bindir() {
  local dirs=() dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && dirs+=("$dir")
  done
  [ ${#dirs[@]} -gt 0 ] || return 1
  printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1
}

# pg_as_owner OUTPUT COMMAND...: runs COMMAND as the cluster's owner, its output appended to
# the file OUTPUT. initdb and postgres refuse to run as root, so root uses the `postgres` system
# user that Debian's package creates; anyone else runs it as themselves. The working directory
# must be one the owner can enter, hence the cd. The output is redirected inside the subshell,
# not by the caller: a redirection on a function call holds for the calling shell while the
# function runs, so a Ctrl-C then would send the traps' log lines into that file.
pg_as_owner() {
  local output=$1
  shift
  if [ "$(id -u)" -eq 0 ]; then
    # By full path when not on PATH: a root shell from `su` without `-` lacks /usr/sbin.
    local runuser
    runuser=$(command -v runuser || echo /usr/sbin/runuser)
    (cd "$PG_THROWAWAY_DIR" && exec "$runuser" -u postgres -- "$@") >>"$output" 2>&1
  else
    (cd "$PG_THROWAWAY_DIR" && exec "$@") >>"$output" 2>&1
  fi
}

# True when nothing listens on 127.0.0.1:<port>: ss when present (iproute2 is not on every
# minimal install), and a connection attempt through bash's /dev/tcp in any case.
pg_port_free() {
  local port=$1
  if command -v ss >/dev/null 2>&1 && [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ]; then
    return 1
  fi
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# A random free port below Linux's ephemeral range (32768 and up), so outgoing connections
# do not take it.
pg_pick_port() {
  local port tries
  for tries in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if pg_port_free "$port"; then echo "$port"; return 0; fi
  done
  echo "error: found no free port for a throwaway PostgreSQL after $tries tries" >&2
  return 1
}

# Starts the throwaway cluster and exports PORTAL_TEST_POSTGRES_URL pointing at it.
# Returns non-zero (after cleaning up) when that is impossible, e.g. apt cannot install the
# server; the caller then skips the PostgreSQL tests or, under CI, fails.
# Each step ends in `|| return 1`: callers use this in an `if`, where set -e does not apply.
pg_throwaway_start() {
  local bin data port attempt version

  if ! bin=$(pg_server_bindir); then
    log "no PostgreSQL server installed: apt-get install postgresql (for a throwaway cluster)"
    apt_install postgresql || { echo "error: could not install Debian's postgresql package" >&2; return 1; }
    bin=$(pg_server_bindir) || { echo "error: no initdb under /usr/lib/postgresql/*/bin" >&2; return 1; }
  fi
  if [ "$(id -u)" -eq 0 ] && ! id -u postgres >/dev/null 2>&1; then
    echo "error: running as root, and there is no postgres user to run a throwaway PostgreSQL" >&2
    return 1
  fi

  # In /tmp rather than $TMPDIR: the postgres user must be able to reach it, and the unix
  # socket's path (inside it) must stay under the 107-byte limit.
  PG_THROWAWAY_DIR=$(mktemp -d /tmp/portal-pg.XXXXXX) || return 1
  PG_THROWAWAY_BIN=$bin
  trap pg_throwaway_stop EXIT
  # Ctrl-C must end the script even when the child it interrupts (initdb, say) catches SIGINT
  # and exits normally, which bash would otherwise take as a plain failure and carry on from.
  # Re-raised with the default action, so the script still dies of the signal (running the
  # EXIT trap on the way).
  trap 'trap - INT; kill -INT $$' INT
  trap 'trap - TERM; kill -TERM $$' TERM
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_THROWAWAY_DIR" || { pg_throwaway_stop; return 1; }
  fi
  data="$PG_THROWAWAY_DIR/data"

  # The superuser is named postgres whoever runs it, as in the default URL. C.UTF-8 exists on
  # every Debian, whatever locales are generated.
  if ! pg_as_owner "$PG_THROWAWAY_DIR/initdb.log" \
      "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8; then
    echo "error: initdb failed for a throwaway PostgreSQL:" >&2
    tail -n 20 "$PG_THROWAWAY_DIR/initdb.log" >&2
    pg_throwaway_stop
    return 1
  fi
  # TCP on loopback only; the socket in the temporary directory, so that it clashes with no
  # other server's /var/run/postgresql. Durability is pointless for a cluster deleted at exit.
  cat >>"$data/postgresql.conf" <<EOF || { pg_throwaway_stop; return 1; }

# Throwaway cluster for scripts/test.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_THROWAWAY_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  # A port found free can still be taken before the server binds it: then try another one.
  for attempt in 1 2 3 4 5; do
    port=$(pg_pick_port) || { pg_throwaway_stop; return 1; }
    if pg_as_owner /dev/null \
        "$bin/pg_ctl" -D "$data" -l "$PG_THROWAWAY_DIR/server.log" -o "-p $port" -w -t 60 start; then
      break
    fi
    port=""
  done
  if [ -z "$port" ]; then
    echo "error: a throwaway PostgreSQL did not start (after $attempt attempts):" >&2
    tail -n 20 "$PG_THROWAWAY_DIR/server.log" >&2
    pg_throwaway_stop
    return 1
  fi

  # pg_ctl -w waits on the unix socket; the tests connect over TCP, so wait for that too.
  export PORTAL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  for attempt in $(seq 1 50); do
    pg_answers "$PORTAL_TEST_POSTGRES_URL" && break
    sleep 0.2
  done
  if ! pg_answers "$PORTAL_TEST_POSTGRES_URL"; then
    echo "error: the throwaway PostgreSQL does not answer at $PORTAL_TEST_POSTGRES_URL" >&2
    unset PORTAL_TEST_POSTGRES_URL
    pg_throwaway_stop
    return 1
  fi
  version=$(psql "$PORTAL_TEST_POSTGRES_URL" -qtAc 'show server_version' 2>/dev/null || true)
  log "started a throwaway PostgreSQL ${version:-} at $PORTAL_TEST_POSTGRES_URL (data in $PG_THROWAWAY_DIR, removed on exit)"
}

# Stops the throwaway cluster, if one runs, and removes its directory. Safe to call twice.
pg_throwaway_stop() {
  local dir=$PG_THROWAWAY_DIR pid what
  [ -n "$dir" ] || return 0
  what="removed the throwaway PostgreSQL's $dir"
  if [ -f "$dir/data/postmaster.pid" ]; then
    what="stopped the throwaway PostgreSQL and removed $dir"
    # Immediate: nothing in it is worth a clean checkpoint.
    if ! pg_as_owner /dev/null "$PG_THROWAWAY_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop; then
      # The postmaster is ours (its pid file is in our directory): SIGQUIT is an immediate stop.
      pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ]; then kill -QUIT "$pid" 2>/dev/null || true; fi
    fi
  fi
  rm -rf "$dir"
  PG_THROWAWAY_DIR=""
  log "$what"
}
