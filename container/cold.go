package container

// Cold pure Populates. A Populate whose graph is structs built from their
// zero values with nothing else to do (no constructor, Init, decorator,
// private field or observer) runs no user code, so the Singletons it
// builds are made without the call machinery: the first such Populate of
// a type walks the graph (coldPlan), later ones in a new container build
// from the plan it kept (coldShape, coldFresh). See ARCHITECTURE.md.

import (
	"context"
	"math"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/field"
	"github.com/tagwire/tagwire/internal/typeid"
)

// maxPureCold bounds the instances a cold pure Populate makes in one
// critical section of the owner's lock; a larger graph is committed in
// several, children first.
const maxPureCold = 4096

// pureColdPopulate fills the target at base, of info, for purePopulate
// when the Singletons its tagged fields take are not all built yet but
// building them runs no user code: every type reached through the
// target's pointer fields (by type, through the fields of instances still
// to be made) is a struct built from its zero value with nothing else to
// do (pureStatic, no private fields), or an instance already built. Such a
// build cannot fail, so it is done in short critical sections of the
// owner's lock (no user code runs under it): the new instances are made,
// their fields set, and their slots committed as the general path would
// leave them. A graph of up to maxPureCold instances is committed at once;
// a larger one in parts, each part whole (a cycle of pointer fields is
// never split) and after the parts its instances point into, so that every
// committed instance points only at committed instances: the state a
// Resolve of each part in turn would leave. It reports false, having
// changed nothing that the general path would not change the same way,
// when the general path must run: a slot that another call is building, a
// field of another kind, decorators or Prepare hooks, a scope, a closed
// container, an ended context. purePopulate has checked the rest.
//
// gen is the registration generation purePopulate read before anything
// else (see pureAllowed).
func (sc *Container) pureColdPopulate(ctx context.Context, info *typeInfo, base unsafe.Pointer, gen uint64) bool {
	root := sc.root
	if sc != root || root.tables() != root || !root.pureAllowed(ctx) {
		return false
	}
	if sh, ptrs := root.coldFresh(info, base, gen); ptrs != nil {
		setTarget(base, info, sh.target, ptrs)
		return true
	}
	var p coldPlan
	root.regMu.Lock()
	ok := p.walkTarget(root, info, base)
	if ok {
		p.group()
		p.record(info)
	}
	root.regMu.Unlock()
	if !ok || !p.make(root, gen, maxPureCold) {
		return false
	}
	setTarget(base, info, p.target, p.ptrs)
	return true
}

// setTarget writes the instances a cold or scope plan made into the
// target at base, of info: tagged field i takes ptrs[target[i]], unless
// target[i] is -1 (a preset field, left alone).
func setTarget(base unsafe.Pointer, info *typeInfo, target []int32, ptrs []unsafe.Pointer) {
	for i, d := range target {
		if d >= 0 {
			field.SetPointerAtOffset(base, info.ops[i].off, ptrs[d])
		}
	}
}

// coldPlan is what a cold pure Populate makes: the bindings it reaches, in
// the order first reached; the instances to make, grouped in strongly
// connected components (the cycles of pointer fields), each component
// after those its instances point into; the field writes of those
// instances, in the same order; and for the target, the index of the
// binding of each field it fills (-1: left alone).
type coldPlan struct {
	list   []*binding
	stepAt []int32 // walk: by index in list, where its steps start in steps; -1: built when walked
	steps  []coldStep
	order  []int32 // indices in list of the instances to make
	cuts   []int32 // where each component ends in order
	scuts  []int32 // where each component's steps end in steps (after group)
	target []int32
	// walk's state: the marks' epoch, Tarjan's low links (by index in list)
	// and stack.
	epoch uint64
	low   []int32
	stack []int32
	ptrs  []unsafe.Pointer // make: the instance of each binding
}

// coldStep is one field write of a cold plan: the pointer field at offset
// off of list[obj]'s new instance takes list[dep]'s instance.
type coldStep struct {
	off      uintptr
	obj, dep int32
}

// coldDone is the low link of an index whose component is complete.
const coldDone = math.MaxInt32

// walkTarget finds the bindings of target's zero fields and of everything
// beneath them. The caller holds regMu, which also guards the marks the
// walk leaves on bindings (coldEpoch, coldIdx).
func (p *coldPlan) walkTarget(root *Container, info *typeInfo, base unsafe.Pointer) bool {
	root.coldEpoch++
	p.epoch = root.coldEpoch
	// Sized like the last cold Populate of this type, which is usually
	// the same graph.
	if sh := info.cold.Load(); sh != nil {
		p.list = make([]*binding, 0, sh.n)
		p.stepAt = make([]int32, 0, sh.n)
		p.low = make([]int32, 0, sh.n)
		p.steps = make([]coldStep, 0, sh.nSteps)
	}
	if !info.allFast {
		return false
	}
	p.target = make([]int32, len(info.ops))
	for i := range info.ops {
		f := &info.plan.Fields[i]
		p.target[i] = -1
		if field.PointerAt(base, f) != nil {
			continue // preset: left alone, and nothing beneath it is built
		}
		idx, ok := p.walk(root, f, info.ops[i].tid, info.tid)
		if !ok {
			return false
		}
		p.target[i] = idx
	}
	return true
}

// walk adds the binding field f takes by type and, unless it is built, the
// bindings beneath it, and returns its index in list. self is the target's
// type id: a type beneath itself is a cycle, left to the general path. It
// is Tarjan's depth-first search: a component is added to order when its
// first instance is left.
func (p *coldPlan) walk(root *Container, f *attribute.Field, tid, self typeid.ID) (int32, bool) {
	b := root.tbl.get(tid)
	if b == nil {
		// Looked up and cached as the general path does, so that the next
		// Populate finds it in the lock-free table.
		lb, cached, err := root.lookupCachingLocked(f.Type, tid, nil, false, nil)
		if err != nil || !cached {
			return 0, false // an error, or a binding chosen per consumer
		}
		b = lb
	}
	if b.life != Singleton || b.asFactory || b.slot.owner != root || b.info == nil || b.info.tid == self {
		return 0, false
	}
	if b.coldEpoch == p.epoch {
		return b.coldIdx, true
	}
	idx := int32(len(p.list))
	b.coldEpoch, b.coldIdx = p.epoch, idx
	p.list = append(p.list, b)
	if st := b.slot.state.Load(); st == slotCommitted {
		p.stepAt = append(p.stepAt, -1)
		p.low = append(p.low, coldDone)
		return idx, b.slot.ptr != nil
	}
	if !b.pureStatic() || !b.info.allFast { // a private field: left to the general path
		return 0, false
	}
	ops := b.info.ops
	at := int32(len(p.steps))
	p.stepAt = append(p.stepAt, at)
	p.low = append(p.low, idx)
	p.stack = append(p.stack, idx)
	p.steps = append(p.steps, make([]coldStep, len(ops))...)
	for i := range ops {
		d, ok := p.walk(root, &b.info.plan.Fields[i], ops[i].tid, self)
		if !ok {
			return 0, false
		}
		p.steps[at+int32(i)] = coldStep{off: ops[i].off, obj: idx, dep: d}
		p.low[idx] = min(p.low[idx], p.low[d])
	}
	if p.low[idx] == idx { // the first instance of a component: the component is whole
		k := len(p.stack) - 1
		for p.stack[k] != idx {
			k--
		}
		for _, j := range p.stack[k:] {
			p.low[j] = coldDone
		}
		p.order = append(p.order, p.stack[k:]...)
		p.cuts = append(p.cuts, int32(len(p.order)))
		p.stack = p.stack[:k]
	}
	return idx, true
}

// group puts the steps in the order of the instances they write, so that
// each component's steps are together (scuts).
func (p *coldPlan) group() {
	steps := make([]coldStep, 0, len(p.steps))
	p.scuts = make([]int32, len(p.cuts))
	k := 0
	for j, i := range p.order {
		at := p.stepAt[i]
		steps = append(steps, p.steps[at:at+int32(len(p.list[i].info.ops))]...)
		if int32(j+1) == p.cuts[k] {
			p.scuts[k] = int32(len(steps))
			k++
		}
	}
	p.steps = steps
}

// coldShape is what the last cold pure Populate of a type found, kept in
// its typeInfo for the next one: the plan's sizes and, when every binding
// the walk reached was the implicit binding of a type not built yet and
// the target had no preset field (the first Populate in a new container
// with nothing registered for those types), the plan itself. Such a plan
// depends only on the types, so a container in the same state builds from
// it without walking the fields again (coldFresh).
type coldShape struct {
	n, nSteps int // len(list), len(steps)
	// The reusable plan; infos is nil when there is none.
	infos  []*typeInfo
	types  []reflect.Type // infos[i].plan.Type, at hand: a large graph's build reads no typeInfo
	tids   []typeid.ID
	steps  []coldStep
	target []int32
	closer bool // some type has a Close method: not pure under AutoClose
	pos    struct {
		once sync.Once
		m    map[typeid.ID]int32 // index in tids, by type id
	}
}

// record keeps the shape of the plan just walked for the target type info.
// A reusable shape, once kept, stays: the walk of the same types in the
// same state finds the same plan. The caller holds regMu.
func (p *coldPlan) record(info *typeInfo) {
	old := info.cold.Load()
	if old != nil && (old.infos != nil || old.n == len(p.list) && old.nSteps == len(p.steps)) {
		return
	}
	sh := &coldShape{n: len(p.list), nSteps: len(p.steps)}
	reusable := len(p.order) == len(p.list) && !slices.Contains(p.target, -1) &&
		!slices.ContainsFunc(p.list, func(b *binding) bool { return !b.auto })
	if reusable {
		sh.infos = make([]*typeInfo, len(p.list))
		sh.types = make([]reflect.Type, len(p.list))
		sh.tids = make([]typeid.ID, len(p.list))
		for i, b := range p.list {
			sh.infos[i], sh.types[i], sh.tids[i] = b.info, b.info.plan.Type, b.tid
			if _, closer := b.info.pureType(); closer {
				sh.closer = true
			}
		}
		sh.steps, sh.target = p.steps, p.target
	}
	info.cold.Store(sh)
}

// posOf returns the index of tid in sh.tids.
func (sh *coldShape) posOf(tid typeid.ID) (int32, bool) {
	sh.pos.once.Do(func() {
		sh.pos.m = make(map[typeid.ID]int32, len(sh.tids))
		for i, t := range sh.tids {
			sh.pos.m[t] = int32(i)
		}
	})
	i, ok := sh.pos.m[tid]
	return i, ok
}

// coldSet is the set of instances that one cold pure Populate made from a
// kept plan: the instance of sh.tids[i] is ptrs[i].
type coldSet struct {
	sh   *coldShape
	ptrs []unsafe.Pointer
}

// coldInstanceLocked returns the instance a cold pure Populate made for the
// implicit Singleton of tid, or nil. The caller holds regMu.
func (c *Container) coldInstanceLocked(tid typeid.ID) unsafe.Pointer {
	for _, cs := range c.coldSets {
		if i, ok := cs.sh.posOf(tid); ok {
			return cs.ptrs[i]
		}
	}
	return nil
}

// settleColdLocked gives each instance of the cold sets that has no
// implicit binding yet its binding (as autoLocked would on the first
// lookup), appends those to autos, and forgets the sets. invalidateLocked
// calls it on a change of registrations, so that from then on the
// Singletons a cold pure Populate built are bindings, kept or set aside
// exactly as those of a general-path build (a registration that fails
// afterwards, say, shadows neither). c is the root; the caller holds
// regMu.
func (c *Container) settleColdLocked(autos []*binding) []*binding {
	for _, cs := range c.coldSets {
		for i, tid := range cs.sh.tids {
			if b := c.tbl.get(tid); b != nil && b.auto || c.hidden[tid] != nil {
				continue // looked up since: its binding has the instance
			}
			autos = append(autos, c.newAutoBindingLocked(tid, cs.sh.infos[i], cs.ptrs[i]))
		}
	}
	c.coldSets = nil
	return autos
}

// coldFresh builds the Singletons of a cold pure Populate of info from the
// type's kept plan, when root is in the state the plan was found in:
// nothing registered, looked up or built for any of its types, no failed
// registration, a container that builds implicitly (not Strict) and, if a
// type has a Close method, not AutoClose; and no preset field in the
// target at base. Every instance is new, so they are all made and linked
// before any lock is taken; the state is then checked under regMu, and
// the set is kept in coldSets (under mu as well, against Close), where a
// lookup finds its instance when it first needs a binding. It returns the
// shape and the instances, or nil (having changed nothing) when the
// plan does not apply.
func (root *Container) coldFresh(info *typeInfo, base unsafe.Pointer, gen uint64) (*coldShape, []unsafe.Pointer) {
	sh := info.cold.Load()
	if sh == nil || sh.infos == nil || root.strict || sh.closer && root.autoClose {
		return nil, nil
	}
	for i := range sh.target {
		if field.PointerAt(base, &info.plan.Fields[i]) != nil {
			return nil, nil
		}
	}
	ptrs := make([]unsafe.Pointer, len(sh.types))
	for i, t := range sh.types {
		ptrs[i] = reflect.New(t).UnsafePointer()
	}
	for _, st := range sh.steps {
		field.SetPointerAtOffset(ptrs[st.obj], st.off, ptrs[st.dep])
	}
	root.regMu.Lock()
	defer root.regMu.Unlock()
	if len(root.failed) > 0 || len(root.coldSets) > 0 || root.regGen.Load() != gen { // a registration, decorator or hook since the caller's checks
		return nil, nil
	}
	if root.tbl.pages.Load() != nil || root.regs.pages.Load() != nil { // else nothing is looked up or registered
		for _, tid := range sh.tids {
			if root.tbl.get(tid) != nil || root.regs.get(tid) != nil {
				return nil, nil
			}
		}
	}
	root.mu.Lock()
	defer root.mu.Unlock()
	if root.closed.Load() {
		return nil, nil
	}
	root.coldSets = append(root.coldSets, coldSet{sh, ptrs})
	return sh, ptrs
}

// make builds and commits the instances of the plan, in parts of whole
// components of at most maxPart instances (one component may be larger),
// each part in one critical section of root's mu, which every slot
// transition of these Singletons takes; nothing here calls user code. It reports false when the general path must go on: the container
// closed, a registration made since the walk (gen), a slot that another
// call is building, one built when walked and reset since. The parts
// committed before that are Singletons that point only at committed
// instances, as the general path would have built them.
func (p *coldPlan) make(root *Container, gen uint64, maxPart int) bool {
	p.ptrs = make([]unsafe.Pointer, len(p.list))
	objs := make([]any, len(p.list)) // the new instances; nil for those built before
	from, sfrom, c := 0, 0, 0
	for first := true; first || from < len(p.order); first = false {
		to, sto := len(p.order), len(p.steps)
		if to-from > maxPart {
			to, sto = from, sfrom
			for c < len(p.cuts) && (to == from || int(p.cuts[c])-from <= maxPart) {
				to, sto = int(p.cuts[c]), int(p.scuts[c])
				c++
			}
		}
		root.mu.Lock()
		ok := !root.closed.Load() && (!first || p.takeBuilt()) &&
			p.makePart(root, gen, p.order[from:to], p.steps[sfrom:sto], objs)
		root.mu.Unlock()
		if !ok {
			return false
		}
		from, sfrom = to, sto
	}
	return true
}

// takeBuilt reads the instances that were built when walked. The caller
// holds root's mu.
func (p *coldPlan) takeBuilt() bool {
	if len(p.order) == len(p.list) {
		return true // none
	}
	for i, b := range p.list {
		if p.stepAt[i] < 0 {
			if b.slot.state.Load() != slotCommitted { // reset since
				return false
			}
			p.ptrs[i] = b.slot.ptr
		}
	}
	return true
}

// makePart makes and commits the instances part (indices in list), whose
// field writes are steps, unless the registration generation is no longer
// gen once the slots are read (see pureAllowed). The caller holds root's
// mu.
func (p *coldPlan) makePart(root *Container, gen uint64, part []int32, steps []coldStep, objs []any) bool {
	ptrs := p.ptrs
	someBuilt := false // some instances are built, some steps are not taken
	for _, i := range part {
		b := p.list[i]
		switch b.slot.state.Load() {
		case slotCommitted: // by another call since the walk
			ptrs[i], someBuilt = b.slot.ptr, true
		case slotEmpty:
			rv := reflect.New(b.info.plan.Type)
			ptrs[i], objs[i] = rv.UnsafePointer(), rv.Interface()
		default: // another call is building it
			return false
		}
	}
	if root.regGen.Load() != gen {
		return false
	}
	for _, st := range steps {
		if !someBuilt || objs[st.obj] != nil {
			field.SetPointerAtOffset(ptrs[st.obj], st.off, ptrs[st.dep])
		}
	}
	// Committed once every new instance is whole: a lock-free reader of
	// one committed slot may follow its fields into the others.
	for _, i := range part {
		if objs[i] != nil {
			p.list[i].slot.commitPure(objs[i], ptrs[i])
		}
	}
	return true
}

// maxPureScope bounds the Scoped instances a pure Populate in a scope
// makes in its one critical section; more take the general path.
const maxPureScope = 64

// pureScopePopulate fills the target at base, of info, for purePopulate
// in scope sc when the instances its tagged fields take are built
// Singletons or Scoped instances of sc that a pure build can make: structs
// from their zero value with nothing else to do (pureStatic), whose own
// fields take built Singletons or more such Scoped instances of sc. The
// Scoped instances not built yet are made, linked and committed together
// in one critical section of sc's lock (no user code runs under it), as
// Resolves of each from sc would leave them; then the target's fields are
// written. It reports false, having changed nothing, when the general
// path must run: anything else beneath a field, a slot another call is
// building, a registration, decorator or Prepare hook made since
// purePopulate read the generation gen (see pureAllowed), a closed scope,
// an ended context.
func (sc *Container) pureScopePopulate(ctx context.Context, info *typeInfo, base unsafe.Pointer, gen uint64) bool {
	if sc.parent == nil || !info.allFast || !sc.root.pureAllowed(ctx) {
		return false
	}
	tc := sc.tables()
	root := sc.root
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.closed.Load() {
		return false
	}
	// Small graphs, the common case, are planned without allocating.
	var bsBuf [8]*binding
	var ptrBuf [8]unsafe.Pointer
	var stepBuf [16]coldStep
	var objBuf [8]any
	sp := scopePlan{bs: bsBuf[:0], ptrs: ptrBuf[:0], steps: stepBuf[:0], objs: objBuf[:0]}
	var buf [16]int32
	target := buf[:0]
	for i := range info.ops {
		d := int32(-1) // preset: left alone
		if field.PointerAtOffset(base, info.ops[i].off) == nil {
			var ok bool
			if sp, d, ok = sp.add(sc, tc, info.ops[i].tid, 0); !ok {
				return false
			}
		}
		target = append(target, d)
	}
	if root.regGen.Load() != gen { // after the plan read the slots (see pureAllowed)
		return false
	}
	sp.make(sc)
	setTarget(base, info, target, sp.ptrs)
	return true
}

// scopePlan is what pureScopePopulate makes: the instances its fields
// reach, each a built one (ptrs set, no binding to make) or a Scoped
// binding of the scope to make, and the field writes between them.
type scopePlan struct {
	bs    []*binding // nil: built when added
	ptrs  []unsafe.Pointer
	steps []coldStep
	objs  []any // make: the new instances
}

// add finds the instance of the binding of tid as seen from sc (through
// its tables tc) and returns the plan with it (and what it needs) added
// when it was not there yet, and its index. The plan passes by value, so
// that a small one stays in its caller's stack buffers. The caller holds
// sc.mu.
func (sp scopePlan) add(sc, tc *Container, tid typeid.ID, depth int) (scopePlan, int32, bool) {
	b := tc.tbl.get(tid)
	if b == nil || b.asFactory || depth > maxPureDepth {
		return sp, 0, false
	}
	if p := b.builtSingleton(); p != nil {
		return sp.put(nil, p)
	}
	if b.life != Scoped || !b.pureStatic() || !b.info.allFast {
		return sp, 0, false
	}
	if i := slices.Index(sp.bs, b); i >= 0 {
		return sp, int32(i), true // made by this plan (a cycle of pointer fields closes here)
	}
	if s := sc.scopedSlotLocked(b); s != nil {
		if p := s.built(); p != nil {
			return sp.put(nil, p)
		}
		if s.state.Load() != slotEmpty {
			return sp, 0, false // another call is building it
		}
	}
	if len(sp.bs) >= maxPureScope {
		return sp, 0, false
	}
	sp, idx, _ := sp.put(b, nil)
	for i := range b.info.ops {
		var d int32
		var ok bool
		if sp, d, ok = sp.add(sc, tc, b.info.ops[i].tid, depth+1); !ok {
			return sp, 0, false
		}
		sp.steps = append(sp.steps, coldStep{off: b.info.ops[i].off, obj: idx, dep: d})
	}
	return sp, idx, true
}

// put adds an instance: b's to make, or the built one at p.
func (sp scopePlan) put(b *binding, p unsafe.Pointer) (scopePlan, int32, bool) {
	sp.bs = append(sp.bs, b)
	sp.ptrs = append(sp.ptrs, p)
	return sp, int32(len(sp.bs) - 1), true
}

// make builds, links and commits the plan's Scoped instances in sc. The
// caller holds sc.mu, which guards sc's Scoped slots.
func (sp scopePlan) make(sc *Container) {
	objs := append(sp.objs[:0], make([]any, len(sp.bs))...)
	for i, b := range sp.bs {
		if b != nil {
			rv := reflect.New(b.info.plan.Type)
			sp.ptrs[i], objs[i] = rv.UnsafePointer(), rv.Interface()
		}
	}
	for _, st := range sp.steps {
		field.SetPointerAtOffset(sp.ptrs[st.obj], st.off, sp.ptrs[st.dep])
	}
	for i, b := range sp.bs {
		if b != nil {
			s := sc.scopedSlotLocked(b)
			if s == nil {
				s = sc.addScopedSlotLocked(b)
			}
			s.commitPure(objs[i], sp.ptrs[i])
		}
	}
}
