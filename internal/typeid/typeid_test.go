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
