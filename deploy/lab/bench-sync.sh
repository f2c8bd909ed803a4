#!/usr/bin/env bash
# Session synchronisation figures (docs/benchmarks.md, "Session synchronisation"), in the two-node lab of
# sync-lab.sh, with the real daemons and proxies:
#
#   1. replication rate: N new UDP sessions are created on A as fast as its translator takes packets (raw IPv6
#      packets through the daemon's --inject-port hook, the same path as packets from the TUN device); the time
#      from the first packet to the moment B holds all N is measured, and B must hold exactly N (zero loss);
#   2. advertise: B is restarted empty, `nat64 session advertise` runs on A (at the daemon's default pace, or
#      ADVERTISE_RATE), and the time until B holds all N is measured;
#   3. zero-loss replication rate: the replication path alone (A's proxy, multicast over veth, B's proxy, B's
#      merge), fed by advertise, which is not bounded by creating sessions: for each pace of BENCH_RATES (sessions/s,
#      0 = unpaced) A's daemon is restarted with --advertise-rate, refilled with N sessions, B restarted empty, and
#      the advertise timed on B (from its first to its last session, from its stats file); the highest pace at
#      which B holds all N is the zero-loss rate.
#
# Usage: deploy/lab/bench-sync.sh [N]   (default 1000000; as root, after `mvn -B package -DskipTests`)
# Environment: as sync-lab.sh; BENCH_GLOBALS replaces the ss-* tuning below; ADVERTISE_RATE (daemon
# --advertise-rate for steps 1 and 2); BENCH_RATES (default "250000 400000 600000 800000 0"; "none" skips step 3).
set -euo pipefail

N=${1:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
export LAB_PREFIX=${LAB_PREFIX:-n64bench$((RANDOM % 1000))}
export LAB_STATE=${LAB_STATE:-/tmp/nat64-bench-sync-$LAB_PREFIX}
export NAT64_JAVA_OPTS=${NAT64_JAVA_OPTS:--Xmx1500m}
BASE_ARGS="--inject-port 6464 --stats-interval 50"
export NAT64_ARGS="$BASE_ARGS${ADVERTISE_RATE:+ --advertise-rate $ADVERTISE_RATE}"
# A queue that holds a burst (zero loss is the point), batches of 36 (1,320-byte datagrams: no fragments).
export SYNC_GLOBALS=${BENCH_GLOBALS:-"      ss-capacity: 2000000
      ss-flush-deadline: 20
      udp-timeout: \"0:30:00\""}
LAB="$HERE/sync-lab.sh"
# The operator's command: the launcher (with its CDS archive), not a bare `java -cp`.
CLI=${NAT64_BIN:-$HERE/../../bin/nat64}
LIB=${NAT64_LIB:-$HERE/../target/lib}

say() { echo "bench-sync: $*"; }
# shellcheck source=deploy/lab/bench-common.sh
. "$HERE/bench-common.sh"

sent_a() { # datagrams A's proxy has handed to its socket (its stats server's KERNEL_SENT_PKTS)
  echo "" | "$LAB" exec a socat -t 0.2 - UDP4:127.0.0.1:6401 2>/dev/null | sed -n 's/^KERNEL_SENT_PKTS,//p'
}

await_sent() { # count timeout_s -> prints the time (ms) A's proxy had sent that many datagrams
  local want=$1 limit=$(($(now_ms) + $2 * 1000)) got
  while :; do
    got=$(sent_a)
    [ "${got:-0}" -ge "$want" ] && { now_ms; return 0; }
    [ "$(now_ms)" -gt "$limit" ] && { now_ms; return 1; }
    sleep 0.05 # each poll forks ip netns exec and socat: poll gently, the machine has 2 cores
  done
}

# advertise_timed N WAIT_S: runs `session advertise` on A and times A's proxy's first and last datagram and B
# holding all N. Sets ADV (a line for the report), ADV_RATE (sessions/s on B from A's first datagram), ADV_OK.
advertise_timed() {
  local n=$1 wait=$2 before t0 tS0 tS1 tB b datagrams=$((($1 + 35) / 36))
  before=$(sent_a)
  t0=$(now_ms)
  "$LAB" exec a "$CLI" session advertise >/dev/null &
  local cmd=$!
  tS0=$(await_sent $((${before:-0} + 1)) 60) || true
  tS1=$(await_sent $((${before:-0} + datagrams)) "$wait") || true
  if tB=$(await_sessions b "$n" "$wait"); then ADV_OK=1; else ADV_OK=0; fi
  wait "$cmd" || true
  b=$(sessions b)
  ADV_RATE=$((b * 1000 / (tB - tS0 > 0 ? tB - tS0 : 1)))
  ADV="A's first datagram $((tS0 - t0)) ms after the command started (CLI JVM start, daemon's first page);"
  ADV="$ADV A sent for $((tS1 - tS0)) ms; B held $b of $n $((tB - tS0)) ms after A's first datagram"
  ADV="$ADV ($((tB - t0)) ms after the command started): $ADV_RATE sessions/s"
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
echo "" | "$LAB" exec a socat -t 0.2 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
echo "" | "$LAB" exec b socat -t 0.2 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
say "load: $(cat /proc/loadavg)"

say "2. advertise: B restarted empty"
"$LAB" stop b >/dev/null
rm -f "$LAB_STATE/stats-b.csv"
"$LAB" start b >/dev/null
sleep 1
[ "$(sessions b)" = 0 ] || say "warning: B starts with $(sessions b) sessions"
advertise_timed "$a" "${ADVERTISE_WAIT:-120}"
if [ "$ADV_OK" = 1 ]; then
  say "advertise of $a sessions, complete: $ADV"
else
  say "advertise of $a sessions, INCOMPLETE: $ADV"
fi
echo "" | "$LAB" exec a socat -t 0.2 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
echo "" | "$LAB" exec b socat -t 0.2 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
say "load after: $(cat /proc/loadavg)"

RATES=${BENCH_RATES:-"250000 400000 600000 800000 0"}
[ "$RATES" = none ] && exit 0
say "3. zero-loss replication rate: advertise of $N sessions at each pace of: $RATES"
best=0
summary=""
for rate in $RATES; do
  "$LAB" stop b >/dev/null
  "$LAB" stop a >/dev/null
  NAT64_ARGS="$BASE_ARGS --advertise-rate $rate" "$LAB" start a >/dev/null
  "$LAB" exec a socat -u "OPEN:$LAB_STATE/frames" TCP:127.0.0.1:6464,shut-down >/dev/null 2>&1
  await_sessions a "$N" 300 >/dev/null || true
  a=$(sessions a)
  rm -f "$LAB_STATE/stats-b.csv"
  "$LAB" start b >/dev/null
  sleep 1
  limit=$((10 + (rate > 0 ? a / rate : 0) * 2))
  advertise_timed "$a" "$limit"
  if [ "$ADV_OK" = 1 ]; then
    say "pace $rate/s: 0 lost: $ADV; load $(cut -d' ' -f1 /proc/loadavg)"
    [ "$rate" = 0 ] && best=unpaced || { [ "$best" != unpaced ] && [ "$rate" -gt "$best" ] && best=$rate; }
    summary="$summary $rate:${ADV_RATE}/s"
  else
    b=$(sessions b)
    say "pace $rate/s: $((a - b)) LOST: $ADV; load $(cut -d' ' -f1 /proc/loadavg)"
    summary="$summary $rate:lost$((a - b))"
  fi
  echo "" | "$LAB" exec b socat -t 0.2 - UDP4:127.0.0.1:6401 | tr '\n' ' '; echo
  grep -h "receive queue full" "$LAB_STATE/proxy-b.log" | tail -1 || true
done
say "zero-loss replication rate: highest lossless pace $best (pace:sessions/s on B from A's first datagram:$summary)"
say "load after: $(cat /proc/loadavg)"
