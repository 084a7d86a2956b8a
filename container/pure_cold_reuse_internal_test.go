package container

import (
	"context"
	"reflect"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/internal/typeid"
)

type priLeaf struct{ N int }

type priMid struct {
	Leaf *priLeaf `inject:""`
}

type priApp struct {
	Mid  *priMid  `inject:""`
	Leaf *priLeaf `inject:""`
}

type priOther struct{}

// TestPureColdReuse_TakenWithoutAWalk: the first cold Populate of a type
// walks its fields and keeps the plan; a new container, even one with
// unrelated registrations, takes the plan without walking (no walk epoch),
// and one where a type of the plan is registered walks again.
func TestPureColdReuse_TakenWithoutAWalk(t *testing.T) {
	ctx := context.Background()
	first := New()
	var a priApp
	require.NoError(t, first.Populate(ctx, &a))
	assert.Equal(t, uint64(1), first.coldEpoch, "walked")
	sh := infoOf(reflect.TypeFor[*priApp]()).cold.Load()
	require.NotNil(t, sh)
	require.NotNil(t, sh.infos, "a reusable plan is kept")
	assert.Len(t, sh.infos, 2)

	for _, setup := range []func(*Container){
		func(*Container) {},
		func(c *Container) { require.NoError(t, Supply(c, &priOther{})) },
	} {
		c := New()
		setup(c)
		var b priApp
		require.NoError(t, c.Populate(ctx, &b))
		assert.Zero(t, c.coldEpoch, "the kept plan: no walk")
		assert.Len(t, c.coldSets, 1)
		assert.Nil(t, c.tbl.get(typeid.Of(reflect.TypeFor[*priLeaf]())), "no binding until a lookup needs one")
		assert.Same(t, b.Leaf, b.Mid.Leaf)
		assert.NotSame(t, a.Leaf, b.Leaf)
	}

	c := New()
	require.NoError(t, Supply(c, &priLeaf{N: 5}))
	var d priApp
	require.NoError(t, c.Populate(ctx, &d))
	assert.Equal(t, uint64(1), c.coldEpoch, "a registered type of the plan: walked")
	assert.Equal(t, 5, d.Leaf.N)
	assert.Same(t, sh, infoOf(reflect.TypeFor[*priApp]()).cold.Load(), "the reusable plan stays")
}

// TestPureColdReuse_NotIntoAClosedContainer: a Close that comes while the
// instances are made (before the set is kept) wins: nothing is kept.
func TestPureColdReuse_NotIntoAClosedContainer(t *testing.T) {
	ctx := context.Background()
	var a priApp
	require.NoError(t, New().Populate(ctx, &a)) // keeps the plan
	c := New()
	require.NoError(t, c.Close(ctx))
	var b priApp
	sh, ptrs := c.coldFresh(infoOf(reflect.TypeFor[*priApp]()), unsafe.Pointer(&b), c.regGen.Load())
	assert.Nil(t, sh)
	assert.Nil(t, ptrs)
	assert.Empty(t, c.coldSets)
}
