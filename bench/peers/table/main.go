// Command table turns `go test -bench` output of this module into the
// markdown tables of BENCHMARKS.md: per scenario and library the median of
// the -count runs for ns/op, B/op and allocs/op, the spread of ns/op (the
// largest distance of one run from the median, as ±% of the median; every
// row of every table shows it, "±?" for a single run) and the ratio of the
// median ns/op to the "hand" sub-benchmark of the same scenario (and, for
// the size sweep, of the same size).
//
//	go test -bench . -benchmem -count 6 -run '^$' | tee bench.txt
//	go run ./table < bench.txt            # detailed table, S1-S6
//	go run ./table -matrix < bench.txt    # library x scenario matrix, S1-S6
//	go run ./table -sweep < bench.txt     # size sweep: ns/op, ns/type, allocs/type
//	go run ./table -targets < bench.txt   # tagwire's targets vs measured
//	go run ./table -report < bench.txt    # all four, with headings
//	go run ./table -check < bench.txt     # smoke check: every expected
//	                                      # adapter ran in every scenario
//	go run ./table -micro < micro.txt     # container micro benchmarks (root
//	                                      # module), BenchmarkX vs BenchmarkXHand
//	cat bench.txt micro.txt | go run ./table -gate
//	                                      # exit 1 unless every hand baseline
//	                                      # row ran -minruns times with a
//	                                      # spread of at most -maxspread %
//
// run.sh publishes a full run only if -gate accepts it: every ratio is a
// quotient by a hand row, so a noisy hand row makes every ratio of its
// scenario noisy. Use benchstat for confidence intervals; this only lays
// out the medians and spreads.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A result line: name, iterations, then "value unit" pairs.
var line = regexp.MustCompile(`^Benchmark(\S+)\s+(\d+)\s+(.*)$`)

// GOMAXPROCS suffix of the last name segment.
var procs = regexp.MustCompile(`-\d+$`)

type key struct{ scenario, lib string }

type samples struct{ ns, bytes, allocs []float64 }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// human prints ns with three significant digits in a fitting unit.
func human(ns float64) string {
	unit, v := "ns", ns
	switch {
	case ns >= 1e6:
		unit, v = "ms", ns/1e6
	case ns >= 1e3:
		unit, v = "µs", ns/1e3
	}
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	default:
		return fmt.Sprintf("%.2f %s", v, unit)
	}
}

func ratioString(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f×", r)
	case r >= 10:
		return fmt.Sprintf("%.1f×", r)
	default:
		return fmt.Sprintf("%.2f×", r)
	}
}

func num(x float64) string {
	if x == float64(int64(x)) {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// labels are the display names of the scenarios.
var labels = map[string]string{
	"S1_HotSingleton":   "S1 hot singleton",
	"S2_ColdBuild":      "S2 cold build (101 types)",
	"S3_TransientChain": "S3 transient chain (10)",
	"S4_Populate20":     "S4 populate 20",
	"S5_Scope":          "S5 scope (5 scoped)",
	"S6_Factory":        "S6 factory call",
}

func label(sc string) string {
	if l, ok := labels[sc]; ok {
		return l
	}
	return strings.ReplaceAll(sc, "_", " ")
}

// sweepSize returns n for a "Sweep_ColdBuild/<n>" scenario.
func sweepSize(sc string) (int, bool) {
	rest, ok := strings.CutPrefix(sc, "Sweep_ColdBuild/")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

type results struct {
	data  map[key]*samples
	order []key
}

func parse(r io.Reader) *results {
	res := &results{data: map[key]*samples{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		name := procs.ReplaceAllString(m[1], "")
		k := key{scenario: name} // a top-level benchmark (-micro)
		if i := strings.LastIndex(name, "/"); i >= 0 {
			k = key{name[:i], name[i+1:]}
		}
		fields := strings.Fields(m[3])
		vals := map[string]float64{}
		for j := 0; j+1 < len(fields); j += 2 {
			v, err := strconv.ParseFloat(fields[j], 64)
			if err != nil {
				continue
			}
			vals[fields[j+1]] = v
		}
		ns, ok := vals["ns/op"]
		if !ok {
			continue
		}
		s, ok := res.data[k]
		if !ok {
			s = &samples{}
			res.data[k] = s
			res.order = append(res.order, k)
		}
		s.ns = append(s.ns, ns)
		if b, ok := vals["B/op"]; ok {
			s.bytes = append(s.bytes, b)
		}
		if a, ok := vals["allocs/op"]; ok {
			s.allocs = append(s.allocs, a)
		}
	}
	return res
}

func (r *results) get(sc, lib string) (*samples, bool) {
	s, ok := r.data[key{sc, lib}]
	return s, ok
}

// ratio is the median ns/op of k over hand's in the same scenario.
func (r *results) ratio(k key) (float64, bool) {
	h, ok := r.get(k.scenario, "hand")
	s, ok2 := r.data[k]
	if !ok || !ok2 || median(h.ns) == 0 {
		return 0, false
	}
	return median(s.ns) / median(h.ns), true
}

func (r *results) ratioCell(k key) string {
	if k.lib == "hand" {
		return "1 (base)"
	}
	x, ok := r.ratio(k)
	if !ok {
		return "—"
	}
	return ratioString(x)
}

func spread(xs []float64) float64 {
	med := median(xs)
	if med == 0 {
		return 0
	}
	return 100 * max(med-slices.Min(xs), slices.Max(xs)-med) / med
}

// spreadCell is "±x%" for the ns/op samples xs, or "±?" when there is only
// one run (no spread to measure).
func spreadCell(xs []float64) string {
	if len(xs) < 2 {
		return "±?"
	}
	return fmt.Sprintf("±%.0f%%", spread(xs))
}

// nsCell is the median ns/op of xs with its spread, e.g. "2.01 µs ±5%".
func nsCell(xs []float64) string { return human(median(xs)) + " " + spreadCell(xs) }

func (r *results) scenarios(sweep bool) []string {
	var out []string
	for _, k := range r.order {
		if k.lib == "" {
			continue // top-level benchmarks: see micro
		}
		if _, isSweep := sweepSize(k.scenario); isSweep == sweep && !slices.Contains(out, k.scenario) {
			out = append(out, k.scenario)
		}
	}
	return out
}

// libs lists libraries in run order: a library first seen in a later
// scenario is placed right after the library that preceded it there.
func (r *results) libs(scenarios []string) []string {
	var libs []string
	for _, sc := range scenarios {
		at := -1
		for _, k := range r.order {
			if k.scenario != sc {
				continue
			}
			if i := slices.Index(libs, k.lib); i >= 0 {
				at = i
			} else {
				at++
				libs = slices.Insert(libs, at, k.lib)
			}
		}
	}
	return libs
}

func (r *results) matrix(w io.Writer) {
	scenarios := r.scenarios(false)
	var heads []string
	for _, sc := range scenarios {
		heads = append(heads, label(sc))
	}
	fmt.Fprintf(w, "| library | %s |\n", strings.Join(heads, " | "))
	fmt.Fprintf(w, "|---|%s\n", strings.Repeat("---:|", len(scenarios)))
	for _, lib := range r.libs(scenarios) {
		var cells []string
		for _, sc := range scenarios {
			k := key{sc, lib}
			s, ok := r.data[k]
			if !ok {
				cells = append(cells, "—")
				continue
			}
			rc := r.ratioCell(k)
			if lib == "hand" {
				rc = "1×"
			}
			cells = append(cells, fmt.Sprintf("%s (%s)", nsCell(s.ns), rc))
		}
		name := lib
		if lib == "hand" || strings.HasPrefix(lib, "tagwire") {
			name = "**" + lib + "**"
		}
		fmt.Fprintf(w, "| %s | %s |\n", name, strings.Join(cells, " | "))
	}
}

func (r *results) detail(w io.Writer) {
	fmt.Fprintln(w, "| scenario | library | ns/op (median) | spread | B/op | allocs/op | × hand (ns) | n |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|")
	for _, sc := range r.scenarios(false) {
		first := true
		for _, k := range r.order {
			if k.scenario != sc {
				continue
			}
			s := r.data[k]
			name := ""
			if first {
				name, first = label(sc), false
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %d |\n",
				name, k.lib, human(median(s.ns)), spreadCell(s.ns), fmt.Sprintf("%.0f", median(s.bytes)), num(median(s.allocs)), r.ratioCell(k), len(s.ns))
		}
	}
}

func (r *results) sweep(w io.Writer) {
	scenarios := r.scenarios(true)
	if len(scenarios) == 0 {
		fmt.Fprintln(w, "(no size-sweep results)")
		return
	}
	fmt.Fprintln(w, "| n types | library | ns/op (median) | spread | ns/type | B/type | allocs/op | allocs/type | × hand (ns) |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, sc := range scenarios {
		n, _ := sweepSize(sc)
		first := true
		for _, k := range r.order {
			if k.scenario != sc {
				continue
			}
			s := r.data[k]
			ns := ""
			if first {
				ns, first = strconv.Itoa(n), false
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				ns, k.lib, human(median(s.ns)), spreadCell(s.ns), human(median(s.ns)/float64(n)),
				num(float64(int64(median(s.bytes)/float64(n)*10))/10), num(median(s.allocs)),
				strconv.FormatFloat(median(s.allocs)/float64(n), 'f', 2, 64), r.ratioCell(k))
		}
	}
	// Flatness: ns/type per size, and the largest over the smallest of the
	// sizes >= 100 (n=10 is dominated by fixed per-build costs).
	fmt.Fprintln(w)
	var heads []string
	for _, sc := range scenarios {
		n, _ := sweepSize(sc)
		heads = append(heads, fmt.Sprintf("n=%d", n))
	}
	fmt.Fprintf(w, "| library: ns/type (spread of ns/op) | %s | max/min (n≥100) |\n", strings.Join(heads, " | "))
	fmt.Fprintf(w, "|---|%s---:|\n", strings.Repeat("---:|", len(scenarios)))
	for _, lib := range r.libs(scenarios) {
		var cells []string
		var big []float64
		for _, sc := range scenarios {
			s, ok := r.get(sc, lib)
			if !ok {
				cells = append(cells, "—")
				continue
			}
			n, _ := sweepSize(sc)
			pt := median(s.ns) / float64(n)
			cells = append(cells, human(pt)+" "+spreadCell(s.ns))
			if n >= 100 {
				big = append(big, pt)
			}
		}
		flat := "—"
		if len(big) > 1 {
			flat = ratioString(slices.Max(big) / slices.Min(big))
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", lib, strings.Join(cells, " | "), flat)
	}
}

// micro pairs the root module's container micro benchmarks BenchmarkX
// with their hand-written BenchmarkXHand.
func (r *results) micro(w io.Writer) {
	fmt.Fprintln(w, "| benchmark | tagwire ns/op | spread | hand ns/op | spread | × hand | tagwire B/op, allocs/op | hand B/op, allocs/op | n |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, k := range r.order {
		if k.lib != "" || strings.HasSuffix(k.scenario, "Hand") {
			continue
		}
		s := r.data[k]
		h, ok := r.data[key{scenario: k.scenario + "Hand"}]
		hns, hspread, ratio, hmem := "—", "—", "—", "—"
		if ok {
			hns, hspread = human(median(h.ns)), spreadCell(h.ns)
			ratio = ratioString(median(s.ns) / median(h.ns))
			hmem = fmt.Sprintf("%.0f, %s", median(h.bytes), num(median(h.allocs)))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %.0f, %s | %s | %d |\n", k.scenario, human(median(s.ns)), spreadCell(s.ns), hns, hspread, ratio,
			median(s.bytes), num(median(s.allocs)), hmem, len(s.ns))
	}
}

// A target for tagwire, checked against hand in the same run.
type target struct {
	what      string
	scenario  string
	lib       string
	maxRatio  float64 // ns/op over hand's; 0: not checked
	maxAllocs float64 // allocs/op; <0: not checked
	allocsX   float64 // allocs/op over hand's; 0: not checked
}

// targets are the speed goals of the engine's second speed round (S1-S6,
// allocations, the sweep below) and of the code generator (tagwire_gen).
var targets = []target{
	{"S1 hot singleton: ≤1.0× hand, 0 allocs", "S1_HotSingleton", "tagwire", 1.0, 0, 0},
	{"S2 zero registrations: ≤3× hand", "S2_ColdBuild", "tagwire", 3, -1, 0},
	{"S2 101 constructors: ≤6× hand", "S2_ColdBuild", "tagwire_ctor", 6, -1, 0},
	{"S3 transient chain of 10: ≤2.5× hand", "S3_TransientChain", "tagwire", 2.5, -1, 0},
	{"S3 transient chain of 10: ≤2.5× hand", "S3_TransientChain", "tagwire_ctor", 2.5, -1, 0},
	{"S4 fill 20 fields: ≤2× hand, 1 alloc", "S4_Populate20", "tagwire", 2, 1, 0},
	{"S5 scope with 5 scoped: ≤4× hand", "S5_Scope", "tagwire", 4, -1, 0},
	{"S5 scope with 5 scoped: ≤4× hand", "S5_Scope", "tagwire_ctor", 4, -1, 0},
	{"S5 scope with 5 scoped: ≤4× hand", "S5_Scope", "tagwire_populate", 4, -1, 0},
	{"S6 factory call (Factory[T]): ≤2× hand", "S6_Factory", "tagwire", 2, -1, 0},
	{"S6 factory call (Factory[T]): ≤2× hand", "S6_Factory", "tagwire_ctor", 2, -1, 0},
	{"S6 factory call (func field): ≤3× hand", "S6_Factory", "tagwire_func", 3, -1, 0},
	{"S2 allocs: ≤2× hand's", "S2_ColdBuild", "tagwire", 0, -1, 2},
	{"S2 allocs: ≤2× hand's", "S2_ColdBuild", "tagwire_ctor", 0, -1, 2},
	{"S2 generated code (tagwiregen): ≤1.2× hand", "S2_ColdBuild", "tagwire_gen", 1.2, -1, 0},
	{"S4 generated code (tagwiregen): ≤1.2× hand", "S4_Populate20", "tagwire_gen", 1.2, -1, 0},
}

// Sweep targets: tagwire's cost per type stays flat as the graph grows, and
// its memory per built instance stays near hand's.
const (
	sweepMaxFlat   = 1.5 // max/min of ns/type over the sizes n ≥ 100
	sweepMaxBytesX = 2   // B/type over hand's B/type, at every size n ≥ 100
)

func (r *results) targets(w io.Writer) {
	fmt.Fprintln(w, "| target | adapter | tagwire | hand | measured | met? |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|:---:|")
	for _, t := range targets {
		s, ok := r.get(t.scenario, t.lib)
		h, hok := r.get(t.scenario, "hand")
		if !ok || !hok {
			fmt.Fprintf(w, "| %s | %s | — | — | not run | — |\n", t.what, t.lib)
			continue
		}
		met := true
		var got, tw, hd []string
		if t.maxRatio > 0 {
			x := median(s.ns) / median(h.ns)
			met = met && x <= t.maxRatio
			got = append(got, ratioString(x))
			tw = append(tw, nsCell(s.ns))
			hd = append(hd, nsCell(h.ns))
		}
		a, ha := median(s.allocs), median(h.allocs)
		if t.maxAllocs >= 0 {
			met = met && a <= t.maxAllocs
			got = append(got, num(a)+" allocs")
			tw = append(tw, num(a)+" allocs")
			hd = append(hd, num(ha)+" allocs")
		}
		if t.maxRatio == 0 {
			// An allocation target: allocs/op do not vary between runs, but
			// the row still shows how noisy the timing was.
			tw = append(tw, nsCell(s.ns))
			hd = append(hd, nsCell(h.ns))
		}
		if t.allocsX > 0 {
			x := a / ha
			met = met && x <= t.allocsX
			got = append(got, ratioString(x)+" allocs")
			tw = append(tw, num(a)+" allocs")
			hd = append(hd, num(ha)+" allocs")
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", t.what, t.lib,
			strings.Join(tw, ", "), strings.Join(hd, ", "), strings.Join(got, ", "), metCell(met))
	}
	r.sweepTargets(w)
}

func metCell(met bool) string {
	if met {
		return "✅ yes"
	}
	return "❌ **no**"
}

// sweepTargets adds the sweep's two target rows to the targets table:
// flatness of tagwire's ns/type, and its B/type against hand's, over the
// sizes n ≥ 100.
func (r *results) sweepTargets(w io.Writer) {
	type point struct {
		n      int
		tw, hd *samples
	}
	var pts []point
	for _, sc := range r.scenarios(true) {
		n, _ := sweepSize(sc)
		s, ok := r.get(sc, "tagwire")
		h, hok := r.get(sc, "hand")
		if n >= 100 && ok && hok {
			pts = append(pts, point{n, s, h})
		}
	}
	flatWhat := fmt.Sprintf("sweep: ns/type flat within %g× (n ≥ 100)", float64(sweepMaxFlat))
	bytesWhat := fmt.Sprintf("sweep: B/type ≤%g× hand's (n ≥ 100)", float64(sweepMaxBytesX))
	if len(pts) < 2 {
		fmt.Fprintf(w, "| %s | tagwire | — | — | not run | — |\n", flatWhat)
		fmt.Fprintf(w, "| %s | tagwire | — | — | not run | — |\n", bytesWhat)
		return
	}
	var perType, worstBytes []float64
	var tw, hd, twb, hdb []string
	for _, p := range pts {
		pt := median(p.tw.ns) / float64(p.n)
		perType = append(perType, pt)
		tw = append(tw, fmt.Sprintf("n=%d %s/type %s", p.n, human(pt), spreadCell(p.tw.ns)))
		hd = append(hd, fmt.Sprintf("n=%d %s/type %s", p.n, human(median(p.hd.ns)/float64(p.n)), spreadCell(p.hd.ns)))
		tb, hb := median(p.tw.bytes)/float64(p.n), median(p.hd.bytes)/float64(p.n)
		worstBytes = append(worstBytes, tb/hb)
		twb = append(twb, fmt.Sprintf("n=%d %.0f B/type (ns/op %s)", p.n, tb, spreadCell(p.tw.ns)))
		hdb = append(hdb, fmt.Sprintf("n=%d %.0f B/type (ns/op %s)", p.n, hb, spreadCell(p.hd.ns)))
	}
	flat := slices.Max(perType) / slices.Min(perType)
	fmt.Fprintf(w, "| %s | tagwire | %s | %s | %s max/min | %s |\n", flatWhat,
		strings.Join(tw, "; "), strings.Join(hd, "; "), ratioString(flat), metCell(flat <= sweepMaxFlat))
	bx := slices.Max(worstBytes)
	fmt.Fprintf(w, "| %s | tagwire | %s | %s | %s B/type (worst size) | %s |\n", bytesWhat,
		strings.Join(twb, "; "), strings.Join(hdb, "; "), ratioString(bx), metCell(bx <= sweepMaxBytesX))
}

// expected lists, per scenario, the adapters that must have run (-check).
var expected = map[string][]string{
	"S1_HotSingleton":   {"hand", "hand_field", "tagwire", "dig", "do", "codegangsta"},
	"S2_ColdBuild":      {"hand", "tagwire", "tagwire_ctor", "tagwire_struct", "tagwire_gen", "wire", "dig", "dig_deferred", "fx", "do", "do_struct", "codegangsta", "codegangsta_invoke"},
	"S3_TransientChain": {"hand", "tagwire", "tagwire_ctor", "do", "do_struct"},
	"S4_Populate20":     {"hand", "tagwire", "tagwire_gen", "dig", "dig_in", "do", "codegangsta"},
	"S5_Scope":          {"hand", "tagwire", "tagwire_ctor", "tagwire_populate", "do"},
	"S6_Factory":        {"hand", "tagwire", "tagwire_func", "tagwire_ctor", "do"},
}

var sweepExpected = []string{"hand", "tagwire", "tagwire_ctor", "codegangsta_invoke"}
var sweepSizes = []int{10, 100, 1000, 10000}

func (r *results) check(w io.Writer) bool {
	ok := true
	miss := func(sc, lib string) {
		if _, found := r.get(sc, lib); !found {
			fmt.Fprintf(w, "missing: Benchmark%s/%s\n", sc, lib)
			ok = false
		}
	}
	scs := make([]string, 0, len(expected))
	for sc := range expected {
		scs = append(scs, sc)
	}
	slices.Sort(scs)
	for _, sc := range scs {
		for _, lib := range expected[sc] {
			miss(sc, lib)
		}
	}
	for _, n := range sweepSizes {
		for _, lib := range sweepExpected {
			miss(fmt.Sprintf("Sweep_ColdBuild/%d", n), lib)
		}
	}
	fmt.Fprintf(w, "%d sub-benchmarks ran\n", len(r.order))
	return ok
}

// isHand reports whether k is a hand-baseline row: the "hand" adapter of a
// scenario or sweep size, or a BenchmarkXHand container micro benchmark.
// (hand_field is a reference row; no ratio is taken against it.)
func isHand(k key) bool {
	return k.lib == "hand" || (k.lib == "" && strings.HasSuffix(k.scenario, "Hand"))
}

// gate reports whether the run is fit to publish: it has hand-baseline
// rows, and every one of them ran at least minRuns times with a spread of
// ns/op of at most maxSpread percent. It lists every hand row and its verdict.
func (r *results) gate(w io.Writer, maxSpread float64, minRuns int) bool {
	ok, hands, bad := true, 0, 0
	for _, k := range r.order {
		if !isHand(k) {
			continue
		}
		hands++
		s := r.data[k]
		name := k.scenario
		if k.lib != "" {
			name += "/" + k.lib
		}
		verdict := "ok"
		switch {
		case len(s.ns) < minRuns:
			verdict = fmt.Sprintf("TOO FEW RUNS (want ≥%d)", minRuns)
		case spread(s.ns) > maxSpread:
			verdict = fmt.Sprintf("TOO NOISY (limit ±%g%%)", maxSpread)
		}
		if verdict != "ok" {
			ok = false
			bad++
		}
		fmt.Fprintf(w, "%-40s %10s  ±%4.1f%%  %d runs  %s\n", name, human(median(s.ns)), spread(s.ns), len(s.ns), verdict)
	}
	switch {
	case hands == 0:
		fmt.Fprintln(w, "refused: no hand baseline rows, so no ratio can be trusted")
		return false
	case !ok:
		fmt.Fprintf(w, "refused: %d of %d hand baseline rows above ±%g%% or with fewer than %d runs\n", bad, hands, maxSpread, minRuns)
	default:
		fmt.Fprintf(w, "accepted: all %d hand baseline rows within ±%g%% over ≥%d runs\n", hands, maxSpread, minRuns)
	}
	return ok
}

func main() {
	matrix := flag.Bool("matrix", false, "one row per library, one column per scenario (median ns/op and ratio to hand)")
	sweep := flag.Bool("sweep", false, "the size sweep: ns/op, ns/type and allocs/type per size")
	targets := flag.Bool("targets", false, "tagwire's targets vs the measured ratios")
	report := flag.Bool("report", false, "matrix, targets, detail and sweep with headings")
	check := flag.Bool("check", false, "exit 1 unless every expected adapter ran in every scenario")
	micro := flag.Bool("micro", false, "the root module's container micro benchmarks, BenchmarkX vs BenchmarkXHand")
	gate := flag.Bool("gate", false, "exit 1 unless every hand baseline row is quiet enough to publish (-maxspread, -minruns)")
	maxSpread := flag.Float64("maxspread", 5, "-gate: largest spread of a hand row's ns/op, in % of its median")
	minRuns := flag.Int("minruns", 3, "-gate: fewest runs (-count) of a hand row")
	flag.Parse()
	r := parse(os.Stdin)
	if len(r.order) == 0 {
		fmt.Fprintln(os.Stderr, "table: no benchmark results on stdin")
		os.Exit(1)
	}
	w := os.Stdout
	switch {
	case *check:
		if !r.check(w) {
			os.Exit(1)
		}
	case *gate:
		if !r.gate(w, *maxSpread, *minRuns) {
			os.Exit(1)
		}
	case *micro:
		r.micro(w)
	case *matrix:
		r.matrix(w)
	case *sweep:
		r.sweep(w)
	case *targets:
		r.targets(w)
	case *report:
		fmt.Fprintln(w, "### All adapters: median ns/op (× hand in the same scenario)")
		fmt.Fprintln(w)
		r.matrix(w)
		fmt.Fprintln(w)
		fmt.Fprintln(w, "### tagwire targets vs measured")
		fmt.Fprintln(w)
		r.targets(w)
		fmt.Fprintln(w)
		fmt.Fprintln(w, "### Detail (medians; spread = largest distance of a run from the median)")
		fmt.Fprintln(w)
		r.detail(w)
		fmt.Fprintln(w)
		fmt.Fprintln(w, "### Size sweep: cold build of n types (`BenchmarkSweep_ColdBuild/<n>/<adapter>`)")
		fmt.Fprintln(w)
		r.sweep(w)
	default:
		r.detail(w)
	}
}
