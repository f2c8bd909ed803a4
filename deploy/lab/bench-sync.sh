#!/usr/bin/env bash
# Session synchronisation figures (docs/benchmarks.md, "Session synchronisation"), in the two-node lab of
# sync-lab.sh, with the real daemons and proxies:
#
#   1. replication rate: N new UDP sessions are created on A as fast as its translator takes packets (raw IPv6
#      packets through the daemon's --inject-port hook, the same path as packets from the TUN device); the time
#      from the first packet to the moment B holds all N is measured, and B must hold exactly N (zero loss);
#   2. advertise: B is restarted empty, `nat64 session advertise` runs on A, and the time until B holds all N is
#      measured.
#
# Usage: deploy/lab/bench-sync.sh [N]   (default 1000000; as root, after `mvn -B package -DskipTests`)
# Environment: as sync-lab.sh; BENCH_GLOBALS replaces the ss-* tuning below.
set -euo pipefail

N=${1:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
export LAB_PREFIX=${LAB_PREFIX:-n64bench$((RANDOM % 1000))}
export LAB_STATE=${LAB_STATE:-/tmp/nat64-bench-sync-$LAB_PREFIX}
export NAT64_JAVA_OPTS=${NAT64_JAVA_OPTS:--Xmx1500m}
export NAT64_ARGS="--inject-port 6464 --stats-interval 50"
# A queue that holds a burst (zero loss is the point), batches of 36 (1,320-byte datagrams: no fragments).
export SYNC_GLOBALS=${BENCH_GLOBALS:-"      ss-capacity: 2000000
      ss-flush-deadline: 20
      udp-timeout: \"0:30:00\""}
LAB="$HERE/sync-lab.sh"
LIB=${NAT64_LIB:-$HERE/../target/lib}

say() { echo "bench-sync: $*"; }
now_ms() { date +%s%3N; }
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

trap '"$LAB" down >/dev/null 2>&1 || true' EXIT
mkdir -p "$LAB_STATE"
say "load before: $(cat /proc/loadavg)"
"$LAB" up >/dev/null

# N UDP packets from 2001:db8::8 (ports 10000 + i/4096) to 192.0.2.9 (ports 1 + i%4096): N distinct sessions.
python3 - "$N" "$LAB_STATE/frames" <<'EOF'
import struct, sys
n, path = int(sys.argv[1]), sys.argv[2]
src = bytes.fromhex("20010db8000000000000000000000008")
dst = bytes.fromhex("0064ff9b0000000000000000c0000209")
payload = b"sync-bench"
ulen = 8 + len(payload)
def csum(data):
    if len(data) % 2: data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff
base = sum(struct.unpack("!16H", src + dst)) + ulen + 17
with open(path, "wb") as out:
    for i in range(n):
        sport, dport = 10000 + i // 4096, 1 + i % 4096
        udp = struct.pack("!HHHH", sport, dport, ulen, 0) + payload
        s = base + sum(struct.unpack("!%dH" % (len(udp) // 2), udp))
        while s >> 16: s = (s & 0xffff) + (s >> 16)
        c = (~s) & 0xffff or 0xffff
        udp = udp[:6] + struct.pack("!H", c) + udp[8:]
        ip6 = struct.pack("!IHBB", 0x60000000, ulen, 17, 64) + src + dst
        pkt = ip6 + udp
        out.write(struct.pack("!H", len(pkt)) + pkt)
EOF

say "1. replication: $N new sessions on A"
t0=$(now_ms)
"$LAB" exec a socat -u "OPEN:$LAB_STATE/frames" TCP:127.0.0.1:6464,shut-down >/dev/null 2>&1 &
inject=$!
tA=$(await_sessions a "$N" 300)
tB=$(await_sessions b "$N" 300)
wait "$inject" || true
sleep 1
a=$(sessions a)
b=$(sessions b)
say "A created $a sessions in $((tA - t0)) ms ($((a * 1000 / (tA - t0))) /s); B held $b after $((tB - t0)) ms:" \
  "$((b * 1000 / (tB - t0))) sessions/s replicated, loss $((a - b))"
echo "" | "$LAB" exec a socat -t 1 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
echo "" | "$LAB" exec b socat -t 1 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
say "load: $(cat /proc/loadavg)"

say "2. advertise: B restarted empty"
"$LAB" stop b >/dev/null
"$LAB" start b >/dev/null
sleep 1
[ "$(sessions b)" = 0 ] || say "warning: B starts with $(sessions b) sessions"
t0=$(now_ms)
"$LAB" exec a java -cp "$LIB/*" io.nat64.cli.Main session advertise
tCmd=$(now_ms)
say "advertise: the command returned after $((tCmd - t0)) ms"
if tB=$(await_sessions b "$a" "${ADVERTISE_WAIT:-120}"); then
  say "advertise of $a sessions: B held all $(sessions b) after $((tB - t0)) ms"
else
  say "advertise of $a sessions: B held $(sessions b) after $((tB - t0)) ms (incomplete)"
fi
echo "" | "$LAB" exec a socat -t 1 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
echo "" | "$LAB" exec b socat -t 1 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
say "load after: $(cat /proc/loadavg)"
