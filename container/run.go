package container

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Run is the main function of a service: it populates target from c, calls
// run with a context that ends when ctx ends or a signal (SIGINT, SIGTERM)
// arrives, then closes c with a timeout, so everything is shut down in
// reverse dependency order. A nil run waits for the context or signal.
// If Populate fails, nothing half-built is left: c is closed and the error
// returned. The result joins the errors of run (except the cancellation
// that stopped it) and of Close.
func Run(ctx context.Context, c *Container, target any, run func(ctx context.Context) error, opts ...Option) error {
	o, err := gather(opts, forRun, "Run")
	if err != nil {
		return finish(err, "run")
	}
	if o.timeout == 0 {
		o.timeout = 15 * time.Second
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := c.usable(); err != nil {
		return finish(err, "run")
	}
	runCtx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	var runErr error
	if err := c.Populate(runCtx, target); err != nil {
		runErr = err
	} else if run != nil {
		runErr = callUser(func() error { return run(runCtx) })
		if _, ok := runErr.(*PanicError); ok {
			runErr = finish(panicErr(runErr, "the run function", nil), "run")
		} else if runCtx.Err() != nil && errors.Is(runErr, runCtx.Err()) {
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
