#!/usr/bin/env bash
# Real traffic through nat64 and through TAYGA, in one run and the same lab topology (deploy/lab/lab.sh):
# iperf3 TCP throughput v6->v4 and UDP packets per second with 64-byte payloads, RUNS runs each (interleaved),
# medians and the ratio ours/TAYGA; printed and written to docs/benchmarks.md ("Real traffic vs TAYGA").
#
#   mvn -B package -DskipTests && deploy/lab/bench-vs-tayga.sh        (as root)
#
# nat64: pool6 64:ff9b::/96, pool4 192.0.2.1, server at 64:ff9b::c000:208 (TUN nat64).
# TAYGA: prefix 2001:db8:64::/96, dynamic pool 198.51.100.0/24, server at 2001:db8:64::c000:208 (TUN tayga);
#        TAYGA refuses the well-known prefix with documentation addresses (RFC 6052 section 3.1), nat64 does not.
# Both TUN devices sit side by side in the same NAT64 namespace, between the same client and server.
#
# Environment: RUNS (default 3), SECONDS_PER_RUN (default 5), DOC (default docs/benchmarks.md; "-" to skip),
# NAT64_ARGS (extra daemon flags, e.g. --batch-size 32), JAVA_OPTS is not used: the daemon runs as lab.sh starts it.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-3}
SECS=${SECONDS_PER_RUN:-5}
DOC=${DOC:-$ROOT/docs/benchmarks.md}
export LAB_PREFIX=${LAB_PREFIX:-n64bench}
export LAB_STATE=${LAB_STATE:-/tmp/nat64-lab-$LAB_PREFIX}
export LAB_TTL=${LAB_TTL:-1800}
LAB=$HERE/lab.sh
OURS=64:ff9b::c000:208
TAYGA=2001:db8:64::c000:208

say() { echo "bench: $*"; }
die() { echo "bench: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root"
if ! command -v tayga >/dev/null || ! command -v iperf3 >/dev/null; then
  say "installing tayga and iperf3"
  DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends tayga iperf3 >/dev/null
fi

cleanup() {
  if [ -f "$LAB_STATE/tayga.pid" ]; then
    kill -TERM "$(cat "$LAB_STATE/tayga.pid")" 2>/dev/null || true
    rm -f "$LAB_STATE/tayga.pid"
  fi
  "$LAB" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$LAB" down >/dev/null 2>&1 || true
"$LAB" up
NAT=$LAB_PREFIX-nat

tayga_up() {
  mkdir -p "$LAB_STATE/tayga"
  cat >"$LAB_STATE/tayga.conf" <<EOF
tun-device tayga
ipv4-addr 198.51.100.1
prefix 2001:db8:64::/96
dynamic-pool 198.51.100.0/24
data-dir $LAB_STATE/tayga
EOF
  timeout 10 ip netns exec "$NAT" tayga -c "$LAB_STATE/tayga.conf" --mktun >/dev/null
  ip -n "$NAT" link set tayga up
  ip -n "$NAT" route add 198.51.100.0/24 dev tayga
  ip -n "$NAT" -6 route add 2001:db8:64::/96 dev tayga
  ip netns exec "$NAT" timeout "$LAB_TTL" tayga -c "$LAB_STATE/tayga.conf" --nodetach >"$LAB_STATE/tayga.log" 2>&1 &
  echo $! >"$LAB_STATE/tayga.pid"
  sleep 0.5
  timeout 10 ip netns exec "$LAB_PREFIX-v6" ping -6 -c 2 -i 0.2 -W 2 "$TAYGA" >/dev/null || die "no ping through TAYGA"
}

tayga_up
ip netns exec "$LAB_PREFIX-v4" timeout "$LAB_TTL" iperf3 -s -B 192.0.2.8 >"$LAB_STATE/iperf3-server.log" 2>&1 &
echo $! >"$LAB_STATE/iperf3.pid"
sleep 0.5
timeout 10 ip netns exec "$LAB_PREFIX-v6" ping -6 -c 2 -i 0.2 -W 2 "$OURS" >/dev/null || die "no ping through nat64"

# CPU time (clock ticks) used so far by the translator process: the daemon's JVM or TAYGA.
ticks_of() {
  local pid
  pid=$(pgrep -P "$(cat "$LAB_STATE/$1.pid")" | head -1)
  awk '{print $14 + $15}' "/proc/$pid/stat"
}

# One iperf3 run from the client. Prints "figure cpu_us_per_packet": Mbit/s received (tcp) or packets/s received
# (udp), and the translator's CPU time per packet the server received.
measure() {
  local kind=$1 target=$2 proc=$3 json t0 t1
  local args=(-c "$target" -t "$SECS" -J)
  [ "$kind" = udp ] && args+=(-u -l 64 -b 0)
  t0=$(ticks_of "$proc")
  json=$(timeout $((SECS + 20)) ip netns exec "$LAB_PREFIX-v6" iperf3 "${args[@]}") || {
    echo "$json" >&2
    die "iperf3 $kind to $target failed"
  }
  t1=$(ticks_of "$proc")
  python3 -c '
import json, os, sys
d = json.loads(sys.stdin.read())
if "error" in d: sys.exit("iperf3: " + d["error"])
kind, ticks = sys.argv[1], int(sys.argv[3]) - int(sys.argv[2])
cpu = ticks / os.sysconf("SC_CLK_TCK")
if kind == "tcp":
    print("%.0f -" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))
else:
    s = d["end"]["sum"]
    got = s["packets"] - s["lost_packets"]
    print("%.0f %.2f" % (got / s["seconds"], cpu / max(got, 1) * 1e6))
' "$kind" "$t0" "$t1" <<<"$json"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A results
for kind in tcp udp; do
  for run in $(seq "$RUNS"); do
    for who in ours tayga; do
      target=$OURS proc=daemon
      [ "$who" = tayga ] && target=$TAYGA proc=tayga
      read -r value cpu < <(measure "$kind" "$target" "$proc")
      results[$kind-$who]="${results[$kind-$who]:-} $value"
      [ "$kind" = udp ] && results[cpu-$who]="${results[cpu-$who]:-} $cpu"
      say "$kind run $run $who: $value $([ "$kind" = tcp ] && echo Mbit/s || echo "packets/s, translator CPU $cpu us per packet delivered")"
      sleep 1
    done
  done
done

# shellcheck disable=SC2086 # word lists
{
  tcp_ours=$(median ${results[tcp-ours]})
  tcp_tayga=$(median ${results[tcp-tayga]})
  udp_ours=$(median ${results[udp-ours]})
  udp_tayga=$(median ${results[udp-tayga]})
  cpu_ours=$(median ${results[cpu-ours]})
  cpu_tayga=$(median ${results[cpu-tayga]})
}
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
tcp_ratio=$(ratio "$tcp_ours" "$tcp_tayga")
udp_ratio=$(ratio "$udp_ours" "$udp_tayga")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
drops=$(grep -E 'DP_RX_PACKETS|DP_RX_DROPPED_BUSY|DP_KERNEL_TX_DROPPED|DP_BATCHES|DP_TRANSLATED' "$LAB_STATE/stats.csv" | cut -d, -f2,3 |
  tr ',' ' ' | paste -sd, | sed 's/,/, /g')

# Round-trip time once warm and idle again: 50 pings 20 ms apart through each, median in ms.
rtt() {
  timeout 20 ip netns exec "$LAB_PREFIX-v6" ping -6 -c 50 -i 0.02 -W 2 "$1" |
    sed -n 's/.*time=\([0-9.]*\) ms/\1/p' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
sleep 2
rtt_ours=$(rtt "$OURS")
rtt_tayga=$(rtt "$TAYGA")
txdrop_ours=$(ip netns exec "$NAT" cat /sys/class/net/nat64/statistics/tx_dropped)
txdrop_tayga=$(ip netns exec "$NAT" cat /sys/class/net/tayga/statistics/tx_dropped)

table=$(
  cat <<EOF
| test (v6 -> v4, $RUNS runs of ${SECS} s, median) | nat64 | TAYGA | ours / TAYGA |
| --- | --- | --- | --- |
| iperf3 TCP throughput (Mbit/s) | $tcp_ours | $tcp_tayga | **$tcp_ratio** |
| iperf3 UDP 64-byte payload, packets/s delivered | $udp_ours | $udp_tayga | **$udp_ratio** |
| translator CPU per UDP packet delivered (µs, user + system) | $cpu_ours | $cpu_tayga | $(ratio "$cpu_ours" "$cpu_tayga") |
| ping -6 round trip, median of 50 (ms) | $rtt_ours | $rtt_tayga | $(ratio "$rtt_ours" "$rtt_tayga") |

Every run (interleaved, ours then TAYGA): TCP ours${results[tcp-ours]}, TAYGA${results[tcp-tayga]} Mbit/s; UDP
ours${results[udp-ours]}, TAYGA${results[udp-tayga]} packets/s. TUN tx_dropped (kernel queue full, reader behind)
after all runs: nat64 $txdrop_ours, tayga $txdrop_tayga. Daemon counters: $drops. Load average (1, 5, 15 min)
before the runs: $load_before, after: $load_after (the machine is shared: other work competes for its cores).
EOF
)
echo
echo "$table"

if [ "$DOC" != "-" ]; then
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  java_version=$(java -version 2>&1 | head -1)
  section=$(
    cat <<EOF
## Real traffic vs TAYGA

Measured $(date -u +%Y-%m-%d) at commit $commit on $(nproc) cores, kernel $(uname -r), $java_version, TAYGA
$(dpkg-query -W -f='${Version}' tayga 2>/dev/null || echo '?'), iperf3 $(iperf3 --version | head -1 | awk '{print $2}').
Same run, same lab topology (deploy/lab/lab.sh: IPv6-only client, NAT64 namespace holding both TUN devices, IPv4
server), the daemon with its defaults (batch 64, 16 batches in flight, readers wait when the owner is behind, one
TUN queue)${NAT64_ARGS:+ with \`$NAT64_ARGS\`}. Reproduce as root with
\`mvn -B package -DskipTests && deploy/lab/bench-vs-tayga.sh\`.

$table
EOF
  )
  python3 - "$DOC" "$section" <<'EOF'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# Benchmarks\n"
pattern = re.compile(r"^## Real traffic vs TAYGA\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section + "\n", text).rstrip() + "\n"
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w").write(text)
EOF
  say "wrote $DOC"
fi
