// Package rmap provides a read-mostly map: lookups of keys that have been
// stored for a while are a plain Go map access on an immutable snapshot,
// without locks or atomics beyond one pointer load. It is the classic
// sync.Map algorithm (read snapshot plus a locked dirty map promoted after
// enough misses) with typed keys and values, so no interface boxing and no
// allocation on the read path. Stores of new keys are amortised O(1).
package rmap

import (
	"sync"
	"sync/atomic"
)

// Map is a read-mostly map. The zero value is empty and ready to use.
// A Map must not be copied after first use.
type Map[K comparable, V any] struct {
	read   atomic.Pointer[map[K]V]
	mu     sync.Mutex
	dirty  map[K]V // nil when read holds every key
	misses int
}

// Load returns the value stored for k.
func (m *Map[K, V]) Load(k K) (V, bool) {
	if r := m.read.Load(); r != nil {
		if v, ok := (*r)[k]; ok {
			return v, true
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.loadLocked(k)
}

func (m *Map[K, V]) loadLocked(k K) (V, bool) {
	if r := m.read.Load(); r != nil {
		if v, ok := (*r)[k]; ok {
			return v, true
		}
	}
	if m.dirty == nil {
		var zero V
		return zero, false
	}
	v, ok := m.dirty[k]
	m.misses++
	if m.misses >= len(m.dirty) {
		d := m.dirty
		m.read.Store(&d)
		m.dirty, m.misses = nil, 0
	}
	return v, ok
}

// LoadOrStore returns the value stored for k, or stores and returns the
// value made by mk when there is none. mk runs under the map's lock, at most
// once per call, and must not use the map.
func (m *Map[K, V]) LoadOrStore(k K, mk func() V) V {
	if r := m.read.Load(); r != nil {
		if v, ok := (*r)[k]; ok {
			return v
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.loadLocked(k); ok {
		return v
	}
	v := mk()
	if m.dirty == nil {
		r := m.read.Load()
		n := 0
		if r != nil {
			n = len(*r)
		}
		m.dirty = make(map[K]V, n+1)
		if r != nil {
			for rk, rv := range *r {
				m.dirty[rk] = rv
			}
		}
	}
	m.dirty[k] = v
	return v
}
