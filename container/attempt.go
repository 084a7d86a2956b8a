package container

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
)

// An attempt is one call into the container (Populate, Resolve, Invoke, a
// factory call) and everything it builds. What it builds for Singleton,
// Scoped and PerGraph slots stays tentative until the call ends, and every
// cleanup it creates is recorded in the call too:
//
//   - When the call succeeds, it commits: the records and slots become
//     committed. A call made by user code with the context it was given
//     (a nested call; parent is the running call) instead hands its work
//     to its parent, so that a failure of the outer call undoes it too.
//   - When it fails, it rolls back, newest first: tentative slots go back
//     to empty, and the cleanups of everything it completed run. An
//     instance that another call has already received (pinned) cannot be
//     taken back; it and everything completed before it stay committed.
//
// A call that is about to commit into a container that was closed
// meanwhile rolls back instead and fails with ErrClosed: a closed
// container never receives new instances.
type attempt struct {
	root    *Container
	parent  *attempt // the call whose user code made this call, if it was running
	base    *frame   // the frame of that user code
	graph   *attempt // whose PerGraph slots this call uses (itself, or its parent for optional fields)
	ctx     context.Context
	live    bool   // ctx can end
	ticket  uint64 // a top-level call's age, kept across its retries: lower is older (see enterWait)
	viaUser bool   // made by user code calling back with the context of the running parent

	mu      sync.Mutex // guards ended, done and borrows (nested calls merge into them)
	ended   bool
	isEnded atomic.Bool
	done    []completion
	borrows []borrow

	pg       map[*binding]*slot // PerGraph slots
	roots    []reflect.Type     // the call's root types, for interface fields
	rootsBuf [2]reflect.Type
	targets  []*target  // Populate targets that can be asked for
	edge     edge       // how the next frame is reached (via)
	owned    bool       // the caller owns the cleanups of fresh instances
	escaped  bool       // user code holds a context naming this attempt
	ownOut   *[]*record // owned: where to hand the records to the caller
	dry      *dryRun    // a dry call (Validate, Graph): resolves everything, runs no user code, keeps nothing
	// fbuf holds the call's first frames, to save an allocation each. A
	// frame is referenced only while the call runs, except through what a
	// shared build leaves in its slot and through contexts handed to user
	// code: an attempt that used fbuf and built something shared, or whose
	// context escaped, is not reused (see release).
	fbuf [8]frame
	nfr  int
	// ffslab holds fresh flightFrames for shared builds, allocated eight
	// at a time; each is handed out once, so it survives reuse.
	ffslab []flightFrame
}

// completion is one thing the call completed: a shared slot it built, a
// cleanup record, or both.
type completion struct {
	s *slot
	r *record
}

// borrow is a tentative instance of an enclosing call that a nested call
// read: if the enclosing call ends first and rolls it back, the nested
// call must not commit something that points at it.
type borrow struct {
	s   *slot
	gen uint64
}

// target is a Populate target whose type can be asked for in its own
// graph: it becomes the container's instance of the type if it is.
type target struct {
	b       *binding
	v       any
	fl      *flight
	fr      *frame
	claimed bool
	done    bool
}

var attempts = sync.Pool{New: func() any { return new(attempt) }}

// begin starts a call on c with ctx. The call resolves in the scope ctx
// carries, when that is c or one of its scopes, else in c; it is nested in
// the call whose user code ctx was handed to, while that call runs.
func (c *Container) begin(ctx context.Context) (*attempt, *Container, error) {
	if err := c.usable(); err != nil {
		return nil, nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	st := stateOf(ctx)
	sc := c
	if st != nil && st.scope != nil && st.scope != c && st.scope.descendsFrom(c) {
		sc = st.scope
	}
	if sc.closed.Load() {
		return nil, nil, newErr(ErrClosed, nil, "the container or scope is closed", "")
	}
	at := attempts.Get().(*attempt)
	at.root, at.ctx, at.live = c.root, ctx, ctx.Done() != nil
	at.graph = at
	if at.roots == nil {
		at.roots = at.rootsBuf[:0]
	}
	if st != nil && st.at != nil && st.at.root == c.root && !st.at.isEnded.Load() {
		at.parent, at.base, at.viaUser = st.at, st.fr, true
	}
	return at, sc, nil
}

// child starts a nested attempt of at at frame fr that shares at's graph:
// an optional field is resolved in one, so that what it built can be
// undone alone when something beneath is missing.
func (at *attempt) child(fr *frame) *attempt {
	c := attempts.Get().(*attempt)
	c.root, c.ctx, c.live = at.root, at.ctx, at.live
	c.parent, c.base, c.graph = at, fr, at.graph
	c.roots, c.targets, c.dry = at.roots, at.targets, at.dry
	return c
}

// family returns the outermost running call of at's family.
func (at *attempt) family() *attempt {
	for at.parent != nil && !at.parent.isEnded.Load() {
		at = at.parent
	}
	return at
}

// retryable reports whether a conflict error in this call reaches a
// top-level call that retries it, with no user code in between.
func (at *attempt) retryable() bool {
	for x := at; x != nil; x = x.parent {
		if x.viaUser {
			return false
		}
	}
	return true
}

// inLineOf reports whether a is at or one of the calls it is nested in.
func (at *attempt) inLineOf(a *attempt) bool {
	for x := at; x != nil; x = x.parent {
		if x == a {
			return true
		}
	}
	return false
}

// ctxErr is the call context's error, skipped for contexts that cannot end.
func (at *attempt) ctxErr() error {
	if !at.live {
		return nil
	}
	return at.ctx.Err()
}

// userCtx returns the context handed to user code building at frame fr in
// container sc: the caller's context, carrying this call and fr, so that
// user code calling back with it nests its calls in this one and has its
// cycles detected.
func (at *attempt) userCtx(sc *Container, fr *frame) context.Context {
	at.escaped = true
	return &userCtx{Context: at.ctx, st: ctxState{scope: sc, at: at, fr: fr}}
}

// borrow notes that this nested call read a tentative instance of an
// enclosing call.
func (at *attempt) borrow(s *slot) {
	s.owner.mu.Lock()
	g := s.gen
	s.owner.mu.Unlock()
	at.mu.Lock()
	at.borrows = append(at.borrows, borrow{s, g})
	at.mu.Unlock()
}

// targetFor returns the unclaimed Populate target of binding b, if any.
func (at *attempt) targetFor(b *binding) *target {
	for _, t := range at.targets {
		if t.b == b && !t.claimed {
			return t
		}
	}
	return nil
}

// record adds what a build completed to the call: the slot it filled
// and its cleanup record. Records not owned by the caller join their
// container's list at once, so that Close runs cleanups in the exact
// order the instances were completed, whichever calls completed them.
func (at *attempt) record(s *slot, r *record) {
	if s == nil && r == nil {
		return
	}
	if r != nil {
		r.owned = at.owned && (s == nil || s.local)
		if !r.owned {
			o := r.owner
			o.mu.Lock()
			o.recs = append(o.recs, r)
			o.mu.Unlock()
		}
	}
	at.mu.Lock()
	at.done = append(at.done, completion{s, r})
	at.mu.Unlock()
}

// end finishes the call with err: it commits (or merges into its parent)
// on success and rolls back on failure. It returns the call's final error
// and puts the attempt back into the pool.
func (at *attempt) end(err error) error {
	at.mu.Lock()
	at.ended = true
	at.isEnded.Store(true)
	at.mu.Unlock()
	if err == nil {
		err = at.succeed()
	} else {
		err = at.rollback(err)
	}
	at.release()
	return err
}

// release resets the attempt and, unless user code may still hold a
// context naming it, returns it to the pool.
func (at *attempt) release() {
	if at.escaped || at.nfr > 0 && len(at.done) > 0 {
		return
	}
	at.reset()
	attempts.Put(at)
}

// reset zeroes the attempt for reuse, keeping its buffers. It writes the
// fields one by one: *at = attempt{} would clear (with write barriers)
// the whole frame buffer on every call. TestAttemptResetClearsEverything
// fails when a field is added here but not reset.
func (at *attempt) reset() {
	clear(at.done)
	clear(at.borrows)
	clear(at.pg)
	clear(at.rootsBuf[:])
	for i := range at.nfr {
		fr := &at.fbuf[i]
		fr.parent, fr.b, fr.t, fr.fl, fr.edge, fr.depth = nil, nil, nil, nil, edge{}, 0
		fr.done.Store(false)
		fr.taint.Store(nil)
	}
	at.root, at.parent, at.base, at.graph = nil, nil, nil, nil
	at.ctx, at.live, at.ticket, at.viaUser = nil, false, 0, false
	at.ended = false
	at.isEnded.Store(false)
	at.done, at.borrows = at.done[:0], at.borrows[:0]
	at.roots, at.targets = at.rootsBuf[:0], nil
	at.edge, at.owned, at.escaped, at.ownOut, at.dry = edge{}, false, false, nil, nil
	at.nfr = 0
}

// succeed hands the call's work to its parent if the parent is still
// running, and commits it otherwise.
func (at *attempt) succeed() error {
	if p := at.parent; p != nil && !at.owned {
		p.mu.Lock()
		if !p.ended {
			for _, c := range at.done {
				if c.s != nil {
					c.s.at.CompareAndSwap(at, p)
				}
			}
			p.done = append(p.done, at.done...)
			p.borrows = append(p.borrows, at.borrows...)
			p.mu.Unlock()
			return nil
		}
		p.mu.Unlock()
	}
	return at.commit()
}

// commit makes the call's work permanent. It fails (and rolls back) if an
// instance the call was built on has been rolled back by the call that
// built it, or if a container that would own part of it has been closed.
func (at *attempt) commit() error {
	if len(at.done) == 0 && len(at.borrows) == 0 {
		return nil // built nothing shared and nothing with a cleanup
	}
	for _, bw := range at.borrows {
		bw.s.owner.mu.Lock()
		st := bw.s.state.Load()
		ok := bw.s.gen == bw.gen && (st == slotCommitted || st == slotTentative && bw.s.at.Load() == at)
		bw.s.owner.mu.Unlock()
		if !ok {
			return at.rollback(newErr(ErrClosed, nil, "the call whose context this call was made with failed, and discarded an instance this call used",
				"resolve again, with a context of a call that is still running or with a fresh one"))
		}
	}
	for _, c := range at.done {
		if c.s != nil && c.s.dep != nil {
			if d := c.s.dep; d.finished.Load() && d.err != nil {
				return at.rollback(d.err)
			}
		}
	}
	var buf [4]*Container
	owners := at.owners(buf[:0])
	for _, o := range owners {
		o.mu.Lock()
	}
	closed := false
	for _, o := range owners {
		closed = closed || o.closed.Load()
	}
	if !closed {
		for _, c := range at.done {
			if r := c.r; r != nil {
				if r.owned {
					*at.ownOut = append(*at.ownOut, r)
				} else {
					r.state.CompareAndSwap(recTentative, recCommitted)
				}
			}
		}
	}
	for _, o := range owners {
		o.mu.Unlock()
	}
	if closed {
		return at.rollback(newErr(ErrClosed, nil, "the container or scope was closed while the call was building", ""))
	}
	for _, c := range at.done {
		if c.s != nil && c.s.at.Load() == at {
			c.s.state.CompareAndSwap(slotTentative, slotCommitted)
		}
	}
	return nil
}

// owners appends to os the containers owning the call's records and slots,
// outermost first: the order in which commit locks them.
func (at *attempt) owners(os []*Container) []*Container {
	add := func(o *Container) {
		if !slices.Contains(os, o) {
			os = append(os, o)
		}
	}
	for _, c := range at.done {
		if c.r != nil {
			add(c.r.owner)
		}
		if c.s != nil {
			add(c.s.owner)
		}
	}
	if len(os) > 1 {
		slices.SortFunc(os, func(a, b *Container) int { return cmp.Compare(a.depth, b.depth) })
	}
	return os
}

// rollback undoes the call after cause, newest first, and returns cause
// with any cleanup failures attached.
func (at *attempt) rollback(cause error) error {
	pinned := false
	var run []*record
	for i := len(at.done) - 1; i >= 0; i-- {
		c := at.done[i]
		if c.s != nil {
			o := c.s.owner
			o.mu.Lock()
			if !pinned && c.s.at.Load() == at && c.s.state.CompareAndSwap(slotTentative, slotEmpty) {
				c.s.v, c.s.ptr, c.s.dep, c.s.rec = nil, nil, nil, nil
				c.s.at.Store(nil)
			} else {
				// Another call holds the instance: it stays, and so does
				// everything completed before it.
				pinned = true
			}
			o.mu.Unlock()
		}
		if r := c.r; r != nil {
			if pinned && !r.owned && r.commitUnlessClosed() {
				continue
			}
			if r.drop() {
				run = append(run, r)
			}
		}
	}
	slices.Reverse(run) // runRecords takes them oldest first
	errs := runRecords(context.WithoutCancel(at.ctx), run)
	if len(errs) == 0 {
		return cause
	}
	if e, ok := cause.(*Error); ok {
		e.Err = errors.Join(append([]error{e.Err}, errs...)...)
		if e.Detail == "" {
			e.Detail = "cleanup after failure also failed"
		}
		return e
	}
	return errors.Join(append([]error{cause}, errs...)...)
}

// do runs body as the call at in scope sc and ends the call. A panic that
// escapes body (a bug in this package: user code's panics are recovered
// where it is called) or a runtime.Goexit in user code still ends the call,
// so that nothing stays half-built.
func (at *attempt) do(sc *Container, body func(at *attempt, sc *Container) error) (err error) {
	normal := false
	defer func() {
		if !normal {
			err = at.end(internalErr(recover()))
		}
	}()
	err = body(at, sc)
	normal = true
	return at.end(err)
}

// run is the outer loop of every call on c: it starts the call, runs
// body, ends it, and retries a top-level call that was undone to break a
// deadlock between calls.
func (c *Container) run(ctx context.Context, op string, body func(at *attempt, sc *Container) error) error {
	var ticket uint64
	for tries := 0; ; tries++ {
		at, sc, err := c.begin(ctx)
		if err != nil {
			return finish(err, op)
		}
		if ticket == 0 {
			ticket = c.root.tickets.Add(1)
		}
		at.ticket = ticket // a retry keeps the call's age
		nested := at.parent != nil
		err = at.do(sc, body)
		var ce *conflictError
		if err != nil && !nested && tries < maxRetries {
			ce = conflictOf(err)
		}
		if ce == nil {
			err = finish(err, op)
			if err != nil && c.observed() {
				c.emit(Event{Kind: Failed, Op: op, Err: err})
			}
			return err
		}
		if ctx != nil {
			ce.wait(ctx)
		} else {
			ce.wait(context.Background())
		}
	}
}
