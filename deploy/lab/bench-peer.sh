#!/usr/bin/env bash
# The translator's packet rate on node A while a peer catches up over RSocket, against the same with no catch-up
# (docs/benchmarks.md, "Peer replication over RSocket"), in the two-node lab of sync-lab.sh with SYNC_MODE=peers:
#
#   0. A is filled with BASE UDP sessions (raw IPv6 packets through the daemon's --inject-port hook);
#   1. none: B's daemon and proxy are started with a wrong secret (A refuses B: no catch-up, the same JVM start-up
#      cost on the machine), then N packets, each a new UDP session, are injected into A; A's rate is timed from the
#      first packet until A holds them all;
#   2. catch-up: B is started again with the right secret, so its proxy subscribes to A and catches up on A's whole
#      table (BASE + N); once B holds its first session (the dump is under way), the next N packets are injected
#      into A at once, timed the same way, and the time until B holds A's table is noted (the catch-up must overlap
#      the injection for the figure to mean anything: the bench prints what B held when the injection ended);
#   2b. live only: B still connected and caught up, N more packets: what live replication to B alone costs A;
#   3. none again (wrong secret), to see the noise.
# Before each timed phase but the catch-up, the bench waits until A's daemon is idle (under 5% of a CPU for a
# second), and before "live only" also until A's proxy has reconnected to the restarted B (its backoff may reach
# 30 s) and B's catch-up to it has stopped arriving: that dump holds A's own sessions (a session does not know it
# came from a peer), and A merging them back, or the JIT compiling, must not be timed as replication. core's session
# index doubles when the table passes a power of two (524,288, 1,048,576, ...), rehashing every session over the
# next inserts: a phase where that happens says so, and is slower for it. To avoid it, choose BASE between 1081344
# (1048576 and the 32768 inserts its rehash lasts) and 2097152 - 4N (- 5N with BENCH_WARMUP): 1090000 for N=200000.
#
# Usage: deploy/lab/bench-peer.sh [N] [BASE]   (defaults 200000 and 500000; as root, after `mvn -B package -DskipTests`)
# BENCH_PIN=1 pins A's daemon (every thread) and the packet source (socat) to CPU 0 and A's proxy, B's daemon and B's
# proxy to CPU 1 (taskset), so that what the catch-up costs A's translator is told apart from the rest of the
# catch-up's work on a small machine; and this script with its polling to CPU 1 at nice -15 (left free, it went to
# CPU 0 whenever B's catch-up kept CPU 1 busy: some 250 ms of A's CPU per catch-up phase; at the usual priority on
# CPU 1, B delayed it and the phase's clock stopped late).
# BENCH_CATCHUP_RATE=S runs both daemons with --catchup-rate S (sessions/s; unset: the daemon's default).
# BENCH_ROUNDS=R repeats catch-up, live only and none R times (default 1), each phase with new flows.
# Every timed phase also reports the context switches of A's daemon JVM (all its threads) and the CPU time its owner
# thread and all its threads used (schedstat, ns) and how CPU 0 was spent (busy, idle, stolen, softirq: /proc/stat);
# the end prints each phase against the mean of the "none" phases: by packet rate, and by the rates that A's owner
# CPU and A's whole CPU per packet allow (see the end), then the median of the catch-up, live-only and none phases
# by each of the three.
# BENCH_PROFILE=DIR writes the CPU time of each thread of A's daemon during each timed phase (DIR/<phase>.cpu: ms,
# thread name; by default in the lab's state directory) and, at the end, the lab's logs and stats files; with BENCH_JFR=1 also a JFR profile
# of A's daemon per phase (jcmd JFR.start, settings=profile: DIR/<phase>.jfr; its own code costs A some CPU and
# JIT time in the first phase recorded). BENCH_WARMUP=1 runs one untimed catch-up first, with N sessions arriving on A
# meanwhile as in a timed one, so that the timed phases run compiled code: without it, the first catch-up of A's JVM
# includes compiling the catch-up path, paced and unpaced (C2 takes about 1 s of CPU).
# BENCH_FLOWS=established sends, in every timed phase, N packets on flows A already has (the first N of BASE: each
# refreshes a session, none makes one, so nothing is replicated live) instead of N new flows: what the catch-up alone
# costs A, with the traffic most of a NAT64's packets are. A phase is then timed from the first packet until the
# injection hook answers that it has processed them all (N <= BASE).
set -euo pipefail

N=${1:-200000}
BASE=${2:-500000}
FLOWS=${BENCH_FLOWS:-new}
case "$FLOWS" in new | established) ;; *) echo "bench-peer: BENCH_FLOWS must be new or established, not $FLOWS" >&2; exit 2 ;; esac
[ "$FLOWS" = new ] || [ "$N" -le "$BASE" ] || { echo "bench-peer: established flows need N <= BASE" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
export SYNC_MODE=peers
export LAB_PREFIX=${LAB_PREFIX:-n64bp$((RANDOM % 1000))}
export LAB_STATE=${LAB_STATE:-/tmp/nat64-bench-peer-$LAB_PREFIX}
PROFILE=${BENCH_PROFILE:-$LAB_STATE/profile} # where each phase's CPU figures go
export NAT64_JAVA_OPTS=${NAT64_JAVA_OPTS:--Xmx1500m}
export NAT64_ARGS="--inject-port 6464 --stats-interval 50${BENCH_CATCHUP_RATE:+ --catchup-rate $BENCH_CATCHUP_RATE}"
export SYNC_GLOBALS=${BENCH_GLOBALS:-"      ss-flush-deadline: 20
      udp-timeout: \"0:30:00\""}
LAB="$HERE/sync-lab.sh"

say() { echo "bench-peer: $*"; }
# shellcheck source=deploy/lab/bench-common.sh
. "$HERE/bench-common.sh"

frames() { # file count first-source-port: count packets from 2001:db8::8, ports first + i/4096, to 192.0.2.9#1+i%4096
  python3 - "$2" "$1" "$3" <<'EOF'
import struct, sys
n, path, first = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
src = bytes.fromhex("20010db8000000000000000000000008")
dst = bytes.fromhex("0064ff9b0000000000000000c0000209")
payload = b"peer-bench"
ulen = 8 + len(payload)
base = sum(struct.unpack("!16H", src + dst)) + ulen + 17
with open(path, "wb") as out:
    for i in range(n):
        udp = struct.pack("!HHHH", first + i // 4096, 1 + i % 4096, ulen, 0) + payload
        s = base + sum(struct.unpack("!%dH" % (len(udp) // 2), udp))
        while s >> 16: s = (s & 0xffff) + (s >> 16)
        udp = udp[:6] + struct.pack("!H", (~s) & 0xffff or 0xffff) + udp[8:]
        out.write(struct.pack("!H", 40 + ulen) + struct.pack("!IHBB", 0x60000000, ulen, 17, 64) + src + dst + udp)
EOF
}

ctxt() { # the voluntary and involuntary context switches of every thread of A's daemon JVM, summed
  awk '/^(non)?voluntary_ctxt_switches/ {n += $2} END {print n + 0}' /proc/"$(java_of daemon-a)"/task/*/status 2>/dev/null
}

cpu() { # per thread of A's daemon: "tid cpu-ns comm" (schedstat: nanoseconds on a CPU, not 10 ms ticks)
  local t
  for t in /proc/"$(java_of daemon-a)"/task/*; do
    [ -r "$t/schedstat" ] && echo "${t##*/} $(cut -d' ' -f1 "$t/schedstat") $(tr " " _ <"$t/comm")"
  done 2>/dev/null
}

tasks() { # every thread of the machine: "path-of-its-schedstat cpu-ns"
  awk 'FNR == 1 {print FILENAME, $1}' /proc/[0-9]*/task/[0-9]*/schedstat 2>/dev/null
}

others() { # phase: the 6 threads outside A's daemon, allowed on CPU 0, that used the most CPU during it,
  # "ms comm[role or pid, CPUs it may run on]" (pinned, B and A's proxy are on CPU 1 only and left out)
  local dir=$PROFILE a n=0 cpus
  a=$(java_of daemon-a)
  local roles=" "
  for r in proxy-a daemon-b proxy-b; do roles="$roles$(java_of "$r" 2>/dev/null)=$r "; done
  awk -v a="/proc/$a/" 'NR == FNR {c[$1] = $2; next} index($1, a) != 1 && $2 - c[$1] > 2e6 {print ($2 - c[$1]) / 1e6, $1}' \
    "$dir/$1.tasks0" "$dir/$1.tasks1" | sort -rn | while read -r ms path && [ $n -lt 6 ]; do
    t=${path%/schedstat}
    cpus=$(sed -n 's/^Cpus_allowed_list:\t*//p' "$t/status" 2>/dev/null)
    [ "$cpus" = 1 ] && continue
    n=$((n + 1))
    p=${t%/task/*}
    p=${p#/proc/}
    r=${roles#* "$p"=}
    [ "$r" = "$roles" ] && r=$p || r=${r%% *}
    printf '%.0f %s[%s, CPUs %s] ' "$ms" "$(tr ' ' _ 2>/dev/null <"$t/comm" || echo gone)" "$r" "${cpus:-?}"
  done
}

jfr() { # start|stop phase: per-thread CPU (and, with BENCH_JFR=1, a JFR recording) of A's daemon during one phase
  local dir=$PROFILE
  mkdir -p "$dir"
  if [ "$1" = start ]; then
    [ "${BENCH_JFR:-0}" = 1 ] && jcmd "$(java_of daemon-a)" JFR.start name="$2" settings=profile >/dev/null
    cpu >"$dir/$2.cpu0"
    grep -E '^(cpu0|processes) ' /proc/stat >"$dir/$2.stat0"
    tasks >"$dir/$2.tasks0"
  else
    cpu >"$dir/$2.cpu1"
    grep -E '^(cpu0|processes) ' /proc/stat >"$dir/$2.stat1"
    tasks >"$dir/$2.tasks1"
    [ "${BENCH_JFR:-0}" = 1 ] && jcmd "$(java_of daemon-a)" JFR.stop name="$2" filename="$dir/$2.jfr" >/dev/null
    # CPU ms per thread name during the phase (threads born during it count from 0)
    awk 'NR == FNR {c[$1] = $2; next} {d = $2 - c[$1]; if (d > 0) n[$3] += d} END {for (k in n) printf "%.1f %s\n", n[k] / 1e6, k}' \
      "$dir/$2.cpu0" "$dir/$2.cpu1" | sort -rn >"$dir/$2.cpu"
  fi
}

cpu0_use() { # phase: "busy idle steal softirq forks" of CPU 0 during it, ms (/proc/stat, 10 ms ticks), and the
  # processes the machine forked meanwhile
  cat "$PROFILE/$1.stat0" "$PROFILE/$1.stat1" |
    awk '$1 == "processes" {f[++m] = $2; next} {k++; for (i = 2; i <= 9; i++) v[k, i] = $i}
      END {for (i = 2; i <= 9; i++) d[i] = 10 * (v[2, i] - v[1, i])
        printf "%d %d %d %d %d\n", d[2] + d[3] + d[4] + d[7] + d[8] + d[9], d[5] + d[6], d[9], d[8], f[2] - f[1]}'
}

phase_cpu() { # phase: "owner-ms all-ms" of A's daemon during it (the owner: the instance's thread nat64-default-1)
  awk '{all += $1} $2 == "nat64-default-1" {own += $1} END {printf "%.0f %.0f\n", own, all}' \
    "$PROFILE/$1.cpu"
}

inject() { # file expected-total-on-A [phase] -> prints "ms rate ctxt-switches"
  local t0 t c0 phase=${3:-}
  [ -n "$phase" ] && jfr start "$phase"
  c0=$(ctxt)
  t0=$(now_ms)
  local on=()
  [ "${BENCH_PIN:-0}" = 1 ] && on=(taskset 0x1 nice -n 15) # the packet source is A's load: on A's CPU, not B's
  if [ "$FLOWS" = established ] && [ -n "$phase" ]; then
    # no new session to wait for: the hook answers "OK injected=N" once it has processed every packet
    "$LAB" exec a "${on[@]}" socat -t 60 "OPEN:$1!!STDOUT" TCP:127.0.0.1:6464,shut-down >"$LAB_STATE/$phase.reply" 2>&1 || true
    t=$(now_ms)
    grep -q "^OK injected=$N\$" "$LAB_STATE/$phase.reply" || say "warning: the injection of $phase answered: $(head -c 200 "$LAB_STATE/$phase.reply")" >&2
  else
    "$LAB" exec a "${on[@]}" socat -u "OPEN:$1" TCP:127.0.0.1:6464,shut-down >/dev/null 2>&1 &
    local pid=$!
    t=$(await_sessions a "$2" 300)
    wait "$pid" || true
  fi
  local c1
  c1=$(ctxt)
  [ -n "$phase" ] && jfr stop "$phase"
  echo "$((t - t0)) $((N * 1000 / (t - t0))) $((c1 - c0))"
}

java_of() { pgrep -P "$(cat "$LAB_STATE/$1.pid")" java || cat "$LAB_STATE/$1.pid"; }
pin() {
  [ "${BENCH_PIN:-0}" = 1 ] || return 0
  taskset -a -p 0x1 "$(java_of daemon-a)" >/dev/null
  for p in proxy-a daemon-b proxy-b; do taskset -a -p 0x2 "$(java_of "$p")" >/dev/null; done
  say "pinned: A's daemon on CPU 0; A's proxy, B's daemon and proxy on CPU 1"
}
keep() {
  [ -n "${BENCH_PROFILE:-}" ] && mkdir -p "$BENCH_PROFILE" && cp "$LAB_STATE"/*.log "$LAB_STATE"/*.csv "$BENCH_PROFILE"/
  true
}
trap 'keep; "$LAB" down >/dev/null 2>&1 || true' EXIT
mkdir -p "$LAB_STATE"
LABNICE=()
if [ "${BENCH_PIN:-0}" = 1 ]; then
  # The bench's own polling (a few short processes every 20 ms) goes to CPU 1 with B: left free, the scheduler
  # puts it on whichever CPU is less busy, which is A's once B's catch-up fills CPU 1 (some 250 ms of A's CPU per
  # catch-up phase). At a higher priority than the lab's processes (which are started at the usual one), or B's
  # catch-up on CPU 1 delays it: the clock that times A then stops hundreds of ms late (CPU 0 idle meanwhile).
  # The packet source is pinned to CPU 0 on its own, at the usual priority (inject).
  taskset -p 0x2 $$ >/dev/null
  renice -n -15 -p $$ >/dev/null
  LABNICE=(nice -n 15)
  say "pinned: this bench's own processes on CPU 1, at nice -15"
fi
say "load before: $(cat /proc/loadavg); catch-up rate: ${BENCH_CATCHUP_RATE:-the default}"
"${LABNICE[@]}" "$LAB" up >/dev/null
ROUNDS=${BENCH_ROUNDS:-1}
PHASES="none"
for r in $(seq 1 "$ROUNDS"); do PHASES="$PHASES catchup$r live$r none$((r + 1))"; done
[ "${BENCH_WARMUP:-0}" = 1 ] && PHASES="warm $PHASES"
frames "$LAB_STATE/base" "$BASE" 10000
port=20000
for ph in $PHASES; do # each phase's flows from its own source ports: N / 4096 of them
  if [ "$FLOWS" = established ] && [ "$ph" != warm ]; then
    frames "$LAB_STATE/$ph" "$N" 10000 # the first N flows of the base: sessions A has
  else
    frames "$LAB_STATE/$ph" "$N" "$port"
    port=$((port + N / 4096 + 1))
  fi
done
printf 'not-the-secret-of-this-lab-0123456789\n' >"$LAB_STATE/wrong.secret"

pin
say "0. $BASE sessions on A"
inject "$LAB_STATE/base" "$BASE" >/dev/null
await_sessions b "$BASE" 300 >/dev/null || true
total=$BASE

ticks() { # CPU time of A's daemon JVM so far, in clock ticks (10 ms)
  awk '{n += $14 + $15} END {print n + 0}' /proc/"$(java_of daemon-a)"/task/*/stat 2>/dev/null
}

settle() { # waits (60 s at most) until A's daemon is idle (under 5% of a CPU over a second); prints the seconds
  local t0 c0 c1 waited=0
  c0=$(ticks)
  while [ $waited -lt 60 ]; do
    sleep 1
    waited=$((waited + 1))
    c1=$(ticks)
    [ $((c1 - c0)) -le 5 ] && break
    c0=$c1
  done
  echo "$waited"
}

rcvd() { # bytes node $1's proxy received from peers so far (its stats server, NET_RCVD_BYTES)
  echo "" | "$LAB" exec "$1" socat -t 0.2 - UDP4:127.0.0.1:6401 2>/dev/null | sed -n 's/^NET_RCVD_BYTES,//p'
}

links() { # how many times A's proxy has connected to B so far
  grep -c "^peer from .*: connected," "$LAB_STATE/proxy-a.log" 2>/dev/null || true
}

echo_done() { # links-before: waits (120 s at most) until A's proxy has connected to the restarted B and B's
  # catch-up (A's own sessions, the echo) has stopped arriving for 2 s; prints the bytes received meanwhile
  local before=$1 limit=$(($(now_ms) + 120000)) first last now
  until [ "$(links)" -gt "$before" ] || [ "$(now_ms)" -gt "$limit" ]; do sleep 0.2; done
  first=$(rcvd a)
  last=$first
  while sleep 2; do
    now=$(rcvd a)
    [ "$now" = "$last" ] || [ "$(now_ms)" -gt "$limit" ] && break
    last=$now
  done
  echo "$(( ${now:-0} - ${first:-0} ))"
}

crossing() { # from to: a warning when the count passes a power of two (core's session index doubles there)
  local p=1
  while [ $p -le "$2" ]; do
    [ $p -gt "$1" ] && { echo " [the table passes $p sessions in this phase: its index doubles]"; return; }
    p=$((p * 2))
  done
}

timed_phase() { # label file: N packets into A (new sessions unless BENCH_FLOWS=established), timed; figures to $LAB_STATE/phases
  [ "$FLOWS" = new ] && total=$((total + N))
  read -r ms rate cs < <(inject "$LAB_STATE/$2" "$total" "$2")
  read -r own all < <(phase_cpu "$2")
  say "$1: A took $N packets ($FLOWS flows) in $ms ms: $rate packets/s, $cs context switches (load $(cut -d' ' -f1-3 /proc/loadavg))$([ "$FLOWS" = new ] && crossing $((total - N)) "$total")"
  say "$1: A's daemon used $own ms of CPU on its owner thread ($((own * 1000000 / N)) ns/packet), $all ms in all ($((all * 1000000 / N)) ns/packet)"
  read -r busy idle steal softirq forks < <(cpu0_use "$2")
  say "$1: CPU 0 (A's) busy $busy ms, idle $idle ms; of the busy time A's daemon $all ms, the rest $((busy - all)) ms (stolen by the hypervisor $steal ms, softirq $softirq ms, the packet source and other processes; $forks processes forked on the machine meanwhile)"
  say "$1: the threads outside A's daemon that may run on CPU 0 and used the most CPU, ms: $(others "$2")"
  echo "$2 $rate $own $all" >>"$LAB_STATE/phases"
}

none_phase() { # file: B refused (wrong secret), so A replicates nothing; then a timed phase
  restart_b "$LAB_STATE/wrong.secret"
  sleep 2
  say "none: A's daemon idle after $(settle) s"
  timed_phase none "$1"
}

restart_b() { # [secret-file]: a fresh B (its stats file goes with the old one, so that no stale count is read)
  "$LAB" stop b >/dev/null
  rm -f "$LAB_STATE/stats-b.csv"
  "${LABNICE[@]}" "$LAB" start b "${1:-}" >/dev/null
  pin
}

begun() { # waits (30 s at most) until the restarted B holds a session, so that A's dump for it is under way when
  # the packets come (B's JVM and proxy may take a while to connect); prints the ms waited
  local t0
  t0=$(now_ms)
  await_sessions b 1 30 >/dev/null || true
  echo $(($(now_ms) - t0))
}

if [ "${BENCH_WARMUP:-0}" = 1 ]; then
  # As a timed catch-up: the packets arrive while B catches up, so the dump's paced path (taken while the
  # translator is busy) is compiled too, not only the unpaced one.
  say "warm-up (untimed): B catches up on A's $total sessions while $N packets ($FLOWS flows) arrive"
  restart_b
  say "warm-up: B's catch-up began $(begun) ms after B was up"
  total=$((total + N))
  inject "$LAB_STATE/warm" "$total" >/dev/null
  await_sessions b "$total" 300 >/dev/null || true
fi

say "1. none: B refused (wrong secret), $N packets ($FLOWS flows) on A"
: >"$LAB_STATE/phases"
none_phase none

for r in $(seq 1 "$ROUNDS"); do
  say "2. catch-up (round $r of $ROUNDS): B subscribes with the right secret and catches up on A's $total sessions while $N packets ($FLOWS flows) arrive"
  links_before=$(links)
  restart_b
  t0=$(now_ms)
  say "catch-up: B's catch-up began $(begun) ms after B was up"
  timed_phase catch-up "catchup$r"
  say "catch-up: B held $(sessions b) of A's $total sessions when A had taken the $N"
  if tB=$(await_sessions b "$total" 120); then
    say "catch-up: B held all $total sessions $((tB - t0)) ms after the injection began"
  else
    say "catch-up: B held $(sessions b) of $total after $((tB - t0)) ms"
  fi

  say "2b. live only: B connected and caught up, $N packets ($FLOWS flows) on A"
  say "live only: B's catch-up of A's proxy (the echo) done: $(echo_done "$links_before") more bytes; A's daemon idle after $(settle) s"
  timed_phase "live only" "live$r"

  say "3. none again"
  none_phase "none$((r + 1))"
done
say "load after: $(cat /proc/loadavg)"

# Each phase against the mean of the "none" phases: the packet rate (wall clock, on this shared machine), and the
# rates A's CPU time allows: 1 / (owner CPU per packet), A's rate where its other threads have a core of their own
# (the owner thread is the translator: one per instance), and 1 / (all of A's daemon CPU per packet), where the
# whole daemon shares one core.
awk '{ph[NR] = $1; rate[NR] = $2; own[NR] = $3; all[NR] = $4}
  $1 ~ /^none/ {n++; r0 += $2; o0 += $3; a0 += $4}
  END {
    r0 /= n; o0 /= n; a0 /= n
    printf "bench-peer: %-10s %9s %7s %12s %12s\n", "phase", "pkts/s", "% wall", "% owner CPU", "% all CPU"
    for (i = 1; i <= NR; i++)
      printf "bench-peer: %-10s %9d %6.0f%% %11.0f%% %11.0f%%\n", ph[i], rate[i], 100 * rate[i] / r0,
        100 * o0 / own[i], 100 * a0 / all[i]
    split("catchup live none", kinds, " ")
    for (k = 1; k <= 3; k++) { # the median of each kind of phase, by each measure
      m = 0
      for (i = 1; i <= NR; i++)
        if (index(ph[i], kinds[k]) == 1) { m++; w[m] = 100 * rate[i] / r0; o[m] = 100 * o0 / own[i]; c[m] = 100 * a0 / all[i] }
      if (m > 0)
        printf "bench-peer: %-10s %9s %6.0f%% %11.0f%% %11.0f%%   (median of %d)\n", kinds[k], "median", median(w, m),
          median(o, m), median(c, m), m
    }
  }
  function median(v, n,   i, j, t) { # sorts v[1..n] in place
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }' "$LAB_STATE/phases"
