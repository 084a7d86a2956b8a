package container

import (
	"sync"
	"sync/atomic"

	"github.com/tagwire/tagwire/internal/typeid"
)

// table is a paged array of atomic pointers indexed by dense type id. The
// container's lookup table caches, per container, the binding that an unnamed lookup of a
// type resolves to, indexed by dense type id. Reads are lock-free (two
// atomic loads and two index operations); writes happen under the root
// mutex. It is paged so that a container touching a few types with large
// ids does not allocate a slot for every id in the process.
type table[T any] struct {
	pages atomic.Pointer[[]atomic.Pointer[tpage[T]]]
}

const tpageBits = 6

type tpage[T any] [1 << tpageBits]atomic.Pointer[T]

func (t *table[T]) get(id typeid.ID) *T {
	ps := t.pages.Load()
	if ps == nil {
		return nil
	}
	pi := int(id) >> tpageBits
	if pi >= len(*ps) {
		return nil
	}
	p := (*ps)[pi].Load()
	if p == nil {
		return nil
	}
	return p[int(id)&(1<<tpageBits-1)].Load()
}

// set stores b for id. The caller serialises writes (the root mutex for
// container tables).
func (t *table[T]) set(id typeid.ID, b *T) {
	pi := int(id) >> tpageBits
	ps := t.pages.Load()
	if ps == nil || pi >= len(*ps) {
		n := 4
		if ps != nil {
			n = len(*ps)
		}
		for n <= pi {
			n *= 2
		}
		grown := make([]atomic.Pointer[tpage[T]], n)
		if ps != nil {
			for i := range *ps {
				grown[i].Store((*ps)[i].Load())
			}
		}
		t.pages.Store(&grown)
		ps = &grown
	}
	p := (*ps)[pi].Load()
	if p == nil {
		p = new(tpage[T])
		(*ps)[pi].Store(p)
	}
	p[int(id)&(1<<tpageBits-1)].Store(b)
}

// reset forgets every cached entry. The caller serialises writes.
func (t *table[T]) reset() {
	t.pages.Store(nil)
}

// loadOrBuild returns the entry of id in a process-wide cache, building it
// on a miss. build runs outside mu, since it may look up other entries;
// when two callers build at once, the first stored wins.
func loadOrBuild[T any](t *table[T], mu *sync.Mutex, id typeid.ID, build func() *T) *T {
	if v := t.get(id); v != nil {
		return v
	}
	v := build()
	mu.Lock()
	defer mu.Unlock()
	if old := t.get(id); old != nil {
		return old
	}
	t.set(id, v)
	return v
}
