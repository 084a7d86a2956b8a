package container_test

// A cold pure Populate of a graph larger than one critical section's worth
// of instances commits it in parts; probes of parts of the graph race it.

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// pwGraph makes n leaf types, n mid types (mid i takes leaf i and leaf
// i+1) and an app type taking every mid: 2n+ instances, over 4096 for
// n > 2048, so the cold Populate commits in parts.
func pwGraph(n int) (app reflect.Type, mids, leaves []reflect.Type) {
	for i := 0; i <= n; i++ {
		leaves = append(leaves, reflect.PointerTo(reflect.StructOf([]reflect.StructField{
			{Name: "N", Type: reflect.TypeFor[int](), Tag: reflect.StructTag(fmt.Sprintf(`rv:"%d"`, i))},
		})))
	}
	var appFields []reflect.StructField
	for i := 0; i < n; i++ {
		mids = append(mids, reflect.PointerTo(reflect.StructOf([]reflect.StructField{
			{Name: "A", Type: leaves[i], Tag: `inject:""`},
			{Name: "B", Type: leaves[i+1], Tag: `inject:""`},
		})))
		appFields = append(appFields, reflect.StructField{Name: fmt.Sprintf("M%d", i), Type: mids[i], Tag: `inject:""`})
	}
	return reflect.StructOf(appFields), mids, leaves
}

// TestPureCold_WideGraphCommittedInParts: 4,201 instances, built first by
// the walk (in parts), then from the kept plan, and by the general path for
// comparison, while 16 Populates of single mids race each build: one leaf
// between neighbouring mids, one mid for every probe.
func TestPureCold_WideGraphCommittedInParts(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	appT, mids, _ := pwGraph(2100) // 4,201 instances
	for iter := 0; iter < 3; iter++ {
		general := iter%3 == 0
		c := pathContainer(general)
		var wg sync.WaitGroup
		probes := make([]reflect.Value, 16)
		for k := range probes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mt := mids[rand.Intn(len(mids))]
				pt := reflect.StructOf([]reflect.StructField{{Name: "M", Type: mt, Tag: `inject:""`}})
				probes[k] = reflect.New(pt)
				assert.NoError(t, c.Populate(ctx, probes[k].Interface()))
			}()
		}
		app := reflect.New(appT)
		require.NoError(t, c.Populate(ctx, app.Interface()))
		wg.Wait()
		a := app.Elem()
		for i := 0; i+1 < a.NumField(); i++ {
			m, n := a.Field(i).Elem(), a.Field(i+1).Elem()
			require.False(t, m.Field(1).IsNil())
			require.Equal(t, m.Field(1).Pointer(), n.Field(0).Pointer(), "one leaf %d", i+1)
		}
		for _, p := range probes {
			m := p.Elem().Field(0)
			for i := 0; i < a.NumField(); i++ {
				if a.Field(i).Type() == m.Type() {
					require.Equal(t, a.Field(i).Pointer(), m.Pointer(), "one mid")
				}
			}
		}
		require.NoError(t, c.Close(ctx))
	}
}
