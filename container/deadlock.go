package container

import (
	"context"
	"errors"
	"slices"
	"strings"
)

// Deadlock detection. A call that is about to wait for a flight while
// building something itself (its frame has flights above it) records the
// wait. Before blocking it walks the waits: the flight it wants is held up
// by every wait made from inside that flight's build, which is held up by
// the flight that wait is for, and so on. Reaching a flight on its own
// path means that waiting would never end (CPython's import lock does the
// same before blocking on a module lock). The walk covers only calls that
// are blocked here, so it costs nothing while nobody waits.
//
// What happens then depends on what the waiter needs:
//
//   - A complete instance (a constructor or Init parameter): the graph has
//     a real cycle, which one goroutine alone would report too: ErrCycle.
//   - A pointer for a field, from a call of the same family (calls made
//     from user code with the context it was given, which succeed or fail
//     together): take the unfinished instance, exactly as one goroutine
//     building the whole cycle would.
//   - A pointer for a field, across unrelated calls that entered a cycle
//     of pointer fields from different ends: one of the calls whose waits
//     close the cycle is undone and retried once the flight it lost to has
//     finished (conflictError). It is the youngest of those that can be
//     retried without user code seeing the error (no user code between the
//     wait and its top-level call); age is the top-level call's ticket,
//     which its retries keep (wound-wait, as in database lock managers), so
//     among calls that involve no user code the oldest is never undone and
//     every one finishes. With nested calls in the cycle, a retryable call
//     of any age may be undone (bounded by maxRetries).
//     When the one chosen is not the caller, its recorded wait is woken
//     (wounded) and detection runs again: one new wait can close several
//     cycles. Only when no call in the cycle can be retried is the caller
//     undone and sees ErrCycle (its user code passes it on, or not).

// waiter is a blocked wait on flight f, made from frame fr by a call whose
// family has the given ticket; retry says the call can be retried without
// user code seeing it. wound is closed to undo that call.
type waiter struct {
	fr      *frame
	f       *flight
	ticket  uint64
	retry   bool
	wound   chan struct{}
	wounded bool // guarded by waitMu
}

// enterWait records that the call at, at frame fr, is about to wait for
// flight f of binding b. It returns the wait to pass to leaveWait; or nil
// and nil when the caller should take f's unfinished instance instead of
// waiting; or an error when waiting would deadlock.
func (root *Container) enterWait(fr *frame, f *flight, b *binding, n need, at *attempt) (*waiter, error) {
	root.waitMu.Lock()
	defer root.waitMu.Unlock()
	ticket, retry := at.family().ticket, at.retryable()
	for {
		ws, ok := root.deadlocks(fr, f)
		if !ok {
			break
		}
		same := at.family() == f.at.family()
		switch {
		case n == needDone || n == needSettled && same:
			return nil, cycle(fr, b)
		case n == needPtr && same && f.allocated.Load():
			return nil, nil
		}
		// Waits between different calls over pointer fields only (a field's
		// instance, or an instance that points into one still being built):
		// one call is undone.
		v := youngest(ws)
		if v == nil || retry && ticket >= v.ticket {
			return nil, conflict(fr, f, b)
		}
		// A younger call closes the cycle: undo it, and look again.
		v.wounded = true
		close(v.wound)
	}
	w := &waiter{fr: fr, f: f, ticket: ticket, retry: retry, wound: make(chan struct{})}
	root.waits = append(root.waits, w)
	return w, nil
}

// youngest returns the wait, among ws, of the youngest call that can be
// retried without user code seeing it, or nil.
func youngest(ws []*waiter) *waiter {
	var y *waiter
	for _, w := range ws {
		if w.retry && (y == nil || w.ticket > y.ticket) {
			y = w
		}
	}
	return y
}

// conflict is the error that undoes a call whose wait at fr for flight f
// of b would close a cycle of pointer fields with other calls.
func conflict(fr *frame, f *flight, b *binding) error {
	return &Error{Kind: ErrCycle, Type: b.typ(), Err: &conflictError{f: f},
		Detail: "calls entered a cycle of pointer fields from different ends at the same time: " + cyclePath(fr, b),
		Hint:   "one call is undone and retried automatically; this error surfaces only when user code stands between"}
}

// leaveWait removes w from the recorded waits.
func (root *Container) leaveWait(w *waiter) {
	root.waitMu.Lock()
	defer root.waitMu.Unlock()
	if i := slices.Index(root.waits, w); i >= 0 {
		root.waits = slices.Delete(root.waits, i, i+1)
	}
}

// deadlocks reports whether waiting at fr for f would never end, and the
// recorded waits that would close the cycle. The caller holds waitMu.
func (root *Container) deadlocks(fr *frame, f *flight) ([]*waiter, bool) {
	// A walk from f over "flight g is held up by wait w made inside g's
	// build, which waits for w.f"; each step remembers the one it came
	// from, to list the waits of the cycle once one is found.
	type step struct {
		g    *flight
		w    *waiter // the wait that led to g; nil for f
		prev int
	}
	steps := []step{{f, nil, -1}}
	stack := []int{0}
	var seen []*flight
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		g := steps[i].g
		if slices.Contains(seen, g) || g.finished.Load() {
			continue
		}
		seen = append(seen, g)
		if onPath(fr, g) {
			var ws []*waiter
			for j := i; j >= 0; j = steps[j].prev {
				if w := steps[j].w; w != nil {
					ws = append(ws, w)
				}
			}
			return ws, true
		}
		for _, w := range root.waits {
			if !w.wounded && onPath(w.fr, g) { // a wounded wait is ending
				steps = append(steps, step{w.f, w, i})
				stack = append(stack, len(steps)-1)
			}
		}
	}
	return nil, false
}

// cyclePath renders the types from the top of fr's graph to b.
func cyclePath(fr *frame, b *binding) string {
	var names []string
	for p := fr; p != nil; p = p.parent {
		names = append(names, p.name())
	}
	slices.Reverse(names)
	return strings.Join(append(names, b.typ().String()), " -> ")
}

// conflictError marks a call undone to break a deadlock between two
// calls; the call is retried after the flight it lost to has finished.
type conflictError struct {
	f *flight
}

func (e *conflictError) Error() string {
	return "concurrent calls deadlocked on a cycle of pointer fields"
}

// wait blocks until the flight the call lost to has finished, or ctx ends.
// conflictOf returns the conflictError in err's chain, or nil.
func conflictOf(err error) *conflictError {
	var ce *conflictError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

func (e *conflictError) wait(ctx context.Context) {
	e.f.s.owner.mu.Lock()
	ch := e.f.doneChan()
	e.f.s.owner.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// maxRetries bounds how often a top-level call is undone and retried to
// break deadlocks before it reports ErrCycle.
const maxRetries = 100
