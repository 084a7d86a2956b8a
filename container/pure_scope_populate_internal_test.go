package container

import (
	"context"
	"reflect"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type psiBase struct{}

type psiA struct {
	Base *psiBase `inject:""`
}

type psiFails struct{}

// TestPureScopePopulate_TakenOnlyWhenPure: a Populate in a scope whose
// fields are pure Scoped instances is made by pureScopePopulate; one with
// a constructor beneath is not, and changes nothing.
func TestPureScopePopulate_TakenOnlyWhenPure(t *testing.T) {
	ctx := context.Background()
	c := New()
	require.NoError(t, Provide[*psiBase](c, nil, Scoped))
	require.NoError(t, Provide[*psiA](c, nil, Scoped))
	require.NoError(t, Provide[*psiFails](c, func() *psiFails { return &psiFails{} }, Scoped))
	sc := c.NewScope()
	// The lookups are cached by a first Populate in another scope.
	require.NoError(t, c.NewScope().Populate(ctx, &struct {
		A *psiA     `inject:""`
		F *psiFails `inject:""`
	}{}))

	var pure struct {
		A *psiA `inject:""`
	}
	require.True(t, sc.pureScopePopulate(ctx, infoOf(reflect.TypeOf(&pure)), unsafe.Pointer(&pure), c.regGen.Load()))
	require.NotNil(t, pure.A)
	assert.NotNil(t, pure.A.Base)

	var mixed struct {
		B *psiBase  `inject:""`
		F *psiFails `inject:""`
	}
	sc2 := c.NewScope()
	require.False(t, sc2.pureScopePopulate(ctx, infoOf(reflect.TypeOf(&mixed)), unsafe.Pointer(&mixed), c.regGen.Load()))
	assert.Nil(t, mixed.B)
	sc2.mu.Lock()
	assert.Empty(t, sc2.scoped, "no Scoped slot made")
	sc2.mu.Unlock()
}
