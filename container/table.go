package container

import (
	"sync/atomic"

	"github.com/tagwire/tagwire/internal/typeid"
)

// table caches, per container, the binding that an unnamed lookup of a
// type resolves to, indexed by dense type id. Reads are lock-free (two
// atomic loads and two index operations); writes happen under the root
// mutex. It is paged so that a container touching a few types with large
// ids does not allocate a slot for every id in the process.
type table struct {
	pages atomic.Pointer[[]atomic.Pointer[tpage]]
}

const tpageBits = 6

type tpage [1 << tpageBits]atomic.Pointer[binding]

func (t *table) get(id typeid.ID) *binding {
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

// set stores b for id. The caller holds the root mutex.
func (t *table) set(id typeid.ID, b *binding) {
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
		grown := make([]atomic.Pointer[tpage], n)
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
		p = new(tpage)
		(*ps)[pi].Store(p)
	}
	p[int(id)&(1<<tpageBits-1)].Store(b)
}

// reset forgets every cached entry. The caller holds the root mutex.
func (t *table) reset() {
	t.pages.Store(nil)
}
