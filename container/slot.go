package container

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/tagwire/tagwire/internal/field"
)

// A slot holds one shared instance: a Singleton's (in its binding), a
// Scoped instance of one scope, or a PerGraph instance of one call.
//
// States:
//
//	empty     nothing built
//	flying    a flight is building it (fl)
//	tentative built by a call that has not ended (at); only that call and
//	          the calls it made see it without side effects; any other
//	          reader pins it (makes it committed), so a reader never waits
//	          for a foreign call to end
//	committed built for good; read without locks
//
// v, ptr, at, dep and rec are written before the state that publishes
// them (atomic release) and read after loading it.
type slot struct {
	state atomic.Uint32
	v     any
	ptr   unsafe.Pointer // v itself when v is a pointer, for direct field writes
	gen   uint64         // incremented on every build, to tell instances apart
	at    atomic.Pointer[attempt]
	dep   *flight    // tentative: an unfinished flight whose instance v may point into
	rec   *record    // v's cleanups, if any
	fl    *flight    // flying; guarded by owner.mu
	owner *Container // whose mu guards the slot's transitions
	local bool       // a PerGraph slot: private to one call
}

const (
	slotEmpty uint32 = iota
	slotFlying
	slotTentative
	slotCommitted
)

// A flight is one attempt to build the instance of a slot: single-flight,
// as in golang.org/x/sync/singleflight. Its builder runs on the calling
// goroutine with no lock held; other callers wait on done (made lazily,
// under the slot owner's mu, when the first waiter arrives) and share the
// outcome. A failure is given to the waiters and then forgotten: the slot
// goes back to empty and the next caller builds again.
type flight struct {
	at       *attempt
	s        *slot
	fr       *frame // the builder's frame
	target   bool   // a Populate target: allocated from the start, filled by its Populate
	done     chan struct{}
	finished atomic.Bool
	err      error // the outcome; written before finished

	// The instance, as soon as it exists and before its fields are
	// filled: frames below fr may take it to close a cycle of pointer
	// fields.
	allocated atomic.Bool
	alloc     any
	allocPtr  unsafe.Pointer
	cyclic    atomic.Bool // something below took alloc while unfinished
}

// publish makes the freshly allocated instance v available to cycles of
// pointer fields below the builder.
func (f *flight) publish(v any, p unsafe.Pointer) {
	if f != nil {
		f.alloc, f.allocPtr = v, p
		f.allocated.Store(true)
	}
}

// doneChan returns the channel closed when f finishes, or nil if it has
// already finished. The caller holds the slot owner's mu.
func (f *flight) doneChan() chan struct{} {
	if f.finished.Load() {
		return nil
	}
	if f.done == nil {
		f.done = make(chan struct{})
	}
	return f.done
}

// A frame is one position in the graph being built: the instance under
// construction and, through parent, everything that asked for it. Frames
// form an immutable list shared by the calls that user code makes with
// the context it was given, including from other goroutines; it is how a
// cycle is recognised without locks or goroutine identity.
type frame struct {
	parent *frame
	b      *binding
	t      reflect.Type // a Populate target's type, when b is nil
	edge   edge         // how the parent reached it: a field (name and tag) or a parameter
	fl     *flight      // the flight this frame builds, or nil (Transient, private)
	depth  int
	done   atomic.Bool
	// taint is the outermost unfinished flight above this frame whose
	// instance something below took to close a pointer cycle: what this
	// frame completes may point into it.
	taint atomic.Pointer[flight]
}

// newFrame returns the frame of b (built by f, if shared) below parent,
// reached through the edge the caller set with via.
func (at *attempt) newFrame(parent *frame, b *binding, f *flight) *frame {
	if at.nfr < len(at.fbuf) {
		at.nfr++
		return at.initFrame(&at.fbuf[at.nfr-1], parent, b, f)
	}
	return at.initFrame(new(frame), parent, b, f)
}

// flightFrame is a shared build's flight and its builder's frame, made
// together: one allocation instead of two.
type flightFrame struct {
	fl flight
	fr frame
}

// initFrame makes fr the frame of b below parent (see newFrame).
func (at *attempt) initFrame(fr *frame, parent *frame, b *binding, f *flight) *frame {
	// Field by field rather than *fr = frame{...}: a reused frame is
	// overwritten without a bulk write barrier.
	fr.parent, fr.b, fr.t, fr.fl = parent, b, nil, f
	fr.edge = at.edge
	fr.depth = 0
	fr.done.Store(false)
	fr.taint.Store(nil)
	at.edge = edge{}
	if parent != nil {
		fr.depth = parent.depth + 1
	}
	if f != nil {
		f.fr = fr
	}
	return fr
}

// typ is the type the frame builds or fills.
func (fr *frame) typ() reflect.Type {
	if fr.b != nil {
		return fr.b.typ()
	}
	return fr.t
}

// name renders the frame's type for cycle paths.
func (fr *frame) name() string { return fr.typ().String() }

// edge is how a build is reached from its parent: a field (and its tag)
// or a parameter.
//
// A parameter's segment, "[NewX arg 1]", is rendered by segment only when
// something asks for it (an Injection, the graph of a dry call, an error):
// a build that succeeds never does, and rendering it (the constructor's
// name from the runtime, then formatting) cost more than the rest of a
// constructor call's bookkeeping.
type edge struct {
	// A field's name and tag, or a whole segment ("[2]"); for a parameter
	// of a function other than a constructor, seg is the function's name.
	seg, tag string
	ctor     *ctorInfo // a constructor parameter: its constructor
	param    int32     // a parameter: its index + 1; 0: not a parameter
}

// segment renders the edge as a path segment: a field name, "[NewX arg 1]".
func (e *edge) segment() string {
	if e.param == 0 {
		return e.seg
	}
	fn := e.seg
	if e.ctor != nil {
		fn = e.ctor.shortName()
	}
	return paramSeg(fn, int(e.param)-1)
}

// paramSeg is the path segment of parameter i of the function named fn.
func paramSeg(fn string, i int) string { return fmt.Sprintf("[%s arg %d]", fn, i) }

// via sets the edge of the next frame this call makes; the caller resets
// it with via("", "") after the resolution.
func (at *attempt) via(seg, tag string) { at.edge = edge{seg: seg, tag: tag} }

// viaParam sets the edge of the next frame to parameter i of the
// constructor ci, or of the function named fn when ci is nil.
func (at *attempt) viaParam(ci *ctorInfo, fn string, i int) {
	at.edge = edge{seg: fn, ctor: ci, param: int32(i) + 1}
}

// onPath reports whether flight f is built by fr or one of its ancestors.
func onPath(fr *frame, f *flight) bool {
	for p := fr; p != nil; p = p.parent {
		if p.fl == f {
			return true
		}
	}
	return false
}

// cycle reports that b is needed again while it is being built at fr.
func cycle(fr *frame, b *binding) error {
	var names []string
	for p := fr; p != nil; p = p.parent {
		names = append(names, p.name())
		if p.b == b {
			break
		}
	}
	slices.Reverse(names)
	names = append(names, b.typ().String())
	return newErr(ErrCycle, b.typ(), strings.Join(names, " -> "),
		"break the cycle: take one side as a field (pointer cycles through fields are allowed), or inject a Factory and call it later")
}

// taintUpTo marks the frames from fr up to (not including) the frame of
// flight f as holding a pointer into f's unfinished instance.
func taintUpTo(fr *frame, f *flight) {
	f.cyclic.Store(true)
	for p := fr; p != nil && p.fl != f; p = p.parent {
		if t := p.taint.Load(); t == nil || t.fr.depth > f.fr.depth {
			p.taint.Store(f)
		}
	}
}

// shared returns the instance of slot s (of binding b), building it if
// needed. sc is the container the build resolves in, fr the frame asking,
// n what the asker needs. Only the root's waitMu and the owner's mu are
// ever taken, each briefly and never while user code runs.
func (at *attempt) shared(sc *Container, b *binding, s *slot, fr *frame, n need) (any, error) {
	owner := s.owner
	for {
		switch s.state.Load() {
		case slotCommitted:
			return s.v, nil
		case slotTentative:
			v, ok, err := at.readTentative(s, fr, n)
			if ok || err != nil {
				return v, err
			}
			continue
		}
		owner.mu.Lock()
		switch s.state.Load() {
		case slotEmpty:
			if owner.closed.Load() {
				owner.mu.Unlock()
				return nil, newErr(ErrClosed, b.typ(), "the container that owns "+b.describe()+" is closed", "")
			}
			if t := at.targetFor(b); t != nil {
				// A Populate target of this type: it becomes the instance
				// (facebookgo's model), claimed when first asked for.
				t.claimed = true
				t.fl.s = s
				s.fl = t.fl
				s.state.Store(slotFlying)
				owner.mu.Unlock()
				if t.done {
					at.settle(s, t.fl, t.fr, t.v, nil, nil)
					continue
				}
				return at.targetValue(t.fl, fr, b, n)
			}
			ff := fromSlab(&at.ffslab, 8)
			ff.fl.at, ff.fl.s = at, s
			s.fl = &ff.fl
			s.state.Store(slotFlying)
			owner.mu.Unlock()
			return at.lead(sc, b, s, ff, fr)
		case slotFlying:
			f := s.fl
			if f.target && f.at == at {
				owner.mu.Unlock()
				return at.targetValue(f, fr, b, n)
			}
			var ch chan struct{}
			if !onPath(fr, f) {
				ch = f.doneChan()
			}
			owner.mu.Unlock()
			v, again, err := at.await(b, f, ch, fr, n)
			if !again {
				return v, err
			}
		default:
			owner.mu.Unlock()
		}
	}
}

// targetValue returns the Populate target that flight f stands for, to a
// field of this call that asks for its type before the target is complete.
func (at *attempt) targetValue(f *flight, fr *frame, b *binding, n need) (any, error) {
	if n != needPtr {
		return nil, cycle(fr, b)
	}
	taintUpTo(fr, f)
	return f.alloc, nil
}

// await waits for flight f of b (whose done channel is ch) on behalf of the
// frame fr. again reports that the caller should look at the slot again.
func (at *attempt) await(b *binding, f *flight, ch chan struct{}, fr *frame, n need) (v any, again bool, err error) {
	if onPath(fr, f) {
		// The instance is being built above us: a cycle. Fields may
		// point at it already (pointer cycles); anything else needs it
		// complete and cannot have it.
		if n == needPtr && f.allocated.Load() {
			taintUpTo(fr, f)
			return f.alloc, false, nil
		}
		return nil, false, cycle(fr, b)
	}
	if ch == nil {
		return nil, true, nil // finished meanwhile
	}
	var wound chan struct{} // nil (never ready) unless this wait is recorded
	if fr != nil {
		w, err := at.root.enterWait(fr, f, b, n, at)
		if err != nil {
			return nil, false, err
		}
		if w == nil { // a deadlock resolved by taking the unfinished instance
			taintUpTo(fr, f)
			return f.alloc, false, nil
		}
		defer at.root.leaveWait(w)
		wound = w.wound
	}
	select {
	case <-ch:
	case <-at.ctx.Done(): // nil, never ready, for a context that cannot end
		return nil, false, newErr(at.ctx.Err(), b.typ(), "the context ended while waiting for "+b.describe()+" to be built by another call", "")
	case <-wound:
		// Another call's wait closed a cycle with this one, and this call
		// is the one to undo (see enterWait).
		return nil, false, conflict(fr, f, b)
	}
	if f.err == nil {
		return nil, true, nil
	}
	// The builder failed. Its own context ending, or being chosen to
	// resolve a deadlock, says nothing about this caller: try again.
	if errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded) || conflictOf(f.err) != nil {
		if at.ctx.Err() == nil {
			return nil, true, nil
		}
	}
	return nil, false, snapshot(f.err) // each waiter adds its own path
}

// lead builds the instance of slot s as the flight f's builder, then
// publishes the outcome: the slot becomes tentative (owned by this call
// until it ends) or, on failure, empty again. The outcome is published by
// a deferred function, so that waiters are released even when user code
// calls runtime.Goexit.
func (at *attempt) lead(sc *Container, b *binding, s *slot, ff *flightFrame, parent *frame) (v any, err error) {
	f := &ff.fl
	fr := at.initFrame(&ff.fr, parent, b, f)
	normal := false
	var rec *record
	start := at.clock()
	defer func() {
		if !normal {
			err = goexitErr(b)
		}
		fr.done.Store(true)
		at.settle(s, f, fr, v, rec, err)
		if err == nil {
			at.built(b, v, start)
		}
	}()
	v, rec, err = at.build(sc, b, fr, f, nil)
	normal = true
	return v, err
}

// settle publishes the outcome of flight f in slot s.
func (at *attempt) settle(s *slot, f *flight, fr *frame, v any, rec *record, err error) {
	owner := s.owner
	prep := fr.b != nil && fr.b.kind == kindPrep
	var dep *flight
	if err == nil && !prep {
		if t := fr.taint.Load(); t != nil && !t.finished.Load() && t != f {
			dep = t
			// The frame above inherits the taint unless it is the
			// tainting flight's own frame.
			if p := fr.parent; p != nil && p.fl != t {
				if pt := p.taint.Load(); pt == nil || pt.fr.depth > t.fr.depth {
					p.taint.Store(t)
				}
			}
		}
		at.record(s, rec)
	}
	owner.mu.Lock()
	switch {
	case err == nil && prep:
		s.v = v
		s.state.Store(slotCommitted) // a Prepare hook that ran stays run, whatever the call does next
	case err == nil:
		s.v, s.ptr, s.dep, s.rec = v, field.PointerOf(v), dep, rec
		s.gen++
		s.at.Store(at)
		s.state.Store(slotTentative)
	default:
		s.state.Store(slotEmpty)
	}
	s.fl = nil
	f.err = snapshot(err) // the builder goes on adding path segments to its own copy
	f.finished.Store(true)
	if f.done != nil {
		close(f.done)
	}
	owner.mu.Unlock()
}

// readTentative returns the instance of a tentative slot. The call that
// built it, and the calls its user code made, read it as it is. Any other
// call pins it: the instance becomes committed at once, since the reader
// will hold it whatever happens to the call that built it (waiting for
// that call to end instead could deadlock two calls that each built
// something the other needs). ok false means: look at the slot again.
func (at *attempt) readTentative(s *slot, fr *frame, n need) (v any, ok bool, err error) {
	builder := s.at.Load()
	if builder != nil && at.inLineOf(builder) {
		if builder != at {
			at.borrow(s)
		}
		return s.v, true, nil
	}
	owner := s.owner
	owner.mu.Lock()
	d := s.dep // under mu: the builder's rollback clears it
	owner.mu.Unlock()
	if d != nil && !d.finished.Load() {
		// The instance may point into another one still being built (a
		// cycle of pointer fields): wait for that one first.
		d.s.owner.mu.Lock()
		ch := d.doneChan()
		d.s.owner.mu.Unlock()
		if _, again, err := at.await(d.fr.b, d, ch, fr, needSettled); !again && err != nil {
			return nil, false, err
		}
		return nil, false, nil
	}
	owner.mu.Lock()
	defer owner.mu.Unlock()
	if owner.closed.Load() {
		return nil, false, newErr(ErrClosed, reflect.TypeOf(s.v), "the container that owns the instance was closed", "")
	}
	if !s.state.CompareAndSwap(slotTentative, slotCommitted) {
		return nil, false, nil
	}
	if r := s.rec; r != nil {
		r.state.CompareAndSwap(recTentative, recCommitted)
	}
	return s.v, true, nil
}
