package container_test

// Close while calls are building.

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tagwire/tagwire/container"
)

type lcrCloser struct{}

func (*lcrCloser) Close() error { return nil }

type lcrLeaf struct{}
type lcrA struct {
	B    *lcrB    `inject:""`
	Leaf *lcrLeaf `inject:""`
}
type lcrB struct {
	A    *lcrA    `inject:""`
	Leaf *lcrLeaf `inject:""`
}
type lcrApp struct {
	A *lcrA      `inject:""`
	R *lcrCloser `inject:""`
}

// TestClose_RacesPopulatesThatRollBack: two Populates of a graph with a
// cycle of pointer fields race Close (the general path: AutoClose over a
// Close method). A call that reads the other's tentative instance must not
// read the slot while the other's rollback clears it (run with -race).
func TestClose_RacesPopulatesThatRollBack(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	for i := 0; i < 500; i++ {
		c := container.New(container.AutoClose())
		var wg sync.WaitGroup
		wg.Add(3)
		for range 2 {
			go func() { defer wg.Done(); _ = c.Populate(ctx, &lcrApp{}) }()
		}
		go func() { defer wg.Done(); _ = c.Close(ctx) }()
		wg.Wait()
		require.NoError(t, c.Close(ctx))
	}
}
