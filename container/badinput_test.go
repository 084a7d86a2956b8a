package container_test

// The bad-input catalogue: one table per area of the public API, each row
// one bad input. Every row checks that the call
//
//  1. neither panics nor hangs (it runs in a goroutine with a deadline),
//  2. returns the expected error kind (errors.Is),
//  3. says in its message which field or type is involved, and
//  4. leaves the container as it was: a probe Singleton resolved before the
//     bad call is still the one resolved after it, a Populate still fills
//     it, and a later Close runs its cleanup exactly once.
//
// Every top-level identifier in this file starts with "bi".

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ---------------------------------------------------------------------------
// No panic, no hang.

// biDeadline bounds every call a row makes.
const biDeadline = 5 * time.Second

// biOutcome is how a call ended.
type biOutcome struct {
	err      error
	panicked bool
	value    any // the panic value
	goexit   bool
	hung     bool
}

// biCall runs fn in a goroutine and reports how it ended: a return, a
// panic (recovered here), runtime.Goexit, or no return within biDeadline.
func biCall(fn func() error) biOutcome {
	done := make(chan biOutcome, 1)
	go func() {
		returned := false
		defer func() {
			if returned {
				return
			}
			if r := recover(); r != nil {
				done <- biOutcome{panicked: true, value: r}
				return
			}
			done <- biOutcome{goexit: true}
		}()
		err := fn()
		returned = true
		done <- biOutcome{err: err}
	}()
	select {
	case o := <-done:
		return o
	case <-time.After(biDeadline):
		return biOutcome{hung: true}
	}
}

// biDo runs fn through biCall and fails t when it panics, calls
// runtime.Goexit or hangs. ok is false unless fn returned; hung is true
// when it did not return in time (the container may hold a lock forever,
// so the caller should stop using it).
func biDo(t *testing.T, what string, fn func() error) (ok, hung bool, err error) {
	t.Helper()
	o := biCall(fn)
	switch {
	case o.hung:
		t.Errorf("%s: hang: no return within %v", what, biDeadline)
		return false, true, nil
	case o.panicked:
		t.Errorf("%s: panic: %v", what, o.value)
		return false, false, nil
	case o.goexit:
		t.Errorf("%s: runtime.Goexit escaped to the caller", what)
		return false, false, nil
	}
	return true, false, o.err
}

// biErrLeft marks a call that failed but left something behind (a field
// set on a target, a registration); see biLeft.
var biErrLeft = errors.New("bi: the failed call left state behind")

// biLeft returns err, joined with biErrLeft when left is true.
func biLeft(err error, left bool, what string) error {
	if left {
		return errors.Join(err, fmt.Errorf("%w: %s", biErrLeft, what))
	}
	return err
}

// ---------------------------------------------------------------------------
// The probe: a Singleton with a cleanup, resolved and populated before the
// bad call.

type biProbe struct {
	_      byte
	closed atomic.Int32
}

type biProbeUser struct {
	P *biProbe `inject:""`
}

// biNewProbe registers and builds the probe on c.
func biNewProbe(t *testing.T, c *container.Container) *biProbe {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, container.Provide[*biProbe](c, func() (*biProbe, func(), error) {
		p := &biProbe{}
		return p, func() { p.closed.Add(1) }, nil
	}))
	var p *biProbe
	ok, _, err := biDo(t, "probe: Resolve", func() (err error) {
		p, err = container.Resolve[*biProbe](ctx, c)
		return err
	})
	require.True(t, ok)
	require.NoError(t, err)
	var u biProbeUser
	ok, _, err = biDo(t, "probe: Populate", func() error { return c.Populate(ctx, &u) })
	require.True(t, ok)
	require.NoError(t, err)
	require.Same(t, p, u.P)
	return p
}

// biCheckProbe checks that c still resolves exactly as before the bad call.
// closed says that the bad call closed c: then a further Close returns nil,
// the probe's cleanup has run exactly once and c answers ErrClosed.
func biCheckProbe(t *testing.T, c *container.Container, p *biProbe, closed bool) {
	t.Helper()
	ctx := context.Background()
	if closed {
		ok, hung, err := biDo(t, "probe: Close after the call that closed", func() error { return c.Close(ctx) })
		if hung {
			return
		}
		if ok {
			assert.NoError(t, err, "Close returns nil once nothing remains")
		}
		assert.EqualValues(t, 1, p.closed.Load(), "the probe's cleanup runs exactly once")
		ok, _, err = biDo(t, "probe: Resolve after Close", func() error {
			_, err := container.Resolve[*biProbe](ctx, c)
			return err
		})
		if ok {
			assert.ErrorIs(t, err, container.ErrClosed)
		}
		return
	}
	assert.EqualValues(t, 0, p.closed.Load(), "the probe's cleanup must not run before Close")
	var got *biProbe
	ok, hung, err := biDo(t, "probe: Resolve after the bad call", func() (err error) {
		got, err = container.Resolve[*biProbe](ctx, c)
		return err
	})
	if hung {
		return
	}
	if ok && assert.NoError(t, err, "probe: Resolve after the bad call") {
		assert.Same(t, p, got, "the probe Singleton is the same instance")
	}
	var u biProbeUser
	ok, hung, err = biDo(t, "probe: Populate after the bad call", func() error { return c.Populate(ctx, &u) })
	if hung {
		return
	}
	if ok && assert.NoError(t, err, "probe: Populate after the bad call") {
		assert.Same(t, p, u.P, "Populate still injects the probe")
	}
	ok, _, err = biDo(t, "probe: Close", func() error { return c.Close(ctx) })
	if ok {
		assert.NoError(t, err, "probe: Close")
	}
	assert.EqualValues(t, 1, p.closed.Load(), "Close runs the probe's cleanup exactly once")
}

// ---------------------------------------------------------------------------
// Rows and the runner.

// biCase is one bad input.
type biCase struct {
	name string
	// setup registers (on c, after the probe) what the bad call needs.
	setup func(c *container.Container) error
	// call is the bad call; when nil, it is c.Populate(ctx, target), and
	// after a failure every field of target must be zero again.
	call   func(ctx context.Context, c *container.Container) error
	target any
	// kind is the expected error kind (nil: the call must succeed); alt is
	// an accepted alternative.
	kind, alt error
	// msg must occur in the error message: the field path or type involved.
	msg string
	// closes says that the call closes c.
	closes bool
	// after checks more of the state after the call; nil error is success.
	after func(ctx context.Context, c *container.Container) error
}

func biRun(t *testing.T, cases []biCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		require.False(t, seen[tc.name], "duplicate row %q", tc.name)
		seen[tc.name] = true
		require.True(t, tc.kind == nil || tc.msg != "", "row %q: an error row names what its message must mention", tc.name)
		require.True(t, tc.call != nil || tc.target != nil, "row %q has no call", tc.name)
		t.Run(tc.name, func(t *testing.T) { biRunCase(t, tc) })
	}
}

func biRunCase(t *testing.T, tc biCase) {
	ctx := context.Background()
	c := container.New()
	p := biNewProbe(t, c)
	if tc.setup != nil {
		ok, _, err := biDo(t, "setup", func() error { return tc.setup(c) })
		require.True(t, ok, "setup")
		require.NoError(t, err, "setup")
	}
	call := tc.call
	if call == nil {
		call = func(ctx context.Context, c *container.Container) error { return c.Populate(ctx, tc.target) }
	}
	ok, hung, err := biDo(t, "the bad call", func() error { return call(ctx, c) })
	if hung {
		return
	}
	if ok {
		biCheckErr(t, err, tc.kind, tc.alt, tc.msg)
		if tc.target != nil && err != nil {
			assert.True(t, reflect.ValueOf(tc.target).Elem().IsZero(),
				"a failed Populate resets the fields it set: %+v", reflect.ValueOf(tc.target).Elem().Interface())
		}
	}
	if tc.after != nil {
		ok, hung, err := biDo(t, "after", func() error { return tc.after(ctx, c) })
		if hung {
			return
		}
		if ok {
			assert.NoError(t, err, "after")
		}
	}
	biCheckProbe(t, c, p, tc.closes)
}

// biCheckErr asserts that err is of kind (or alt) and that its message
// mentions msg. A nil kind asks for success.
func biCheckErr(t *testing.T, err, kind, alt error, msg string) {
	t.Helper()
	assert.NotErrorIs(t, err, biErrLeft)
	if kind == nil {
		assert.NoError(t, err)
		return
	}
	if !assert.Error(t, err, "want an error of kind %v", kind) {
		return
	}
	if alt != nil {
		assert.True(t, errors.Is(err, kind) || errors.Is(err, alt), "want %v or %v, got %v", kind, alt, err)
	} else {
		assert.ErrorIs(t, err, kind)
	}
	var ce *container.Error
	assert.ErrorAs(t, err, &ce, "every error of the package is a *container.Error: %v", err)
	assert.Contains(t, err.Error(), msg, "the message names the field or type involved")
}

// biResolve is a call that resolves T and returns only the error.
func biResolve[T any](opts ...container.Option) func(ctx context.Context, c *container.Container) error {
	return func(ctx context.Context, c *container.Container) error {
		_, err := container.Resolve[T](ctx, c, opts...)
		return err
	}
}

// biEq returns nil when got == want, else an error saying what differs.
func biEq[T comparable](what string, got, want T) error {
	if got != want {
		return fmt.Errorf("%s: got %v, want %v", what, got, want)
	}
	return nil
}

var biErrBoom = errors.New("bi: boom")

// ---------------------------------------------------------------------------
// Registration: Provide (constructors, values, nil), Supply, As and their
// options.

type biRegDB struct {
	_    byte
	Name string
}

type biRegOther struct{ _ byte }

type biRegGreeter interface{ BiGreet() string }

type biRegEnglish struct{ _ byte }

func (*biRegEnglish) BiGreet() string { return "hello" }

type biRegNeeds struct{ DB *biRegDB }

func biNewRegNeeds(db *biRegDB) *biRegNeeds { return &biRegNeeds{DB: db} }

type biRegMeth struct{ N int }

func (x *biRegMeth) Configure(n int) { x.N = n }

func biNewBadRegDB() *biRegDB { return &biRegDB{Name: "bad"} }

// biRegUnchanged checks that no failed registration took effect: *biRegDB
// is still the implicit zero-valued Singleton, or, when the failed call was
// a registration of *biRegDB itself, resolving it reports that failure
// (a type whose registration failed is never quietly built from its zero
// value); and nothing implements biRegGreeter.
func biRegUnchanged(ctx context.Context, c *container.Container) error {
	db, err := container.Resolve[*biRegDB](ctx, c)
	if err != nil {
		if strings.Contains(err.Error(), "its registration failed") {
			return nil
		}
		return fmt.Errorf("*biRegDB no longer resolves: %w", err)
	}
	if db.Name != "" {
		return fmt.Errorf("*biRegDB resolves to %q: a failed registration took effect", db.Name)
	}
	if _, err := container.Resolve[biRegGreeter](ctx, c); !errors.Is(err, container.ErrNotFound) && !strings.Contains(fmt.Sprint(err), "its registration failed") {
		return fmt.Errorf("biRegGreeter: want ErrNotFound or the failed registration's error, got %v", err)
	}
	return nil
}

// biRegNamed checks that the name "primary" still gives the first value.
func biRegNamed(ctx context.Context, c *container.Container) error {
	db, err := container.Resolve[*biRegDB](ctx, c, container.Named("primary"))
	if err != nil {
		return err
	}
	if err := biEq("Named(primary).Name", db.Name, "first"); err != nil {
		return err
	}
	return biRegUnchanged(ctx, c)
}

func TestBadInput_Registration(t *testing.T) {
	prov := func(ctor any, opts ...container.Option) func(context.Context, *container.Container) error {
		return func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegDB](c, ctor, opts...)
		}
	}
	strct := func(opts ...container.Option) func(context.Context, *container.Container) error {
		return func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegDB](c, nil, opts...)
		}
	}
	first := func(opts ...container.Option) func(*container.Container) error {
		return func(c *container.Container) error {
			return container.Supply(c, &biRegDB{Name: "first"}, opts...)
		}
	}
	cases := []biCase{
		// Constructor shapes.
		// A non-function is a value: one of another type is a type mismatch,
		// not a bad constructor.
		{name: "Provide a value of another type", call: prov(42), kind: container.ErrTypeMismatch, msg: "biRegDB"},
		{name: "Supply an untyped nil", call: func(_ context.Context, c *container.Container) error {
			return container.Supply(c, nil)
		}, kind: container.ErrBadInput, msg: "nil value"},
		{name: "Provide a nil func", call: prov((func() *biRegDB)(nil)), kind: container.ErrBadSignature, msg: "biRegDB"},
		{name: "Provide a variadic constructor", call: prov(func(...int) *biRegDB { return &biRegDB{Name: "bad"} }),
			kind: container.ErrBadSignature, msg: "biRegDB"},
		{name: "Provide a constructor without results", call: prov(func() {}), kind: container.ErrBadSignature, msg: "biRegDB"},
		{name: "Provide a second result that is not an error", call: prov(func() (*biRegDB, int) { return nil, 0 }),
			kind: container.ErrBadSignature, msg: "biRegDB"},
		{name: "Provide a cleanup of the wrong type", call: prov(func() (*biRegDB, func(int), error) { return nil, nil, nil }),
			kind: container.ErrBadSignature, msg: "biRegDB"},
		{name: "Provide four results", call: prov(func() (*biRegDB, func(), error, int) { return nil, nil, nil, 0 }),
			kind: container.ErrBadSignature, msg: "biRegDB"},
		{name: "Provide a result that is not assignable", call: prov(func() *biRegOther { return &biRegOther{} }),
			kind: container.ErrTypeMismatch, msg: "biRegDB"},
		{name: "Provide a result that does not implement the interface", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[biRegGreeter](c, biNewBadRegDB)
		}, kind: container.ErrTypeMismatch, msg: "biRegGreeter"},

		// Args.
		{name: "Args of the wrong type", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegNeeds](c, biNewRegNeeds, container.Args(42))
		}, kind: container.ErrTypeMismatch, msg: "biRegNeeds"},
		{name: "Args Dep of the wrong type", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegNeeds](c, biNewRegNeeds, container.Args(container.Dep[*biRegOther]()))
		}, kind: container.ErrTypeMismatch, msg: "biRegNeeds"},
		{name: "Args too many", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegNeeds](c, biNewRegNeeds, container.Args(&biRegDB{}, 2))
		}, kind: container.ErrBadInput, msg: "biRegNeeds"},
		{name: "Args given twice", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegNeeds](c, biNewRegNeeds, container.Args(&biRegDB{}), container.Args(&biRegDB{}))
		}, kind: container.ErrBadInput, msg: "biRegNeeds"},
		{name: "Args on a zero-value registration", call: strct(container.Args(1)), kind: container.ErrBadInput, msg: "biRegDB"},
		// The rejected option's message names the call (rendered only when
		// a registration has options).
		{name: "an option Provide does not take", call: strct(container.ShutdownTimeout(time.Second)), kind: container.ErrBadInput,
			msg: "Provide[*container_test.biRegDB] does not take the option ShutdownTimeout"},
		{name: "an option Override does not take", call: func(_ context.Context, c *container.Container) error {
			_, err := container.Override[*biRegDB](c, biNewBadRegDB, container.Replace())
			return err
		}, kind: container.ErrBadInput, msg: "Override[*container_test.biRegDB] does not take the option Replace"},

		// Provide with a nil source: a zero-value struct or an abstract interface.
		{name: "Provide nil for a non-pointer struct", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[biRegDB](c, nil)
		}, kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "Provide nil for a pointer to int", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*int](c, nil)
		}, kind: container.ErrBadInput, msg: "int"},

		// Field and Method.
		{name: "Field naming no field", call: strct(container.Field("Nope", 1)), kind: container.ErrBadInput, msg: "Nope"},
		{name: "Field of the wrong type", call: strct(container.Field("Name", 42)), kind: container.ErrTypeMismatch, msg: "Name"},
		{name: "Field Dep of the wrong type", call: strct(container.Field("Name", container.Dep[*biRegOther]())),
			kind: container.ErrTypeMismatch, msg: "Name"},
		{name: "Field given twice", call: strct(container.Field("Name", "a"), container.Field("Name", "b")),
			kind: container.ErrBadInput, msg: "Name"},
		{name: "Field on a constructor of a non-struct", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[int](c, func() int { return 1 }, container.Field("X", 1))
		}, kind: container.ErrBadInput, msg: "int"},
		{name: "Method naming no method", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegMeth](c, nil, container.Method("Nope"))
		}, kind: container.ErrBadSignature, msg: "Nope"},
		{name: "Method with an argument of the wrong type", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegMeth](c, nil, container.Method("Configure", "x"))
		}, kind: container.ErrTypeMismatch, msg: "Configure"},
		{name: "Method with too many arguments", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegMeth](c, nil, container.Method("Configure", 1, 2))
		}, kind: container.ErrBadSignature, msg: "Configure"},

		// Values.
		{name: "Provide a typed nil pointer", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegDB](c, (*biRegDB)(nil))
		}, kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "Provide a nil pointer as an interface", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[biRegGreeter](c, (*biRegEnglish)(nil))
		}, kind: container.ErrBadInput, msg: "biRegGreeter"},
		{name: "Supply Transient", call: func(_ context.Context, c *container.Container) error {
			return container.Supply(c, &biRegDB{Name: "bad"}, container.Transient)
		}, kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "Supply AsFactory", call: func(_ context.Context, c *container.Container) error {
			return container.Supply(c, &biRegDB{Name: "bad"}, container.AsFactory())
		}, kind: container.ErrBadInput, msg: "the option AsFactory"},
		{name: "Provide a value Populated and Complete", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegDB](c, &biRegDB{Name: "bad"}, container.Populated(), container.Complete())
		}, kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "Supply a value whose tagged field is zero", call: func(_ context.Context, c *container.Container) error {
			// Neither Populated (fill it) nor Complete (keep it zero).
			return container.Supply(c, &biResApp{})
		}, kind: container.ErrBadInput, msg: "DB", after: func(ctx context.Context, c *container.Container) error {
			return errors.Join(biEq("a *biResApp was registered", container.Unregister[*biResApp](c), false), biRegUnchanged(ctx, c))
		}},
		{name: "Populated on a value that is not a struct pointer", call: func(_ context.Context, c *container.Container) error {
			return container.Supply(c, 42, container.Populated())
		}, kind: container.ErrBadInput, msg: "int"},

		// As and abstract registrations.
		{name: "As an interface the registered type does not implement", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegDB](c, nil, container.As[biRegGreeter]())
		}, kind: container.ErrTypeMismatch, msg: "biRegGreeter"},
		{name: "As on a non-interface", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegDB](c, nil, container.As[*biRegDB]())
		}, kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "a lifetime on an abstract registration", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[biRegGreeter](c, nil, container.Transient)
		}, kind: container.ErrBadInput, msg: "biRegGreeter"},
		{name: "As given twice", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biRegEnglish](c, nil, container.As[biRegGreeter](), container.As[biRegGreeter]())
		}, kind: container.ErrBadInput, msg: "biRegGreeter"},
		{name: "Supply As an interface the value does not implement", call: func(_ context.Context, c *container.Container) error {
			return container.Supply(c, &biRegDB{Name: "bad"}, container.As[biRegGreeter]())
		}, kind: container.ErrTypeMismatch, msg: "biRegGreeter"},
		{name: "abstract registration with AutoClose", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[biRegGreeter](c, nil, container.AutoClose())
		}, kind: container.ErrBadInput, msg: "biRegGreeter"},
		{name: "abstract registration with OnClose", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[biRegGreeter](c, nil, container.OnClose(func(context.Context, biRegGreeter) error { return nil }))
		}, kind: container.ErrBadInput, msg: "biRegGreeter"},
		{name: "abstract registration with AsFactory", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[biRegGreeter](c, nil, container.AsFactory())
		}, kind: container.ErrBadInput, msg: "biRegGreeter"},

		// Names and keys.
		{name: "duplicate name with Provide", setup: first(container.Named("primary")),
			call: prov(biNewBadRegDB, container.Named("primary")), kind: container.ErrDuplicate, msg: "primary", after: biRegNamed},
		{name: "duplicate name with Supply", setup: first(container.Named("primary")),
			call: func(_ context.Context, c *container.Container) error {
				return container.Supply(c, &biRegDB{Name: "bad"}, container.Named("primary"))
			}, kind: container.ErrDuplicate, msg: "primary", after: biRegNamed},
		{name: "duplicate name with a zero-value registration", setup: first(container.Named("primary")),
			call: strct(container.Named("primary")), kind: container.ErrDuplicate, msg: "primary", after: biRegNamed},
		{name: "duplicate int key", setup: first(container.Named(7)),
			call: prov(biNewBadRegDB, container.Named(7)), kind: container.ErrDuplicate, msg: "biRegDB"},
		{name: "empty name", call: prov(biNewBadRegDB, container.Named("")), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "two names", call: prov(biNewBadRegDB, container.Named("a"), container.Named("b")), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "NaN key with Provide", call: prov(biNewBadRegDB, container.Named(math.NaN())), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "NaN key with Supply", call: func(_ context.Context, c *container.Container) error {
			return container.Supply(c, &biRegDB{Name: "bad"}, container.Named(math.NaN()))
		}, kind: container.ErrBadInput, msg: "biRegDB"},

		// Lifetimes and the other options.
		{name: "Lifetime(9)", call: prov(biNewBadRegDB, container.Lifetime(9)), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "Lifetime(9) on a zero-value registration", call: strct(container.Lifetime(9)), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "two lifetimes", call: prov(biNewBadRegDB, container.Singleton, container.Transient), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "nil Option", call: prov(biNewBadRegDB, nil), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "OnClose with a nil func", call: prov(biNewBadRegDB, container.OnClose[*biRegDB](nil)), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "OnClose of another type", call: prov(biNewBadRegDB,
			container.OnClose(func(context.Context, *biRegOther) error { return nil })), kind: container.ErrBadInput, msg: "biRegDB"},
		{name: "AutoClose and Args on Supply", call: func(_ context.Context, c *container.Container) error {
			return container.Supply(c, &biRegDB{Name: "bad"}, container.AutoClose(), container.Args(1))
		}, kind: container.ErrBadInput, msg: "biRegDB"},
	}
	for i := range cases {
		if cases[i].after == nil {
			cases[i].after = biRegUnchanged
		}
	}
	biRun(t, cases)
}

// ---------------------------------------------------------------------------
// Tags and struct shapes.

type biTagDB struct{ _ byte }

type biTagCfg struct{ Host string }

type biTagUnknown struct {
	DB *biTagDB `inject:"optinal"`
}

type biTagDupOption struct {
	DB *biTagDB `inject:"optional,optional"`
}

type biTagEmptyName struct {
	DB *biTagDB `inject:"name="`
}

type biTagEmptyOption struct {
	DB *biTagDB `inject:"optional,,private"`
}

type biTagColon struct {
	DB *biTagDB `inject:"name:db"`
}

type biTagPrivateName struct {
	DB *biTagDB `inject:"private,name=db"`
}

type biTagPrivateFactory struct {
	New func() *biTagDB `inject:"private,factory"`
}

type biTagInlineMixed struct {
	Cfg biTagCfg `inject:"inline,optional"`
}

type biTagInlinePointer struct {
	DB *biTagDB `inject:"inline"`
}

type biTagInlineFactory struct {
	F container.Factory[*biTagDB] `inject:"inline"`
}

type biTagInlineKeyed struct {
	K container.Keyed[string, *biTagDB] `inject:"inline"`
}

type biTagWrongCase struct {
	DB *biTagDB `Inject:""`
}

// biTagMalformedType is struct{ DB *biTagDB `inject:"" json` }, built at
// run time because go vet rejects the malformed tag in source.
var biTagMalformedType = reflect.StructOf([]reflect.StructField{
	{Name: "DB", Type: reflect.TypeFor[*biTagDB](), Tag: `inject:"" json`},
})

type biTagTwice struct {
	DB *biTagDB `inject:"" inject:"optional"`
}

type biTagFactoryInt struct {
	N int `inject:"factory"`
}

type biTagMap struct {
	M map[string]int `inject:""`
}

type biTagUnexported struct {
	db *biTagDB `inject:""`
}

var _ = biTagUnexported{}.db

type biTagMid struct {
	DB *biTagDB `inject:"optinal"`
}

type biTagNested struct {
	Mid *biTagMid `inject:""`
}

type biTagBadInit struct{ _ byte }

func (*biTagBadInit) Init() string { return "" }

type biTagBadInitApp struct {
	S *biTagBadInit `inject:""`
}

func TestBadInput_Tags(t *testing.T) {
	cases := []biCase{
		{name: "unknown option", target: &biTagUnknown{}, kind: container.ErrBadTag, msg: "biTagUnknown.DB"},
		{name: "duplicate option", target: &biTagDupOption{}, kind: container.ErrBadTag, msg: "biTagDupOption.DB"},
		{name: "empty name", target: &biTagEmptyName{}, kind: container.ErrBadTag, msg: "biTagEmptyName.DB"},
		{name: "empty option between commas", target: &biTagEmptyOption{}, kind: container.ErrBadTag, msg: "biTagEmptyOption.DB"},
		{name: "name with a colon", target: &biTagColon{}, kind: container.ErrBadTag, msg: "biTagColon.DB"},
		{name: "private contradicts name", target: &biTagPrivateName{}, kind: container.ErrBadTag, msg: "biTagPrivateName.DB"},
		{name: "private contradicts factory", target: &biTagPrivateFactory{}, kind: container.ErrBadTag, msg: "biTagPrivateFactory.New"},
		{name: "inline with another option", target: &biTagInlineMixed{}, kind: container.ErrBadTag, msg: "biTagInlineMixed.Cfg"},
		{name: "inline on a pointer", target: &biTagInlinePointer{}, kind: container.ErrBadTag, msg: "biTagInlinePointer.DB"},
		{name: "inline on a Factory field", target: &biTagInlineFactory{}, kind: container.ErrBadTag, msg: "biTagInlineFactory.F"},
		{name: "inline on a Keyed field", target: &biTagInlineKeyed{}, kind: container.ErrBadTag, msg: "biTagInlineKeyed.K"},
		{name: "wrong-case key Inject", target: &biTagWrongCase{}, kind: container.ErrBadTag, msg: "biTagWrongCase.DB"},
		{name: "malformed struct tag", target: reflect.New(biTagMalformedType).Interface(), kind: container.ErrBadTag, msg: ".DB"},
		{name: "inject key twice", target: &biTagTwice{}, kind: container.ErrBadTag, msg: "biTagTwice.DB"},
		{name: "factory on an int", target: &biTagFactoryInt{}, kind: container.ErrBadTag, msg: "biTagFactoryInt.N"},
		{name: "map without private or name", target: &biTagMap{}, kind: container.ErrBadTag, msg: "biTagMap.M"},
		{name: "unexported tagged field", target: &biTagUnexported{}, kind: container.ErrBadTag, msg: "biTagUnexported.db"},
		{name: "bad tag one level down", target: &biTagNested{}, kind: container.ErrBadTag, msg: "Mid.DB"},
		{name: "Init of the wrong signature", target: &biTagBadInitApp{}, kind: container.ErrBadSignature, msg: "biTagBadInit"},
		{name: "Resolve a type with a bad tag", call: biResolve[*biTagUnknown](), kind: container.ErrBadTag, msg: "biTagUnknown.DB"},
		{name: "Resolve a Factory of a type with a bad tag", call: biResolve[container.Factory[*biTagUnknown]](),
			kind: container.ErrBadTag, msg: "biTagUnknown.DB"},
		{name: "Provide nil for a type with a bad tag", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biTagUnknown](c, nil)
		}, kind: container.ErrBadTag, msg: "biTagUnknown.DB"},
		{name: "Provide of a type with a bad tag", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biTagUnknown](c, func() *biTagUnknown { return &biTagUnknown{} })
		}, kind: container.ErrBadTag, msg: "biTagUnknown.DB"},
		{name: "Provide nil for a type with an unexported tagged field", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[*biTagUnexported](c, nil)
		}, kind: container.ErrBadTag, msg: "biTagUnexported.db"},
		{name: "Invoke with a parameter type with a bad tag", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*biTagUnknown) {})
		}, kind: container.ErrBadTag, msg: "biTagUnknown.DB"},
		{name: "package Populate with a bad tag", call: func(context.Context, *container.Container) error {
			var x biTagUnknown
			return biLeft(container.Populate(&x), x != biTagUnknown{}, "target filled")
		}, kind: container.ErrBadTag, msg: "biTagUnknown.DB"},
	}
	biRun(t, cases)
}

// ---------------------------------------------------------------------------
// Resolution: Populate, Resolve, Invoke, contexts, cycles, constructor
// results.

type biResDB struct {
	_    byte
	Name string
}

type biResOther struct{ _ byte }

type biResApp struct {
	DB *biResDB `inject:""`
}

// biResW is registered Transient so that call-time overrides apply.
type biResW struct {
	DB   *biResDB `inject:""`
	Name string
}

type biResEmb struct{ X int }

type biResOuter struct {
	*biResEmb
	Name string
}

type biResNeeds struct {
	DB *biResDB
	N  int
}

func biNewResNeeds(db *biResDB, n int) *biResNeeds { return &biResNeeds{DB: db, N: n} }

type biResIface interface{ BiRes() }

type biResNameMismatch struct {
	N int `inject:"name=dsn"`
}

type biResIfaceField struct {
	G biResIface `inject:""`
}

type biResOnce struct {
	DB    *biResDB `inject:""`
	Inits int
}

func (x *biResOnce) Init() { x.Inits++ }

type biResInitFails struct{ _ byte }

func (*biResInitFails) Init() error { return biErrBoom }

type biResInitApp struct {
	S *biResInitFails `inject:""`
}

type biResFn func() int

// biResWideType is a struct of 300 tagged fields: 299 that can be filled
// (*biResDB) and a last one that cannot (an interface nothing implements),
// so that a failed Populate has more than 256 fields to reset.
var biResWideType = func() reflect.Type {
	fields := make([]reflect.StructField, 300)
	for i := range fields {
		fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: reflect.TypeFor[*biResDB](), Tag: `inject:""`}
	}
	fields[299].Type = reflect.TypeFor[biResIface]()
	return reflect.StructOf(fields)
}()

// Interfaces with the same method set, for As between interfaces.
type (
	biIfA interface{ BiPing() }
	biIfB interface{ BiPing() }
	biIfC interface{ BiPong() }
	biIfD interface{ BiPong() }
)

type biCycA struct{ _ byte }

type biCycB struct{ _ byte }

type biCycPrivate struct {
	Next *biCycPrivate `inject:"private"`
}

type biCycInit1 struct{ _ byte }

func (*biCycInit1) Init(*biCycInit2) {}

type biCycInit2 struct{ _ byte }

func (*biCycInit2) Init(*biCycInit1) {}

type biCycInitApp struct {
	A *biCycInit1 `inject:""`
}

type biNilP struct{ _ byte }

type biNilApp struct {
	P *biNilP `inject:""`
}

type biScoped struct{ _ byte }

type biAbs interface{ BiAbs() }

type biDeleg struct{ _ byte }

type biDelegApp struct {
	D *biDeleg `inject:""`
}

func TestBadInput_Resolution(t *testing.T) {
	transientW := func(c *container.Container) error { return container.Provide[*biResW](c, nil, container.Transient) }
	needs := func(c *container.Container) error {
		return container.Provide[*biResNeeds](c, biNewResNeeds, container.Transient)
	}
	cases := []biCase{
		// Populate targets.
		{name: "Populate nil", call: func(ctx context.Context, c *container.Container) error { return c.Populate(ctx, nil) },
			kind: container.ErrBadInput, msg: "target"},
		{name: "Populate a non-pointer", call: func(ctx context.Context, c *container.Container) error {
			return c.Populate(ctx, biResApp{})
		}, kind: container.ErrBadInput, msg: "biResApp"},
		{name: "Populate a nil pointer", call: func(ctx context.Context, c *container.Container) error {
			return c.Populate(ctx, (*biResApp)(nil))
		}, kind: container.ErrBadInput, msg: "biResApp"},
		{name: "Populate a pointer to int", call: func(ctx context.Context, c *container.Container) error {
			n := 1
			return c.Populate(ctx, &n)
		}, kind: container.ErrBadInput, msg: "int"},
		{name: "Populate a pointer to a pointer", call: func(ctx context.Context, c *container.Container) error {
			var p *biResApp
			return c.Populate(ctx, &p)
		}, kind: container.ErrBadInput, msg: "biResApp"},
		{name: "Populate a good target and nil", call: func(ctx context.Context, c *container.Container) error {
			var app biResApp
			return biLeft(c.Populate(ctx, &app, nil), app.DB != nil, "the good target was filled")
		}, kind: container.ErrBadInput, msg: "target"},
		{name: "Populate the same target twice", call: func(ctx context.Context, c *container.Container) error {
			var v biResOnce
			if err := c.Populate(ctx, &v, &v); err != nil {
				return err
			}
			if v.DB == nil {
				return errors.New("the target was not populated")
			}
			return biEq("Init calls", v.Inits, 1)
		}},
		{name: "package Populate nil", call: func(context.Context, *container.Container) error { return container.Populate(nil) },
			kind: container.ErrBadInput, msg: "target"},
		{name: "package Populate a non-pointer", call: func(context.Context, *container.Container) error {
			return container.Populate(biResApp{})
		}, kind: container.ErrBadInput, msg: "biResApp"},

		// Lookups.
		{name: "Resolve an unregistered int", call: biResolve[int](), kind: container.ErrNotFound, msg: "int"},
		{name: "Resolve an unknown name", call: biResolve[*biResDB](container.Named("nope")), kind: container.ErrNotFound, msg: "nope"},
		{name: "Resolve a NaN key", call: biResolve[*biResDB](container.Named(math.NaN())), kind: container.ErrBadInput, msg: "biResDB"},
		{name: "Resolve a NaN key that is registered", setup: func(c *container.Container) error {
			return container.Supply(c, &biResDB{Name: "one"}, container.Named(1.5))
		}, call: biResolve[*biResDB](container.Named(math.NaN())), kind: container.ErrBadInput, msg: "biResDB"},
		{name: "Resolve with an empty name", call: biResolve[*biResDB](container.Named("")), kind: container.ErrBadInput, msg: "biResDB"},
		{name: "Resolve with two names", call: biResolve[*biResDB](container.Named("a"), container.Named("b")),
			kind: container.ErrBadInput, msg: "biResDB"},
		{name: "Resolve with a nil option", call: biResolve[*biResDB](nil), kind: container.ErrBadInput, msg: "biResDB"},
		{name: "name registered with another type", setup: func(c *container.Container) error {
			return container.Supply(c, "postgres://", container.Named("dsn"))
		}, target: &biResNameMismatch{}, kind: container.ErrTypeMismatch, msg: "biResNameMismatch.N"},
		{name: "interface field with no implementation", target: &biResIfaceField{}, kind: container.ErrNotFound, msg: "biResIfaceField.G"},
		{name: "two unnamed registrations", setup: func(c *container.Container) error {
			return errors.Join(container.Supply(c, &biResDB{Name: "a"}), container.Supply(c, &biResDB{Name: "b"}))
		}, target: &biResApp{}, kind: container.ErrAmbiguous, msg: "biResApp.DB"},

		// Call-time overrides.
		{name: "Field on a registered value", setup: func(c *container.Container) error {
			return container.Supply(c, &biResDB{Name: "value"})
		}, call: biResolve[*biResDB](container.Field("Name", "x")), kind: container.ErrBadInput, msg: "biResDB",
			after: func(ctx context.Context, c *container.Container) error {
				db, err := container.Resolve[*biResDB](ctx, c)
				if err != nil {
					return err
				}
				return biEq("the registered value's Name", db.Name, "value")
			}},
		{name: "Use on a registered value", setup: func(c *container.Container) error {
			return container.Supply(c, &biResW{DB: &biResDB{Name: "mine"}})
		}, call: biResolve[*biResW](container.Use(&biResDB{Name: "other"})), kind: container.ErrBadInput, msg: "biResW",
			after: func(ctx context.Context, c *container.Container) error {
				w, err := container.Resolve[*biResW](ctx, c)
				if err != nil {
					return err
				}
				return biEq("the registered value's DB", w.DB.Name, "mine")
			}},
		{name: "Field naming no field", setup: transientW, call: biResolve[*biResW](container.Field("Nope", 1)),
			kind: container.ErrBadInput, msg: "Nope"},
		{name: "Field of the wrong type", setup: transientW, call: biResolve[*biResW](container.Field("Name", 42)),
			kind: container.ErrTypeMismatch, msg: "Name"},
		{name: "Field given twice", setup: transientW, call: biResolve[*biResW](container.Field("Name", "a"), container.Field("Name", "b")),
			kind: container.ErrBadInput, msg: "Name"},
		{name: "Field through an embedded pointer", setup: func(c *container.Container) error {
			return container.Provide[*biResOuter](c, nil, container.Transient)
		}, call: biResolve[*biResOuter](container.Field("X", 1)), kind: container.ErrBadInput, msg: "X"},
		{name: "Use matching nothing", setup: transientW, call: biResolve[*biResW](container.Use(&biResOther{})),
			kind: container.ErrBadInput, msg: "biResOther"},
		{name: "Use given twice", setup: transientW, call: biResolve[*biResW](container.Use(&biResDB{}), container.Use(&biResDB{})),
			kind: container.ErrBadInput, msg: "biResDB"},
		{name: "call-time Args of the wrong type", setup: needs, call: biResolve[*biResNeeds](container.Args(&biResDB{}, "x")),
			kind: container.ErrTypeMismatch, msg: "biResNeeds"},
		{name: "call-time Args Dep of the wrong type", setup: needs,
			call: biResolve[*biResNeeds](container.Args(container.Dep[*biResOther](), 3)), kind: container.ErrTypeMismatch, msg: "biResNeeds"},
		{name: "call-time Args too many", setup: needs, call: biResolve[*biResNeeds](container.Args(&biResDB{}, 1, 2)),
			kind: container.ErrBadInput, msg: "biResNeeds"},
		{name: "call-time Args on a zero-value registration", setup: transientW, call: biResolve[*biResW](container.Args(1)),
			kind: container.ErrBadInput, msg: "biResW"},

		// Registrations that cannot be injected here.
		{name: "Scoped at the root", setup: func(c *container.Container) error {
			return container.Provide[*biScoped](c, nil, container.Scoped)
		}, call: biResolve[*biScoped](), kind: container.ErrNoScope, msg: "biScoped"},
		{name: "abstract registration not overridden", setup: func(c *container.Container) error {
			return container.Provide[biAbs](c, nil)
		}, call: biResolve[biAbs](), kind: container.ErrNotFound, msg: "biAbs"},
		{name: "delegated injected as a product", setup: func(c *container.Container) error {
			return container.Provide[*biDeleg](c, nil, container.AsFactory())
		}, target: &biDelegApp{}, kind: container.ErrTypeMismatch, msg: "biDelegApp.D"},
		{name: "delegated resolved as a product", setup: func(c *container.Container) error {
			return container.Provide[*biDeleg](c, nil, container.AsFactory())
		}, call: biResolve[*biDeleg](), kind: container.ErrTypeMismatch, msg: "biDeleg"},
		{name: "Resolve on a closed scope", call: func(ctx context.Context, c *container.Container) error {
			s := c.NewScope()
			if err := s.Close(ctx); err != nil {
				return err
			}
			_, err := container.Resolve[*biResDB](ctx, s)
			return err
		}, kind: container.ErrClosed, msg: "closed"},

		// As between interfaces of one method set.
		{name: "abstract interface also provided As another, resolve the As interface", setup: func(c *container.Container) error {
			return container.Provide[biIfB](c, nil, container.As[biIfA]())
		}, call: biResolve[biIfA](), kind: container.ErrNotFound, alt: container.ErrCycle, msg: "biIfA"},
		{name: "abstract interface also provided As another, resolve the abstract one", setup: func(c *container.Container) error {
			return container.Provide[biIfB](c, nil, container.As[biIfA]())
		}, call: biResolve[biIfB](), kind: container.ErrNotFound, alt: container.ErrCycle, msg: "biIfB"},
		// There is no way to make a registration stand for itself: As
		// repeating the registered type is refused.
		{name: "As repeating the registered type", call: func(_ context.Context, c *container.Container) error {
			return container.Provide[biIfC](c, nil, container.As[biIfC]())
		}, kind: container.ErrBadInput, msg: "biIfC", after: func(_ context.Context, c *container.Container) error {
			return biEq("a registration of biIfC was left behind", container.Unregister[biIfC](c), false)
		}},
		{name: "abstract interfaces provided As each other", call: func(ctx context.Context, c *container.Container) error {
			if err := container.Provide[biIfD](c, nil, container.As[biIfC]()); err != nil {
				return err
			}
			if err := container.Provide[biIfC](c, nil, container.As[biIfD]()); err != nil {
				return err
			}
			_, err := container.Resolve[biIfC](ctx, c)
			return err
		}, kind: container.ErrAmbiguous, msg: "biIfC"},

		// Cycles.
		{name: "cycle through constructor parameters", setup: func(c *container.Container) error {
			return errors.Join(
				container.Provide[*biCycA](c, func(*biCycB) *biCycA { return &biCycA{} }),
				container.Provide[*biCycB](c, func(*biCycA) *biCycB { return &biCycB{} }))
		}, call: biResolve[*biCycA](), kind: container.ErrCycle, msg: "biCycA"},
		{name: "cycle through private fields", target: &biCycPrivate{}, kind: container.ErrCycle, msg: "biCycPrivate.Next"},
		{name: "cycle through Init parameters", target: &biCycInitApp{}, kind: container.ErrCycle, msg: "biCycInitApp.A"},

		// Constructor results.
		{name: "constructor returns a nil pointer", setup: func(c *container.Container) error {
			return container.Provide[*biNilP](c, func() *biNilP { return nil })
		}, target: &biNilApp{}, kind: container.ErrConstructor, msg: "biNilApp.P"},
		{name: "constructor returns a nil pointer and nil error", setup: func(c *container.Container) error {
			return container.Provide[*biNilP](c, func() (*biNilP, error) { return nil, nil })
		}, call: biResolve[*biNilP](), kind: container.ErrConstructor, msg: "biNilP"},
		{name: "constructor returns a nil interface", setup: func(c *container.Container) error {
			return container.Provide[biResIface](c, func() biResIface { return nil })
		}, call: biResolve[biResIface](), kind: container.ErrConstructor, msg: "biResIface"},
		{name: "constructor returns a nil map", setup: func(c *container.Container) error {
			return container.Provide[map[string]int](c, func() map[string]int { return nil })
		}, call: biResolve[map[string]int](), kind: container.ErrConstructor, msg: "map[string]int"},
		{name: "constructor returns a nil chan", setup: func(c *container.Container) error {
			return container.Provide[chan int](c, func() chan int { return nil })
		}, call: biResolve[chan int](), kind: container.ErrConstructor, msg: "chan int"},
		{name: "constructor returns a nil func", setup: func(c *container.Container) error {
			return container.Provide[biResFn](c, func() biResFn { return nil })
		}, call: biResolve[biResFn](), kind: container.ErrConstructor, msg: "biResFn"},
		{name: "constructor of a broader type returns the wrong type", setup: func(c *container.Container) error {
			return container.Provide[biResIface](c, func() any { return 42 })
		}, call: biResolve[biResIface](), kind: container.ErrTypeMismatch, msg: "biResIface"},
		{name: "constructor fails", setup: func(c *container.Container) error {
			return container.Provide[*biResDB](c, func() (*biResDB, error) { return nil, biErrBoom })
		}, target: &biResApp{}, kind: container.ErrConstructor, msg: "biResApp.DB"},
		{name: "Init fails", target: &biResInitApp{}, kind: container.ErrInit, msg: "biResInitApp.S"},
		{name: "Populate a target of 300 tagged fields, the last failing", target: reflect.New(biResWideType).Interface(),
			kind: container.ErrNotFound, msg: "F299"},

		// Invoke.
		{name: "Invoke nil", call: func(ctx context.Context, c *container.Container) error { return c.Invoke(ctx, nil) },
			kind: container.ErrBadInput, msg: "invoke"},
		{name: "Invoke a non-function", call: func(ctx context.Context, c *container.Container) error { return c.Invoke(ctx, 42) },
			kind: container.ErrBadInput, msg: "int"},
		{name: "Invoke a nil func", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, (func(*biResDB))(nil))
		}, kind: container.ErrBadInput, msg: "biResDB"},
		{name: "Invoke a variadic func", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(...*biResDB) {})
		}, kind: container.ErrBadInput, msg: "biResDB"},
		{name: "Invoke with Field", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*biResDB) {}, container.Field("Name", "x"))
		}, kind: container.ErrBadInput, msg: "the option Field"},
		{name: "Invoke with Named", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*biResDB) {}, container.Named("x"))
		}, kind: container.ErrBadInput, msg: "the option Named"},
		{name: "Invoke with Use matching no parameter", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*biResDB) {}, container.Use(&biResOther{}))
		}, kind: container.ErrBadInput, msg: "biResOther"},
		{name: "Invoke with Args of the wrong type", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*biResDB) {}, container.Args("x"))
		}, kind: container.ErrTypeMismatch, msg: "biResDB"},
		{name: "Invoke with Args Dep of the wrong type", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*biResDB) {}, container.Args(container.Dep[*biResOther]()))
		}, kind: container.ErrTypeMismatch, msg: "biResDB"},
		{name: "Invoke with too many Args", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*biResDB) {}, container.Args(&biResDB{}, 2))
		}, kind: container.ErrBadInput, msg: "invoke"},
		{name: "Invoke with an unresolvable parameter", call: func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(int) {})
		}, kind: container.ErrNotFound, msg: "[arg 0]"},

		// Contexts.
		{name: "NewContext with a nil context", call: func(ctx context.Context, c *container.Container) error {
			s := c.NewScope()
			defer func() { _ = s.Close(ctx) }()
			sctx := container.NewContext(nil, s) //nolint:staticcheck // a nil context is the bad input
			got, err := container.Resolve[*container.Container](sctx, c)
			if err != nil {
				return err
			}
			if got != s {
				return fmt.Errorf("the context resolves in %p, want the scope %p", got, s)
			}
			var app biResApp
			return c.Populate(sctx, &app)
		}},
		{name: "NewContext with a nil scope", call: func(ctx context.Context, c *container.Container) error {
			sctx := container.NewContext(ctx, nil)
			got, err := container.Resolve[*container.Container](sctx, c)
			if err != nil {
				return err
			}
			if got != c {
				return fmt.Errorf("the context resolves in %p, want the root %p", got, c)
			}
			var u biProbeUser
			return c.Populate(sctx, &u)
		}},
		{name: "Resolve with a nil context", call: func(_ context.Context, c *container.Container) error {
			got, err := container.Resolve[*container.Container](nil, c) //nolint:staticcheck // a nil context is the bad input
			if err != nil {
				return err
			}
			if got != c {
				return fmt.Errorf("Resolve with a nil context resolves in %p, want the root %p", got, c)
			}
			return nil
		}},
		{name: "Populate with a nil context and a bad target", call: func(_ context.Context, c *container.Container) error {
			return c.Populate(nil, &biResIfaceField{}) //nolint:staticcheck // a nil context is the bad input
		}, kind: container.ErrNotFound, msg: "biResIfaceField.G"},
	}
	biRun(t, cases)
}

// ---------------------------------------------------------------------------
// Factories: Factory.New, Factory.NewOwned, Keyed.New, Keys and Has.

type biFacW struct {
	DB   *biResDB `inject:""`
	Name string
}

type biFacOuter struct {
	*biResEmb
	Name string
}

func TestBadInput_Factories(t *testing.T) {
	transient := func(c *container.Container) error { return container.Provide[*biFacW](c, nil, container.Transient) }
	keyed := func(c *container.Container) error {
		return errors.Join(
			container.Provide[*biFacW](c, nil, container.Transient, container.Named("a")),
			container.Provide[*biFacW](c, nil, container.Transient, container.Named("b")))
	}
	floatKeyed := func(c *container.Container) error {
		return container.Provide[*biFacW](c, nil, container.Transient, container.Named(1.5))
	}
	fnew := func(opts ...container.Option) func(context.Context, *container.Container) error {
		return func(ctx context.Context, c *container.Container) error {
			f, err := container.Resolve[container.Factory[*biFacW]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			_, err = f.New(ctx, opts...)
			return err
		}
	}
	knew := func(key string, opts ...container.Option) func(context.Context, *container.Container) error {
		return func(ctx context.Context, c *container.Container) error {
			k, err := container.Resolve[container.Keyed[string, *biFacW]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			_, err = k.New(ctx, key, opts...)
			return err
		}
	}
	cases := []biCase{
		{name: "zero Factory New", call: func(ctx context.Context, _ *container.Container) error {
			_, err := container.Factory[*biFacW]{}.New(ctx)
			return err
		}, kind: container.ErrBadInput, msg: "biFacW"},
		{name: "zero Factory NewOwned", call: func(ctx context.Context, _ *container.Container) error {
			_, _, err := container.Factory[*biFacW]{}.NewOwned(ctx)
			return err
		}, kind: container.ErrBadInput, msg: "biFacW"},
		{name: "zero Keyed New", call: func(ctx context.Context, _ *container.Container) error {
			_, err := container.Keyed[string, *biFacW]{}.New(ctx, "a")
			return err
		}, kind: container.ErrBadInput, msg: "biFacW"},
		{name: "zero Keyed Keys", call: func(context.Context, *container.Container) error {
			if ks := (container.Keyed[string, *biFacW]{}).Keys(); ks != nil {
				return fmt.Errorf("Keys = %v, want nil", ks)
			}
			return nil
		}},
		{name: "zero Keyed Has", call: func(context.Context, *container.Container) error {
			return biEq("Has", container.Keyed[string, *biFacW]{}.Has("a"), false)
		}},
		{name: "Keyed New with an unknown key", setup: keyed, call: knew("zzz"), kind: container.ErrNotFound, msg: "zzz"},
		{name: "Keyed New with a NaN key", setup: floatKeyed, call: func(ctx context.Context, c *container.Container) error {
			k, err := container.Resolve[container.Keyed[float64, *biFacW]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			if k.Has(math.NaN()) {
				return errors.New("Has(NaN) is true")
			}
			_, err = k.New(ctx, math.NaN())
			return err
		}, kind: container.ErrBadInput, msg: "biFacW"},
		{name: "Keyed New with a nil option", setup: keyed, call: knew("a", nil), kind: container.ErrBadInput, msg: "biFacW"},
		{name: "Keyed New with Named", setup: keyed, call: knew("a", container.Named("b")),
			kind: container.ErrBadInput, msg: "the option Named"},
		{name: "Keyed New with Field naming no field", setup: keyed, call: knew("a", container.Field("Nope", 1)),
			kind: container.ErrBadInput, msg: "Nope"},
		{name: "Factory New with Field naming no field", setup: transient, call: fnew(container.Field("Nope", 1)),
			kind: container.ErrBadInput, msg: "Nope"},
		{name: "Factory New with Field of the wrong type", setup: transient, call: fnew(container.Field("Name", 42)),
			kind: container.ErrTypeMismatch, msg: "Name"},
		{name: "Factory New with Field through an embedded pointer", call: func(ctx context.Context, c *container.Container) error {
			f, err := container.Resolve[container.Factory[*biFacOuter]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			_, err = f.New(ctx, container.Field("X", 1))
			return err
		}, kind: container.ErrBadInput, msg: "X"},
		{name: "Factory New with Use matching nothing", setup: transient, call: fnew(container.Use(&biResOther{})),
			kind: container.ErrBadInput, msg: "biResOther"},
		{name: "Factory New with Args on a zero-value registration", setup: transient, call: fnew(container.Args(1)),
			kind: container.ErrBadInput, msg: "biFacW"},
		{name: "Factory New with Args of the wrong type", call: func(ctx context.Context, c *container.Container) error {
			if err := container.Provide[*biResNeeds](c, biNewResNeeds, container.Transient); err != nil {
				return err
			}
			f, err := container.Resolve[container.Factory[*biResNeeds]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			_, err = f.New(ctx, container.Args(&biResDB{}, "x"))
			return err
		}, kind: container.ErrTypeMismatch, msg: "biResNeeds"},
		{name: "Factory New with overrides on a registered value", setup: func(c *container.Container) error {
			return container.Supply(c, &biFacW{DB: &biResDB{}, Name: "value"})
		}, call: fnew(container.Field("Name", "x")), kind: container.ErrBadInput, msg: "biFacW",
			after: func(ctx context.Context, c *container.Container) error {
				w, err := container.Resolve[*biFacW](ctx, c)
				if err != nil {
					return err
				}
				return biEq("the registered value's Name", w.Name, "value")
			}},
		{name: "Factory New with an unknown name", setup: transient, call: fnew(container.Named("nope")), kind: container.ErrNotFound, msg: "nope"},
		{name: "Factory New with a NaN key", setup: transient, call: fnew(container.Named(math.NaN())), kind: container.ErrBadInput, msg: "biFacW"},
		{name: "Factory New with a nil option", setup: transient, call: fnew(nil), kind: container.ErrBadInput, msg: "biFacW"},
		{name: "Factory New of an abstract registration not overridden", call: func(ctx context.Context, c *container.Container) error {
			if err := container.Provide[biAbs](c, nil); err != nil {
				return err
			}
			f, err := container.Resolve[container.Factory[biAbs]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			_, err = f.New(ctx)
			return err
		}, kind: container.ErrNotFound, msg: "biAbs"},
		{name: "Factory NewOwned with Field naming no field", setup: transient, call: func(ctx context.Context, c *container.Container) error {
			f, err := container.Resolve[container.Factory[*biFacW]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			_, _, err = f.NewOwned(ctx, container.Field("Nope", 1))
			return err
		}, kind: container.ErrBadInput, msg: "Nope"},
		{name: "Factory New on a closed scope", setup: transient, call: func(ctx context.Context, c *container.Container) error {
			s := c.NewScope()
			f, err := container.Resolve[container.Factory[*biFacW]](ctx, s)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			if err := s.Close(ctx); err != nil {
				return err
			}
			_, err = f.New(ctx)
			return err
		}, kind: container.ErrClosed, msg: "closed"},
	}
	biRun(t, cases)
}

// ---------------------------------------------------------------------------
// Overrides, Unregister and Reset.

type biOvDB struct {
	_    byte
	Name string
}

type biOvOther struct{ _ byte }

// biOvOrig registers the original *biOvDB.
func biOvOrig(c *container.Container) error {
	return container.Supply(c, &biOvDB{Name: "orig"})
}

// biOvIsOrig checks that *biOvDB resolves to the original.
func biOvIsOrig(ctx context.Context, c *container.Container) error {
	db, err := container.Resolve[*biOvDB](ctx, c)
	if err != nil {
		return err
	}
	return biEq("*biOvDB", db.Name, "orig")
}

func TestBadInput_Overrides(t *testing.T) {
	over := func(ctor any, opts ...container.Option) func(context.Context, *container.Container) error {
		return func(_ context.Context, c *container.Container) error {
			h, err := container.Override[*biOvDB](c, ctor, opts...)
			return biLeft(err, h != nil, "a handle for a failed override")
		}
	}
	newBad := func() *biOvDB { return &biOvDB{Name: "bad"} }
	cases := []biCase{
		{name: "Override with a value of another type", call: over(42), kind: container.ErrTypeMismatch, msg: "biOvDB"},
		{name: "Override with a nil func", call: over((func() *biOvDB)(nil)), kind: container.ErrBadSignature, msg: "biOvDB"},
		{name: "Override with a result that is not assignable", call: over(func() *biOvOther { return &biOvOther{} }),
			kind: container.ErrTypeMismatch, msg: "biOvDB"},
		{name: "Override with a nil option", call: over(newBad, nil), kind: container.ErrBadInput, msg: "biOvDB"},
		{name: "Override with Lifetime(9)", call: over(newBad, container.Lifetime(9)), kind: container.ErrBadInput, msg: "biOvDB"},
		{name: "Override with an empty name", call: over(newBad, container.Named("")), kind: container.ErrBadInput, msg: "biOvDB"},
		{name: "Override with a NaN key", call: over(newBad, container.Named(math.NaN())), kind: container.ErrBadInput, msg: "biOvDB"},
		{name: "Override with Args of the wrong type", call: over(func(*biOvOther) *biOvDB { return &biOvDB{} }, container.Args(1)),
			kind: container.ErrTypeMismatch, msg: "biOvDB"},
		{name: "Override of an abstract registration with the wrong type", setup: func(c *container.Container) error {
			return container.Provide[biAbs](c, nil)
		}, call: func(_ context.Context, c *container.Container) error {
			h, err := container.Override[biAbs](c, func() *biOvDB { return &biOvDB{} })
			return biLeft(err, h != nil, "a handle for a failed override")
		}, kind: container.ErrTypeMismatch, msg: "biAbs"},
		{name: "Override with an untyped nil", call: func(_ context.Context, c *container.Container) error {
			h, err := container.Override[*biOvDB](c, nil)
			return biLeft(err, h != nil, "a handle for a failed override")
		}, kind: container.ErrBadInput, msg: "biOvDB"},
		{name: "Override with a typed nil pointer", call: over((*biOvDB)(nil)), kind: container.ErrBadInput, msg: "biOvDB"},
		{name: "Override with As", call: over(newBad, container.As[fmt.Stringer]()), kind: container.ErrBadInput, msg: "the option As"},
		{name: "Override with a value AsFactory", call: over(&biOvDB{Name: "bad"}, container.AsFactory()), kind: container.ErrBadInput, msg: "biOvDB"},
		{name: "Override with a value and a lifetime", call: func(_ context.Context, c *container.Container) error {
			h, err := container.Override[*biOvDB](c, &biOvDB{Name: "bad"}, container.Transient)
			return biLeft(err, h != nil, "a handle for a failed override")
		}, kind: container.ErrBadInput, msg: "biOvDB"},
		{name: "restore twice", setup: biOvOrig, call: func(ctx context.Context, c *container.Container) error {
			h, err := container.Override[*biOvDB](c, &biOvDB{Name: "over"})
			if err != nil {
				return err
			}
			h()
			h()
			return biOvIsOrig(ctx, c)
		}},
		{name: "restore out of order", setup: biOvOrig, call: func(ctx context.Context, c *container.Container) error {
			h1, err := container.Override[*biOvDB](c, &biOvDB{Name: "one"})
			if err != nil {
				return err
			}
			h2, err := container.Override[*biOvDB](c, &biOvDB{Name: "two"})
			if err != nil {
				return err
			}
			h1()
			h2()
			h1()
			return biOvIsOrig(ctx, c)
		}},
		// restore is a plain func: calling it after the container closed, or
		// from two goroutines at once, neither panics nor restores twice.
		{name: "restore after Close", setup: biOvOrig, call: func(ctx context.Context, c *container.Container) error {
			h, err := container.Override[*biOvDB](c, &biOvDB{Name: "over"})
			if err != nil {
				return err
			}
			if err := c.Close(ctx); err != nil {
				return err
			}
			h()
			h()
			return nil
		}, closes: true},
		{name: "restore twice concurrently", setup: biOvOrig, call: func(ctx context.Context, c *container.Container) error {
			h1, err := container.Override[*biOvDB](c, &biOvDB{Name: "one"})
			if err != nil {
				return err
			}
			h2, err := container.Override[*biOvDB](c, &biOvDB{Name: "two"})
			if err != nil {
				return err
			}
			done := make(chan struct{})
			go func() { h2(); close(done) }()
			h2()
			<-done
			db, err := container.Resolve[*biOvDB](ctx, c)
			if err != nil {
				return err
			}
			if err := biEq("*biOvDB after restoring the inner override", db.Name, "one"); err != nil {
				return err
			}
			h1()
			return biOvIsOrig(ctx, c)
		}},
		{name: "Unregister something never registered", call: func(_ context.Context, c *container.Container) error {
			return biEq("Unregister", container.Unregister[*biOvOther](c), false)
		}},
		{name: "Unregister an unknown name", setup: biOvOrig, call: func(ctx context.Context, c *container.Container) error {
			return errors.Join(biEq("Unregister", container.Unregister[*biOvDB](c, container.Named("nope")), false), biOvIsOrig(ctx, c))
		}},
		{name: "Unregister a NaN key", setup: func(c *container.Container) error {
			return container.Supply(c, &biOvDB{Name: "k"}, container.Named(1.5))
		}, call: func(ctx context.Context, c *container.Container) error {
			if err := biEq("Unregister", container.Unregister[*biOvDB](c, container.Named(math.NaN())), false); err != nil {
				return err
			}
			db, err := container.Resolve[*biOvDB](ctx, c, container.Named(1.5))
			if err != nil {
				return err
			}
			return biEq("Named(1.5)", db.Name, "k")
		}},
		{name: "Unregister the probe's type under a name", call: func(_ context.Context, c *container.Container) error {
			return biEq("Unregister", container.Unregister[*biProbe](c, container.Named("probe")), false)
		}},
		{name: "Reset something not built", setup: func(c *container.Container) error {
			return container.Provide[*biOvDB](c, nil)
		}, call: func(ctx context.Context, c *container.Container) error {
			return container.Reset[*biOvDB](ctx, c)
		}},
		{name: "Reset with a nil context", setup: biOvOrig, call: func(_ context.Context, c *container.Container) error {
			return errors.Join(container.Reset[*biOvDB](nil, c), biOvIsOrig(context.Background(), c)) //nolint:staticcheck // a nil context is the bad input
		}},
		{name: "Reset with a NaN key", call: func(ctx context.Context, c *container.Container) error {
			return container.Reset[*biOvDB](ctx, c, container.Named(math.NaN()))
		}, kind: container.ErrBadInput, msg: "biOvDB"},
	}
	for i := range cases {
		if cases[i].after == nil && cases[i].kind != nil {
			cases[i].after = func(ctx context.Context, c *container.Container) error {
				db, err := container.Resolve[*biOvDB](ctx, c)
				if err != nil {
					return err
				}
				return biEq("*biOvDB after a failed override", db.Name, "")
			}
		}
	}
	biRun(t, cases)
}

// ---------------------------------------------------------------------------
// Nil and zero receivers.

type biNilDB struct{ _ byte }

type biNilGreeter interface{ BiNilGreet() }

type biNilEnglish struct{ _ byte }

func (*biNilEnglish) BiNilGreet() {}

func TestBadInput_NilReceivers(t *testing.T) {
	// Each row gets its own receivers, so that one row cannot break the next.
	type recv func() *container.Container
	nilC := func() *container.Container { return nil }
	zeroC := func() *container.Container { return &container.Container{} }
	receivers := []struct {
		name     string
		get      recv
		msg      string
		scopeNil bool // NewScope must return nil
	}{
		{"nil *Container", nilC, "Container", true},
		{"zero Container", zeroC, "container.New", false},
	}
	methods := []struct {
		name string
		call func(ctx context.Context, r *container.Container) error
	}{
		{"Populate", func(ctx context.Context, r *container.Container) error {
			var app biResApp
			return biLeft(r.Populate(ctx, &app), app.DB != nil, "target filled")
		}},
		{"Invoke", func(ctx context.Context, r *container.Container) error { return r.Invoke(ctx, func(*biNilDB) {}) }},
		{"Resolve", func(ctx context.Context, r *container.Container) error {
			_, err := container.Resolve[*biNilDB](ctx, r)
			return err
		}},
		{"Provide", func(_ context.Context, r *container.Container) error {
			return container.Provide[*biNilDB](r, func() *biNilDB { return &biNilDB{} })
		}},
		{"Provide nil", func(_ context.Context, r *container.Container) error { return container.Provide[*biNilDB](r, nil) }},
		{"Provide a value", func(_ context.Context, r *container.Container) error {
			return container.Provide[*biNilDB](r, &biNilDB{})
		}},
		{"Supply", func(_ context.Context, r *container.Container) error { return container.Supply(r, &biNilDB{}) }},
		{"Provide with As", func(_ context.Context, r *container.Container) error {
			return container.Provide[*biNilEnglish](r, nil, container.As[biNilGreeter]())
		}},
		{"Provide an abstract interface", func(_ context.Context, r *container.Container) error {
			return container.Provide[biNilGreeter](r, nil)
		}},
		{"Override", func(_ context.Context, r *container.Container) error {
			h, err := container.Override[*biNilDB](r, func() *biNilDB { return &biNilDB{} })
			return biLeft(err, h != nil, "a handle for a failed override")
		}},
		{"Override with a value", func(_ context.Context, r *container.Container) error {
			h, err := container.Override[*biNilDB](r, &biNilDB{})
			return biLeft(err, h != nil, "a handle for a failed override")
		}},
		{"Reset", func(ctx context.Context, r *container.Container) error { return container.Reset[*biNilDB](ctx, r) }},
		{"Run", func(ctx context.Context, r *container.Container) error {
			return container.Run(ctx, r, &biResApp{}, func(context.Context) error { return nil })
		}},
	}
	var cases []biCase
	for _, rc := range receivers {
		for _, m := range methods {
			cases = append(cases, biCase{name: rc.name + " " + m.name,
				call: func(ctx context.Context, _ *container.Container) error { return m.call(ctx, rc.get()) },
				kind: container.ErrBadInput, msg: rc.msg})
		}
		cases = append(cases,
			biCase{name: rc.name + " Close", call: func(ctx context.Context, _ *container.Container) error {
				return rc.get().Close(ctx)
			}},
			biCase{name: rc.name + " Close twice with a nil context", call: func(context.Context, *container.Container) error {
				r := rc.get()
				return errors.Join(r.Close(nil), r.Close(nil)) //nolint:staticcheck // a nil context is the bad input
			}},
			biCase{name: rc.name + " Unregister", call: func(context.Context, *container.Container) error {
				return biEq("Unregister", container.Unregister[*biNilDB](rc.get()), false)
			}},
			biCase{name: rc.name + " Parent", call: func(context.Context, *container.Container) error {
				if p := rc.get().Parent(); p != nil {
					return fmt.Errorf("Parent = %p, want nil", p)
				}
				return nil
			}},
			biCase{name: rc.name + " NewScope", call: func(ctx context.Context, _ *container.Container) error {
				s := rc.get().NewScope()
				if s == nil {
					return nil
				}
				if rc.scopeNil {
					return fmt.Errorf("NewScope = %p, want nil", s)
				}
				// A scope of an unusable container may exist, but must be
				// unusable too.
				err := s.Populate(ctx, &biResApp{})
				if !errors.Is(err, container.ErrBadInput) && !errors.Is(err, container.ErrClosed) {
					return fmt.Errorf("Populate on its scope: want ErrBadInput or ErrClosed, got %v", err)
				}
				return nil
			}},
			biCase{name: rc.name + " in NewContext", call: func(ctx context.Context, c *container.Container) error {
				sctx := container.NewContext(ctx, rc.get())
				var u biProbeUser
				return c.Populate(sctx, &u)
			}},
		)
	}
	biRun(t, cases)
}

// ---------------------------------------------------------------------------
// Lifecycle: Close, scopes and Run.

type biLcRes struct{ _ byte }

type biLcApp struct {
	R *biLcRes `inject:""`
}

func TestBadInput_Lifecycle(t *testing.T) {
	failingOnClose := func(c *container.Container) error {
		return container.Provide[*biLcRes](c, nil, container.OnClose(func(context.Context, *biLcRes) error { return biErrBoom }))
	}
	runOK := func(context.Context) error { return nil }
	cases := []biCase{
		{name: "Close with a nil context", call: func(_ context.Context, c *container.Container) error {
			return c.Close(nil) //nolint:staticcheck // a nil context is the bad input
		}, closes: true},
		{name: "Close twice", call: func(ctx context.Context, c *container.Container) error {
			return errors.Join(c.Close(ctx), c.Close(ctx))
		}, closes: true},
		{name: "Close with a cancelled context", call: func(ctx context.Context, c *container.Container) error {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			return c.Close(cctx)
		}, kind: container.ErrCleanup, msg: "context canceled", closes: true},
		{name: "Close with an expired deadline", call: func(ctx context.Context, c *container.Container) error {
			dctx, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
			defer cancel()
			return c.Close(dctx)
		}, kind: container.ErrCleanup, msg: "deadline exceeded", closes: true},
		{name: "Resolve after Close", call: func(ctx context.Context, c *container.Container) error {
			if err := c.Close(ctx); err != nil {
				return err
			}
			_, err := container.Resolve[*biLcRes](ctx, c)
			return err
		}, kind: container.ErrClosed, msg: "closed", closes: true},
		{name: "Populate after Close", call: func(ctx context.Context, c *container.Container) error {
			if err := c.Close(ctx); err != nil {
				return err
			}
			var app biLcApp
			return biLeft(c.Populate(ctx, &app), app.R != nil, "target filled")
		}, kind: container.ErrClosed, msg: "closed", closes: true},
		{name: "Invoke after Close", call: func(ctx context.Context, c *container.Container) error {
			if err := c.Close(ctx); err != nil {
				return err
			}
			return c.Invoke(ctx, func(*biLcRes) {})
		}, kind: container.ErrClosed, msg: "closed", closes: true},
		{name: "NewScope of a closed scope", call: func(ctx context.Context, c *container.Container) error {
			s := c.NewScope()
			if err := s.Close(ctx); err != nil {
				return err
			}
			s2 := s.NewScope()
			if s2 == nil {
				return errors.New("NewScope of a closed scope returned nil")
			}
			if s2.Parent() != s {
				return errors.New("the new scope's Parent is not the closed scope")
			}
			var app biLcApp
			return biLeft(s2.Populate(ctx, &app), app.R != nil, "target filled")
		}, kind: container.ErrClosed, msg: "closed"},
		{name: "scope Close with a failing OnClose", setup: func(c *container.Container) error {
			return container.Provide[*biLcRes](c, nil, container.Scoped, container.OnClose(func(context.Context, *biLcRes) error { return biErrBoom }))
		}, call: func(ctx context.Context, c *container.Container) error {
			s := c.NewScope()
			if _, err := container.Resolve[*biLcRes](ctx, s); err != nil {
				return err
			}
			return s.Close(ctx)
		}, kind: container.ErrCleanup, msg: "biLcRes"},
		{name: "Close with a failing OnClose", setup: failingOnClose, call: func(ctx context.Context, c *container.Container) error {
			if _, err := container.Resolve[*biLcRes](ctx, c); err != nil {
				return err
			}
			return c.Close(ctx)
		}, kind: container.ErrCleanup, msg: "biLcRes", closes: true},
		// An option New does not take makes every use of the container fail.
		{name: "New with an option it does not take", call: func(ctx context.Context, _ *container.Container) error {
			c2 := container.New(container.Named("x"))
			var app biLcApp
			if err := c2.Populate(ctx, &app); !errors.Is(err, container.ErrBadInput) || app.R != nil {
				return fmt.Errorf("Populate on the container: want ErrBadInput and no field set, got %v", err)
			}
			_, err := container.Resolve[*biLcRes](ctx, c2)
			return err
		}, kind: container.ErrBadInput, msg: "the option Named"},
		{name: "New with a nil option", call: func(ctx context.Context, _ *container.Container) error {
			_, err := container.Resolve[*biLcRes](ctx, container.New(nil))
			return err
		}, kind: container.ErrBadInput, msg: "nil option"},
		{name: "New with Observe(nil)", call: func(ctx context.Context, _ *container.Container) error {
			_, err := container.Resolve[*biLcRes](ctx, container.New(container.Observe(nil)))
			return err
		}, kind: container.ErrBadInput, msg: "Observe"},
		{name: "Parent of the root", call: func(context.Context, *container.Container) error {
			if p := container.New().Parent(); p != nil {
				return fmt.Errorf("Parent = %p, want nil", p)
			}
			return nil
		}},
		{name: "Run with a nil target", call: func(ctx context.Context, c *container.Container) error {
			return container.Run(ctx, c, nil, runOK)
		}, kind: container.ErrBadInput, msg: "target", closes: true},
		{name: "Run with a non-pointer target", call: func(ctx context.Context, c *container.Container) error {
			return container.Run(ctx, c, biLcApp{}, runOK)
		}, kind: container.ErrBadInput, msg: "biLcApp", closes: true},
		{name: "Run with a target with a bad tag", call: func(ctx context.Context, c *container.Container) error {
			return container.Run(ctx, c, &biTagUnknown{}, runOK)
		}, kind: container.ErrBadTag, msg: "biTagUnknown.DB", closes: true},
		// A bad option is refused before Run populates or closes anything.
		{name: "Run with a negative ShutdownTimeout", call: func(ctx context.Context, c *container.Container) error {
			var app biLcApp
			return biLeft(container.Run(ctx, c, &app, runOK, container.ShutdownTimeout(-time.Second)), app.R != nil, "target filled")
		}, kind: container.ErrBadInput, msg: "ShutdownTimeout"},
		{name: "Run with a zero ShutdownTimeout", call: func(ctx context.Context, c *container.Container) error {
			var app biLcApp
			return biLeft(container.Run(ctx, c, &app, runOK, container.ShutdownTimeout(0)), app.R != nil, "target filled")
		}, kind: container.ErrBadInput, msg: "ShutdownTimeout"},
		{name: "Run with a nil option", call: func(ctx context.Context, c *container.Container) error {
			ran := false
			err := container.Run(ctx, c, &biProbeUser{}, func(context.Context) error { ran = true; return nil }, nil)
			return biLeft(err, ran, "the run function was called")
		}, kind: container.ErrBadInput, msg: "nil option"},
		{name: "Run with an option it does not take", call: func(ctx context.Context, c *container.Container) error {
			ran := false
			err := container.Run(ctx, c, &biProbeUser{}, func(context.Context) error { ran = true; return nil }, container.Named("x"))
			return biLeft(err, ran, "the run function was called")
		}, kind: container.ErrBadInput, msg: "the option Named"},
		{name: "Run with a nil context", call: func(_ context.Context, c *container.Container) error {
			return container.Run(nil, c, &biProbeUser{}, runOK) //nolint:staticcheck // a nil context is the bad input
		}, closes: true},
		{name: "Run on a closed container", call: func(ctx context.Context, c *container.Container) error {
			if err := c.Close(ctx); err != nil {
				return err
			}
			return container.Run(ctx, c, &biLcApp{}, runOK)
		}, kind: container.ErrClosed, msg: "closed", closes: true},
	}
	biRun(t, cases)
}

// ---------------------------------------------------------------------------
// Panics in user code.

// biArm makes user code panic (or call runtime.Goexit) while it is on. It
// is registered with Supply, so user types can take it as a
// dependency.
type biArm struct {
	on     atomic.Bool
	value  any
	goexit bool
}

func (a *biArm) fire() {
	if !a.on.Load() {
		return
	}
	if a.goexit {
		runtime.Goexit()
	}
	panic(a.value)
}

type biPanDB struct{ _ byte }

type biPanApp struct {
	DB *biPanDB `inject:""`
}

type biPanFuncApp struct {
	New func() (*biPanDB, error) `inject:"factory"`
}

func biPanCtor(a *biArm) func() *biPanDB {
	return func() *biPanDB {
		a.fire()
		return &biPanDB{}
	}
}

// Init in each accepted shape.

type biInit1 struct {
	Arm *biArm `inject:""`
}

func (x *biInit1) Init() { x.Arm.fire() }

type biInit2 struct {
	Arm *biArm `inject:""`
}

func (x *biInit2) Init() error { x.Arm.fire(); return nil }

type biInit3 struct {
	Arm *biArm `inject:""`
}

func (x *biInit3) Init(context.Context) { x.Arm.fire() }

type biInit4 struct {
	Arm *biArm `inject:""`
}

func (x *biInit4) Init(context.Context) error { x.Arm.fire(); return nil }

type biInit5 struct{ _ byte }

func (*biInit5) Init(a *biArm) { a.fire() }

type biInit6 struct{ _ byte }

func (*biInit6) Init(a *biArm) error { a.fire(); return nil }

type biInit7 struct{ _ byte }

func (*biInit7) Init(_ context.Context, a *biArm) { a.fire() }

type biInit8 struct{ _ byte }

func (*biInit8) Init(_ context.Context, a *biArm) error { a.fire(); return nil }

type biInitApp1 struct {
	Svc *biInit1 `inject:""`
}

type biInitApp2 struct {
	Svc *biInit2 `inject:""`
}

type biInitApp3 struct {
	Svc *biInit3 `inject:""`
}

type biInitApp4 struct {
	Svc *biInit4 `inject:""`
}

type biInitApp5 struct {
	Svc *biInit5 `inject:""`
}

type biInitApp6 struct {
	Svc *biInit6 `inject:""`
}

type biInitApp7 struct {
	Svc *biInit7 `inject:""`
}

type biInitApp8 struct {
	Svc *biInit8 `inject:""`
}

type biMeth struct {
	Arm *biArm `inject:""`
	N   int
}

func (x *biMeth) Configure(n int) {
	x.N = n
	x.Arm.fire()
}

type biMethApp struct {
	M *biMeth `inject:""`
}

type biPanClean struct{ _ byte }

type biCloser struct {
	Arm *biArm `inject:""`
}

func (x *biCloser) Close() { x.Arm.fire() }

type biCloserCtx struct {
	Arm *biArm `inject:""`
}

func (x *biCloserCtx) Close(context.Context) error { x.Arm.fire(); return nil }

type biOnCl struct{ _ byte }

type biRbA struct{ _ byte }

type biRbB struct{ _ byte }

type biRbApp struct {
	A *biRbA `inject:""`
	B *biRbB `inject:""`
}

var biErrPanicValue = errors.New("bi: a panic value that is an error")

// biPanicCase is one panic site.
type biPanicCase struct {
	name string
	// setup registers the user code; a is on.
	setup func(c *container.Container, a *biArm) error
	call  func(ctx context.Context, c *container.Container, a *biArm) error
	// value is the panic value (default: a string naming the row); goexit
	// makes the user code call runtime.Goexit instead, which may end the
	// calling goroutine (it cannot be stopped) but must release everything.
	value  any
	goexit bool
	// kind is the error kind (default ErrPanic); errors.Is(err, ErrPanic)
	// must hold as well.
	kind error
	// path must occur in the *Error's Path (builds); msg in the message.
	path, msg string
	closes    bool
	// retry: once the arm is off, the same call succeeds.
	retry bool
}

func TestBadInput_Panics(t *testing.T) {
	populate := func(target func() any) func(context.Context, *container.Container, *biArm) error {
		return func(ctx context.Context, c *container.Container, _ *biArm) error {
			tg := target()
			err := c.Populate(ctx, tg)
			return biLeft(err, err != nil && !reflect.ValueOf(tg).Elem().IsZero(), "target filled")
		}
	}
	provideDB := func(opts ...container.Option) func(*container.Container, *biArm) error {
		return func(c *container.Container, a *biArm) error {
			return container.Provide[*biPanDB](c, biPanCtor(a), opts...)
		}
	}
	resolveDB := func(ctx context.Context, c *container.Container, _ *biArm) error {
		_, err := container.Resolve[*biPanDB](ctx, c)
		return err
	}
	closeC := func(ctx context.Context, c *container.Container, _ *biArm) error { return c.Close(ctx) }
	initRow := func(n int, target func() any) biPanicCase {
		return biPanicCase{name: fmt.Sprintf("Init shape %d", n), call: populate(target),
			path: fmt.Sprintf("biInitApp%d.Svc", n), retry: true}
	}
	cases := []biPanicCase{
		// Constructors.
		{name: "constructor via Populate", setup: provideDB(), call: populate(func() any { return &biPanApp{} }),
			path: "biPanApp.DB", retry: true},
		{name: "constructor via Resolve", setup: provideDB(), call: resolveDB, path: "biPanDB", retry: true},
		{name: "constructor panicking with an error", setup: provideDB(), call: populate(func() any { return &biPanApp{} }),
			value: biErrPanicValue, path: "biPanApp.DB", retry: true},
		{name: "constructor calling runtime.Goexit", setup: provideDB(), call: resolveDB, goexit: true, path: "biPanDB", retry: true},
		{name: "constructor of an Invoke parameter", setup: provideDB(), call: func(ctx context.Context, c *container.Container, _ *biArm) error {
			return c.Invoke(ctx, func(*biPanDB) {})
		}, path: "[arg 0]", retry: true},
		{name: "constructor via Factory.New", setup: provideDB(container.Transient), call: func(ctx context.Context, c *container.Container, _ *biArm) error {
			f, err := container.Resolve[container.Factory[*biPanDB]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			_, err = f.New(ctx)
			return err
		}, path: "biPanDB", retry: true},
		{name: "constructor via Factory.NewOwned", setup: provideDB(container.Transient), call: func(ctx context.Context, c *container.Container, _ *biArm) error {
			f, err := container.Resolve[container.Factory[*biPanDB]](ctx, c)
			if err != nil {
				return fmt.Errorf("getting the factory: %w", err)
			}
			_, release, err := f.NewOwned(ctx)
			if err != nil {
				return err
			}
			if release == nil {
				return errors.New("NewOwned returned a nil release func")
			}
			return release(ctx)
		}, path: "biPanDB", retry: true},
		{name: "constructor via Keyed.New", setup: provideDB(container.Transient, container.Named("k")),
			call: func(ctx context.Context, c *container.Container, _ *biArm) error {
				k, err := container.Resolve[container.Keyed[string, *biPanDB]](ctx, c)
				if err != nil {
					return fmt.Errorf("getting the factory: %w", err)
				}
				_, err = k.New(ctx, "k")
				return err
			}, path: "biPanDB", retry: true},
		{name: "constructor via a func factory field", setup: provideDB(container.Transient),
			call: func(ctx context.Context, c *container.Container, _ *biArm) error {
				var app biPanFuncApp
				if err := c.Populate(ctx, &app); err != nil {
					return fmt.Errorf("populating the factory: %w", err)
				}
				_, err := app.New()
				return err
			}, path: "biPanDB", retry: true},
		{name: "constructor of a Scoped instance", setup: provideDB(container.Scoped),
			call: func(ctx context.Context, c *container.Container, _ *biArm) error {
				s := c.NewScope()
				_, err := container.Resolve[*biPanDB](ctx, s)
				return errors.Join(err, s.Close(ctx))
			}, path: "biPanDB", retry: true},

		// Init, each shape, and a registered Method.
		initRow(1, func() any { return &biInitApp1{} }),
		initRow(2, func() any { return &biInitApp2{} }),
		initRow(3, func() any { return &biInitApp3{} }),
		initRow(4, func() any { return &biInitApp4{} }),
		initRow(5, func() any { return &biInitApp5{} }),
		initRow(6, func() any { return &biInitApp6{} }),
		initRow(7, func() any { return &biInitApp7{} }),
		initRow(8, func() any { return &biInitApp8{} }),
		{name: "Init of the Populate target", call: populate(func() any { return &biInit1{} }), path: "biInit1", retry: true},
		{name: "registered Method", setup: func(c *container.Container, _ *biArm) error {
			return container.Provide[*biMeth](c, nil, container.Method("Configure", 7))
		}, call: populate(func() any { return &biMethApp{} }), path: "biMethApp.M", retry: true},

		// Cleanups.
		{name: "constructor cleanup func() at Close", setup: func(c *container.Container, a *biArm) error {
			if err := container.Provide[*biPanClean](c, func() (*biPanClean, func(), error) {
				return &biPanClean{}, a.fire, nil
			}); err != nil {
				return err
			}
			_, err := container.Resolve[*biPanClean](context.Background(), c)
			return err
		}, call: closeC, kind: container.ErrCleanup, msg: "biPanClean", closes: true},
		{name: "constructor cleanup func(ctx) error at Close", setup: func(c *container.Container, a *biArm) error {
			if err := container.Provide[*biPanClean](c, func() (*biPanClean, func(context.Context) error, error) {
				return &biPanClean{}, func(context.Context) error { a.fire(); return nil }, nil
			}); err != nil {
				return err
			}
			_, err := container.Resolve[*biPanClean](context.Background(), c)
			return err
		}, call: closeC, kind: container.ErrCleanup, msg: "biPanClean", closes: true},
		{name: "constructor cleanup during a rollback", setup: func(c *container.Container, a *biArm) error {
			return errors.Join(
				container.Provide[*biRbA](c, func() (*biRbA, func(), error) { return &biRbA{}, a.fire, nil }),
				container.Provide[*biRbB](c, func() (*biRbB, error) {
					if a.on.Load() {
						return nil, biErrBoom
					}
					return &biRbB{}, nil
				}))
		}, call: populate(func() any { return &biRbApp{} }), kind: container.ErrConstructor, path: "biRbApp.B", retry: true},
		{name: "constructor cleanup run by Reset", setup: func(c *container.Container, a *biArm) error {
			if err := container.Provide[*biPanClean](c, func() (*biPanClean, func(), error) {
				return &biPanClean{}, a.fire, nil
			}); err != nil {
				return err
			}
			_, err := container.Resolve[*biPanClean](context.Background(), c)
			return err
		}, call: func(ctx context.Context, c *container.Container, _ *biArm) error {
			return container.Reset[*biPanClean](ctx, c)
		}, kind: container.ErrCleanup, msg: "biPanClean"},
		{name: "AutoClose Close()", setup: func(c *container.Container, _ *biArm) error {
			if err := container.Provide[*biCloser](c, nil, container.AutoClose()); err != nil {
				return err
			}
			_, err := container.Resolve[*biCloser](context.Background(), c)
			return err
		}, call: closeC, kind: container.ErrCleanup, msg: "biCloser", closes: true},
		{name: "AutoClose Close(ctx) error", setup: func(c *container.Container, _ *biArm) error {
			if err := container.Provide[*biCloserCtx](c, nil, container.AutoClose()); err != nil {
				return err
			}
			_, err := container.Resolve[*biCloserCtx](context.Background(), c)
			return err
		}, call: closeC, kind: container.ErrCleanup, msg: "biCloserCtx", closes: true},
		{name: "OnClose callback", setup: func(c *container.Container, a *biArm) error {
			if err := container.Provide[*biOnCl](c, nil, container.OnClose(func(context.Context, *biOnCl) error { a.fire(); return nil })); err != nil {
				return err
			}
			_, err := container.Resolve[*biOnCl](context.Background(), c)
			return err
		}, call: closeC, kind: container.ErrCleanup, msg: "biOnCl", closes: true},
		{name: "OnClose callback of a supplied value", setup: func(c *container.Container, a *biArm) error {
			return container.Supply(c, &biOnCl{}, container.OnClose(func(context.Context, *biOnCl) error { a.fire(); return nil }))
		}, call: closeC, kind: container.ErrCleanup, msg: "biOnCl", closes: true},
		{name: "OnClose callback when a scope closes", setup: func(c *container.Container, a *biArm) error {
			return container.Provide[*biOnCl](c, nil, container.Scoped,
				container.OnClose(func(context.Context, *biOnCl) error { a.fire(); return nil }))
		}, call: func(ctx context.Context, c *container.Container, _ *biArm) error {
			s := c.NewScope()
			if _, err := container.Resolve[*biOnCl](ctx, s); err != nil {
				return err
			}
			return s.Close(ctx)
		}, kind: container.ErrCleanup, msg: "biOnCl"},

		// Functions given to the container.
		{name: "Invoke fn", call: func(ctx context.Context, c *container.Container, a *biArm) error {
			return c.Invoke(ctx, func(*biProbe) { a.fire() })
		}, msg: "bi panic: Invoke fn", retry: true},
		{name: "Invoke fn with an error result", call: func(ctx context.Context, c *container.Container, a *biArm) error {
			return c.Invoke(ctx, func(context.Context) error { a.fire(); return nil })
		}, msg: "bi panic: Invoke fn with an error result", retry: true},
		{name: "Run's run func", call: func(ctx context.Context, c *container.Container, a *biArm) error {
			return container.Run(ctx, c, &biProbeUser{}, func(context.Context) error { a.fire(); return nil })
		}, msg: "bi panic: Run's run func", closes: true},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		require.False(t, seen[tc.name], "duplicate row %q", tc.name)
		seen[tc.name] = true
		require.True(t, tc.path != "" || tc.msg != "", "row %q names neither a path nor a message", tc.name)
		t.Run(tc.name, func(t *testing.T) { biRunPanic(t, tc) })
	}
}

func biRunPanic(t *testing.T, tc biPanicCase) {
	ctx := context.Background()
	c := container.New()
	p := biNewProbe(t, c)
	a := &biArm{value: tc.value, goexit: tc.goexit}
	if a.value == nil && !tc.goexit {
		a.value = "bi panic: " + tc.name
	}
	a.on.Store(true)
	require.NoError(t, container.Supply(c, a))
	if tc.setup != nil {
		ok, _, err := biDo(t, "setup", func() error { return tc.setup(c, a) })
		require.True(t, ok, "setup")
		require.NoError(t, err, "setup")
	}
	if tc.goexit {
		// runtime.Goexit cannot be stopped in the goroutine that calls it:
		// the call's goroutine exits, and everything the call held must be
		// released on the way out. An engine that runs user code on a
		// goroutine of its own reports it as an error instead.
		o := biCall(func() error { return tc.call(ctx, c, a) })
		switch {
		case o.hung:
			t.Errorf("the call running runtime.Goexit: hang: no return within %v", biDeadline)
			return
		case o.panicked:
			t.Errorf("the call running runtime.Goexit: panic: %v", o.value)
		case !o.goexit:
			biCheckPanicErr(t, o.err, tc, nil)
		}
	} else {
		ok, hung, err := biDo(t, "the panicking call", func() error { return tc.call(ctx, c, a) })
		if hung {
			return
		}
		if ok {
			biCheckPanicErr(t, err, tc, a.value)
		}
	}
	if tc.retry {
		a.on.Store(false)
		ok, hung, err := biDo(t, "the retry once the cause is fixed", func() error { return tc.call(ctx, c, a) })
		if hung {
			return
		}
		if ok {
			assert.NoError(t, err, "the retry once the cause is fixed")
		}
	}
	a.on.Store(false)
	biCheckProbe(t, c, p, tc.closes)
}

func biCheckPanicErr(t *testing.T, err error, tc biPanicCase, value any) {
	t.Helper()
	assert.NotErrorIs(t, err, biErrLeft)
	if !assert.Error(t, err, "a recovered panic is an error") {
		return
	}
	kind := tc.kind
	if kind == nil {
		kind = container.ErrPanic
	}
	assert.ErrorIs(t, err, container.ErrPanic)
	assert.ErrorIs(t, err, kind)
	var pe *container.PanicError
	if assert.ErrorAs(t, err, &pe, "the *PanicError is in the chain: %v", err) {
		assert.Equal(t, value, pe.Value, "PanicError.Value")
		assert.Equal(t, tc.goexit, pe.Goexit, "PanicError.Goexit")
		if !tc.goexit {
			assert.NotEmpty(t, pe.Stack, "PanicError.Stack")
		}
	}
	var ce *container.Error
	if assert.ErrorAs(t, err, &ce, "every error of the package is a *container.Error: %v", err) && tc.path != "" {
		assert.Contains(t, ce.Path, tc.path, "the *Error's Path names where the panic happened: %v", err)
		if tc.kind == nil {
			assert.True(t, ce.Kind == container.ErrPanic, "Kind = %v, want ErrPanic", ce.Kind)
		}
	}
	if tc.path != "" {
		assert.Contains(t, err.Error(), tc.path)
	}
	if tc.msg != "" {
		assert.Contains(t, err.Error(), tc.msg)
	}
}
