package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// benchOutput returns synthetic `go test -bench` output: for each
// name/ns pair, one result line per value, like -count len(ns).
func benchOutput(rows map[string][]float64, names ...string) string {
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/tagwire/tagwire/bench/peers\ncpu: Test CPU\n")
	for _, name := range names {
		for _, ns := range rows[name] {
			fmt.Fprintf(&b, "Benchmark%s-2   \t  100000\t%10.1f ns/op\t    3056 B/op\t     101 allocs/op\n", name, ns)
		}
	}
	b.WriteString("PASS\nok  \tgithub.com/tagwire/tagwire/bench/peers\t12.3s\n")
	return b.String()
}

// runs are six runs around 2000 ns whose largest distance from the median
// (2000) is pct percent.
func runs(pct float64) []float64 {
	return []float64{2000, 1990, 2000, 2010, 2000, 2000 * (1 + pct/100)}
}

func gateOf(t *testing.T, in string) (bool, string) {
	t.Helper()
	var out strings.Builder
	ok := parse(strings.NewReader(in)).gate(&out, 5, 3)
	return ok, out.String()
}

func TestGateRefusesNoisyHand(t *testing.T) {
	in := benchOutput(map[string][]float64{
		"S2_ColdBuild/hand":    runs(8),
		"S2_ColdBuild/tagwire": runs(1),
	}, "S2_ColdBuild/hand", "S2_ColdBuild/tagwire")
	ok, out := gateOf(t, in)
	if ok {
		t.Fatalf("a hand row with 8%% spread was accepted:\n%s", out)
	}
	if !strings.Contains(out, "S2_ColdBuild/hand") || !strings.Contains(out, "TOO NOISY") || !strings.Contains(out, "refused") {
		t.Errorf("the refusal does not name the noisy row:\n%s", out)
	}
}

func TestGateAcceptsQuietHand(t *testing.T) {
	in := benchOutput(map[string][]float64{
		"S2_ColdBuild/hand": runs(3),
		// A noisy non-baseline row does not block publishing: its own
		// spread is in the tables.
		"S2_ColdBuild/tagwire": runs(40),
		"S1_HotSingleton/hand": runs(0),
	}, "S1_HotSingleton/hand", "S2_ColdBuild/hand", "S2_ColdBuild/tagwire")
	if ok, out := gateOf(t, in); !ok {
		t.Fatalf("hand rows within 3%% were refused:\n%s", out)
	}
}

func TestGateBoundary(t *testing.T) {
	for _, c := range []struct {
		pct  float64
		want bool
	}{{0, true}, {4.9, true}, {5, true}, {5.1, false}, {12, false}} {
		in := benchOutput(map[string][]float64{"S4_Populate20/hand": runs(c.pct)}, "S4_Populate20/hand")
		if ok, out := gateOf(t, in); ok != c.want {
			t.Errorf("spread %g%%: accepted = %v, want %v\n%s", c.pct, ok, c.want, out)
		}
	}
}

func TestGateHandRows(t *testing.T) {
	// Sweep sizes and the container micro benchmarks' BenchmarkXHand rows
	// are baselines too; hand_field (reference only) and BenchmarkX are not.
	for _, c := range []struct {
		name string
		gate bool
	}{
		{"Sweep_ColdBuild/1000/hand", true},
		{"ColdPopulateHand", true},
		{"S1_HotSingleton/hand_field", false},
		{"ColdPopulate", false},
	} {
		in := benchOutput(map[string][]float64{
			"S1_HotSingleton/hand": runs(1),
			c.name:                 runs(9),
		}, "S1_HotSingleton/hand", c.name)
		if ok, out := gateOf(t, in); ok == c.gate {
			t.Errorf("%s with 9%% spread: accepted = %v, want %v\n%s", c.name, ok, !c.gate, out)
		}
	}
}

func TestGateRefusesTooFewRunsOrNoHand(t *testing.T) {
	in := benchOutput(map[string][]float64{"S2_ColdBuild/hand": {2000}}, "S2_ColdBuild/hand")
	if ok, out := gateOf(t, in); ok {
		t.Errorf("a single run (-count 1) was accepted:\n%s", out)
	}
	in = benchOutput(map[string][]float64{"S2_ColdBuild/tagwire": runs(1)}, "S2_ColdBuild/tagwire")
	if ok, out := gateOf(t, in); ok {
		t.Errorf("a run without hand rows was accepted:\n%s", out)
	}
}

// Every data row of every table shows a spread.
func TestEveryRowHasSpread(t *testing.T) {
	rows := map[string][]float64{}
	var names []string
	for _, sc := range []string{"S1_HotSingleton", "S2_ColdBuild", "S4_Populate20", "Sweep_ColdBuild/100", "Sweep_ColdBuild/1000"} {
		for _, lib := range []string{"hand", "tagwire", "tagwire_ctor", "wire"} {
			names = append(names, sc+"/"+lib)
			rows[sc+"/"+lib] = runs(2)
		}
	}
	for _, m := range []string{"ColdPopulate", "ColdPopulateHand", "Populate20", "Populate20Hand"} {
		names = append(names, m)
		rows[m] = runs(2)
	}
	r := parse(strings.NewReader(benchOutput(rows, names...)))
	for name, table := range map[string]func(io.Writer){
		"matrix": r.matrix, "detail": r.detail, "sweep": r.sweep, "targets": r.targets, "micro": r.micro,
	} {
		var out strings.Builder
		table(&out)
		n := 0
		for _, l := range strings.Split(out.String(), "\n") {
			if !strings.HasPrefix(l, "| ") || strings.Contains(l, "---") || strings.Contains(l, "library") ||
				strings.Contains(l, "benchmark |") || strings.Contains(l, "target |") || strings.Contains(l, "n types") {
				continue // headers, separators
			}
			if strings.Contains(l, "not run") {
				continue // a target without results
			}
			n++
			if !strings.Contains(l, "±") {
				t.Errorf("%s: row without spread: %s", name, l)
			}
		}
		if n == 0 {
			t.Errorf("%s: no data rows:\n%s", name, out.String())
		}
	}
}

func TestCheckExpectsWire(t *testing.T) {
	var out strings.Builder
	in := benchOutput(map[string][]float64{"S2_ColdBuild/hand": runs(1)}, "S2_ColdBuild/hand")
	if parse(strings.NewReader(in)).check(&out) {
		t.Fatal("check passed with most adapters missing")
	}
	if !strings.Contains(out.String(), "missing: BenchmarkS2_ColdBuild/wire\n") {
		t.Errorf("check does not expect S2_ColdBuild/wire:\n%s", out.String())
	}
}

// tagwiregen's generated code runs in S2 and S4, and has a target in each.
func TestCheckExpectsTagwireGen(t *testing.T) {
	var out strings.Builder
	in := benchOutput(map[string][]float64{"S2_ColdBuild/hand": runs(1)}, "S2_ColdBuild/hand")
	if parse(strings.NewReader(in)).check(&out) {
		t.Fatal("check passed with most adapters missing")
	}
	for _, sc := range []string{"S2_ColdBuild", "S4_Populate20"} {
		if !strings.Contains(out.String(), "missing: Benchmark"+sc+"/tagwire_gen\n") {
			t.Errorf("check does not expect %s/tagwire_gen:\n%s", sc, out.String())
		}
		if !slices.ContainsFunc(targets, func(tg target) bool { return tg.scenario == sc && tg.lib == "tagwire_gen" }) {
			t.Errorf("no target for %s/tagwire_gen", sc)
		}
	}
}

// The sweep's targets: ns/type flat within 1.5× and B/type at most 2× hand's
// over the sizes n ≥ 100; n=10 does not count.
func TestSweepTargets(t *testing.T) {
	line := func(n int, lib string, ns, bytes float64) string {
		return fmt.Sprintf("BenchmarkSweep_ColdBuild/%d/%s-2 \t 1000\t %.1f ns/op\t %.0f B/op\t %d allocs/op\n", n, lib, ns, bytes, n)
	}
	for _, tc := range []struct {
		name             string
		twNs10000        float64 // tagwire ns/op at n=10 000 (n=100 is 100 ns/type)
		twBytes1000      float64 // tagwire B/op at n=1 000 (hand: 30 B/type)
		flatMet, byteMet bool
	}{
		{"both met", 10000 * 140, 1000 * 60, true, true},
		{"not flat", 10000 * 160, 1000 * 60, false, true},
		{"too many bytes", 10000 * 140, 1000 * 61, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in strings.Builder
			for range 3 {
				in.WriteString(line(10, "hand", 100, 300) + line(10, "tagwire", 100000, 100000)) // n=10: ignored
				in.WriteString(line(100, "hand", 3000, 3000) + line(100, "tagwire", 10000, 6000))
				in.WriteString(line(1000, "hand", 30000, 30000) + line(1000, "tagwire", 100000, tc.twBytes1000))
				in.WriteString(line(10000, "hand", 300000, 300000) + line(10000, "tagwire", tc.twNs10000, 600000))
			}
			var out strings.Builder
			parse(strings.NewReader(in.String())).targets(&out)
			var flat, bytes string
			for _, l := range strings.Split(out.String(), "\n") {
				switch {
				case strings.HasPrefix(l, "| sweep: ns/type"):
					flat = l
				case strings.HasPrefix(l, "| sweep: B/type"):
					bytes = l
				}
			}
			if got := strings.HasSuffix(flat, "✅ yes |"); got != tc.flatMet {
				t.Errorf("flatness met = %v, want %v: %s", got, tc.flatMet, flat)
			}
			if got := strings.HasSuffix(bytes, "✅ yes |"); got != tc.byteMet {
				t.Errorf("B/type met = %v, want %v: %s", got, tc.byteMet, bytes)
			}
		})
	}
}
