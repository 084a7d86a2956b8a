package peers

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/tagwire/tagwire/container"
)

// TestFirstBuild measures what the size sweep leaves out on purpose: the
// first zero-registration build of each sweep graph in a fresh process,
// when tagwire computes the per-type plans (tags, field offsets, Init) of
// types it has never seen. It is only "first" when it runs before anything
// else in the process, so run it alone:
//
//	go test -run '^TestFirstBuild$' -count 1 -v
//
// (run.sh does, and puts the lines into the report.) The second build of
// the same graph, in a new container, is shown for comparison.
func TestFirstBuild(t *testing.T) {
	build := func(g sweepGraph) (time.Duration, float64, float64) {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		c := container.New()
		r := g.newRoot()
		start := time.Now()
		if err := c.Populate(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		d := time.Since(start)
		runtime.ReadMemStats(&m1)
		verifyGraph(t, r, g.n+1)
		return d, float64(m1.Mallocs - m0.Mallocs), float64(m1.TotalAlloc - m0.TotalAlloc)
	}
	for _, g := range sweeps {
		d1, a1, b1 := build(g)
		d2, a2, b2 := build(g)
		n := float64(g.n)
		t.Logf("n=%-5d first build %9.3f ms (%6.0f ns/type, %5.1f allocs/type, %6.0f B/type); second %8.3f ms (%5.0f ns/type, %4.2f allocs/type, %4.0f B/type)",
			g.n, d1.Seconds()*1e3, float64(d1.Nanoseconds())/n, a1/n, b1/n,
			d2.Seconds()*1e3, float64(d2.Nanoseconds())/n, a2/n, b2/n)
	}
}
