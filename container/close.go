package container

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
)

// A record holds the cleanups of one instance, kept by the container that
// owns the instance (its owner) from the moment the instance is completed.
// The owner's list is therefore in completion order, and Close runs it in
// reverse: a dependent is always completed after its dependencies, so it
// is closed before them.
type record struct {
	owner *Container
	b     *binding
	v     any
	fns   []func(context.Context) error // run last to first
	owned bool                          // the caller of Factory.NewOwned owns it

	state atomic.Uint32
	done  chan struct{} // closed when the cleanups have returned (running, abandoned)
	err   error         // their failures, set before done is closed
}

// Record states. A record is run by exactly one caller: the one that moves
// it to recRunning (Close) or drops it (a rollback).
const (
	recTentative uint32 = iota // its call has not ended
	recCommitted               // waiting for Close
	recRunning                 // a Close is running it
	recAbandoned               // still running after its Close gave up waiting
	recDone                    // run, result collected
	recDropped                 // taken out of the list to be run by a rollback or Reset
)

// commitUnlessClosed commits a tentative record unless its owner is
// closed; it reports whether the record is now committed.
func (r *record) commitUnlessClosed() bool {
	r.owner.mu.Lock()
	defer r.owner.mu.Unlock()
	if r.owner.closed.Load() {
		return false
	}
	return r.state.CompareAndSwap(recTentative, recCommitted) || r.state.Load() == recCommitted
}

// drop takes a tentative or committed record out of its owner's list; it
// reports whether the caller now has to run it.
func (r *record) drop() bool {
	if r.owned {
		return r.state.CompareAndSwap(recTentative, recDropped)
	}
	r.owner.mu.Lock()
	defer r.owner.mu.Unlock()
	if r.state.CompareAndSwap(recTentative, recDropped) || r.state.CompareAndSwap(recCommitted, recDropped) {
		r.owner.deadRecs++
		return true
	}
	return false
}

// run runs the record's cleanups, newest first, each with panics
// recovered, and returns their failures joined.
func (r *record) run(ctx context.Context) error {
	var errs []error
	for j := len(r.fns) - 1; j >= 0; j-- {
		fn := r.fns[j]
		err := callUser(func() error { return fn(ctx) })
		if err == nil {
			continue
		}
		detail := "cleanup of " + r.b.describe() + " failed"
		if _, ok := err.(*PanicError); ok {
			detail = "cleanup of " + r.b.describe() + " panicked"
		}
		errs = append(errs, &Error{Op: "close", Type: r.b.typ(), Kind: ErrCleanup, Detail: detail, Err: err})
	}
	err := errors.Join(errs...)
	if r.owner.observed() {
		r.owner.emit(Event{Kind: Cleaned, Type: r.b.typ(), Key: r.b.key(), Value: r.v, Err: err})
	}
	return err
}

// runRecords runs recs newest first and returns the failures.
func runRecords(ctx context.Context, recs []*record) []error {
	var errs []error
	for i := len(recs) - 1; i >= 0; i-- {
		if err := recs[i].run(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// joinCleanupErr attaches cleanup failures to the error of a failed build.
func joinCleanupErr(err, cerr error) error {
	if e, ok := err.(*Error); ok {
		e.Err = errors.Join(e.Err, cerr)
		return e
	}
	return errors.Join(err, cerr)
}

// takeRecords drops the committed records of binding b from c's list and
// returns them, in completion order, for the caller to run (Reset).
func (c *Container) takeRecords(b *binding) []*record {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*record
	for _, r := range c.recs {
		if r.b == b && r.state.CompareAndSwap(recCommitted, recDropped) {
			c.deadRecs++
			out = append(out, r)
		}
	}
	return out
}

// Close closes c: first its open child scopes (newest first), then the
// cleanups of every instance c owns, in the exact reverse of the order the
// instances were completed, so a dependent is closed before its
// dependencies. The cleanups are those returned by constructors, Close
// methods of instances registered with [AutoClose] (or of every built
// instance when the container was made with AutoClose), and [OnClose]
// callbacks. c owns the Singletons registered on it (the root also owns
// the implicit ones), and the Scoped, Transient and PerGraph instances
// resolved through it (except those built by [Factory.NewOwned]).
//
// From the first call on, c is closed: every later call on it or its
// scopes returns ErrClosed, and a call that was building when Close began
// fails with ErrClosed and cleans up what it built itself. Close does not
// wait for such builds.
//
// Every cleanup runs even when some fail or panic; the failures are
// returned joined, each an *Error of kind ErrCleanup naming the instance.
// Close returns by ctx's deadline even while a cleanup is still running:
// the error (kind ErrCleanup, wrapping the context's error) says how many
// cleanups remain. None is ever lost: a later Close with a live context
// runs those not started and collects the result of the one that overran.
// When nothing remains, Close returns nil, so calling it again is safe.
func (c *Container) Close(ctx context.Context) error {
	if c.usable() != nil {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	c.mu.Lock()
	c.closed.Store(true)
	kids := make([]*Container, 0, len(c.children))
	for s := range c.children {
		kids = append(kids, s)
	}
	slices.SortFunc(kids, func(a, b *Container) int { return cmp.Compare(c.children[b], c.children[a]) }) // newest first
	c.mu.Unlock()
	var errs []error
	for _, s := range kids {
		if err := s.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, c.closeOwn(ctx)...)
	c.mu.Lock()
	clean := len(c.children) == 0 && c.deadRecs == len(c.recs)
	c.mu.Unlock()
	if clean && c.parent != nil {
		c.parent.mu.Lock()
		delete(c.parent.children, c)
		c.parent.mu.Unlock()
	}
	return errors.Join(errs...)
}

// closeOwn runs c's own records, newest first, until none is left or ctx
// ends. A record another Close call is running is waited for, in its
// place in the order, unless this Close was called from inside a cleanup
// of the same container tree (it would wait for itself).
func (c *Container) closeOwn(ctx context.Context) []error {
	var errs []error
	inside := insideCleanup(ctx, c)
	// c is closed: no record becomes committed from now on (commits and
	// pins check for that under c.mu), so one snapshot has all the work.
	c.mu.Lock()
	recs := slices.Clone(c.recs)
	c.mu.Unlock()
	skip := 0
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		c.mu.Lock()
		mine := true
		switch r.state.Load() {
		case recCommitted:
			if ctx.Err() != nil {
				left := c.pendingLocked()
				c.mu.Unlock()
				return append(errs, pendingErr(ctx.Err(), left, ""))
			}
			r.state.Store(recRunning)
			r.done = make(chan struct{})
			if ctx.Done() == nil {
				c.mu.Unlock()
				r.finish(ctx)
				c.mu.Lock()
			} else {
				go r.finish(ctx)
			}
		case recAbandoned:
			r.state.Store(recRunning) // this Close collects it
		case recRunning:
			if inside {
				skip++
				c.mu.Unlock()
				continue
			}
			mine = false // another Close runs it: wait for it, in its place
		default:
			c.mu.Unlock()
			continue
		}
		c.mu.Unlock()
		if done := ctx.Done(); done != nil {
			select {
			case <-r.done:
			case <-done:
				c.mu.Lock()
				if mine {
					r.state.Store(recAbandoned)
				}
				left := c.pendingLocked()
				c.mu.Unlock()
				return append(errs, pendingErr(ctx.Err(), left, r.b.describe()))
			}
		} else {
			<-r.done
		}
		if !mine {
			continue
		}
		c.mu.Lock()
		r.state.Store(recDone)
		c.deadRecs++
		c.mu.Unlock()
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	c.mu.Lock()
	c.compactLocked()
	c.mu.Unlock()
	if skip > 0 {
		errs = append(errs, &Error{Op: "close", Kind: ErrCleanup,
			Detail: fmt.Sprintf("%d cleanups are still running in the Close call that this cleanup runs in", skip)})
	}
	return errs
}

// closingKey marks the context handed to cleanups with the container
// whose Close runs them.
type closingKey struct{}

// insideCleanup reports whether ctx is the context of a cleanup run by a
// Close of c's tree.
func insideCleanup(ctx context.Context, c *Container) bool {
	o, ok := ctx.Value(closingKey{}).(*Container)
	return ok && o.root == c.root
}

// finish runs the record's cleanups for Close and publishes the result.
func (r *record) finish(ctx context.Context) {
	r.err = r.run(context.WithValue(ctx, closingKey{}, r.owner))
	close(r.done)
}

// pendingLocked lists c's records still to be run (newest first) or
// collected.
func (c *Container) pendingLocked() []string {
	var names []string
	for i := len(c.recs) - 1; i >= 0; i-- {
		switch r := c.recs[i]; r.state.Load() {
		case recCommitted:
			names = append(names, r.b.describe())
		case recRunning, recAbandoned:
			names = append(names, r.b.describe()+" (running)")
		}
	}
	return names
}

// compactLocked drops finished records from c's list once they are the
// majority.
func (c *Container) compactLocked() {
	if c.deadRecs < 32 || c.deadRecs*2 < len(c.recs) {
		return
	}
	live := c.recs[:0]
	for _, r := range c.recs {
		if s := r.state.Load(); s != recDone && s != recDropped {
			live = append(live, r)
		}
	}
	clear(c.recs[len(live):])
	c.recs, c.deadRecs = live, 0
}

func pendingErr(cause error, left []string, running string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "the context ended with %d cleanups left", len(left))
	if running != "" {
		b.WriteString("; still running: " + running)
	}
	if len(left) > 0 {
		b.WriteString("; left: " + strings.Join(left, ", "))
	}
	return &Error{Op: "close", Kind: ErrCleanup, Detail: b.String(), Err: cause,
		Hint: "call Close again with a live context to run them"}
}
