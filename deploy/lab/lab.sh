#!/usr/bin/env bash
# The nat64 lab: the seed's example network in three network namespaces, with the nat64 daemon on a TUN device.
#
#   deploy/lab/lab.sh up      build the namespaces, start the HTTP server and the daemon, run its ip commands
#   deploy/lab/lab.sh demo    curl http://[64:ff9b::c000:208]/ and ping -6 it from the IPv6-only client
#   deploy/lab/lab.sh down    stop everything and delete the namespaces (idempotent)
#   deploy/lab/lab.sh exec ROLE CMD...   run CMD in the client, nat or server namespace
#
# Addressing (documentation ranges only):
#
#   client  ${P}-v6   IPv6 only   v6c 2001:db8::8/64               default route via 2001:db8::1
#   nat64   ${P}-nat              v6r 2001:db8::1/64  (to the client)
#                                 v4r 203.0.113.1/24  (to the server)  192.0.2.8/32 via 203.0.113.8
#                                 TUN nat64: 64:ff9b::/96 (pool6) and 192.0.2.1/32 (pool4) routed into it
#   server  ${P}-v4   IPv4 only   v4s 203.0.113.8/24, 192.0.2.8/32 on lo; 192.0.2.0/24 via 203.0.113.1
#                                 HTTP on 192.0.2.8:80, UDP echo on 192.0.2.8:7
#
# So the client reaches the server at 64:ff9b::c000:208 (64:ff9b:: + 192.0.2.8) and the server sees the client as
# 192.0.2.1 (pool4). The benchmark adds TAYGA beside it (bench-vs-tayga.sh): prefix 2001:db8:64::/96, pool
# 198.51.100.0/24, routed like ours.
#
# Environment: LAB_PREFIX (namespace prefix, default n64lab), LAB_STATE (state directory, default
# /tmp/nat64-lab-$LAB_PREFIX), NAT64_CONFIG (daemon configuration; default: written below), NAT64_ARGS (extra daemon
# flags), NAT64_JAVA_OPTS (extra JVM flags), LAB_TTL (seconds any background process may live, default 3600), and
# which daemon runs:
#   NAT64_BIN   a `bin/nat64` launcher (an unpacked distribution's, or the source tree's): the lab runs
#               `nat64-daemon` beside it, which runs the daemon's printed ip commands itself, else `nat64 daemon`;
#   NAT64_LIB   a directory of jars, run with `java -cp 'NAT64_LIB/*'` (the *NetnsIT tests);
#   neither     the source tree's bin/nat64 (jars from `mvn package`).
# The daemon's metrics endpoint listens on 127.0.0.1:9464 inside the nat64 namespace (lab.sh demo scrapes it).
set -euo pipefail

P=${LAB_PREFIX:-n64lab}
STATE=${LAB_STATE:-/tmp/nat64-lab-$P}
HERE=$(cd "$(dirname "$0")" && pwd)
LIB=${NAT64_LIB:-}
BIN=${NAT64_BIN:-}
if [ -z "$BIN" ] && [ -z "$LIB" ]; then BIN=$HERE/../../bin/nat64; fi
TTL=${LAB_TTL:-3600}
NS_V6=$P-v6
NS_NAT=$P-nat
NS_V4=$P-v4
T=10 # seconds for any short command

LAB_NAME=lab
# shellcheck source=deploy/lab/lab-common.sh
. "$HERE/lab-common.sh"

ns_of() {
  case "$1" in
    client | v6) echo "$NS_V6" ;;
    nat | nat64) echo "$NS_NAT" ;;
    server | v4) echo "$NS_V4" ;;
    *) die "unknown role '$1' (client, nat or server)" ;;
  esac
}

write_config() {
  cat >"$STATE/nat64.yaml" <<'EOF'
instances:
  - name: default
    pool6: "64:ff9b::/96"
    tun: nat64
    pool4:
      - prefix: 192.0.2.1
EOF
  echo "$STATE/nat64.yaml"
}

topology() {
  for ns in "$NS_V6" "$NS_NAT" "$NS_V4"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
  done
  ip link add v6c netns "$NS_V6" type veth peer name v6r netns "$NS_NAT"
  ip link add v4r netns "$NS_NAT" type veth peer name v4s netns "$NS_V4"
  # IPv6-only client: no IPv4 address at all; no DAD so addresses are usable at once.
  ip -n "$NS_V6" -6 addr add 2001:db8::8/64 dev v6c nodad
  ip -n "$NS_V6" link set v6c up
  ip -n "$NS_V6" -6 route add default via 2001:db8::1
  ip -n "$NS_NAT" -6 addr add 2001:db8::1/64 dev v6r nodad
  ip -n "$NS_NAT" addr add 203.0.113.1/24 dev v4r
  ip -n "$NS_NAT" link set v6r up
  ip -n "$NS_NAT" link set v4r up
  ip -n "$NS_NAT" route add 192.0.2.8/32 via 203.0.113.8
  # IPv4-only server.
  in_ns "$NS_V4" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$NS_V4" addr add 203.0.113.8/24 dev v4s
  ip -n "$NS_V4" addr add 192.0.2.8/32 dev lo
  ip -n "$NS_V4" link set v4s up
  ip -n "$NS_V4" route add 192.0.2.0/24 via 203.0.113.1
  ip -n "$NS_V4" route add 198.51.100.0/24 via 203.0.113.1
}

servers() {
  ipv4_services "$NS_V4"
}

daemon() {
  local config=${NAT64_CONFIG:-$(write_config)}
  local wrapper=
  if [ -n "$BIN" ]; then
    [ -x "$BIN" ] || die "NAT64_BIN=$BIN is not an executable launcher"
    [ -x "$(dirname "$BIN")/nat64-daemon" ] && wrapper=$(dirname "$BIN")/nat64-daemon
    # shellcheck disable=SC2086 # NAT64_ARGS is a list of flags
    if [ -n "$wrapper" ]; then
      start_bg "$NS_NAT" daemon env NAT64_JAVA_OPTS="-Xmx256m ${NAT64_JAVA_OPTS:-}" "$wrapper" \
        --config "$config" --stats-file "$STATE/stats.csv" ${NAT64_ARGS:-}
    else
      start_bg "$NS_NAT" daemon env NAT64_JAVA_OPTS="-Xmx256m ${NAT64_JAVA_OPTS:-}" "$BIN" daemon \
        --config "$config" --stats-file "$STATE/stats.csv" ${NAT64_ARGS:-}
    fi
  else
    [ -d "$LIB" ] || die "no daemon jars in $LIB: run 'mvn -B package -DskipTests' first (or set NAT64_LIB)"
    # shellcheck disable=SC2086 # NAT64_JAVA_OPTS and NAT64_ARGS are lists of flags
    start_bg "$NS_NAT" daemon java -Xmx256m ${NAT64_JAVA_OPTS:-} -cp "$LIB/*" io.nat64.cli.daemon.DaemonMain daemon \
      --config "$config" --stats-file "$STATE/stats.csv" ${NAT64_ARGS:-}
  fi
  wait_for_line "$STATE/daemon.log" "nat64 daemon: ready" 90 "$STATE/daemon.pid"
  if [ -n "$wrapper" ]; then
    # nat64-daemon runs the printed commands itself and says when it is done.
    wait_for_line "$STATE/daemon.log" "nat64-daemon: applied" 30 "$STATE/daemon.pid"
    grep -E '^nat64-daemon: ' "$STATE/daemon.log" | while read -r line; do say "nat: $line"; done
  else
    # The daemon prints the commands the operator must run (it does not route by itself): run them.
    grep -E '^  (ip|sysctl) ' "$STATE/daemon.log" | while read -r line; do
      say "nat: $line"
      # shellcheck disable=SC2086 # the line is a command
      in_ns "$NS_NAT" $line >/dev/null
    done
  fi
  # No router solicitations into the TUN device (the daemon skips them anyway).
  in_ns "$NS_NAT" sysctl -qw net.ipv6.conf.nat64.router_solicitations=0 || true
}

up() {
  command -v ip >/dev/null || die "needs iproute2"
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces, TUN)"
  if ip netns list | grep -qw "$NS_NAT"; then die "lab $P is already up (lab.sh down first)"; fi
  mkdir -p "$STATE"
  topology
  servers
  daemon
  say "up: client $NS_V6 (2001:db8::8), nat64 $NS_NAT (pool6 64:ff9b::/96, pool4 192.0.2.1), server $NS_V4 (192.0.2.8)"
  say "state, daemon log and stats in $STATE"
}

demo() {
  ip netns list | grep -qw "$NS_NAT" || die "lab $P is not up (lab.sh up first)"
  say "client\$ curl -sS --max-time 5 http://[64:ff9b::c000:208]/"
  in_ns "$NS_V6" curl -sS --max-time 5 'http://[64:ff9b::c000:208]/'
  say "client\$ ping -6 -c 3 -W 2 64:ff9b::c000:208"
  in_ns "$NS_V6" ping -6 -c 3 -i 0.3 -W 2 64:ff9b::c000:208
  say "client\$ echo hello-udp | socat -t 2 - UDP6:[64:ff9b::c000:208]:7"
  echo hello-udp | in_ns "$NS_V6" socat -t 2 - 'UDP6:[64:ff9b::c000:208]:7'
  sleep 1.2
  say "sessions and counters ($STATE/stats.csv):"
  grep -E 'SESSIONS|JSTAT_SUCCESS|DP_RX_PACKETS|DP_TX_PACKETS|DP_RX_SKIPPED' "$STATE/stats.csv" || true
  if grep -q "nat64 daemon: metrics on" "$STATE/daemon.log"; then
    say "nat\$ curl -s http://127.0.0.1:9464/metrics | grep -E '^nat64_(sessions|packets_translated)'"
    in_ns "$NS_NAT" curl -sS --max-time 5 http://127.0.0.1:9464/metrics | grep -E '^nat64_(sessions|packets_translated)' || true
  fi
}

down() {
  teardown "$NS_V6" "$NS_NAT" "$NS_V4"
  say "down: $P"
}

case "${1:-}" in
  up) up ;;
  demo) demo ;;
  down) down ;;
  exec)
    shift
    ns=$(ns_of "${1:-}")
    shift
    exec ip netns exec "$ns" "$@"
    ;;
  *)
    echo "usage: $0 up|demo|down|exec ROLE CMD..." >&2
    exit 2
    ;;
esac
