#!/usr/bin/env bash
# Starts the production stack on loopback (private PostgreSQL :55432, Redis :56379, gunicorn
# :8401 :8402, nginx :8400 with deploy/nginx.conf, a second nginx :8405 with the micro-cache on,
# a job worker, a test mail server :8404),
# runs the checks in tests/stack/ through nginx, and stops everything again. The pytest fixture
# stops what it started; the trap below also stops this run's processes (by the pid files in this
# run's directory) if pytest was killed.
# KAIQU_STACK_KEEP=1 keeps the directory (logs, rendered nginx.conf) for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
export KAIQU_STACK=1
KAIQU_STACK_DIR="$(mktemp -d /tmp/kaiqu-stack-XXXXXX)"
export KAIQU_STACK_DIR

cleanup() {
  # The job worker runs in a process group of its own: stop the whole cluster.
  if [ -f "$KAIQU_STACK_DIR/worker.pid" ]; then kill -- "-$(cat "$KAIQU_STACK_DIR/worker.pid")" 2>/dev/null || true; fi
  for pidfile in "$KAIQU_STACK_DIR"/nginx/nginx.pid "$KAIQU_STACK_DIR"/nginx-micro/nginx.pid "$KAIQU_STACK_DIR"/gunicorn-*.pid "$KAIQU_STACK_DIR"/redis.pid; do
    if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  if [ -f "$KAIQU_STACK_DIR/pg/data/postmaster.pid" ]; then
    pg_ctl="$(ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)"
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$KAIQU_STACK_DIR/pg/data" -m fast stop || true
    else "$pg_ctl" -D "$KAIQU_STACK_DIR/pg/data" -m fast stop || true; fi
  fi
  if [ "${KAIQU_STACK_KEEP:-0}" != 1 ]; then rm -rf "$KAIQU_STACK_DIR"; fi
}
trap cleanup EXIT

.venv/bin/python -m pytest tests/stack -m stack -s "$@"
