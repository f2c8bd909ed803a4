# shellcheck shell=bash
# What lab.sh and sync-lab.sh share, sourced by both: messages, commands in a namespace, background processes
# with their log and pid files, and the IPv4 server's HTTP and UDP echo services. The sourcing script sets
# LAB_NAME (its message prefix), STATE (its state directory), TTL (seconds a background process may live) and
# T (seconds for any short command) first.

say() { echo "$LAB_NAME: $*"; }
die() { echo "$LAB_NAME: error: $*" >&2; exit 1; }
in_ns() { local ns=$1; shift; timeout "$T" ip netns exec "$ns" "$@"; }

# Starts "$@" in the background inside namespace $1, bounded by $TTL, output to $STATE/$2.log, pid in $STATE/$2.pid.
start_bg() {
  local ns=$1 name=$2
  shift 2
  ip netns exec "$ns" timeout "$TTL" "$@" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

# Waits up to $3 seconds for a line matching $2 in file $1, while the process of pid file $4 lives.
wait_for_line() {
  local file=$1 pattern=$2 seconds=$3 pidfile=$4
  for _ in $(seq $((seconds * 10))); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { cat "$file" >&2; die "$(basename "$pidfile" .pid) exited early"; }
    sleep 0.1
  done
  cat "$file" >&2
  die "no '$pattern' in $file within ${seconds}s"
}

# The IPv4 server's services in namespace $1: HTTP on 192.0.2.8:80 and a UDP echo on 192.0.2.8:7.
ipv4_services() {
  local ns=$1
  mkdir -p "$STATE/www"
  echo "hello from the IPv4 server 192.0.2.8" >"$STATE/www/index.html"
  start_bg "$ns" http python3 -u -m http.server 80 --bind 192.0.2.8 --directory "$STATE/www"
  start_bg "$ns" echo socat UDP4-RECVFROM:7,bind=192.0.2.8,fork EXEC:cat
  wait_for_line "$STATE/http.log" "Serving HTTP" 15 "$STATE/http.pid"
}

# Stops the process of pid file $1: SIGTERM, up to 10 s to exit, then SIGKILL to it and its children.
stop_pid() {
  local pidfile=$1
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill_tree "$pid"
  fi
  rm -f "$pidfile"
}

kill_tree() {
  local pid=$1 child
  for child in $(pgrep -P "$pid" 2>/dev/null || true); do kill -KILL "$child" 2>/dev/null || true; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Stops every process with a pid file in $STATE, then deletes the namespaces "$@" (idempotent).
teardown() {
  if [ -d "$STATE" ]; then
    for pidfile in "$STATE"/*.pid; do
      [ -e "$pidfile" ] && stop_pid "$pidfile"
    done
  fi
  local ns
  for ns in "$@"; do
    if ip netns list | grep -qw "$ns"; then
      # Anything still running inside (started by hand) dies with a signal before the namespace goes.
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
      ip netns del "$ns"
    fi
  done
}
