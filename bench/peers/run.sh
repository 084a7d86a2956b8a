#!/usr/bin/env bash
# run.sh — tagwire vs the Go DI peers, in one run (see ../BENCHMARKS.md).
#
# Every mode first runs the generator (go run ./gen: the graphs, the
# per-library wiring, and through go tool wire / go tool tagwiregen the wire
# injector and tagwiregen's functions; none of it committed), then go vet.
#
#   ./run.sh                 full comparison: go test -bench . -benchmem -count 6,
#                            benchstat, the tables; writes results/<date>.txt (raw),
#                            results/<date>.benchstat.txt, results/<date>.md (report),
#                            results/<date>-micro.txt (container micro benchmarks)
#                            and replaces the generated section of ../BENCHMARKS.md.
#                            Refuses to publish (exit 1, no report, ../BENCHMARKS.md
#                            untouched, raw output kept as results/<date>*.refused.txt)
#                            when a hand baseline row's spread is above 5%
#                            (go run ./table -gate): rerun on a quieter machine.
#   ./run.sh -noupdate       the same, but leaves ../BENCHMARKS.md alone
#   ./run.sh -quick          smoke: every benchmark once (-benchtime 1x -count 1);
#                            fails unless every adapter ran and passed its
#                            self-check. Writes nothing but the generated files.
#   ./run.sh -profile [re..] CPU and allocation profiles of the named benchmarks
#                            (default: the tagwire rows that miss a target); writes
#                            the `go tool pprof -top` output to results/profiles/
#
# Environment: COUNT (default 6), BENCHTIME (default 1s), BENCH (default .: the
# -bench pattern, e.g. BENCH='S2_ColdBuild' ./run.sh -noupdate), PROFTIME
# (default 3s, -benchtime of -profile).
set -euo pipefail
cd "$(dirname "$0")"

mode=full
update=1
case "${1:-}" in
-quick) mode=quick ;;
-noupdate) update=0 ;;
-profile) mode=profile; shift ;;
"") ;;
*) sed -n '2,27p' "$0"; exit 2 ;;
esac

# The largest spread (±% of the median ns/op) of a hand baseline row that a
# published run may have; see table -gate.
MAXSPREAD=5

COUNT=${COUNT:-6}
BENCHTIME=${BENCHTIME:-1s}
BENCH=${BENCH:-.}
PROFTIME=${PROFTIME:-3s}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== go run ./gen"
go run ./gen
echo "== go vet ./..."
go vet ./...

if [ "$mode" = quick ]; then
	echo "== go test -run '^\$' -bench . -benchmem -benchtime 1x -count 1"
	start=$(date +%s)
	if ! go test -run '^$' -bench . -benchmem -benchtime 1x -count 1 -timeout 30m >"$tmp/quick.txt" 2>&1; then
		cat "$tmp/quick.txt"
		echo "FAIL: a benchmark failed (see above)" >&2
		exit 1
	fi
	grep -E '^(Benchmark|PASS|ok|FAIL|---)' "$tmp/quick.txt" | grep -v '^Benchmark.*ns/op' || true
	go run ./table -check <"$tmp/quick.txt"
	go test -run '^TestFirstBuild$' -count 1 . # first builds in a fresh process, verified
	echo "quick: OK ($(($(date +%s) - start)) s, including the build)"
	exit 0
fi

if [ "$mode" = profile ]; then
	pats=("$@")
	if [ ${#pats[@]} -eq 0 ]; then
		pats=('S1_HotSingleton/tagwire$' 'S2_ColdBuild/tagwire_ctor$' 'S3_TransientChain/tagwire_ctor$' 'S5_Scope/tagwire$'
			'S5_Scope/tagwire_populate$' 'S6_Factory/tagwire$' 'S6_Factory/tagwire_ctor$' 'S6_Factory/tagwire_func$')
	fi
	mkdir -p results/profiles
	go test -c -o "$tmp/peers.test" .
	for p in "${pats[@]}"; do
		name=$(echo "$p" | tr -c 'A-Za-z0-9_\n' '_' | sed 's/_*$//')
		out="results/profiles/$name.txt"
		# Two runs: -memprofilerate 1 makes every allocation expensive, which
		# would distort the CPU profile.
		(cd "$tmp" && ./peers.test -test.run '^$' -test.bench "$p" -test.benchmem -test.benchtime "$PROFTIME" \
			-test.cpuprofile cpu.prof) >"$tmp/bench.txt"
		(cd "$tmp" && ./peers.test -test.run '^$' -test.bench "$p" -test.benchtime 0.5s \
			-test.memprofile mem.prof -test.memprofilerate 1) >/dev/null
		{
			echo "# go test -run '^\$' -bench '$p' -benchmem -benchtime $PROFTIME -cpuprofile cpu.prof"
			echo "# go test -run '^\$' -bench '$p' -benchtime 0.5s -memprofile mem.prof -memprofilerate 1"
			echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(go version | cut -d' ' -f3-), tagwire $(git -C ../.. describe --always --dirty 2>/dev/null || echo '?'), load $(cut -d' ' -f1-3 /proc/loadavg)"
			grep '^Benchmark' "$tmp/bench.txt"
			echo
			echo "## go tool pprof -top -nodecount 35 cpu.prof"
			go tool pprof -top -nodecount 35 "$tmp/peers.test" "$tmp/cpu.prof" 2>/dev/null | sed -n '/^Showing\|flat/,$p'
			echo
			echo "## go tool pprof -top -cum -nodecount 35 cpu.prof"
			go tool pprof -top -cum -nodecount 35 "$tmp/peers.test" "$tmp/cpu.prof" 2>/dev/null | sed -n '/flat/,$p'
			echo
			echo "## go tool pprof -top -sample_index=alloc_objects -nodecount 25 mem.prof (allocations, whole run incl. setup; the -memprofilerate 1 run)"
			go tool pprof -top -sample_index=alloc_objects -nodecount 25 "$tmp/peers.test" "$tmp/mem.prof" 2>/dev/null | sed -n '/flat/,$p'
		} >"$out"
		echo "wrote $out"
		sed -n '4,5p' "$out"
	done
	exit 0
fi

# ---- full run
if ! command -v benchstat >/dev/null 2>&1; then
	export PATH="$PATH:$(go env GOPATH)/bin"
	if ! command -v benchstat >/dev/null 2>&1; then
		echo "== go install golang.org/x/perf/cmd/benchstat@latest"
		go install golang.org/x/perf/cmd/benchstat@latest
	fi
fi

stamp=$(date -u +%Y-%m-%d)
[ -e "results/$stamp.txt" ] && stamp=$(date -u +%Y-%m-%d-%H%M)
mkdir -p results
raw="results/$stamp.txt"
micro="results/$stamp-micro.txt"
cmd="go test -bench '$BENCH' -benchmem -count $COUNT -benchtime $BENCHTIME -run '^\$' -timeout 60m"
microcmd="go test ./container -run '^\$' -bench . -benchmem -count $COUNT -benchtime $BENCHTIME -timeout 60m"
invocation="BENCH='$BENCH' COUNT=$COUNT BENCHTIME=$BENCHTIME ./run.sh"
[ "$update" = 0 ] && invocation="$invocation -noupdate"

echo "== building"
go test -c -o "$tmp/peers.test" . # build once, before the timed part
(cd ../.. && go test -c -o "$tmp/container.test" ./container)
# The engine measured: the commit and the uncommitted changes at build time.
commit=$(git -C ../.. rev-parse HEAD 2>/dev/null || echo '?')
rev=$(git -C ../.. describe --always --dirty 2>/dev/null || echo '?')
nchanged=$(git -C ../.. status --porcelain -- container attribute tags method internal inject 2>/dev/null | wc -l)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== $cmd   (load before: $load0)"
start=$(date +%s)
if ! go test -bench "$BENCH" -benchmem -count "$COUNT" -benchtime "$BENCHTIME" -run '^$' -timeout 60m | tee "$tmp/peers.txt" ||
	grep -q '^FAIL\|^--- FAIL' "$tmp/peers.txt"; then
	cp "$tmp/peers.txt" "results/$stamp.refused.txt"
	echo "FAIL: a benchmark failed, see results/$stamp.refused.txt" >&2
	exit 1
fi

echo "== (cd ../.. && $microcmd)"
(cd ../.. && go test ./container -run '^$' -bench . -benchmem -count "$COUNT" -benchtime "$BENCHTIME" -timeout 60m) | tee "$tmp/micro.txt"
wall=$(($(date +%s) - start))
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# Every ratio is a quotient by a hand row: publish only if every hand
# baseline (peers and micro) is quiet.
echo "== go run ./table -gate -maxspread $MAXSPREAD   (hand baseline spreads)"
if ! cat "$tmp/peers.txt" "$tmp/micro.txt" | go run ./table -gate -maxspread "$MAXSPREAD"; then
	cp "$tmp/peers.txt" "results/$stamp.refused.txt"
	cp "$tmp/micro.txt" "results/$stamp-micro.refused.txt"
	cat >&2 <<-EOF

		run.sh: REFUSED TO PUBLISH. The hand baseline rows listed above as TOO NOISY
		varied by more than ±$MAXSPREAD% between runs, so the ratios to hand are not
		trustworthy. Nothing was published: no results/$stamp.md, and ../BENCHMARKS.md is
		unchanged. The raw output is kept for inspection (git-ignored) in
		results/$stamp.refused.txt and results/$stamp-micro.refused.txt.
		Load average was $load0 before and $load1 after (1, 5, 15 min) on $(nproc) CPUs.
		Rerun on a quieter machine: nothing else running (check uptime/top), no builds,
		tests or fuzzers in other sessions.
	EOF
	exit 1
fi
cp "$tmp/peers.txt" "$raw"
cp "$tmp/micro.txt" "$micro"

echo "== go test -run '^TestFirstBuild\$' -count 1 -v"
go test -run '^TestFirstBuild$' -count 1 -v . | tee "$tmp/first.txt"

echo "== benchstat $raw > results/$stamp.benchstat.txt"
benchstat "$raw" >"results/$stamp.benchstat.txt"

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
[ -n "$cpu" ] || cpu="CPU model not in /proc/cpuinfo ($(uname -m))"
threads=$(grep -c '^processor' /proc/cpuinfo)
cores=$(awk -F': *' '/^physical id/ { p = $2 } /^core id/ { print p "/" $2 }' /proc/cpuinfo | sort -u | wc -l)
[ "$cores" -gt 0 ] || cores=$threads
virt=$(systemd-detect-virt 2>/dev/null || true)
[ "$virt" = none ] && virt=
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
# GOMAXPROCS of the run: the -N suffix of the benchmark names (none means 1).
procs=$(grep -m1 -o '^Benchmark[^ 	]*' "$raw" | grep -o -- '-[0-9]*$' | tr -d - || true)
md="results/$stamp.md"
{
	echo "## Results — $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "| | |"
	echo "|---|---|"
	echo "| machine | ${virt:+$virt guest, }$cpu; $cores cores, $threads hardware threads (/proc/cpuinfo), $(nproc) usable (nproc); $mem RAM; Linux $(uname -r) |"
	echo "| Go | $(go version | cut -d' ' -f3-), GOAMD64=$(go env GOAMD64), GOMAXPROCS=${procs:-1} |"
	echo "| commit | \`$commit\` (\`$rev\`); the working tree at build time, with $nchanged changed or new files in the engine packages |"
	# (a | inside a table cell, even in a code span, must be written \|)
	echo "| command | \`cd bench/peers && ${invocation//|/\\|}\`, which runs \`${cmd//|/\\|}\`, then \`$microcmd\` from the repository root, then \`go test -run '^TestFirstBuild\$' -count 1 -v\` |"
	echo "| noise gate | published because every hand baseline row's spread was at most ±$MAXSPREAD% (\`go run ./table -gate\`) |"
	echo "| wall time | ${wall} s for the benchmarks (peers, then the container micro benchmarks; build of the peers excluded) |"
	echo "| load average | $load0 before, $load1 after (1, 5, 15 min) |"
	echo "| raw output | \`bench/peers/$raw\`, benchstat: \`bench/peers/results/$stamp.benchstat.txt\` |"
	echo
	echo "**Ratios move between machines.** Every × hand figure below is a quotient of two"
	echo "medians of this run on this machine. Another CPU (caches, branch prediction,"
	echo "memory latency), another Go version or another load changes the costs of"
	echo "reflection, allocation and GC relative to plain constructor calls, so the"
	echo "ratios (not only the absolute times) differ elsewhere, sometimes by tens of"
	echo "percent. Compare rows within this run; rerun \`./run.sh\` on your own machine"
	echo "before comparing with numbers of yours."
	echo
	if awk -v l="${load0%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
		echo "> **Note:** the 1-minute load average was ${load0%% *} on $(nproc) CPUs when the run started:"
		echo "> other processes competed for the CPUs, so absolute numbers are inflated and noisy."
		echo "> Compare rows within this run (ratios to hand), not against other runs."
		echo
	fi
	go run ./table -report <"$raw"
	echo
	echo "### Container micro benchmarks (root module, \`container/bench_test.go\`)"
	echo
	echo "\`$microcmd\`, raw output \`bench/peers/$micro\`."
	echo
	go run ./table -micro <"$micro"
	echo
	echo "### First build of new types in a fresh process (\`go test -run '^TestFirstBuild\$' -count 1 -v\`)"
	echo
	echo "Zero-registration Populate of each sweep graph; the first build computes the per-type plans, the second reuses them."
	echo
	echo '```'
	grep 'first build' "$tmp/first.txt" | sed 's/^ *firstbuild_test.go:[0-9]*: //'
	echo '```'
} >"$md"
echo "== wrote $md"

if [ "$update" = 1 ] && [ -f ../BENCHMARKS.md ] && grep -q '<!-- BEGIN GENERATED' ../BENCHMARKS.md; then
	awk -v f="$md" '
		/<!-- BEGIN GENERATED/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
		/<!-- END GENERATED/ { skip = 0 }
		!skip { print }' ../BENCHMARKS.md >"$tmp/BENCHMARKS.md"
	cp "$tmp/BENCHMARKS.md" ../BENCHMARKS.md
	echo "== updated the generated section of ../BENCHMARKS.md"
fi
go run ./table -targets <"$raw"
