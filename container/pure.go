package container

import (
	"context"
	"reflect"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/field"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/method"
)

// Pure builds. A fresh instance of a struct whose making runs no user code
// (no constructor, Init, registered method, decorator, Prepare hook or
// cleanup, and no observer to tell) and whose tagged fields all take built
// Singletons by type, or fresh instances of such structs (private fields),
// is a few memory writes: nothing can fail, nothing needs undoing, and no
// cycle can form below it without a private field leading back to a type
// already on the way, which the depth bound sends to the general path.
// Such a build skips the call machinery (attempt, frames, commit) and gives
// the same instance the general path would give. Anything else — a field
// that is not built yet, an override, an ended context, a closed container
// — falls back to the general path, which also reports every error.

// maxPureDepth bounds the private fields a pure build follows.
const maxPureDepth = 32

// Pure-build eligibility of a binding, computed once (see pureStatic).
const (
	pureUnknown uint32 = iota
	pureYes
	pureNo
)

// pureCall builds an instance of t for a call without options, if a pure
// build can: Resolve of a Transient, or a factory call of an unregistered
// struct or a Transient. ok is false when the general path must run.
func (c *Container) pureCall(ctx context.Context, t reflect.Type, factory bool) (v any, ok bool) {
	if c == nil || c.root == nil || c.root.obs != nil || c.root.nDecos.Load() > 0 || c.root.nPreps.Load() > 0 {
		return nil, false
	}
	if ctx != nil && ctx.Done() != nil && ctx.Err() != nil {
		return nil, false
	}
	sc := c.effective(ctx)
	if sc.closed.Load() {
		return nil, false
	}
	b := sc.tables().tbl.get(typeid.Of(t))
	if b == nil || !(b.life == Transient || factory && b.auto) {
		return nil, false
	}
	return sc.pureBuild(b, 0)
}

// pureBuild makes a fresh instance of b, or reports that it cannot.
func (sc *Container) pureBuild(b *binding, depth int) (any, bool) {
	if depth > maxPureDepth || !b.pureStatic() {
		return nil, false
	}
	info := b.info
	rv := reflect.New(info.plan.Type)
	base := rv.UnsafePointer()
	tc := sc.tables()
	for i := range info.ops {
		op := &info.ops[i]
		f := &info.plan.Fields[i]
		fb := tc.tbl.get(op.tid)
		if fb == nil || fb.asFactory {
			return nil, false
		}
		if op.fast {
			if fb.life != Singleton || fb.slot.state.Load() != slotCommitted || fb.slot.ptr == nil {
				return nil, false
			}
			field.SetPointer(base, f, fb.slot.ptr)
			continue
		}
		// A private pointer-to-struct field (pureStatic admits no other).
		dv, ok := sc.pureBuild(fb, depth+1)
		if !ok {
			return nil, false
		}
		field.SetPointer(base, f, field.PointerOf(dv))
	}
	return rv.Interface(), true
}

// pureStatic reports whether b's instances can be made by a pure build as
// far as b and its type decide: a struct built from its zero value, with
// no registration extras, no Init, nothing to clean up, and tagged fields
// that are all pointers to structs taken by type or private.
func (b *binding) pureStatic() bool {
	switch b.pure.Load() {
	case pureYes:
		return true
	case pureNo:
		return false
	}
	ok := b.computePure()
	if ok {
		b.pure.Store(pureYes)
	} else {
		b.pure.Store(pureNo)
	}
	return ok
}

func (b *binding) computePure() bool {
	info := b.info
	if b.kind != kindStruct || b.asFactory || info == nil || info.err != nil || info.plan == nil || info.init != nil {
		return false
	}
	if b.fields() != nil || b.calls() != nil || b.onCloses() != nil {
		return false
	}
	zero := reflect.Zero(info.t).Interface() // a typed nil: its methods are not called
	if disposeOf(zero) != nil {
		return false
	}
	if (b.autoClose || b.c.root.autoClose) && method.CloserOf(zero) != nil {
		return false
	}
	for i := range info.ops {
		fi := &info.fields[i]
		f := &info.plan.Fields[i]
		ptrStruct := f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct
		private := fi.mode == modePrivate && ptrStruct && f.Store == attribute.StorePointer && !f.Tag.Optional
		if !info.ops[i].fast && !private {
			return false
		}
	}
	return true
}

// purePopulate fills target when every tagged field takes a built
// Singleton by type and nothing else is to be done (no Init, no observer,
// target not a registered value): a loop of pointer writes, with no call
// machinery. The pointers come from a per-type cache (pureFill) that a
// registration change anywhere in the tree invalidates. It reports false,
// having changed nothing, when the general path must run.
func (c *Container) purePopulate(ctx context.Context, target any) bool {
	if c == nil || c.root == nil || c.root.obs != nil || c.root.hasValues.Load() {
		return false
	}
	info, base, err := targetInfo(target)
	if err != nil {
		return false
	}
	sc := c.effective(ctx)
	if sc.closed.Load() || info.init != nil && !sc.noInit {
		return false
	}
	gen := c.root.regGen.Load() // before the tables are read
	tc := sc.tables()
	pf := info.pureFill.Load()
	if pf == nil || pf.tc != tc || pf.gen != gen {
		if pf = newPureFill(tc, info, gen); pf == nil {
			return false
		}
		info.pureFill.Store(pf)
	}
	fields := info.plan.Fields[:len(pf.ptrs)]
	for i, p := range pf.ptrs {
		if f := &fields[i]; field.PointerAt(base, f) == nil {
			field.SetPointer(base, f, p)
		}
	}
	return true
}

// pureFill is, for one type and one container's lookup tables, the built
// Singleton each tagged field takes, valid while the registrations are
// those of generation gen.
type pureFill struct {
	tc   *Container
	gen  uint64
	ptrs []unsafe.Pointer
}

// newPureFill returns the pureFill of info in tc, or nil unless every
// tagged field is a pointer to a struct taken by type from a built
// Singleton.
func newPureFill(tc *Container, info *typeInfo, gen uint64) *pureFill {
	var pf *pureFill // allocated once the first field qualifies: a Populate that cannot be pure allocates nothing here
	for i := range info.ops {
		op := &info.ops[i]
		if !op.fast {
			return nil
		}
		fb := tc.tbl.get(op.tid)
		if fb == nil || fb.life != Singleton || fb.asFactory || fb.slot.state.Load() != slotCommitted || fb.slot.ptr == nil {
			return nil
		}
		if pf == nil {
			pf = &pureFill{tc: tc, gen: gen, ptrs: make([]unsafe.Pointer, len(info.ops))}
		}
		pf.ptrs[i] = fb.slot.ptr
	}
	if pf == nil {
		pf = &pureFill{tc: tc, gen: gen} // no tagged fields
	}
	return pf
}
