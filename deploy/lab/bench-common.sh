# shellcheck shell=bash
# What bench-sync.sh and bench-peer.sh share, sourced by both: the clock, a node's session count as its polled
# stats file says, and waiting for a count. The sourcing script sets LAB_STATE and say() first.

now_ms() { date +%s%3N; }

# Node $1's UDP sessions, from the stats file the bench polls ($LAB_STATE/stats-NODE.csv).
sessions() { grep -E "^default,SESSIONS_UDP," "$LAB_STATE/stats-$1.csv" 2>/dev/null | cut -d, -f3 || echo 0; }

await_sessions() { # node count timeout_s -> prints the time (ms) it got there
  local node=$1 want=$2 limit=$(($(now_ms) + $3 * 1000)) got
  while :; do
    got=$(sessions "$node")
    [ "${got:-0}" -ge "$want" ] && { now_ms; return 0; }
    [ "$(now_ms)" -gt "$limit" ] && { say "timeout: node $node has ${got:-0} of $want sessions after $3 s" >&2; now_ms; return 1; }
    sleep 0.02
  done
}
