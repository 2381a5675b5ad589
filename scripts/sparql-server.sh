#!/usr/bin/env bash
# Private SPARQL servers for the integration tests, on loopback, with their data in a temp folder.
#
#   scripts/sparql-server.sh start [virtuoso|oxigraph]   install if missing, start, wait until ready;
#                                                        prints "export PMOGRAPH_TEST_...=URL" lines
#   scripts/sparql-server.sh stop  [virtuoso|oxigraph]   stop by saved PID and remove the folder
#
# Virtuoso is Debian's virtuoso-minimal (binaries only: no system service, no debconf prompt);
# the Oxigraph server is the `oxigraph` package from PyPI, installed into .venv.  Facts behind
# every setting: ../shared/research/sparql-server.md.  Use as  eval "$(scripts/sparql-server.sh start)".
# Env: PMOGRAPH_SERVER_DIR (default /tmp/pmograph-servers), VIRTUOSO_MAX_ROWS (default 10000, the
# server's own default: results above it are cut silently, which the tests must survive),
# VIRTUOSO_MAX_COST (default 400, as in Debian's virtuoso.ini: the estimated query cost, in seconds,
# above which it refuses a query; every query pmograph ships runs under it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR=${PMOGRAPH_SERVER_DIR:-/tmp/pmograph-servers}
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
probe() { "$PY" - "$1" <<'PY'
import sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    opener.open(sys.argv[1], timeout=2).read()
except Exception:
    sys.exit(1)
PY
}
wait_ready() {  # URL PID LOG
  local t0=$SECONDS
  until probe "$1"; do
    kill -0 "$2" 2>/dev/null || { echo "server exited during start-up; log:" >&2; tail -20 "$3" >&2; exit 1; }
    if ((SECONDS - t0 > 120)); then echo "server not ready after 120 s" >&2; tail -20 "$3" >&2; exit 1; fi
    sleep 0.2
  done
}

start_virtuoso() {
  if ! command -v virtuoso-t >/dev/null || ! command -v isql-vt >/dev/null; then
    echo "sparql-server: installing Debian's virtuoso-minimal" >&2
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
    as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends virtuoso-minimal >&2
  fi
  local dir=$ROOT_DIR/virtuoso http sql
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    echo "export PMOGRAPH_TEST_VIRTUOSO=$(cat "$dir/url")"; return 0
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  http=$(free_port); sql=$(free_port)
  cat >"$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:$sql
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., $dir
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:$http
ServerRoot           = $dir
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = ${VIRTUOSO_MAX_ROWS:-10000}
MaxQueryExecutionTime      = 60
; its optimiser refuses queries it *estimates* above this; Debian's default is 400
MaxQueryCostEstimationTime = ${VIRTUOSO_MAX_COST:-400}
INI
  # +foreground keeps the PID ours (no daemon fork).
  (cd "$dir" && exec virtuoso-t +configfile "$dir/virtuoso.ini" +foreground) >"$dir/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  wait_ready "http://127.0.0.1:$http/sparql?query=ASK%7B%7D" "$(cat "$dir/pid")" "$dir/virtuoso.log"
  # Let the anonymous /sparql user run updates (isql-vt exits 0 even when SQL fails: probe after).
  isql-vt "127.0.0.1:$sql" dba dba VERBOSE=OFF BANNER=OFF PROMPT=OFF ECHO=OFF \
    exec='GRANT SPARQL_UPDATE TO "SPARQL";' >/dev/null 2>&1 || true
  probe "http://127.0.0.1:$http/sparql?update=CLEAR%20SILENT%20GRAPH%20%3Curn%3Ax-ci%3Aprobe%3E" \
    || { echo "Virtuoso refuses SPARQL updates" >&2; exit 1; }
  echo "http://127.0.0.1:$http/sparql" >"$dir/url"
  echo "sparql-server: Virtuoso ready at $(cat "$dir/url") (pid $(cat "$dir/pid"))" >&2
  echo "export PMOGRAPH_TEST_VIRTUOSO=$(cat "$dir/url")"
}

start_oxigraph() {
  local dir=$ROOT_DIR/oxigraph port bin
  bin=$(dirname "$PY")/oxigraph
  if [ ! -x "$bin" ]; then
    echo "sparql-server: installing the oxigraph server from PyPI" >&2
    "$PY" -m pip install --quiet 'oxigraph>=0.5,<0.6' >&2
  fi
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    echo "export PMOGRAPH_TEST_OXIGRAPH_SERVER=$(cat "$dir/url")"
    echo "export PMOGRAPH_TEST_OXIGRAPH_SERVER_UPDATE=$(cat "$dir/update-url")"; return 0
  fi
  rm -rf "$dir"; mkdir -p "$dir"; port=$(free_port)
  "$bin" serve --location "$dir/db" --bind "127.0.0.1:$port" >"$dir/log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  wait_ready "http://127.0.0.1:$port/query?query=ASK%7B%7D" "$(cat "$dir/pid")" "$dir/log"
  echo "http://127.0.0.1:$port/query" >"$dir/url"
  echo "http://127.0.0.1:$port/update" >"$dir/update-url"
  echo "sparql-server: Oxigraph server ready at $(cat "$dir/url") (pid $(cat "$dir/pid"))" >&2
  echo "export PMOGRAPH_TEST_OXIGRAPH_SERVER=$(cat "$dir/url")"
  echo "export PMOGRAPH_TEST_OXIGRAPH_SERVER_UPDATE=$(cat "$dir/update-url")"
}

stop_one() {
  local dir=$ROOT_DIR/$1 pid
  if [ -f "$dir/pid" ]; then
    pid=$(cat "$dir/pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    fi
  fi
  rm -rf "$dir"
}

action=${1:-}; shift || true
servers=${*:-virtuoso oxigraph}
case $action in
  start) for s in $servers; do "start_$s"; done ;;
  stop) for s in $servers; do stop_one "$s"; done ;;
  *) echo "usage: $0 start|stop [virtuoso|oxigraph]" >&2; exit 2 ;;
esac
