package container

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tagwire/tagwire/internal/field"
)

// A graph with a cycle of pointer fields (cptA <-> cptB) between a leaf
// and the instances above it.
type cptLeaf struct{ N int }

type cptA struct {
	B    *cptB    `inject:""`
	Leaf *cptLeaf `inject:""`
}

type cptB struct {
	A    *cptA    `inject:""`
	Leaf *cptLeaf `inject:""`
}

type cptC struct {
	A *cptA `inject:""`
}

type cptApp struct {
	C    *cptC    `inject:""`
	A    *cptA    `inject:""`
	Leaf *cptLeaf `inject:""`
}

// cptWalk walks the plan of a *cptApp target in c, as pureColdPopulate does.
func cptWalk(t *testing.T, c *Container, app *cptApp) *coldPlan {
	t.Helper()
	info := infoOf(reflect.TypeFor[*cptApp]())
	var p coldPlan
	c.regMu.Lock()
	ok := p.walkTarget(c, info, unsafe.Pointer(app))
	if ok {
		p.group()
	}
	c.regMu.Unlock()
	require.True(t, ok)
	return &p
}

// TestPureColdParts_ComponentsComeAfterWhatTheyPointInto: the plan's
// components are whole cycles, and each component's field writes take
// instances of components before it (or of itself).
func TestPureColdParts_ComponentsComeAfterWhatTheyPointInto(t *testing.T) {
	c := New()
	var app cptApp
	p := cptWalk(t, c, &app)
	require.Len(t, p.list, 4)
	require.Len(t, p.order, 4, "nothing built: every instance is made")
	require.Len(t, p.cuts, 3, "three components: the leaf, the cycle, C")

	comp := make([]int, len(p.list)) // component of each index in list
	start := int32(0)
	for k, end := range p.cuts {
		for _, i := range p.order[start:end] {
			comp[i] = k
		}
		start = end
	}
	typeAt := func(i int32) reflect.Type { return p.list[i].info.t }
	idx := map[reflect.Type]int32{}
	for i := range p.list {
		idx[typeAt(int32(i))] = int32(i)
	}
	a, b := idx[reflect.TypeFor[*cptA]()], idx[reflect.TypeFor[*cptB]()]
	assert.Equal(t, comp[a], comp[b], "a cycle is one component")
	assert.Less(t, comp[idx[reflect.TypeFor[*cptLeaf]()]], comp[a])
	assert.Less(t, comp[a], comp[idx[reflect.TypeFor[*cptC]()]])

	sstart := int32(0)
	for k, send := range p.scuts {
		for _, st := range p.steps[sstart:send] {
			assert.Equal(t, k, comp[st.obj], "a component's steps are together")
			assert.LessOrEqual(t, comp[st.dep], k, "%v points into a later component", typeAt(st.obj))
		}
		sstart = send
	}
}

// TestPureColdParts_EachPartIsWhole: made one component at a time, the
// result is the general path's graph; and when a later part cannot be
// made (another call is building one of its slots), the parts committed
// before point only at committed instances, and the general path finishes
// the build with them.
func TestPureColdParts_EachPartIsWhole(t *testing.T) {
	ctx := context.Background()
	t.Run("every part made", func(t *testing.T) {
		c := New()
		var app cptApp
		p := cptWalk(t, c, &app)
		require.True(t, p.make(c, c.regGen.Load(), 1))
		for i, b := range p.list {
			require.Equal(t, slotCommitted, b.slot.state.Load())
			assert.Equal(t, p.ptrs[i], b.slot.ptr)
		}
		a, err := Resolve[*cptA](ctx, c)
		require.NoError(t, err)
		assert.Same(t, a, a.B.A)
		assert.Same(t, a.Leaf, a.B.Leaf)
		cc, err := Resolve[*cptC](ctx, c)
		require.NoError(t, err)
		assert.Same(t, a, cc.A)
	})
	t.Run("a later part left to the general path", func(t *testing.T) {
		c := New()
		var app cptApp
		p := cptWalk(t, c, &app)
		last := p.list[p.order[len(p.order)-1]] // C, whose part is the last
		require.Equal(t, reflect.TypeFor[*cptC](), last.info.t)
		last.slot.state.Store(slotFlying) // as if another call were building it
		require.False(t, p.make(c, c.regGen.Load(), 1))
		last.slot.state.Store(slotEmpty)
		assert.Equal(t, slotEmpty, last.slot.state.Load(), "C's part made nothing")
		for _, b := range p.list {
			if b == last {
				continue
			}
			require.Equal(t, slotCommitted, b.slot.state.Load(), "%v committed", b.info.t)
			for j := range b.info.ops {
				f := &b.info.plan.Fields[j]
				dep := field.PointerAt(b.slot.ptr, f)
				db := c.tbl.get(b.info.ops[j].tid)
				require.NotNil(t, db)
				assert.Equal(t, slotCommitted, db.slot.state.Load(), "%v.%s points at a committed instance", b.info.t, f.Name)
				assert.Equal(t, db.slot.ptr, dep)
			}
		}
		var done cptApp
		require.NoError(t, c.Populate(ctx, &done))
		assert.Same(t, done.A, done.C.A)
		assert.Same(t, done.A.Leaf, done.Leaf)
		for i, b := range p.list {
			if b.info.t == reflect.TypeFor[*cptA]() {
				assert.Equal(t, p.ptrs[i], unsafe.Pointer(done.A), "the committed parts are shared")
			}
		}
	})
	t.Run("a registration between parts", func(t *testing.T) {
		c := New()
		var app cptApp
		p := cptWalk(t, c, &app)
		require.False(t, p.make(c, c.regGen.Load()-1, 1), "a generation other than the walk's")
		for _, b := range p.list {
			assert.Equal(t, slotEmpty, b.slot.state.Load(), "nothing made")
		}
	})
}

// TestPureColdParts_Concurrent: cold Populates made one component at a
// time race with general-path Resolves of the same Singletons; every
// Singleton is built once and every target sees the same graph.
func TestPureColdParts_Concurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	info := infoOf(reflect.TypeFor[*cptApp]())
	for range 50 {
		c := New()
		const n = 4
		apps := make([]cptApp, n)
		as := make([]*cptA, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(2)
			go func() {
				defer wg.Done()
				// pureColdPopulate, one component per part.
				var p coldPlan
				c.regMu.Lock()
				ok := p.walkTarget(c, info, unsafe.Pointer(&apps[i]))
				if ok {
					p.group()
				}
				c.regMu.Unlock()
				if ok && p.make(c, c.regGen.Load(), 1) {
					for j, d := range p.target {
						field.SetPointer(unsafe.Pointer(&apps[i]), &info.plan.Fields[j], p.ptrs[d])
					}
					return
				}
				assert.NoError(t, c.Populate(ctx, &apps[i]))
			}()
			go func() {
				defer wg.Done()
				cc, err := Resolve[*cptC](ctx, c)
				assert.NoError(t, err)
				as[i] = cc.A
			}()
		}
		wg.Wait()
		for i := range n {
			assert.Equal(t, apps[0], apps[i], "the same Singletons for every target")
			assert.Same(t, apps[0].A, as[i])
			assert.Same(t, apps[i].A, apps[i].A.B.A)
			assert.Same(t, apps[i].Leaf, apps[i].A.B.Leaf)
			assert.Same(t, apps[i].A, apps[i].C.A)
		}
		require.NoError(t, c.Close(ctx))
	}
}
