#!/usr/bin/env bash
# The two-node nat64 lab: session synchronisation and failover. Two NAT64 nodes, A and B, configured alike (pool6
# 64:ff9b::/96, pool4 192.0.2.1, ss-enabled true), each running the daemon on a TUN device and a session proxy on a
# veth link between them (multicast 233.252.0.64 port 6400), between an IPv6-only client and an IPv4 server that
# can reach either node. Traffic goes through A until the routes are moved to B (failover).
#
#   deploy/lab/sync-lab.sh up                 namespaces, server, daemon and proxy on A and on B
#   deploy/lab/sync-lab.sh start NODE [SECRET_FILE]   start the daemon and the proxy of node a or b (peers mode: with
#                                             SECRET_FILE instead of the lab's shared secret, e.g. a wrong one)
#   deploy/lab/sync-lab.sh stop NODE          stop them (SIGTERM)
#   deploy/lab/sync-lab.sh kill-daemon NODE   SIGKILL the node's daemon (its proxy stays, retrying)
#   deploy/lab/sync-lab.sh failover           move the client's 64:ff9b::/96 route and the server's pool4 route to B
#   deploy/lab/sync-lab.sh link down|up       take the sync link between A and B down or up (both ends)
#   deploy/lab/sync-lab.sh bg ROLE NAME CMD...   run CMD in the background in ROLE's namespace ($STATE/NAME.log/.pid)
#   deploy/lab/sync-lab.sh exec ROLE CMD...   run CMD in the client, a, b or server namespace
#   deploy/lab/sync-lab.sh down               stop everything and delete the namespaces (idempotent)
#
# Addressing (documentation ranges only):
#
#   client  ${P}-c   v6a 2001:db8::8/64   <-> A c6 2001:db8::1/64      64:ff9b::/96 via 2001:db8::1 (A), later B
#                    v6b 2001:db8:1::8/64 <-> B c6 2001:db8:1::1/64    (B routes 2001:db8::/64 back via 2001:db8:1::8)
#   A       ${P}-a   s4 203.0.113.1/24    <-> server sa 203.0.113.8/24     sy 192.0.2.253/30 (sync link to B)
#   B       ${P}-b   s4 198.51.100.1/24   <-> server sb 198.51.100.8/24    sy 192.0.2.254/30
#   server  ${P}-s   192.0.2.8/32 on lo; 192.0.2.1/32 (pool4) via 203.0.113.1 (A), later via 198.51.100.1 (B)
#                    HTTP on 192.0.2.8:80, UDP echo on 192.0.2.8:7
#
# Each node's daemon listens on its own loopback (127.0.0.1:6410, per namespace); the proxies' stats servers on
# 127.0.0.1:6401. Environment: LAB_PREFIX (default n64sync), LAB_STATE, NAT64_LIB, NAT64_JAVA_OPTS, LAB_TTL,
# SYNC_GROUP (the sync group, default 233.252.0.64; ff02::6464 works too), SYNC_GLOBALS (extra YAML lines under the
# instance's globals), NAT64_ARGS (extra daemon flags), PROXY_ARGS (extra
# proxy flags), SYNC_MODE: multicast (default: the proxies on SYNC_GROUP), peers (RSocket peers instead: each proxy
# listens on its sync address port 6402 and subscribes to the other's, with the shared secret $STATE/peer.secret; the
# sync link is made non-multicast, so no multicast route exists between the nodes) or both.
set -euo pipefail

P=${LAB_PREFIX:-n64sync}
STATE=${LAB_STATE:-/tmp/nat64-sync-lab-$P}
HERE=$(cd "$(dirname "$0")" && pwd)
LIB=${NAT64_LIB:-$HERE/../target/lib}
TTL=${LAB_TTL:-3600}
NS_C=$P-c
NS_A=$P-a
NS_B=$P-b
NS_S=$P-s
GROUP=${SYNC_GROUP:-233.252.0.64} # an IPv6 group works too, e.g. ff02::6464 (link scope, joined on sy)
MODE=${SYNC_MODE:-multicast}
PEER_PORT=6402
case "$MODE" in multicast | peers | both) ;; *) echo "sync-lab: error: SYNC_MODE is multicast, peers or both, not '$MODE'" >&2; exit 2 ;; esac
T=10

LAB_NAME=sync-lab
# shellcheck source=deploy/lab/lab-common.sh
. "$HERE/lab-common.sh"

ns_of() {
  case "$1" in
    client | c) echo "$NS_C" ;;
    a | A) echo "$NS_A" ;;
    b | B) echo "$NS_B" ;;
    server | s) echo "$NS_S" ;;
    *) die "unknown role '$1' (client, a, b or server)" ;;
  esac
}

node() {
  case "$1" in
    a | A) echo a ;;
    b | B) echo b ;;
    *) die "unknown node '$1' (a or b)" ;;
  esac
}

topology() {
  for ns in "$NS_C" "$NS_A" "$NS_B" "$NS_S"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
  done
  ip link add v6a netns "$NS_C" type veth peer name c6 netns "$NS_A"
  ip link add v6b netns "$NS_C" type veth peer name c6 netns "$NS_B"
  ip link add s4 netns "$NS_A" type veth peer name sa netns "$NS_S"
  ip link add s4 netns "$NS_B" type veth peer name sb netns "$NS_S"
  ip link add sy netns "$NS_A" type veth peer name sy netns "$NS_B"
  # Client: IPv6 only, a leg to each node.
  ip -n "$NS_C" -6 addr add 2001:db8::8/64 dev v6a nodad
  ip -n "$NS_C" -6 addr add 2001:db8:1::8/64 dev v6b nodad
  ip -n "$NS_C" link set v6a up
  ip -n "$NS_C" link set v6b up
  ip -n "$NS_C" -6 route add 64:ff9b::/96 via 2001:db8::1
  # Node A.
  ip -n "$NS_A" -6 addr add 2001:db8::1/64 dev c6 nodad
  ip -n "$NS_A" addr add 203.0.113.1/24 dev s4
  ip -n "$NS_A" addr add 192.0.2.253/30 dev sy
  for dev in c6 s4 sy; do ip -n "$NS_A" link set "$dev" up; done
  ip -n "$NS_A" route add 192.0.2.8/32 via 203.0.113.8
  ip -n "$NS_A" route add blackhole 192.0.2.9/32 # bench-sync.sh's destination: translated, then dropped
  # Node B.
  ip -n "$NS_B" -6 addr add 2001:db8:1::1/64 dev c6 nodad
  ip -n "$NS_B" addr add 198.51.100.1/24 dev s4
  ip -n "$NS_B" addr add 192.0.2.254/30 dev sy
  for dev in c6 s4 sy; do ip -n "$NS_B" link set "$dev" up; done
  ip -n "$NS_B" route add 192.0.2.8/32 via 198.51.100.8
  ip -n "$NS_B" -6 route add 2001:db8::/64 via 2001:db8:1::8
  ip -n "$NS_B" route add blackhole 192.0.2.9/32
  # Server: IPv4 only, a leg to each node; pool4 through A.
  in_ns "$NS_S" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  in_ns "$NS_S" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
  ip -n "$NS_S" addr add 203.0.113.8/24 dev sa
  ip -n "$NS_S" addr add 198.51.100.8/24 dev sb
  ip -n "$NS_S" addr add 192.0.2.8/32 dev lo
  ip -n "$NS_S" link set sa up
  ip -n "$NS_S" link set sb up
  for dev in sa sb; do in_ns "$NS_S" sysctl -qw "net.ipv4.conf.$dev.rp_filter=0"; done
  ip -n "$NS_S" route add 192.0.2.1/32 via 203.0.113.1
  if [ "$MODE" = peers ]; then
    # No multicast on the sync link: the proxies can only reach each other over unicast TCP.
    ip -n "$NS_A" link set sy multicast off
    ip -n "$NS_B" link set sy multicast off
  fi
}

# The shared secret of the RSocket peers (peers and both modes), readable by root only.
peer_secret() {
  if [ ! -f "$STATE/peer.secret" ]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE/peer.secret")
  fi
}

# The proxy's flags for node $1 (a or b) in this mode; $2: the secret file.
proxy_flags() {
  local n=$1 secret=$2 mine other
  if [ "$n" = a ]; then mine=192.0.2.253; other=192.0.2.254; else mine=192.0.2.254; other=192.0.2.253; fi
  case "$MODE" in
    multicast) echo "--net.dev.in sy --net.dev.out sy $GROUP" ;;
    peers) echo "--net.listen=$mine:$PEER_PORT --net.peer=$other:$PEER_PORT --auth.secret-file=$secret" ;;
    both) echo "--net.listen=$mine:$PEER_PORT --net.peer=$other:$PEER_PORT --auth.secret-file=$secret --net.dev.in sy --net.dev.out sy $GROUP" ;;
  esac
}

link() {
  case "$1" in
    down | up)
      ip -n "$NS_A" link set sy "$1"
      ip -n "$NS_B" link set sy "$1"
      say "sync link $1"
      ;;
    *) die "link down|up" ;;
  esac
}

servers() {
  ipv4_services "$NS_S"
}

write_config() {
  cat >"$STATE/nat64.yaml" <<EOF
instances:
  - name: default
    pool6: "64:ff9b::/96"
    tun: nat64
    globals:
      ss-enabled: true
${SYNC_GLOBALS:-}
    pool4:
      - prefix: 192.0.2.1
EOF
}

start_node() {
  local n ns secret
  n=$(node "$1")
  peer_secret
  secret=${2:-$STATE/peer.secret}
  ns=$(ns_of "$n")
  [ -d "$LIB" ] || die "no daemon jars in $LIB: run 'mvn -B package -DskipTests' first (or set NAT64_LIB)"
  [ -f "$STATE/nat64.yaml" ] || write_config
  # shellcheck disable=SC2086 # NAT64_JAVA_OPTS and NAT64_ARGS are lists of flags
  start_bg "$ns" "daemon-$n" java -Xmx256m ${NAT64_JAVA_OPTS:-} -cp "$LIB/*" io.nat64.cli.daemon.DaemonMain daemon \
    --config "$STATE/nat64.yaml" --stats-file "$STATE/stats-$n.csv" ${NAT64_ARGS:-}
  wait_for_line "$STATE/daemon-$n.log" "nat64 daemon: ready" 60 "$STATE/daemon-$n.pid"
  grep -E '^  (ip|sysctl) ' "$STATE/daemon-$n.log" | while read -r line; do
    # shellcheck disable=SC2086 # the line is a command
    in_ns "$ns" $line >/dev/null
  done
  in_ns "$ns" sysctl -qw net.ipv6.conf.nat64.router_solicitations=0 || true
  # shellcheck disable=SC2086 # PROXY_ARGS and the mode's flags are lists of flags
  start_bg "$ns" "proxy-$n" java -Xmx128m ${NAT64_JAVA_OPTS:-} -cp "$LIB/*" io.nat64.cli.Main session proxy \
    --stats.address 127.0.0.1 --stats.port 6401 ${PROXY_ARGS:-} $(proxy_flags "$n" "$secret")
  wait_for_line "$STATE/proxy-$n.log" "nat64 session proxy: running" 60 "$STATE/proxy-$n.pid"
  say "node $n up: daemon and proxy in $ns ($MODE)"
}

# SIGTERM to the process the pid file names (timeout, which passes it on to its command), SIGKILL after 10 s.

stop_node() {
  local n
  n=$(node "$1")
  stop_pid "$STATE/proxy-$n.pid"
  stop_pid "$STATE/daemon-$n.pid"
  say "node $n stopped"
}

kill_daemon() {
  local n pid
  n=$(node "$1")
  pid=$(cat "$STATE/daemon-$n.pid")
  kill_tree "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$STATE/daemon-$n.pid"
  say "node $n: daemon killed (SIGKILL)"
}

failover() {
  in_ns "$NS_C" ip -6 route replace 64:ff9b::/96 via 2001:db8:1::1
  in_ns "$NS_S" ip route replace 192.0.2.1/32 via 198.51.100.1
  say "failover: client and server now route through B"
}

up() {
  command -v ip >/dev/null || die "needs iproute2"
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces, TUN)"
  if ip netns list | grep -qw "$NS_A"; then die "lab $P is already up (sync-lab.sh down first)"; fi
  mkdir -p "$STATE"
  topology
  servers
  write_config
  start_node a
  start_node b
  say "up: client $NS_C, node A $NS_A, node B $NS_B, server $NS_S; state in $STATE"
}

down() {
  teardown "$NS_C" "$NS_A" "$NS_B" "$NS_S"
  say "down: $P"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  start) start_node "${2:-}" "${3:-}" ;;
  link) link "${2:-}" ;;
  stop) stop_node "${2:-}" ;;
  kill-daemon) kill_daemon "${2:-}" ;;
  failover) failover ;;
  bg)
    shift
    ns=$(ns_of "${1:-}")
    name=${2:-}
    shift 2
    start_bg "$ns" "$name" "$@"
    ;;
  exec)
    shift
    ns=$(ns_of "${1:-}")
    shift
    exec ip netns exec "$ns" "$@"
    ;;
  *)
    echo "usage: $0 up|down|start NODE [SECRET_FILE]|stop NODE|kill-daemon NODE|failover|link down|up|bg ROLE NAME CMD...|exec ROLE CMD..." >&2
    exit 2
    ;;
esac
