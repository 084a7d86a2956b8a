package container_test

// Many calls at once on a container whose first Populates take kept plans.

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tagwire/tagwire/container"
)

type pcsLeaf struct{ N int }
type pcsMid struct {
	Leaf *pcsLeaf `inject:""`
	Peer *pcsPeer `inject:""`
}
type pcsPeer struct {
	Mid  *pcsMid  `inject:""`
	Leaf *pcsLeaf `inject:""`
}
type pcsApp struct {
	Mid  *pcsMid  `inject:""`
	Leaf *pcsLeaf `inject:""`
}
type pcsOther struct {
	Peer *pcsPeer `inject:""`
	Leaf *pcsLeaf `inject:""`
}
type pcsReg struct {
	Leaf *pcsLeaf `inject:""`
}

// TestPureCold_ConcurrentKeptPlansOneInstance: kept-plan Populates of two
// overlapping graphs (with a cycle of pointer fields) race Resolves of
// their members in new containers, some with a registration whose
// instance takes a member: every Singleton is built once.
func TestPureCold_ConcurrentKeptPlansOneInstance(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	require.NoError(t, container.New().Populate(ctx, &pcsApp{})) // keep the plans
	require.NoError(t, container.New().Populate(ctx, &pcsOther{}))
	for iter := 0; iter < 300; iter++ {
		c := container.New()
		if iter%3 == 1 {
			require.NoError(t, container.Provide[*pcsReg](c, nil))
		}
		var (
			wg     sync.WaitGroup
			apps   [4]pcsApp
			others [4]pcsOther
			leaves [4]*pcsLeaf
			peers  [4]*pcsPeer
			regs   [4]*pcsReg
		)
		for i := 0; i < 4; i++ {
			wg.Add(5)
			go func() { defer wg.Done(); assert.NoError(t, c.Populate(ctx, &apps[i])) }()
			go func() { defer wg.Done(); assert.NoError(t, c.Populate(ctx, &others[i])) }()
			go func() {
				defer wg.Done()
				l, err := container.Resolve[*pcsLeaf](ctx, c)
				assert.NoError(t, err)
				leaves[i] = l
			}()
			go func() {
				defer wg.Done()
				p, err := container.Resolve[*pcsPeer](ctx, c)
				assert.NoError(t, err)
				peers[i] = p
			}()
			go func() {
				defer wg.Done()
				if iter%3 == 1 {
					r, err := container.Resolve[*pcsReg](ctx, c)
					assert.NoError(t, err)
					regs[i] = r
				}
			}()
		}
		wg.Wait()
		l := apps[0].Leaf
		require.NotNil(t, l)
		for i := 0; i < 4; i++ {
			require.Same(t, l, apps[i].Leaf)
			require.Same(t, l, apps[i].Mid.Leaf)
			require.Same(t, apps[0].Mid, apps[i].Mid)
			require.Same(t, apps[0].Mid, apps[i].Mid.Peer.Mid)
			require.Same(t, l, others[i].Leaf)
			require.Same(t, apps[0].Mid.Peer, others[i].Peer)
			require.Same(t, l, leaves[i])
			require.Same(t, apps[0].Mid.Peer, peers[i])
			if regs[i] != nil {
				require.Same(t, l, regs[i].Leaf)
			}
		}
		require.NoError(t, c.Close(ctx))
	}
}
