package container

import (
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/method"
)

type bindKind uint8

const (
	kindValue     bindKind = iota // a ready value
	kindStruct                    // zero value of *S, fields injected
	kindCtor                      // a constructor function
	kindAlias                     // As[I]: stands for another registration
	kindAbstract                  // an interface registered without a source: must be overridden
	kindScopeOnly                 // ScopeOnly: supplied per scope
	kindSelect                    // For: one registration per consumer type (made by lookups)
	kindPrep                      // the run-once slot of a Prepare hook
)

// binding is one registration (or the implicit registration of an
// unregistered struct type). A Singleton's instance lives in its slot; a
// registered value is a slot committed at registration.
type binding struct {
	c    *Container // owner: where it was registered
	info *typeInfo  // kindStruct: info of the type
	r    *regInfo   // what a registration adds; nil for implicit bindings
	slot slot       // the Singleton instance (or the registered value)
	tid  typeid.ID
	kind bindKind
	life Lifetime
	auto bool
	// populate: a registered value whose fields are filled on first use.
	populate bool
	// lazy: a registered value that goes through a build on first use
	// (Populated, or decorated).
	lazy bool
	// Flags copied from the registration for the hot paths.
	asFactory bool
	autoClose bool
	// pure caches whether a pure build can make b's instances (pure.go).
	pure atomic.Uint32
	// The marks of a cold pure Populate's walk (coldPlan), guarded by the
	// root's regMu.
	coldEpoch uint64
	coldIdx   int32
}

// regInfo is the part of a binding that only explicit registrations have.
type regInfo struct {
	t     reflect.Type // the registered type
	value any          // a Populated value, filled on first use
	ctor  ctorInfo     // kindCtor
	key   any
	seq   uint64
	x     *regExtra // the rarely used options; nil when there are none
	ent   entry     // the registry entry of the key, when this registration created it
}

// regExtra holds what only some registrations use.
type regExtra struct {
	aliasOf *binding     // kindAlias: the registration it stands for
	argAt   map[int]any  // registered constructor arguments, by position (a leading ctx not counted)
	labels  []label      // Label
	forT    reflect.Type // For: the consumer type it is restricted to
	choices []*binding   // kindSelect: the registrations it picks from
	hook    *hook        // kindPrep: the hook it runs
	fields  []fieldInj
	calls   []methodInj
	onClose []onCloseFn
	snap    any // a Populated value as registered (a copy), for dry calls
}

// extra returns r.x, allocating it on first use.
func (r *regInfo) extra() *regExtra {
	if r.x == nil {
		r.x = new(regExtra)
	}
	return r.x
}

// typ is the type the binding provides: the registered type, or the
// struct pointer type of an implicit binding.
func (b *binding) typ() reflect.Type {
	if b.r != nil {
		return b.r.t
	}
	return b.info.t
}

func (b *binding) key() any {
	if b.r == nil {
		return nil
	}
	return b.r.key
}

func (b *binding) seq() uint64 {
	if b.r == nil {
		return 0
	}
	return b.r.seq
}

// argAt returns the registered constructor argument at position pos.
func (b *binding) argAt(pos int) (any, bool) {
	if b == nil || b.r == nil || b.r.x == nil {
		return nil, false
	}
	v, ok := b.r.x.argAt[pos]
	return v, ok
}

// labels returns the registration's labels.
func (b *binding) labels() []label {
	if b == nil || b.r == nil || b.r.x == nil {
		return nil
	}
	return b.r.x.labels
}

// forType returns the consumer type a For registration is restricted to.
func (b *binding) forType() reflect.Type {
	if b == nil || b.r == nil || b.r.x == nil {
		return nil
	}
	return b.r.x.forT
}

func (b *binding) calls() []methodInj {
	if b == nil || b.r == nil || b.r.x == nil {
		return nil
	}
	return b.r.x.calls
}

func (b *binding) onCloses() []onCloseFn {
	if b == nil || b.r == nil || b.r.x == nil {
		return nil
	}
	return b.r.x.onClose
}

func (b *binding) fields() []fieldInj {
	if b == nil || b.r == nil || b.r.x == nil {
		return nil
	}
	return b.r.x.fields
}

type fieldInj struct {
	f *attribute.Field
	v any // a plain value or a *provider (Dep)
}

type methodInj struct {
	m    *method.Method
	vals []any
}

// follow returns the binding that builds instances for b: the
// registration an As alias stands for, or b itself.
func (b *binding) follow() *binding {
	if b.kind == kindAlias {
		return b.r.x.aliasOf
	}
	return b
}

// describe renders the registration for candidate lists and cycle paths.
func (b *binding) describe() string {
	var s strings.Builder
	s.WriteString(b.typ().String())
	if k := b.key(); k != nil {
		s.WriteString(" named ")
		s.WriteString(keyString(k))
	}
	switch b.kind {
	case kindValue:
		s.WriteString(" (value)")
	case kindCtor:
		s.WriteString(" (constructor ")
		s.WriteString(b.r.ctor.name())
		s.WriteString(")")
	case kindAlias:
		fmt.Fprintf(&s, " (as %s)", b.r.x.aliasOf.describe())
	case kindAbstract:
		s.WriteString(" (abstract)")
	case kindScopeOnly:
		s.WriteString(" (supplied per scope)")
	case kindStruct:
		if b.auto {
			s.WriteString(" (zero value, unregistered)")
		} else {
			s.WriteString(" (zero value)")
		}
	}
	return s.String()
}
