package container_test

// Soak and behaviour tests of the engine contract: no lock is held while
// user code runs (re-entrant calls with any context), shared instances are
// built once per slot while unrelated builds run in parallel, waiters give
// up with their own context, Close honours its deadline and keeps what it
// could not run for the next Close, NewOwned keeps memory bounded, and the
// choice of an interface implementation never depends on call order.
//
// Run with -race. Every concurrency test checks for goroutine leaks with
// goleak. Deadlines in this file are hang guards only: a test that waits
// longer than one fails with "hang", and no test asserts how fast anything
// is. Work that may hang (on an engine that holds a lock across user code)
// runs on its own goroutine and reports through channels or an esRec, never
// through t, so a goroutine stuck forever cannot touch a finished test.
//
// Every top-level identifier declared here starts with "es".

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tagwire/tagwire/container"
)

const (
	// esGuard bounds a single call that should return promptly.
	esGuard = 10 * time.Second
	// esBlockGuard bounds how long user code in these tests blocks on a
	// channel the test is expected to close; it only unsticks goroutines
	// of a failed test.
	esBlockGuard = 30 * time.Second
	// esStall and esSoakDeadline bound the soak: no progress for esStall,
	// or not done after esSoakDeadline, is a hang.
	esStall        = 15 * time.Second
	esSoakDeadline = 120 * time.Second
)

// esLeaks is the goleak check of every test in this file. Goroutines that
// existed when the test began (other tests' stragglers) are ignored, so a
// failure points at the test that leaked.
func esLeaks(t *testing.T) func() {
	opt := goleak.IgnoreCurrent()
	return func() { goleak.VerifyNone(t, opt) }
}

// esRec is a concurrency-safe assert.TestingT for goroutines that may
// outlive their test: failures are collected and reported by the test
// goroutine (report); anything recorded later is dropped.
type esRec struct {
	mu     sync.Mutex
	msgs   []string
	n      int
	sealed bool
}

func (r *esRec) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sealed {
		return
	}
	r.n++
	if len(r.msgs) < 25 {
		r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
	}
}

func (r *esRec) failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n > 0
}

// report hands the collected failures to t and seals the recorder.
func (r *esRec) report(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.msgs {
		t.Error(m)
	}
	if r.n > len(r.msgs) {
		t.Errorf("... and %d more failures", r.n-len(r.msgs))
	}
	r.sealed = true
}

// esOutcome is how a goroutine started by esGo ended.
type esOutcome struct {
	panicked bool
	value    any  // the panic value that escaped
	goexit   bool // the goroutine ended through runtime.Goexit
}

// esGo runs fn on a new goroutine and reports how it ended: normally, by
// a panic that escaped fn, or by runtime.Goexit.
func esGo(fn func()) <-chan esOutcome {
	ch := make(chan esOutcome, 1)
	go func() {
		normal := false
		defer func() {
			switch r := recover(); {
			case normal:
				ch <- esOutcome{}
			case r != nil:
				ch <- esOutcome{panicked: true, value: r}
			default:
				ch <- esOutcome{goexit: true}
			}
		}()
		fn()
		normal = true
	}()
	return ch
}

// esAwait waits for a goroutine started by esGo; after d it fails the
// test with "hang".
func esAwait(t *testing.T, ch <-chan esOutcome, d time.Duration, what string) esOutcome {
	t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case o := <-ch:
		return o
	case <-timer.C:
		t.Fatalf("hang: %s has not returned after %v", what, d)
		return esOutcome{}
	}
}

// esRun runs fn on its own goroutine with a hang guard and fails the test
// if a panic or runtime.Goexit escaped it.
func esRun(t *testing.T, what string, fn func()) {
	t.Helper()
	o := esAwait(t, esGo(fn), esGuard, what)
	if o.panicked {
		t.Fatalf("%s: a panic escaped the container: %v", what, o.value)
	}
	if o.goexit {
		t.Fatalf("%s: runtime.Goexit escaped the container", what)
	}
}

// esClose closes c with a hang guard and returns Close's error.
func esClose(t *testing.T, ctx context.Context, c *container.Container, what string) error {
	t.Helper()
	var err error
	esRun(t, what, func() { err = c.Close(ctx) })
	return err
}

// esWaitBlock waits in user code for ch to close, or gives up after
// esBlockGuard so that a failed test leaves no goroutine behind.
func esWaitBlock(ch <-chan struct{}) error {
	timer := time.NewTimer(esBlockGuard)
	defer timer.Stop()
	select {
	case <-ch:
		return nil
	case <-timer.C:
		return errors.New("es: the test never released this constructor")
	}
}

// esRequireKind asserts that err is a *container.Error of Kind kind.
func esRequireKind(t testing.TB, err error, kind error) *container.Error {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, kind, "error: %v", err)
	var e *container.Error
	require.ErrorAs(t, err, &e, "every error of the package is a *container.Error: %v", err)
	require.True(t, e.Kind == kind, "Kind is %v, want %v (error: %v)", e.Kind, kind, err)
	return e
}

// ---------------------------------------------------------------------------
// Soak

// The soak's ten registered Singletons. Dependencies are constructor
// parameters (a chain with a diamond, S0 <- S1, S2 <- S3 <- S4), plus
// S5, whose constructor resolves S7 through the container with
// context.Background() (a re-entrant call with a foreign context, for a
// type S5 does not depend on), and S8, whose constructor fans out: one
// goroutine per dependency, each resolving with the constructor's ctx.
type (
	esS0 struct{ _ byte }
	esS1 struct{ S0 *esS0 }
	esS2 struct{ S0 *esS0 }
	esS3 struct {
		S1 *esS1
		S2 *esS2
	}
	esS4 struct{ S3 *esS3 }
	esS5 struct{ S7 *esS7 }
	esS6 struct {
		S4 *esS4
		S5 *esS5
	}
	esS7 struct{ S0 *esS0 }
	esS8 struct {
		S1 *esS1
		S2 *esS2
		S3 *esS3
		S4 *esS4
	}
	esS9 struct {
		S6 *esS6
		S8 *esS8
	}
)

// esRes is the bookkeeping of one Transient, keyed or Scoped instance.
type esRes struct {
	kind    string
	cleaned atomic.Int32
}

type esTrans struct {
	S3  *esS3
	Res *esRes
}

type esKeyed struct {
	Key string
	Res *esRes
}

type esScoped struct {
	S4  *esS4
	S0  *esS0
	Res *esRes
}

type esOv struct{ From string }

type esApp struct {
	S9    *esS9                             `inject:""`
	S7    *esS7                             `inject:""`
	S0    *esS0                             `inject:""`
	NewT  container.Factory[*esTrans]       `inject:""`
	ByKey container.Keyed[string, *esKeyed] `inject:""`
}

type esSoak struct {
	c        *container.Container
	calls    [10]atomic.Int32 // constructor calls per Singleton
	cleaned  [10]atomic.Int32 // cleanup runs per Singleton
	progress atomic.Int64     // operations completed, for the stall detector
	s9       atomic.Pointer[esS9]
	scoped   sync.Map // *esScoped -> true: every Scoped instance seen

	mu  sync.Mutex
	res []*esRes
}

func (st *esSoak) track(kind string) *esRes {
	r := &esRes{kind: kind}
	st.mu.Lock()
	st.res = append(st.res, r)
	st.mu.Unlock()
	return r
}

// made counts a constructor call of Singleton i and returns its cleanup.
func (st *esSoak) made(i int) func(context.Context) error {
	st.calls[i].Add(1)
	return func(context.Context) error {
		st.cleaned[i].Add(1)
		return nil
	}
}

func esSoakRegister(t *testing.T, st *esSoak) {
	c := st.c
	type cl = func(context.Context) error
	keyed := func(key string) func() (*esKeyed, func(), error) {
		return func() (*esKeyed, func(), error) {
			r := st.track("keyed")
			return &esKeyed{Key: key, Res: r}, func() { r.cleaned.Add(1) }, nil
		}
	}
	require.NoError(t, errors.Join(
		container.Provide[*esS0](c, func() (*esS0, cl, error) { return &esS0{}, st.made(0), nil }),
		container.Provide[*esS1](c, func(s0 *esS0) (*esS1, cl, error) { return &esS1{S0: s0}, st.made(1), nil }),
		container.Provide[*esS2](c, func(s0 *esS0) (*esS2, cl, error) { return &esS2{S0: s0}, st.made(2), nil }),
		container.Provide[*esS3](c, func(s1 *esS1, s2 *esS2) (*esS3, cl, error) { return &esS3{S1: s1, S2: s2}, st.made(3), nil }),
		container.Provide[*esS4](c, func(s3 *esS3) (*esS4, cl, error) { return &esS4{S3: s3}, st.made(4), nil }),
		container.Provide[*esS5](c, func(context.Context) (*esS5, cl, error) {
			// Re-entrant, with a foreign context, for an unrelated type.
			s7, err := container.Resolve[*esS7](context.Background(), c)
			if err != nil {
				return nil, nil, err
			}
			return &esS5{S7: s7}, st.made(5), nil
		}),
		container.Provide[*esS6](c, func(s4 *esS4, s5 *esS5) (*esS6, cl, error) { return &esS6{S4: s4, S5: s5}, st.made(6), nil }),
		container.Provide[*esS7](c, func(s0 *esS0) (*esS7, cl, error) { return &esS7{S0: s0}, st.made(7), nil }),
		container.Provide[*esS8](c, func(ctx context.Context, cc *container.Container) (*esS8, cl, error) {
			// errgroup-style fan-out with the constructor's ctx.
			var x esS8
			var errs [4]error
			var wg sync.WaitGroup
			wg.Add(4)
			go func() { defer wg.Done(); x.S1, errs[0] = container.Resolve[*esS1](ctx, cc) }()
			go func() { defer wg.Done(); x.S2, errs[1] = container.Resolve[*esS2](ctx, cc) }()
			go func() { defer wg.Done(); x.S3, errs[2] = container.Resolve[*esS3](ctx, cc) }()
			go func() { defer wg.Done(); x.S4, errs[3] = container.Resolve[*esS4](ctx, cc) }()
			wg.Wait()
			if err := errors.Join(errs[:]...); err != nil {
				return nil, nil, err
			}
			return &x, st.made(8), nil
		}),
		container.Provide[*esS9](c, func(s6 *esS6, s8 *esS8) (*esS9, cl, error) { return &esS9{S6: s6, S8: s8}, st.made(9), nil }),

		container.Provide[*esTrans](c, func(s3 *esS3) (*esTrans, func(), error) {
			r := st.track("transient")
			return &esTrans{S3: s3, Res: r}, func() { r.cleaned.Add(1) }, nil
		}, container.Transient),
		container.Provide[*esKeyed](c, keyed("a"), container.Named("a"), container.Transient),
		container.Provide[*esKeyed](c, keyed("b"), container.Named("b"), container.Transient),
		container.Provide[*esScoped](c, func(s4 *esS4) (*esScoped, cl, error) {
			// Re-entrant, with a foreign context, on the root.
			s0, err := container.Resolve[*esS0](context.Background(), c)
			if err != nil {
				return nil, nil, err
			}
			r := st.track("scoped")
			return &esScoped{S4: s4, S0: s0, Res: r}, func(context.Context) error { r.cleaned.Add(1); return nil }, nil
		}, container.Scoped),
		container.Provide[*esOv](c, func() *esOv { return &esOv{From: "base"} }, container.Named("ov"), container.Transient),
	))
}

// ok reports whether err lets the round go on. While the container is
// closing, ErrClosed ends the round without being a failure.
func (st *esSoak) ok(rec *esRec, closing bool, err error, what string) bool {
	if err == nil {
		st.progress.Add(1)
		return true
	}
	if closing && errors.Is(err, container.ErrClosed) {
		return false
	}
	rec.Errorf("%s: %v", what, err)
	return false
}

// checkGraph checks that a populated app holds the one instance of every
// Singleton.
func (st *esSoak) checkGraph(rec *esRec, app *esApp) {
	s9 := app.S9
	if !assert.NotNil(rec, s9) || !assert.NotNil(rec, s9.S6) || !assert.NotNil(rec, s9.S8) {
		return
	}
	st.s9.CompareAndSwap(nil, s9)
	assert.Same(rec, st.s9.Load(), s9, "one instance of the Singleton S9")
	s6, s8 := s9.S6, s9.S8
	assert.Same(rec, app.S7, s6.S5.S7, "S7, built by a re-entrant call with a foreign ctx, is the Singleton")
	assert.Same(rec, s6.S4, s8.S4, "the fan-out resolved the Singleton S4")
	assert.Same(rec, s6.S4.S3, s8.S3)
	assert.Same(rec, s8.S3.S1, s8.S1)
	assert.Same(rec, s8.S3.S2, s8.S2)
	assert.Same(rec, app.S0, s8.S1.S0)
	assert.Same(rec, app.S0, s8.S2.S0)
	assert.Same(rec, app.S0, app.S7.S0)
}

// round is one worker iteration mixing every kind of call. It returns
// false when the worker should stop (a failure, or ErrClosed while
// closing).
func (st *esSoak) round(ctx context.Context, rec *esRec, w, i int, closing bool) bool {
	c := st.c
	var app esApp
	if !st.ok(rec, closing, c.Populate(ctx, &app), "Populate") {
		return false
	}
	st.checkGraph(rec, &app)

	s9, err := container.Resolve[*esS9](ctx, c)
	if !st.ok(rec, closing, err, "Resolve S9") {
		return false
	}
	assert.Same(rec, app.S9, s9)

	t1, err := app.NewT.New(ctx)
	if !st.ok(rec, closing, err, "Factory.New") {
		return false
	}
	t2, err := app.NewT.New(ctx)
	if !st.ok(rec, closing, err, "Factory.New") {
		return false
	}
	assert.NotSame(rec, t1, t2, "a Transient is new on every call")
	assert.Same(rec, app.S9.S8.S3, t1.S3)

	key := []string{"a", "b"}[(w+i)%2]
	k, err := app.ByKey.New(ctx, key)
	if !st.ok(rec, closing, err, "Keyed.New") {
		return false
	}
	assert.Equal(rec, key, k.Key)

	s := c.NewScope()
	x, err := container.Resolve[*esScoped](ctx, s)
	if st.ok(rec, closing, err, "Resolve Scoped") {
		y, err := container.Resolve[*esScoped](container.NewContext(ctx, s), c)
		if st.ok(rec, closing, err, "Resolve Scoped through NewContext") {
			assert.Same(rec, x, y, "one Scoped instance per scope")
		}
		if _, dup := st.scoped.LoadOrStore(x, true); dup {
			rec.Errorf("a Scoped instance was handed to two scopes")
		}
		assert.Same(rec, app.S0, x.S0)
	}
	if !st.ok(rec, closing, s.Close(ctx), "scope Close") {
		return false
	}
	if x != nil && !closing {
		assert.Equal(rec, int32(1), x.Res.cleaned.Load(), "a Scoped instance is cleaned up when its scope closes")
	}

	from := fmt.Sprintf("override-%d-%d", w, i)
	h, err := container.Override[*esOv](c, func() *esOv { return &esOv{From: from} }, container.Named("ov"), container.Transient)
	if !st.ok(rec, closing, err, "Override") {
		return false
	}
	v, err := container.Resolve[*esOv](ctx, c, container.Named("ov"))
	h()
	if !st.ok(rec, closing, err, "Resolve the overridden key") {
		return false
	}
	assert.True(rec, strings.HasPrefix(v.From, "override-"), "while an override is in place the key resolves to an override, got %q", v.From)
	return true
}

// esWatch waits for done, failing the test with "hang" when the work
// makes no progress for esStall or is not done after esSoakDeadline.
func esWatch(t *testing.T, rec *esRec, done <-chan struct{}, progress *atomic.Int64, what string) {
	t.Helper()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	start, last, lastAt := time.Now(), progress.Load(), time.Now()
	for {
		select {
		case <-done:
			return
		case now := <-tick.C:
			if p := progress.Load(); p != last {
				last, lastAt = p, now
			}
			if now.Sub(lastAt) > esStall || now.Sub(start) > esSoakDeadline {
				rec.report(t)
				t.Fatalf("hang: %s: no progress for %v, %v in all (%d operations done)",
					what, now.Sub(lastAt).Round(time.Second), now.Sub(start).Round(time.Second), last)
			}
		}
	}
}

func esSoakRun(t *testing.T, workers, rounds int) {
	defer esLeaks(t)()
	ctx := context.Background()
	st := &esSoak{c: container.New()}
	esSoakRegister(t, st)
	rec := &esRec{}

	gate := make(chan struct{})
	released := false
	var stop atomic.Bool
	defer func() { // on a hang: let the workers that can still run stop
		stop.Store(true)
		if !released {
			close(gate)
		}
	}()
	var phase1, all sync.WaitGroup
	phase1.Add(workers)
	all.Add(workers)
	for w := range workers {
		go func() {
			defer all.Done()
			good := true
			for i := 0; i < rounds && good; i++ {
				good = st.round(ctx, rec, w, i, false)
			}
			phase1.Done()
			<-gate
			// Phase 2: keep the container busy while it closes.
			for i := rounds; good && !stop.Load(); i++ {
				good = st.round(ctx, rec, w, i, true)
			}
		}()
	}
	p1 := make(chan struct{})
	go func() { phase1.Wait(); close(p1) }()
	esWatch(t, rec, p1, &st.progress, "phase 1 (all calls, open container)")
	if rec.failed() {
		released = true
		stop.Store(true)
		close(gate)
		esWatchDone(t, rec, &all, &st.progress)
		rec.report(t)
		t.FailNow()
	}

	// Checkpoint: every Singleton built exactly once, every override
	// layer restored.
	for i := range st.calls {
		assert.Equalf(t, int32(1), st.calls[i].Load(), "the constructor of Singleton S%d ran once", i)
	}
	var base *esOv
	var err error
	esRun(t, "Resolve the restored key", func() {
		base, err = container.Resolve[*esOv](ctx, st.c, container.Named("ov"))
	})
	require.NoError(t, err)
	assert.Equal(t, "base", base.From, "every override was restored")

	// Phase 2: Close under load.
	released = true
	close(gate)
	p0 := st.progress.Load()
	loaded := make(chan struct{})
	go func() {
		for st.progress.Load() < p0+int64(workers) && !rec.failed() && !stop.Load() {
			runtime.Gosched()
		}
		close(loaded)
	}()
	esWatch(t, rec, loaded, &st.progress, "phase 2 (waiting for load)")
	closeErr := esClose(t, ctx, st.c, "Close under load")
	stop.Store(true)
	esWatchDone(t, rec, &all, &st.progress)
	rec.report(t)
	require.NoError(t, closeErr, "Close under load")
	require.NoError(t, esClose(t, ctx, st.c, "second Close"), "Close is idempotent")

	for i := range st.calls {
		assert.Equalf(t, int32(1), st.calls[i].Load(), "the constructor of Singleton S%d ran exactly once", i)
		assert.Equalf(t, int32(1), st.cleaned[i].Load(), "the cleanup of Singleton S%d ran exactly once", i)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	built, bad := map[string]int{}, map[string]int{}
	for _, r := range st.res {
		built[r.kind]++
		if r.cleaned.Load() != 1 {
			bad[r.kind]++
		}
	}
	assert.Positive(t, built["transient"])
	assert.Positive(t, built["keyed"])
	assert.GreaterOrEqual(t, built["scoped"], workers*rounds, "a Scoped instance per scope")
	assert.Empty(t, bad, "instances (by kind) whose cleanup did not run exactly once; built: %v", built)
	t.Logf("%d workers: built %v; %d operations", workers, built, st.progress.Load())
}

func esWatchDone(t *testing.T, rec *esRec, wg *sync.WaitGroup, progress *atomic.Int64) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	esWatch(t, rec, done, progress, "workers finishing after Close")
}

func TestEngine_Soak(t *testing.T) {
	for _, tc := range []struct{ workers, rounds int }{{16, 100}, {64, 40}} {
		t.Run(fmt.Sprintf("%d goroutines", tc.workers), func(t *testing.T) {
			esSoakRun(t, tc.workers, tc.rounds)
		})
	}
}

// ---------------------------------------------------------------------------
// Parallel builds

// esMeet is a rendezvous of two builds: each says it has started and
// waits (5 s at most) for the other. Serialised builds never meet.
type esMeet struct {
	n    atomic.Int32
	both chan struct{}
}

func esNewMeet() *esMeet { return &esMeet{both: make(chan struct{})} }

func (m *esMeet) arrive() error {
	if m.n.Add(1) == 2 {
		close(m.both)
	}
	timer := time.NewTimer(5 * time.Second)
	defer timer.Stop()
	select {
	case <-m.both:
		return nil
	case <-timer.C:
		return errors.New("es: the other build did not start within 5s: the builds are serialised")
	}
}

type esParScoped struct{ _ byte }
type esParA struct{ _ byte }
type esParB struct{ _ byte }

func TestEngine_TwoScopesBuildInParallel(t *testing.T) {
	ctx := context.Background()
	t.Run("Scoped in two scopes", func(t *testing.T) {
		defer esLeaks(t)()
		c := container.New()
		meet := esNewMeet()
		var calls atomic.Int32
		require.NoError(t, container.Provide[*esParScoped](c, func() (*esParScoped, error) {
			calls.Add(1)
			if err := meet.arrive(); err != nil {
				return nil, err
			}
			return &esParScoped{}, nil
		}, container.Scoped))
		s1, s2 := c.NewScope(), c.NewScope()
		var v1, v2 *esParScoped
		var err1, err2 error
		o1 := esGo(func() { v1, err1 = container.Resolve[*esParScoped](ctx, s1) })
		o2 := esGo(func() { v2, err2 = container.Resolve[*esParScoped](ctx, s2) })
		for _, o := range []esOutcome{esAwait(t, o1, esGuard, "scope 1 Resolve"), esAwait(t, o2, esGuard, "scope 2 Resolve")} {
			require.False(t, o.panicked || o.goexit, "outcome %+v", o)
		}
		require.NoError(t, err1, "scope 1")
		require.NoError(t, err2, "scope 2")
		assert.NotSame(t, v1, v2, "one instance per scope")
		assert.Equal(t, int32(2), calls.Load())
		require.NoError(t, esClose(t, ctx, s1, "scope 1 Close"))
		require.NoError(t, esClose(t, ctx, s2, "scope 2 Close"))
		require.NoError(t, esClose(t, ctx, c, "Close"))
	})
	t.Run("two Singletons", func(t *testing.T) {
		defer esLeaks(t)()
		c := container.New()
		meet := esNewMeet()
		var calls atomic.Int32
		require.NoError(t, errors.Join(
			container.Provide[*esParA](c, func() (*esParA, error) {
				calls.Add(1)
				if err := meet.arrive(); err != nil {
					return nil, err
				}
				return &esParA{}, nil
			}),
			container.Provide[*esParB](c, func() (*esParB, error) {
				calls.Add(1)
				if err := meet.arrive(); err != nil {
					return nil, err
				}
				return &esParB{}, nil
			}),
		))
		var a *esParA
		var b *esParB
		var errA, errB error
		oa := esGo(func() { a, errA = container.Resolve[*esParA](ctx, c) })
		ob := esGo(func() { b, errB = container.Resolve[*esParB](ctx, c) })
		for _, o := range []esOutcome{esAwait(t, oa, esGuard, "Resolve A"), esAwait(t, ob, esGuard, "Resolve B")} {
			require.False(t, o.panicked || o.goexit, "outcome %+v", o)
		}
		require.NoError(t, errA, "Singleton A")
		require.NoError(t, errB, "Singleton B")
		assert.NotNil(t, a)
		assert.NotNil(t, b)
		assert.Equal(t, int32(2), calls.Load())
		require.NoError(t, esClose(t, ctx, c, "Close"))
	})
}

// ---------------------------------------------------------------------------
// Re-entrant calls from user code

// Unrelated types the call-backs resolve: A with the ctx the user code
// was given, B with context.Background() (each is built by that call), C
// from a cleanup while the root closes.
type esReOtherA struct{ _ byte }
type esReOtherB struct{ _ byte }
type esReOtherC struct{ _ byte }

// esReReport is what one site's call-backs returned.
type esReReport struct {
	mu    sync.Mutex
	calls int
	a     *esReOtherA
	b     *esReOtherB
	errA  error // unrelated type, the given ctx
	errB  error // unrelated type, context.Background()
	errCy error // own type, the given ctx
	errDl error // own type, a foreign ctx with a 200ms deadline
}

func (r *esReReport) record(a *esReOtherA, errA error, b *esReOtherB, errB, errCy, errDl error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.calls == 1 {
		r.a, r.errA, r.b, r.errB, r.errCy, r.errDl = a, errA, b, errB, errCy, errDl
	}
}

// esReCallBack is what the user code of every site does: resolve an
// unrelated type with the ctx it was given and with a foreign ctx, then
// its own type (still being built) with the given ctx (a cycle) and with a
// foreign ctx that has a deadline.
func esReCallBack[Own any](ctx context.Context, c *container.Container, r *esReReport) {
	b, errB := container.Resolve[*esReOtherB](context.Background(), c)
	a, errA := container.Resolve[*esReOtherA](ctx, c)
	_, errCy := container.Resolve[Own](ctx, c)
	dctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, errDl := container.Resolve[Own](dctx, c)
	r.record(a, errA, b, errB, errCy, errDl)
}

type esReCtor struct{ _ byte }

type esReInit struct {
	C *container.Container `inject:""`
	R *esReReport          `inject:""`
}

func (x *esReInit) Init(ctx context.Context) error {
	esReCallBack[*esReInit](ctx, x.C, x.R)
	return nil
}

type esReMethod struct {
	C *container.Container `inject:""`
	R *esReReport          `inject:""`
}

func (x *esReMethod) Wire(ctx context.Context) error {
	esReCallBack[*esReMethod](ctx, x.C, x.R)
	return nil
}

// esReFac calls back through its func factory fields: NewB takes no ctx
// (a factory without a ctx builds with context.Background()).
type esReFac struct {
	R    *esReReport                                `inject:""`
	NewA func(context.Context) (*esReOtherA, error) `inject:"factory"`
	NewB func() (*esReOtherB, error)                `inject:"factory"`
	Self func(context.Context) (*esReFac, error)    `inject:"factory"`
}

func (x *esReFac) Init(ctx context.Context) error {
	b, errB := x.NewB()
	a, errA := x.NewA(ctx)
	_, errCy := x.Self(ctx)
	dctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, errDl := x.Self(dctx)
	x.R.record(a, errA, b, errB, errCy, errDl)
	return nil
}

// esReSite registers a site (a Singleton of type Own whose user code calls
// back) and checks what its call-backs got.
func esReSite[Own comparable](t *testing.T, name string, register func(c *container.Container) error) {
	defer esLeaks(t)()
	ctx := context.Background()
	c := container.New()
	r := &esReReport{}
	require.NoError(t, errors.Join(
		container.Supply(c, r),
		container.Provide[*esReOtherA](c, nil),
		container.Provide[*esReOtherB](c, nil),
		register(c),
	))
	var v Own
	var err error
	esRun(t, "Resolve "+name, func() { v, err = container.Resolve[Own](ctx, c) })
	require.NoError(t, err)
	var zero Own
	require.NotEqual(t, zero, v)

	r.mu.Lock()
	defer r.mu.Unlock()
	require.Equal(t, 1, r.calls, "the user code ran once")
	assert.NoError(t, r.errA, "an unrelated type, resolved with the ctx the user code was given")
	assert.NotNil(t, r.a)
	assert.NoError(t, r.errB, "an unrelated type, resolved with context.Background()")
	assert.NotNil(t, r.b)
	e := esRequireKind(t, r.errCy, container.ErrCycle)
	assert.Contains(t, e.Error(), name, "the cycle names the type")
	assert.Contains(t, e.Path, name, "the path names the type")
	assert.ErrorIs(t, r.errDl, context.DeadlineExceeded,
		"a true cycle entered through a foreign ctx waits until that ctx's deadline: %v", r.errDl)

	// The container stays usable.
	var again Own
	var a *esReOtherA
	var b *esReOtherB
	var errAgain, errA, errB error
	esRun(t, "Resolve after the call-backs", func() {
		again, errAgain = container.Resolve[Own](ctx, c)
		a, errA = container.Resolve[*esReOtherA](ctx, c)
		b, errB = container.Resolve[*esReOtherB](ctx, c)
	})
	require.NoError(t, errAgain)
	assert.Equal(t, v, again, "the Singleton built while its user code called back")
	require.NoError(t, errA)
	require.NoError(t, errB)
	assert.Same(t, r.a, a)
	assert.Same(t, r.b, b)
	require.NoError(t, esClose(t, ctx, c, "Close"))
}

// esReClean is Scoped; its cleanup (run when its scope closes) calls back
// into the root. esReCloser is a root Singleton whose cleanup calls back
// while the root itself closes.
type esReClean struct{ _ byte }
type esReCloser struct{ _ byte }

func TestEngine_ReentrantFromAnyContext(t *testing.T) {
	t.Run("constructor", func(t *testing.T) {
		esReSite[*esReCtor](t, "esReCtor", func(c *container.Container) error {
			return container.Provide[*esReCtor](c, func(ctx context.Context, cc *container.Container, r *esReReport) *esReCtor {
				esReCallBack[*esReCtor](ctx, cc, r)
				return &esReCtor{}
			})
		})
	})
	t.Run("Init", func(t *testing.T) {
		esReSite[*esReInit](t, "esReInit", func(c *container.Container) error {
			return container.Provide[*esReInit](c, nil)
		})
	})
	t.Run("registered Method", func(t *testing.T) {
		esReSite[*esReMethod](t, "esReMethod", func(c *container.Container) error {
			return container.Provide[*esReMethod](c, nil, container.Method("Wire"))
		})
	})
	t.Run("func factory field", func(t *testing.T) {
		esReSite[*esReFac](t, "esReFac", func(c *container.Container) error {
			return container.Provide[*esReFac](c, nil)
		})
	})
	t.Run("cleanup", func(t *testing.T) {
		defer esLeaks(t)()
		ctx := context.Background()
		c := container.New()
		type res struct {
			a          *esReOtherA
			b          *esReOtherB
			errA, errB error
			errOwn     error // its own type, in the scope being closed
			errC, errD error // unrelated, on the root while the root closes
			calls      int
		}
		var mu sync.Mutex
		var scope *container.Container
		var got res
		require.NoError(t, errors.Join(
			container.Provide[*esReOtherA](c, nil),
			container.Provide[*esReOtherB](c, nil),
			container.Provide[*esReOtherC](c, nil),
			container.Provide[*esReClean](c, func() (*esReClean, func(context.Context) error, error) {
				return &esReClean{}, func(ctx context.Context) error {
					b, errB := container.Resolve[*esReOtherB](context.Background(), c)
					a, errA := container.Resolve[*esReOtherA](ctx, c)
					_, errOwn := container.Resolve[*esReClean](ctx, scope)
					mu.Lock()
					defer mu.Unlock()
					got.calls++
					got.a, got.b, got.errA, got.errB, got.errOwn = a, b, errA, errB, errOwn
					return nil
				}, nil
			}, container.Scoped),
			container.Provide[*esReCloser](c, func() (*esReCloser, func(context.Context) error, error) {
				return &esReCloser{}, func(ctx context.Context) error {
					_, errC := container.Resolve[*esReOtherC](ctx, c)
					_, errD := container.Resolve[*esReOtherC](context.Background(), c)
					mu.Lock()
					defer mu.Unlock()
					got.errC, got.errD = errC, errD
					return nil
				}, nil
			}),
		))
		scope = c.NewScope()
		var err1, err2 error
		esRun(t, "Resolve", func() {
			_, err1 = container.Resolve[*esReClean](ctx, scope)
			_, err2 = container.Resolve[*esReCloser](ctx, c)
		})
		require.NoError(t, err1)
		require.NoError(t, err2)
		require.NoError(t, esClose(t, ctx, scope, "scope Close (its cleanup calls back)"))
		mu.Lock()
		assert.Equal(t, 1, got.calls)
		assert.NoError(t, got.errA, "an unrelated type on the root, with the ctx the cleanup was given")
		assert.NoError(t, got.errB, "an unrelated type on the root, with context.Background()")
		assert.NotNil(t, got.a)
		assert.NotNil(t, got.b)
		assert.ErrorIs(t, got.errOwn, container.ErrClosed, "the scope being closed builds nothing new")
		mu.Unlock()

		var a *esReOtherA
		esRun(t, "Resolve after the scope's Close", func() {
			a, err1 = container.Resolve[*esReOtherA](ctx, c)
		})
		require.NoError(t, err1)
		assert.Same(t, got.a, a, "what the cleanup built on the root is the root's Singleton")

		require.NoError(t, esClose(t, ctx, c, "root Close (a cleanup calls back into the closing root)"))
		mu.Lock()
		defer mu.Unlock()
		assert.ErrorIs(t, got.errC, container.ErrClosed, "the closing root answers ErrClosed (with the cleanup's ctx)")
		assert.ErrorIs(t, got.errD, container.ErrClosed, "the closing root answers ErrClosed (with context.Background())")
	})
}

// ---------------------------------------------------------------------------
// Waiters

type esSlow struct{ _ byte }

func TestEngine_WaiterCtxEnds(t *testing.T) {
	defer esLeaks(t)()
	ctx := context.Background()
	c := container.New()
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	var releaseOnce sync.Once
	releaseAll := func() { releaseOnce.Do(func() { close(release) }) }
	defer releaseAll()
	require.NoError(t, container.Provide[*esSlow](c, func() (*esSlow, error) {
		if calls.Add(1) == 1 {
			close(started)
		}
		if err := esWaitBlock(release); err != nil {
			return nil, err
		}
		return &esSlow{}, nil
	}))

	type result struct {
		v   *esSlow
		err error
	}
	builder := make(chan result, 1)
	bo := esGo(func() {
		v, err := container.Resolve[*esSlow](ctx, c)
		builder <- result{v, err}
	})
	select {
	case <-started:
	case <-time.After(esGuard):
		t.Fatal("hang: the constructor did not start")
	}

	const waiters = 10
	short, long := make(chan result, waiters), make(chan result, waiters)
	var outcomes []<-chan esOutcome
	for i := range waiters {
		outcomes = append(outcomes, esGo(func() {
			if i%2 == 0 {
				wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
				defer cancel()
				v, err := container.Resolve[*esSlow](wctx, c)
				short <- result{v, err}
				return
			}
			v, err := container.Resolve[*esSlow](ctx, c)
			long <- result{v, err}
		}))
	}
	// The waiters with a deadline return while the build is still blocked.
	for i := range waiters / 2 {
		select {
		case r := <-short:
			assert.ErrorIs(t, r.err, context.DeadlineExceeded, "waiter %d: its own ctx ended", i)
			assert.Nil(t, r.v)
		case <-time.After(esGuard):
			t.Fatalf("hang: a waiter whose ctx ended is still waiting for the build (%d of %d returned)", i, waiters/2)
		}
	}
	assert.Equal(t, int32(1), calls.Load(), "the waiters that gave up did not start builds")
	select {
	case r := <-builder:
		t.Fatalf("the builder returned before it was released: %v", r.err)
	default:
	}
	releaseAll()

	bout := esAwait(t, bo, esGuard, "the builder's Resolve")
	require.False(t, bout.panicked || bout.goexit, "builder: %+v", bout)
	rb := <-builder // sent before bo returned
	require.NoError(t, rb.err, "the builder is not disturbed by the waiters that gave up")
	require.NotNil(t, rb.v)
	for i := range waiters / 2 {
		select {
		case r := <-long:
			require.NoError(t, r.err, "waiter %d", i)
			assert.Same(t, rb.v, r.v, "waiters share the builder's instance")
		case <-time.After(esGuard):
			t.Fatal("hang: a waiter did not get the built instance")
		}
	}
	for _, o := range outcomes {
		require.False(t, esAwait(t, o, esGuard, "waiter").panicked)
	}
	assert.Equal(t, int32(1), calls.Load(), "the constructor ran once")
	require.NoError(t, esClose(t, ctx, c, "Close"))
}

// ---------------------------------------------------------------------------
// Close and its deadline

type esBlocked struct{ _ byte }
type esCdA struct{ _ byte }
type esCdB struct{ _ byte }
type esCdC struct{ _ byte }

type esCdCounts struct{ n [3]atomic.Int32 }

func (cd *esCdCounts) newA() (*esCdA, func(), error) {
	return &esCdA{}, func() { cd.n[0].Add(1) }, nil
}

func (cd *esCdCounts) newB() (*esCdB, func(), error) {
	return &esCdB{}, func() { cd.n[1].Add(1) }, nil
}

func (cd *esCdCounts) newC() (*esCdC, func(), error) {
	return &esCdC{}, func() { cd.n[2].Add(1) }, nil
}

func TestEngine_CloseDeadlineWhileBuilding(t *testing.T) {
	ctx := context.Background()
	t.Run("build in flight", func(t *testing.T) {
		defer esLeaks(t)()
		c := container.New()
		started, release := make(chan struct{}), make(chan struct{})
		var releaseOnce sync.Once
		var released atomic.Bool
		releaseAll := func() { releaseOnce.Do(func() { released.Store(true); close(release) }) }
		defer releaseAll()
		var calls, cleaned atomic.Int32
		require.NoError(t, container.Provide[*esBlocked](c, func() (*esBlocked, func(), error) {
			calls.Add(1)
			close(started)
			if err := esWaitBlock(release); err != nil {
				return nil, nil, err
			}
			return &esBlocked{}, func() { cleaned.Add(1) }, nil
		}))
		var v *esBlocked
		var rerr error
		resolved := esGo(func() { v, rerr = container.Resolve[*esBlocked](ctx, c) })
		select {
		case <-started:
		case <-time.After(esGuard):
			t.Fatal("hang: the constructor did not start")
		}

		cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		var closeErr error
		var releasedAtClose bool
		closed := esGo(func() {
			closeErr = c.Close(cctx)
			releasedAtClose = released.Load()
		})
		var co esOutcome
		returned := false
		select {
		case co = <-closed:
			returned = true
		case <-time.After(2 * time.Second): // a generous guard for a 100ms deadline
			t.Error("hang: Close(ctx with a 100ms deadline) has not returned after 2s while a constructor is blocked")
		}
		releaseAll()
		if !returned {
			co = esAwait(t, closed, esGuard, "Close")
		}
		require.False(t, co.panicked, "Close panicked: %v", co.value)
		assert.False(t, releasedAtClose, "Close returned only after the constructor was released")
		t.Logf("Close while building returned: %v", closeErr)

		o := esAwait(t, resolved, esGuard, "Resolve")
		require.False(t, o.panicked || o.goexit)
		esRequireKind(t, rerr, container.ErrClosed)
		assert.Nil(t, v)
		assert.Equal(t, int32(1), cleaned.Load(), "the build finished after Close: its call was undone and its cleanup ran")

		var err error
		esRun(t, "Resolve after Close", func() { _, err = container.Resolve[*esBlocked](ctx, c) })
		assert.ErrorIs(t, err, container.ErrClosed)
		require.NoError(t, esClose(t, ctx, c, "a later Close"))
		assert.Equal(t, int32(1), calls.Load())
		assert.Equal(t, int32(1), cleaned.Load(), "the cleanup ran exactly once")
	})

	t.Run("ended ctx keeps the cleanups pending", func(t *testing.T) {
		defer esLeaks(t)()
		c := container.New()
		// Named constructors: the error message then has no digits but
		// the count (closures would be named "func2.3").
		cd := &esCdCounts{}
		cleaned := &cd.n
		require.NoError(t, errors.Join(
			container.Provide[*esCdA](c, cd.newA),
			container.Provide[*esCdB](c, cd.newB),
			container.Provide[*esCdC](c, cd.newC),
		))
		var errA, errB, errC error
		esRun(t, "Resolve", func() {
			_, errA = container.Resolve[*esCdA](ctx, c)
			_, errB = container.Resolve[*esCdB](ctx, c)
			_, errC = container.Resolve[*esCdC](ctx, c)
		})
		require.NoError(t, errors.Join(errA, errB, errC))
		counts := func() [3]int32 { return [3]int32{cleaned[0].Load(), cleaned[1].Load(), cleaned[2].Load()} }

		ended, cancel := context.WithCancel(ctx)
		cancel()
		err := esClose(t, ended, c, "Close with an ended ctx")
		require.Error(t, err, "three cleanups are pending")
		assert.ErrorIs(t, err, container.ErrCleanup)
		assert.ErrorIs(t, err, context.Canceled, "the error wraps the ctx's error")
		assert.Regexp(t, regexp.MustCompile(`\b3\b`), err.Error(), "the error says how many cleanups remain")
		assert.Equal(t, [3]int32{}, counts(), "Close with an ended ctx runs nothing")
		esRun(t, "Resolve after Close", func() { _, errA = container.Resolve[*esCdA](ctx, c) })
		assert.ErrorIs(t, errA, container.ErrClosed, "Close with an ended ctx still closes the container")

		require.NoError(t, esClose(t, ctx, c, "Close with a live ctx"), "a later Close runs what was pending")
		assert.Equal(t, [3]int32{1, 1, 1}, counts(), "a later Close with a live ctx runs the pending cleanups")
		require.NoError(t, esClose(t, ctx, c, "third Close"), "nothing remains")
		assert.Equal(t, [3]int32{1, 1, 1}, counts())
	})
}

// ---------------------------------------------------------------------------
// Memory

type esMemT struct{ payload [64]byte }

func TestEngine_MemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("100k builds; skipped with -short")
	}
	defer esLeaks(t)()
	ctx := context.Background()
	c := container.New()
	var built, cleaned atomic.Int64
	require.NoError(t, container.Provide[*esMemT](c, func() (*esMemT, func(context.Context) error, error) {
		built.Add(1)
		return &esMemT{}, func(context.Context) error { cleaned.Add(1); return nil }, nil
	}, container.Transient))
	f, err := container.Resolve[container.Factory[*esMemT]](ctx, c)
	require.NoError(t, err)

	run := func(n int) {
		for i := range n {
			v, release, err := f.NewOwned(ctx)
			if err != nil || v == nil || release == nil {
				t.Fatalf("call %d: NewOwned returned (%v, release %v, %v)", i, v != nil, release != nil, err)
			}
			if err := release(ctx); err != nil {
				t.Fatalf("call %d: release: %v", i, err)
			}
		}
	}
	heap := func() int64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	const warm, n = 1000, 100_000
	run(warm)
	h0 := heap()
	run(n)
	h1 := heap()
	assert.Equal(t, int64(warm+n), built.Load())
	assert.Equal(t, int64(warm+n), cleaned.Load(), "every release func ran the cleanup of what its call built")
	assert.LessOrEqualf(t, h1-h0, int64(1<<20), "heap grew by %d bytes over %d NewOwned calls: the container keeps a record of what the caller owns", h1-h0, n)
	t.Logf("heap: %d -> %d bytes (%+d) over %d calls", h0, h1, h1-h0, n)
	require.NoError(t, esClose(t, ctx, c, "Close"))
	assert.Equal(t, int64(warm+n), cleaned.Load(), "Close runs none of the cleanups the callers owned")
}

// ---------------------------------------------------------------------------
// Interface implementations

type esShape interface{ esArea() int }

type esSquare struct{ side int }
type esCircle struct{ radius int }

func (s *esSquare) esArea() int { return s.side * s.side }
func (c *esCircle) esArea() int { return 3 * c.radius * c.radius }

// Roots whose reachable graphs hold: the square, the circle, nothing, both.
type esRootSq struct {
	Sq    *esSquare `inject:""`
	Shape esShape   `inject:""`
}
type esRootCi struct {
	Ci    *esCircle `inject:""`
	Shape esShape   `inject:""`
}
type esRootBare struct {
	Shape esShape `inject:""`
}
type esRootBoth struct {
	Sq    *esSquare `inject:""`
	Ci    *esCircle `inject:""`
	Shape esShape   `inject:""`
}

// esOutcomeOf describes the result of one call so that calls on different
// containers compare: the error's kind and message, or the type of the
// implementation chosen and whether it is the instance of the root's own
// field of that type.
func esOutcomeOf(err error, shape esShape, own ...any) string {
	if err != nil {
		var e *container.Error
		if !errors.As(err, &e) {
			return "error (not a *container.Error): " + err.Error()
		}
		return fmt.Sprintf("error kind=%v: %s", e.Kind, err.Error())
	}
	same := false
	for _, o := range own {
		same = same || any(shape) == o
	}
	return fmt.Sprintf("ok %T (the root's own instance: %v)", shape, same)
}

func esPermutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range esPermutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

func TestEngine_DeterministicInterfaceChoice(t *testing.T) {
	defer esLeaks(t)()
	ctx := context.Background()
	type root struct {
		name string
		run  func(c *container.Container) (populate, resolve string)
	}
	roots := []root{
		{"esRootSq", func(c *container.Container) (string, string) {
			var p esRootSq
			err := c.Populate(ctx, &p)
			r, rerr := container.Resolve[*esRootSq](ctx, c)
			if r == nil {
				r = &esRootSq{}
			}
			return esOutcomeOf(err, p.Shape, p.Sq), esOutcomeOf(rerr, r.Shape, r.Sq)
		}},
		{"esRootCi", func(c *container.Container) (string, string) {
			var p esRootCi
			err := c.Populate(ctx, &p)
			r, rerr := container.Resolve[*esRootCi](ctx, c)
			if r == nil {
				r = &esRootCi{}
			}
			return esOutcomeOf(err, p.Shape, p.Ci), esOutcomeOf(rerr, r.Shape, r.Ci)
		}},
		{"esRootBare", func(c *container.Container) (string, string) {
			var p esRootBare
			err := c.Populate(ctx, &p)
			r, rerr := container.Resolve[*esRootBare](ctx, c)
			if r == nil {
				r = &esRootBare{}
			}
			return esOutcomeOf(err, p.Shape), esOutcomeOf(rerr, r.Shape)
		}},
		{"esRootBoth", func(c *container.Container) (string, string) {
			var p esRootBoth
			err := c.Populate(ctx, &p)
			r, rerr := container.Resolve[*esRootBoth](ctx, c)
			if r == nil {
				r = &esRootBoth{}
			}
			return esOutcomeOf(err, p.Shape, p.Sq, p.Ci), esOutcomeOf(rerr, r.Shape, r.Sq, r.Ci)
		}},
	}
	// seen[call][outcome] is the first order that gave that outcome.
	seen := map[string]map[string]string{}
	var first map[string]string
	for _, perm := range esPermutations(len(roots)) {
		var names []string
		for _, i := range perm {
			names = append(names, roots[i].name)
		}
		permName := strings.Join(names, ",")
		c := container.New()
		got := map[string]string{}
		esRun(t, "permutation "+permName, func() {
			for _, i := range perm {
				p, r := roots[i].run(c)
				got["populate "+roots[i].name] = p
				got["resolve "+roots[i].name] = r
			}
		})
		require.NoError(t, esClose(t, ctx, c, "Close"))
		if first == nil {
			first = got
		}
		for k, v := range got {
			if seen[k] == nil {
				seen[k] = map[string]string{}
			}
			if _, ok := seen[k][v]; !ok {
				seen[k][v] = permName
			}
		}
	}
	for _, r := range roots {
		for _, op := range []string{"populate ", "resolve "} {
			k := op + r.name
			if len(seen[k]) > 1 {
				var b strings.Builder
				for v, order := range seen[k] {
					fmt.Fprintf(&b, "\n  with the calls in order %s: %s", order, v)
				}
				t.Errorf("%s depends on the order of the calls before it (%d different outcomes):%s", k, len(seen[k]), b.String())
			}
		}
	}
	// What the contract says each root gets, whatever the order.
	assert.Equal(t, "ok *container_test.esSquare (the root's own instance: true)", first["populate esRootSq"])
	assert.Equal(t, "ok *container_test.esCircle (the root's own instance: true)", first["resolve esRootCi"])
	assert.Contains(t, first["populate esRootBare"], "error kind="+container.ErrNotFound.Error())
	assert.Contains(t, first["resolve esRootBoth"], "error kind="+container.ErrAmbiguous.Error())
}
