#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the `postgres` dbt target (issue 13).
#
#   tools/postgres_cluster.sh start   initdb on first use, start (idempotent), create database nara_vard
#   tools/postgres_cluster.sh stop    stop it (always safe: a cluster that is not running is fine)
#   tools/postgres_cluster.sh status  say whether it runs (exit 0) or not (exit 3)
#
# Everything lives under $NARA_VARD_PG_HOME (default <repo>/build/postgres): data/, the socket
# folder and the server log. Port $NARA_VARD_PG_PORT (default 55413), 127.0.0.1 only, trust
# authentication on loopback: a test cluster, never a server. Two roles: postgres builds and owns
# every relation; $NARA_VARD_PG_READER (default nara_vard_reader, the dbt var reader_role), a LOGIN
# role with nothing of its own, is what a BI user would be given: the build grants it SELECT on the
# public models only (README, PostgreSQL). Debian's `postgresql` package
# is installed when no /usr/lib/postgresql/*/bin/initdb exists. The server refuses to run as root,
# so as root initdb and pg_ctl run as the `postgres` user, which owns the folder.
# Speed over durability (the data is reloaded from the landing every time): fsync, synchronous
# commit and full-page writes are off; max_wal_size is raised so a 50 MB load does not checkpoint
# over and over. work_mem 256 MB (default 4 MB) keeps the parsers' sorts and hashes in memory and
# JIT is off (it compiles every large query again): `dbt run` of the default landing 208 s -> 120 s.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pg_home="${NARA_VARD_PG_HOME:-$repo/build/postgres}"
port="${NARA_VARD_PG_PORT:-55413}"
database="${NARA_VARD_PG_DBNAME:-nara_vard}"
reader="${NARA_VARD_PG_READER:-nara_vard_reader}"
data_dir="$pg_home/data"
socket_dir="$pg_home/socket"
log_file="$pg_home/server.log"

find_bindir() {
    local initdb
    initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$initdb" ] && dirname "$initdb"
}

bindir="$(find_bindir || true)"

as_owner() {
    # run a server binary as the owner of the cluster: postgres when we are root, else ourselves
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

install_server() {
    if [ -z "$bindir" ]; then
        echo "postgres_cluster: installing Debian's postgresql server" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        bindir="$(find_bindir)"
    fi
}

is_running() {
    [ -n "$bindir" ] && [ -f "$data_dir/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1
}

start() {
    install_server
    mkdir -p "$pg_home" "$socket_dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$pg_home" "$socket_dir"
        # the server (as postgres) must be able to reach its folder
        local dir="$pg_home"
        while [ "$dir" != / ]; do
            dir="$(dirname "$dir")"
            chmod o+x "$dir" 2>/dev/null || true
        done
    fi
    if [ ! -f "$data_dir/PG_VERSION" ]; then
        rm -rf "$data_dir"
        as_owner "$bindir/initdb" -D "$data_dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! is_running; then
        as_owner "$bindir/pg_ctl" -D "$data_dir" -l "$log_file" -w -t 60 \
            -o "-p $port -k $socket_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c checkpoint_timeout=30min -c work_mem=256MB -c jit=off" \
            start >/dev/null
    fi
    if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "select 1 from pg_database where datname = '$database'" | grep -q 1; then
        as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
    fi
    # the reader role (cluster-wide, so created once); it logs in like any user on loopback (trust)
    if [ "$(as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "select count(*) from pg_roles where rolname = '$reader'")" = 0 ]; then
        as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create role $reader login"
    fi
    echo "postgres_cluster: running on 127.0.0.1:$port, database $database, reader role $reader, folder $pg_home"
}

stop() {
    if is_running; then
        as_owner "$bindir/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null
        echo "postgres_cluster: stopped"
    else
        echo "postgres_cluster: not running"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        if is_running; then
            echo "postgres_cluster: running on 127.0.0.1:$port ($pg_home)"
        else
            echo "postgres_cluster: not running ($pg_home)"
            exit 3
        fi
        ;;
    *)
        echo "usage: $0 {start|stop|status}" >&2
        exit 2
        ;;
esac
