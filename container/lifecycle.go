package container

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Close closes c: first its open child scopes (newest first), then the
// cleanups of every instance c owns, in the exact reverse of the order the
// instances were completed, so a dependent is closed before its
// dependencies. The cleanups are those returned by constructors, Close
// methods of instances registered with [AutoClose] (or of every built
// instance when the container was made with AutoClose), and [OnClose]
// callbacks. c owns the Singletons registered on it (the root also owns
// the implicit ones), and the Scoped, Transient and PerGraph instances
// resolved through it.
//
// Every cleanup runs even when some fail; the failures are returned
// joined, each an *Error of kind ErrCleanup naming the instance. If ctx
// ends first, Close stops waiting and reports, as ErrCleanup errors
// wrapping the context's error, the cleanup that did not finish and those
// that did not run. Close is idempotent (later calls return nil). Using a
// closed container returns ErrClosed.
func (c *Container) Close(ctx context.Context) error {
	if c == nil {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	c.mu.Lock()
	if c.closed.Load() {
		c.mu.Unlock()
		return nil
	}
	c.closed.Store(true)
	children := make([]*Container, 0, len(c.children))
	for s := range c.children {
		children = append(children, s)
	}
	slices.SortFunc(children, func(a, b *Container) int { return cmp.Compare(c.children[b], c.children[a]) }) // newest first
	recs := c.cleanups
	c.children, c.cleanups = nil, nil
	if p := c.parent; p != nil {
		delete(p.children, c)
	}
	c.mu.Unlock()
	var errs []error
	for _, s := range children {
		if err := s.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if err := runCleanups(ctx, recs); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// runCleanups runs the cleanups of recs newest first (and each record's
// own cleanups in reverse order of registration: OnClose callbacks, then
// Close, then the constructor's cleanup).
func runCleanups(ctx context.Context, recs []*record) error {
	var errs []error
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		for j := len(r.fns) - 1; j >= 0; j-- {
			if err := ctx.Err(); err != nil {
				return errors.Join(append(errs, notRun(err, recs[:i+1], j+1, ""))...)
			}
			err, finished := callCleanup(ctx, r.fns[j])
			if !finished {
				return errors.Join(append(errs, notRun(ctx.Err(), recs[:i+1], j, r.b.describe()))...)
			}
			if err != nil {
				errs = append(errs, &Error{Op: "close", Type: r.b.typ(), Kind: ErrCleanup,
					Detail: "cleanup of " + r.b.describe() + " failed", Err: err})
			}
		}
	}
	return errors.Join(errs...)
}

// callCleanup runs fn, giving up waiting when ctx ends. A panicking
// cleanup is reported as an error, so that the others still run.
func callCleanup(ctx context.Context, fn func(context.Context) error) (err error, finished bool) {
	if ctx.Done() == nil {
		return safeCall(ctx, fn), true
	}
	done := make(chan error, 1)
	go func() { done <- safeCall(ctx, fn) }()
	select {
	case err := <-done:
		return err, true
	case <-ctx.Done():
		return nil, false
	}
}

func safeCall(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cleanup panicked: %v", r)
		}
	}()
	return fn(ctx)
}

// notRun reports the cleanups that ctx cut off: the one still running (if
// any) and every one not started. The last record in recs has its first
// left cleanups not run.
func notRun(cause error, recs []*record, left int, running string) error {
	var names []string
	for i := len(recs) - 1; i >= 0; i-- {
		n := len(recs[i].fns)
		if i == len(recs)-1 {
			n = left
		}
		for range n {
			names = append(names, recs[i].b.describe())
		}
	}
	detail := "the context ended"
	if running != "" {
		detail += "; still running: " + running
	}
	if len(names) > 0 {
		detail += "; not run: " + strings.Join(names, ", ")
	}
	return &Error{Op: "close", Kind: ErrCleanup, Detail: detail, Err: cause}
}

// RunOption configures [Run].
type RunOption interface {
	applyRun(*runOpts)
}

type runOpts struct {
	timeout time.Duration
	signals []os.Signal
}

type runOptFunc func(*runOpts)

func (f runOptFunc) applyRun(o *runOpts) { f(o) }

// ShutdownTimeout bounds how long [Run] waits for cleanups (default 15s).
func ShutdownTimeout(d time.Duration) RunOption {
	return runOptFunc(func(o *runOpts) { o.timeout = d })
}

// Signals sets the signals that stop [Run] (default SIGINT and SIGTERM);
// none means Run stops only when its context ends.
func Signals(sig ...os.Signal) RunOption {
	return runOptFunc(func(o *runOpts) { o.signals = sig })
}

// Run is the main function of a service: it populates target from c, calls
// run with a context that ends when ctx ends or a signal (SIGINT, SIGTERM)
// arrives, then closes c with a timeout, so everything is shut down in
// reverse dependency order. A nil run waits for the context or signal.
// If Populate fails, nothing half-built is left: c is closed and the error
// returned. The result joins the errors of run (except the cancellation
// that stopped it) and of Close.
func Run(ctx context.Context, c *Container, target any, run func(ctx context.Context) error, opts ...RunOption) error {
	o := runOpts{timeout: 15 * time.Second, signals: []os.Signal{os.Interrupt, syscall.SIGTERM}}
	for _, opt := range opts {
		if opt != nil {
			opt.applyRun(&o)
		}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if c == nil {
		return finish(newErr(ErrBadTarget, nil, "nil *Container", "create one with container.New"), "run")
	}
	runCtx, stop := context.WithCancel(ctx)
	if len(o.signals) > 0 { // NotifyContext with no signals would catch them all
		runCtx, stop = signal.NotifyContext(ctx, o.signals...)
	}
	defer stop()
	var runErr error
	if err := c.Populate(runCtx, target); err != nil {
		runErr = err
	} else if run != nil {
		runErr = run(runCtx)
		if runCtx.Err() != nil && errors.Is(runErr, runCtx.Err()) {
			runErr = nil
		}
	} else {
		<-runCtx.Done()
	}
	closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.timeout)
	defer cancel()
	if err := c.Close(closeCtx); err != nil {
		return errors.Join(runErr, fmt.Errorf("tagwire: run: shutdown: %w", err))
	}
	return runErr
}
