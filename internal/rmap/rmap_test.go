package rmap

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadOrStore(t *testing.T) {
	var m Map[int, string]
	_, ok := m.Load(1)
	assert.False(t, ok)
	calls := 0
	mk := func(s string) func() string { return func() string { calls++; return s } }
	assert.Equal(t, "a", m.LoadOrStore(1, mk("a")))
	assert.Equal(t, "a", m.LoadOrStore(1, mk("b")), "a stored value is never replaced")
	assert.Equal(t, 1, calls)
	for i := 2; i < 100; i++ {
		m.LoadOrStore(i, mk("x"))
		v, ok := m.Load(i)
		require.True(t, ok)
		assert.Equal(t, "x", v)
	}
	for i := 1; i < 100; i++ {
		_, ok := m.Load(i)
		assert.True(t, ok, "key %d survives promotions", i)
	}
}

func TestConcurrent(t *testing.T) {
	var m Map[int, int]
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				v := m.LoadOrStore(i, func() int { return i * 2 })
				assert.Equal(t, i*2, v)
				if got, ok := m.Load((i + g) % 1000); ok {
					assert.Equal(t, (i+g)%1000*2, got)
				}
			}
		})
	}
	wg.Wait()
}
