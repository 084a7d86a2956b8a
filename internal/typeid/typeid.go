// Package typeid gives every Go type a small, dense integer id for the life
// of the process, so that per-container tables can be indexed by type
// instead of hashed. Ids start at 1; 0 means "no type".
//
// The id of a type is found with a lock-free open-addressing table keyed by
// the type's identity pointer ([Key]): a hit costs one atomic load of the
// table, a multiplicative hash and, usually, one probe. That is several
// times cheaper than a Go map with an interface key, and it is on the path
// of every Resolve.
package typeid

import (
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ID is a dense type id.
type ID int32

type slot struct {
	key atomic.Pointer[byte] // the type descriptor; nil when empty
	id  atomic.Int32
}

type table struct {
	shift uint // 64 - log2(len(slots))
	slots []slot
	n     int // used slots, guarded by mu
}

var (
	cur  atomic.Pointer[table]
	mu   sync.Mutex
	next ID
)

// Key returns the identity of t as a pointer. Two reflect.Type values
// denote the same type exactly when they are equal (==), and the value
// behind a reflect.Type is a pointer, so the pointer that reflect itself
// reports for it ([reflect.Value.UnsafePointer]) identifies the type. No
// assumption about how interfaces are laid out in memory is made: if the
// value behind reflect.Type ever stopped being a pointer, Key would fall
// back to interning t in a map.
func Key(t reflect.Type) unsafe.Pointer {
	if typeIsPointer {
		return reflect.ValueOf(t).UnsafePointer()
	}
	return intern(t)
}

// typeIsPointer reports whether reflect.Type values are pointers, which
// makes them usable as identity keys directly.
var typeIsPointer = reflect.ValueOf(reflect.TypeFor[int]()).Kind() == reflect.Pointer

var (
	interned   = map[reflect.Type]*byte{}
	internedMu sync.Mutex
)

// intern returns a unique pointer for t, the same on every call.
func intern(t reflect.Type) unsafe.Pointer {
	internedMu.Lock()
	defer internedMu.Unlock()
	p := interned[t]
	if p == nil {
		p = new(byte)
		interned[t] = p
	}
	return unsafe.Pointer(p)
}

func (t *table) index(k unsafe.Pointer) uintptr {
	return uintptr((uint64(uintptr(k)) * 0x9E3779B97F4A7C15) >> t.shift)
}

// lookup probes t for k.
func (t *table) lookup(k unsafe.Pointer) (ID, bool) {
	mask := uintptr(len(t.slots) - 1)
	for i := t.index(k); ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch p := unsafe.Pointer(s.key.Load()); p {
		case k:
			return ID(s.id.Load()), true
		case nil:
			return 0, false
		}
	}
}

// Of returns the id of t. It is safe for concurrent use.
func Of(t reflect.Type) ID {
	k := Key(t)
	if tb := cur.Load(); tb != nil {
		if id, ok := tb.lookup(k); ok {
			return id
		}
	}
	return insert(k)
}

func insert(k unsafe.Pointer) ID {
	mu.Lock()
	defer mu.Unlock()
	tb := cur.Load()
	if tb != nil {
		if id, ok := tb.lookup(k); ok {
			return id
		}
	}
	if tb == nil || (tb.n+1)*2 > len(tb.slots) { // keep the load factor at most 1/2
		tb = grow(tb)
		cur.Store(tb)
	}
	next++
	put(tb, k, next)
	return next
}

// put stores k with id in tb, id first: a reader that sees the key sees
// the id.
func put(tb *table, k unsafe.Pointer, id ID) {
	mask := uintptr(len(tb.slots) - 1)
	i := tb.index(k)
	for tb.slots[i].key.Load() != nil {
		i = (i + 1) & mask
	}
	tb.slots[i].id.Store(int32(id))
	tb.slots[i].key.Store((*byte)(k))
	tb.n++
}

// grow returns a table twice the size of old (or a first one) holding
// old's entries.
func grow(old *table) *table {
	bits := uint(8)
	if old != nil {
		bits = 64 - old.shift + 1
	}
	tb := &table{shift: 64 - bits, slots: make([]slot, 1<<bits)}
	if old != nil {
		for i := range old.slots {
			if k := old.slots[i].key.Load(); k != nil {
				put(tb, unsafe.Pointer(k), ID(old.slots[i].id.Load()))
			}
		}
	}
	return tb
}
