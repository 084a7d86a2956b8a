package typeid

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOf(t *testing.T) {
	a, b := Of(reflect.TypeFor[int]()), Of(reflect.TypeFor[string]())
	assert.NotZero(t, a)
	assert.NotEqual(t, a, b)
	assert.Equal(t, a, Of(reflect.TypeOf(42)), "the same type has one id")
	assert.Equal(t, Key(reflect.TypeFor[*int]()), Key(reflect.PointerTo(reflect.TypeFor[int]())))
}

func TestManyTypesConcurrently(t *testing.T) {
	// Thousands of distinct types (array lengths) force several table
	// growths while readers look the same types up concurrently.
	types := make([]reflect.Type, 3000)
	for i := range types {
		types[i] = reflect.ArrayOf(i+1, reflect.TypeFor[byte]())
	}
	ids := make([]ID, len(types))
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := g; i < len(types); i += 4 {
				ids[i] = Of(types[i])
			}
			for i := range types {
				_ = Of(types[i])
			}
		}()
	}
	for range 4 {
		<-done
	}
	seen := map[ID]bool{}
	for i, tp := range types {
		assert.Equal(t, ids[i], Of(tp), "stable id for %v", tp)
		assert.False(t, seen[ids[i]], "ids are distinct")
		seen[ids[i]] = true
	}
}
