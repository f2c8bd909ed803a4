#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the translation-core benchmarks of docs/benchmarks.md, one at a
# time, printing their figures; the full JMH output goes to bench/target/results/.
#
#   bench/run.sh          the settings docs/benchmarks.md reports (about 8 minutes on a quiet machine)
#   bench/run.sh quick    a smoke run: fewer and shorter iterations, fewer rounds (about 4 minutes)
#
# JVM_ARGS="-XX:+UseParallelGC" bench/run.sh  appends JVM options to every measuring JVM.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-full}
case $mode in
  full)  lookup=(-f 1 -wi 3 -w 2s -i 5 -r 2s); create=(-f 1 -wi 3 -i 10); rounds=5 ;;
  quick) lookup=(-f 1 -wi 1 -w 1s -i 2 -r 1s); create=(-f 1 -wi 1 -i 3);  rounds=2 ;;
  *) echo "usage: bench/run.sh [quick]" >&2; exit 2 ;;
esac

mvn -B -o -q -pl core,bench -am package -DskipTests
jar=bench/target/benchmarks.jar
out=bench/target/results
mkdir -p "$out"
# Word splitting of JVM_ARGS is intended: it holds options.
# shellcheck disable=SC2206
extra=(${JVM_ARGS:-})
heap=(-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages "${extra[@]}")
profilers=(-prof io.nat64.bench.CpuTimeProfiler -prof gc)
fork_args=()
# -jvmArgsAppend replaces the benchmarks' own JVM options: pass them all.
if ((${#extra[@]})); then fork_args=(-jvmArgsAppend "${heap[*]}"); fi

echo "== machine: $(nproc) cores, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | sed 's/^/   /'
java -cp "$jar" io.nat64.bench.MemoryLatency 256

jmh() { # name, then JMH arguments; prints the summary table without the GC profiler's noise
  local name=$1
  shift
  java -jar "$jar" "$@" "${profilers[@]}" "${fork_args[@]}" -o "$out/$name.txt"
  sed -n '/^Benchmark /,$p' "$out/$name.txt" | grep -Ev ':gc\.(alloc\.rate|count|time) ' || true
}

echo "== 1. lookups of existing flows, 1,000,000 sessions (ops/us = million lookups per second)"
jmh lookup 'io.nat64.bench.(Tcp|Udp)LookupBenchmark' "${lookup[@]}"
echo "== 1b. the same TCP lookup when every flow talks to one server (the session hash keeps 16 bits of the salt)"
jmh lookup-one-server 'io.nat64.bench.TcpLookupBenchmark.tcp6Ack' -p servers=1 "${lookup[@]}"
echo "== 2. creations of new IPv6 SYN flows (ns per creation; target <= 500 ns, i.e. >= 2 M/s)"
jmh creation 'io.nat64.bench.TcpCreationBenchmark' "${create[@]}"
echo "== 3. heap per TCP session"
java "${heap[@]}" -cp "$jar" io.nat64.bench.HeapPerSession 1000000
echo "== 4. expiry of 1,000,000 sessions in slices of 8192 (target: no slice over 50 ms)"
expiry() { # name, then ExpiryLatency arguments; prints the worst rounds, keeps every round
  local name=$1
  shift
  java "${heap[@]}" -cp "$jar" io.nat64.bench.ExpiryLatency "$@" > "$out/$name.txt"
  grep worst "$out/$name.txt"
}
expiry expiry-udp udp 1000000 "$rounds"
expiry expiry-udp-listening udp 1000000 "$rounds" listening
expiry expiry-tcp tcp 1000000 "$rounds"
echo "== 5. longest single creations (index doublings on the packet path)"
java "${heap[@]}" -cp "$jar" io.nat64.bench.CreationLatency 1000000 "$((rounds > 3 ? 3 : rounds))"
echo "== 6. a peer's replay of 1,000,000 sessions merged in random order of expiry (quadratic before issue 6's fix)"
java "${heap[@]}" -cp "$jar" io.nat64.bench.MergeReplay 1000000 "$((rounds > 3 ? 3 : rounds))"
