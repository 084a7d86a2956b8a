package container_test

// Fault injection into the engine: errors, panics and runtime.Goexit in
// user code. Over a 10-node graph of Singletons (and, separately, Scoped
// instances in a scope), every node in turn fails in every way: its
// constructor returns an error or panics, its Init returns an error or
// panics, or its cleanup panics when its owner closes. Each run checks the
// kind of the error and its path, that the failed call cached nothing and
// undid exactly what it built (each cleanup once, no Close for incomplete
// instances), and that a retry after fixing the cause builds everything
// again. Then a panic and a runtime.Goexit in a constructor while other
// goroutines wait for the same Singleton: the waiters get the error, and
// the container is not left locked.
//
// Every call into the container runs on its own goroutine behind a hang
// guard (efDo), so that an engine that lets a panic escape with a lock
// held fails the test instead of crashing or hanging the test binary.
//
// Every top-level identifier declared here starts with "ef".

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

	"github.com/tagwire/tagwire/container"
)

// efGuard bounds a call that should return promptly (a hang guard only).
const efGuard = 10 * time.Second

// efAwait waits for a goroutine started by esGo, failing the test if it
// has not ended within efGuard.
func efAwait(t *testing.T, ch <-chan esOutcome, what string) esOutcome {
	t.Helper()
	timer := time.NewTimer(efGuard)
	defer timer.Stop()
	select {
	case e := <-ch:
		return e
	case <-timer.C:
		t.Fatalf("hang: %s has not returned after %v (is the container still locked?)", what, efGuard)
		return esOutcome{}
	}
}

// efDo calls fn (a call into the container) on its own goroutine and
// returns its error. A panic or Goexit escaping the container, or a hang,
// fails the test at once: after either, an engine that holds a lock across
// user code is locked for good.
func efDo(t *testing.T, what string, fn func() error) error {
	t.Helper()
	var err error
	e := efAwait(t, esGo(func() { err = fn() }), what)
	if e.panicked {
		t.Fatalf("%s: a panic escaped the container (it must be recovered and returned as ErrPanic): %v", what, e.value)
	}
	if e.goexit {
		t.Fatalf("%s: runtime.Goexit escaped the container", what)
	}
	return err
}

// efRequireKind asserts that err is a *container.Error of Kind kind.
func efRequireKind(t testing.TB, err error, kind error) *container.Error {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, kind, "error: %v", err)
	var e *container.Error
	require.ErrorAs(t, err, &e, "every error of the package is a *container.Error: %v", err)
	require.True(t, e.Kind == kind, "Kind is %v, want %v (error: %v)", e.Kind, kind, err)
	return e
}

// efRequirePanic asserts that err reports the recovered panic value want.
func efRequirePanic(t testing.TB, err error, want any) *container.PanicError {
	t.Helper()
	require.ErrorIs(t, err, container.ErrPanic, "error: %v", err)
	var pe *container.PanicError
	require.ErrorAs(t, err, &pe, "the *PanicError is in the chain: %v", err)
	assert.Equal(t, want, pe.Value, "the recovered value")
	assert.NotEmpty(t, pe.Stack, "the stack of the panic")
	assert.False(t, pe.Goexit)
	return pe
}

// ---------------------------------------------------------------------------
// The 10-node graph

type efKind int

const (
	efNone efKind = iota
	efCtorErr
	efCtorPanic
	efInitErr
	efInitPanic
	efCleanupPanic
)

func (k efKind) String() string {
	return [...]string{"none", "constructor error", "constructor panic", "Init error", "Init panic", "cleanup panic"}[k]
}

var efErrInjected = errors.New("ef: injected fault")

// efPanicValue is what injected panics panic with.
type efPanicValue struct {
	Node  int
	Where string
}

// efInst is the bookkeeping of one node instance.
type efInst struct {
	h      *efH
	node   int
	inited bool // its Init succeeded: the instance is complete
	clean  int  // runs of the cleanup its constructor returned
	closes int  // runs of its Close method (AutoClose)
}

// efH is the harness every node reports to (a supplied value).
type efH struct {
	mu    sync.Mutex
	kind  efKind
	pos   int
	calls [11]int       // constructor calls per node
	insts [11][]*efInst // instances per node, in creation order
}

func (h *efH) set(kind efKind, pos int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.kind, h.pos = kind, pos
}

func (h *efH) fault(node int) efKind {
	if h.pos == node {
		return h.kind
	}
	return efNone
}

// ctor is the body of every node's constructor.
func (h *efH) ctor(node int) (*efInst, func(context.Context) error, error) {
	h.mu.Lock()
	h.calls[node]++
	f := h.fault(node)
	h.mu.Unlock()
	switch f {
	case efCtorErr:
		return nil, nil, fmt.Errorf("efN%d constructor: %w", node, efErrInjected)
	case efCtorPanic:
		panic(efPanicValue{node, "constructor"})
	}
	in := &efInst{h: h, node: node}
	h.mu.Lock()
	h.insts[node] = append(h.insts[node], in)
	h.mu.Unlock()
	return in, func(context.Context) error {
		h.mu.Lock()
		in.clean++
		// Even nodes panic in the cleanup their constructor returned,
		// odd ones in their Close method.
		p := h.fault(node) == efCleanupPanic && node%2 == 0
		h.mu.Unlock()
		if p {
			panic(efPanicValue{node, "cleanup"})
		}
		return nil
	}, nil
}

func (in *efInst) init() error {
	h := in.h
	h.mu.Lock()
	f := h.fault(in.node)
	if f != efInitErr && f != efInitPanic {
		in.inited = true
	}
	h.mu.Unlock()
	switch f {
	case efInitErr:
		return fmt.Errorf("efN%d Init: %w", in.node, efErrInjected)
	case efInitPanic:
		panic(efPanicValue{in.node, "Init"})
	}
	return nil
}

func (in *efInst) close() error {
	h := in.h
	h.mu.Lock()
	in.closes++
	p := h.fault(in.node) == efCleanupPanic && in.node%2 == 1
	h.mu.Unlock()
	if p {
		panic(efPanicValue{in.node, "Close"})
	}
	return nil
}

// The graph: every node has a constructor (returning a cleanup), an Init
// and a Close method (AutoClose). Dependencies are constructor parameters
// unless marked (field):
//
//	efN1
//	efN2  <- N1
//	efN3  <- N1
//	efN4  <- N2, N3              (diamond)
//	efN5  <- N4 (field)
//	efN6  <- N5
//	efN7  <- N4, N6 (field)
//	efN8  <- N7
//	efN9  <- N3, N8 (field)
//	efN10 <- N9, N1
//
// Populating efApp builds, in completion order, N1 N3 N2 N4 N5 N6 N7 N8 N9
// N10; N9 and N7 are constructed before their field dependencies, so a
// fault below them leaves them constructed but incomplete.
type (
	efN1 struct{ I *efInst }
	efN2 struct {
		I  *efInst
		N1 *efN1
	}
	efN3 struct {
		I  *efInst
		N1 *efN1
	}
	efN4 struct {
		I  *efInst
		N2 *efN2
		N3 *efN3
	}
	efN5 struct {
		I  *efInst
		N4 *efN4 `inject:""`
	}
	efN6 struct {
		I  *efInst
		N5 *efN5
	}
	efN7 struct {
		I  *efInst
		N4 *efN4
		N6 *efN6 `inject:""`
	}
	efN8 struct {
		I  *efInst
		N7 *efN7
	}
	efN9 struct {
		I  *efInst
		N3 *efN3
		N8 *efN8 `inject:""`
	}
	efN10 struct {
		I  *efInst
		N9 *efN9
		N1 *efN1
	}
	efApp struct {
		N10 *efN10 `inject:""`
		N6  *efN6  `inject:""`
	}
)

func (x *efN1) Init() error                  { return x.I.init() }
func (x *efN2) Init(context.Context) error   { return x.I.init() }
func (x *efN3) Init() error                  { return x.I.init() }
func (x *efN4) Init(context.Context) error   { return x.I.init() }
func (x *efN5) Init() error                  { return x.I.init() }
func (x *efN6) Init() error                  { return x.I.init() }
func (x *efN7) Init(context.Context) error   { return x.I.init() }
func (x *efN8) Init() error                  { return x.I.init() }
func (x *efN9) Init() error                  { return x.I.init() }
func (x *efN10) Init(context.Context) error  { return x.I.init() }
func (x *efN1) Close() error                 { return x.I.close() }
func (x *efN2) Close(context.Context) error  { return x.I.close() }
func (x *efN3) Close() error                 { return x.I.close() }
func (x *efN4) Close() error                 { return x.I.close() }
func (x *efN5) Close(context.Context) error  { return x.I.close() }
func (x *efN6) Close() error                 { return x.I.close() }
func (x *efN7) Close() error                 { return x.I.close() }
func (x *efN8) Close(context.Context) error  { return x.I.close() }
func (x *efN9) Close() error                 { return x.I.close() }
func (x *efN10) Close(context.Context) error { return x.I.close() }

type efClean = func(context.Context) error

func efNewN1(h *efH) (*efN1, efClean, error) {
	in, cl, err := h.ctor(1)
	if err != nil {
		return nil, nil, err
	}
	return &efN1{I: in}, cl, nil
}

func efNewN2(h *efH, n1 *efN1) (*efN2, efClean, error) {
	in, cl, err := h.ctor(2)
	if err != nil {
		return nil, nil, err
	}
	return &efN2{I: in, N1: n1}, cl, nil
}

func efNewN3(h *efH, n1 *efN1) (*efN3, efClean, error) {
	in, cl, err := h.ctor(3)
	if err != nil {
		return nil, nil, err
	}
	return &efN3{I: in, N1: n1}, cl, nil
}

func efNewN4(h *efH, n2 *efN2, n3 *efN3) (*efN4, efClean, error) {
	in, cl, err := h.ctor(4)
	if err != nil {
		return nil, nil, err
	}
	return &efN4{I: in, N2: n2, N3: n3}, cl, nil
}

func efNewN5(h *efH) (*efN5, efClean, error) {
	in, cl, err := h.ctor(5)
	if err != nil {
		return nil, nil, err
	}
	return &efN5{I: in}, cl, nil
}

func efNewN6(h *efH, n5 *efN5) (*efN6, efClean, error) {
	in, cl, err := h.ctor(6)
	if err != nil {
		return nil, nil, err
	}
	return &efN6{I: in, N5: n5}, cl, nil
}

func efNewN7(h *efH, n4 *efN4) (*efN7, efClean, error) {
	in, cl, err := h.ctor(7)
	if err != nil {
		return nil, nil, err
	}
	return &efN7{I: in, N4: n4}, cl, nil
}

func efNewN8(h *efH, n7 *efN7) (*efN8, efClean, error) {
	in, cl, err := h.ctor(8)
	if err != nil {
		return nil, nil, err
	}
	return &efN8{I: in, N7: n7}, cl, nil
}

func efNewN9(h *efH, n3 *efN3) (*efN9, efClean, error) {
	in, cl, err := h.ctor(9)
	if err != nil {
		return nil, nil, err
	}
	return &efN9{I: in, N3: n3}, cl, nil
}

func efNewN10(h *efH, n9 *efN9, n1 *efN1) (*efN10, efClean, error) {
	in, cl, err := h.ctor(10)
	if err != nil {
		return nil, nil, err
	}
	return &efN10{I: in, N9: n9, N1: n1}, cl, nil
}

func efRegister(c *container.Container, lt container.Lifetime) error {
	ac := container.AutoClose()
	return errors.Join(
		container.Provide[*efN1](c, efNewN1, lt, ac),
		container.Provide[*efN2](c, efNewN2, lt, ac),
		container.Provide[*efN3](c, efNewN3, lt, ac),
		container.Provide[*efN4](c, efNewN4, lt, ac),
		container.Provide[*efN5](c, efNewN5, lt, ac),
		container.Provide[*efN6](c, efNewN6, lt, ac),
		container.Provide[*efN7](c, efNewN7, lt, ac),
		container.Provide[*efN8](c, efNewN8, lt, ac),
		container.Provide[*efN9](c, efNewN9, lt, ac),
		container.Provide[*efN10](c, efNewN10, lt, ac),
	)
}

// efNodes returns the ten instances of a populated app, indexed by node,
// after checking that the graph shares them as it should.
func efNodes(t *testing.T, a *efApp) [11]*efInst {
	t.Helper()
	n10 := a.N10
	require.NotNil(t, n10)
	n9, n1 := n10.N9, n10.N1
	require.NotNil(t, n9)
	n3, n8 := n9.N3, n9.N8
	require.NotNil(t, n8)
	n7 := n8.N7
	require.NotNil(t, n7)
	n4, n6 := n7.N4, n7.N6
	require.NotNil(t, n4)
	require.NotNil(t, n6)
	n5 := n6.N5
	require.NotNil(t, n5)
	n2 := n4.N2
	require.NotNil(t, n2)
	require.Same(t, n1, n2.N1)
	require.Same(t, n1, n3.N1)
	require.Same(t, n3, n4.N3)
	require.Same(t, n4, n5.N4)
	require.Same(t, n6, a.N6)
	return [11]*efInst{nil, n1.I, n2.I, n3.I, n4.I, n5.I, n6.I, n7.I, n8.I, n9.I, n10.I}
}

// efResolveNode resolves node n from c.
func efResolveNode(ctx context.Context, c *container.Container, n int) (*efInst, error) {
	get := func(v any, err error) (*efInst, error) {
		if err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case *efN1:
			return x.I, nil
		case *efN2:
			return x.I, nil
		case *efN3:
			return x.I, nil
		case *efN4:
			return x.I, nil
		case *efN5:
			return x.I, nil
		case *efN6:
			return x.I, nil
		case *efN7:
			return x.I, nil
		case *efN8:
			return x.I, nil
		case *efN9:
			return x.I, nil
		case *efN10:
			return x.I, nil
		}
		return nil, fmt.Errorf("unexpected %T", v)
	}
	switch n {
	case 1:
		return get(container.Resolve[*efN1](ctx, c))
	case 2:
		return get(container.Resolve[*efN2](ctx, c))
	case 3:
		return get(container.Resolve[*efN3](ctx, c))
	case 4:
		return get(container.Resolve[*efN4](ctx, c))
	case 5:
		return get(container.Resolve[*efN5](ctx, c))
	case 6:
		return get(container.Resolve[*efN6](ctx, c))
	case 7:
		return get(container.Resolve[*efN7](ctx, c))
	case 8:
		return get(container.Resolve[*efN8](ctx, c))
	case 9:
		return get(container.Resolve[*efN9](ctx, c))
	}
	return get(container.Resolve[*efN10](ctx, c))
}

// efSnap is a copy of the harness's bookkeeping.
type efSnap struct {
	calls [11]int
	insts []efInst // copies, in node order then creation order
	ptrs  []*efInst
}

func (h *efH) snap() efSnap {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := efSnap{calls: h.calls}
	for n := 1; n <= 10; n++ {
		for _, in := range h.insts[n] {
			s.insts = append(s.insts, *in)
			s.ptrs = append(s.ptrs, in)
		}
	}
	return s
}

// efCheckUndone checks every instance in s: its constructor's cleanup ran
// exactly once, and its Close ran once if it was complete and never if it
// was not.
func efCheckUndone(t *testing.T, s efSnap, when string) {
	t.Helper()
	for _, in := range s.insts {
		assert.Equalf(t, 1, in.clean, "%s: efN%d: the cleanup its constructor returned ran %d times, want 1", when, in.node, in.clean)
		if in.inited {
			assert.Equalf(t, 1, in.closes, "%s: efN%d (complete): Close ran %d times, want 1", when, in.node, in.closes)
		} else {
			assert.Zerof(t, in.closes, "%s: efN%d (incomplete: its build failed): Close ran %d times, want 0", when, in.node, in.closes)
		}
	}
}

func efRun(t *testing.T, lt container.Lifetime, kind efKind, pos int) {
	defer esLeaks(t)()
	ctx := context.Background()
	h := &efH{}
	c := container.New()
	require.NoError(t, container.Supply(c, h))
	require.NoError(t, efRegister(c, lt))
	target := c
	if lt == container.Scoped {
		target = c.NewScope()
	}
	nodeRe := regexp.MustCompile(fmt.Sprintf(`\befN%d\b`, pos))
	h.set(kind, pos)

	var app efApp
	err := efDo(t, "Populate", func() error { return target.Populate(ctx, &app) })

	if kind == efCleanupPanic {
		require.NoError(t, err)
		nodes := efNodes(t, &app)
		s := h.snap()
		for n := 1; n <= 10; n++ {
			require.Equalf(t, 1, s.calls[n], "efN%d built once", n)
			require.True(t, nodes[n].inited)
		}
		err = efDo(t, "Close", func() error { return target.Close(ctx) })
		efRequireKind(t, err, container.ErrCleanup)
		where := map[bool]string{true: "cleanup", false: "Close"}[pos%2 == 0]
		efRequirePanic(t, err, efPanicValue{pos, where})
		assert.Regexp(t, nodeRe, err.Error(), "the error names the instance whose cleanup panicked")
		efCheckUndone(t, h.snap(), "after a cleanup panicked in Close (the others still ran)")
		require.NoError(t, efDo(t, "second Close", func() error { return target.Close(ctx) }), "nothing remains")
		efCheckUndone(t, h.snap(), "after the second Close")

		// The container is not locked: the next call is answered.
		h.set(efNone, 0)
		if lt == container.Scoped {
			s2 := c.NewScope()
			var again efApp
			require.NoError(t, efDo(t, "Populate in a new scope", func() error { return s2.Populate(ctx, &again) }))
			efNodes(t, &again)
			var in *efInst
			require.NoError(t, efDo(t, "Resolve", func() (err error) { in, err = efResolveNode(ctx, s2, pos); return }))
			assert.Same(t, efNodes(t, &again)[pos], in)
			require.NoError(t, efDo(t, "scope Close", func() error { return s2.Close(ctx) }))
		} else {
			err := efDo(t, "Resolve after Close", func() error { _, err := efResolveNode(ctx, c, pos); return err })
			assert.ErrorIs(t, err, container.ErrClosed)
		}
		require.NoError(t, efDo(t, "root Close", func() error { return c.Close(ctx) }))
		efCheckUndone(t, h.snap(), "at the end")
		return
	}

	// The failed call.
	switch kind {
	case efCtorErr:
		efRequireKind(t, err, container.ErrConstructor)
		assert.ErrorIs(t, err, efErrInjected)
	case efInitErr:
		efRequireKind(t, err, container.ErrInit)
		assert.ErrorIs(t, err, efErrInjected)
	case efCtorPanic:
		efRequireKind(t, err, container.ErrPanic)
		efRequirePanic(t, err, efPanicValue{pos, "constructor"})
	case efInitPanic:
		efRequireKind(t, err, container.ErrPanic)
		efRequirePanic(t, err, efPanicValue{pos, "Init"})
	}
	var e *container.Error
	require.ErrorAs(t, err, &e)
	assert.True(t, strings.HasPrefix(e.Path, "efApp."), "the path starts at the target: %q", e.Path)
	assert.Regexp(t, nodeRe, err.Error(), "the error names the failing node (path %q)", e.Path)
	assert.NotErrorIs(t, err, container.ErrCleanup, "undoing the call failed")
	assert.Nil(t, app.N10, "the target's fields are reset")
	assert.Nil(t, app.N6, "the target's fields are reset")

	failed := h.snap()
	require.Equal(t, 1, failed.calls[pos], "the failing node was built")
	efCheckUndone(t, failed, "after the failed Populate")

	// Fix the cause and retry: nothing was cached, so every node is built
	// again, and what the failed call built stays undone.
	h.set(efNone, 0)
	var again efApp
	require.NoError(t, efDo(t, "Populate after fixing the fault", func() error { return target.Populate(ctx, &again) }))
	nodes := efNodes(t, &again)
	after := h.snap()
	for n := 1; n <= 10; n++ {
		assert.Equalf(t, failed.calls[n]+1, after.calls[n], "efN%d: constructor calls (%d in the failed call)", n, failed.calls[n])
		if failed.calls[n] > 0 {
			assert.Equalf(t, 2, after.calls[n], "efN%d was built in the failed call and again in the retry", n)
		}
		for _, old := range failed.ptrs {
			if old == nodes[n] {
				t.Errorf("efN%d of the retry is an instance of the failed call: it was cached", n)
			}
		}
		assert.Truef(t, nodes[n].inited, "efN%d of the retry is complete", n)
	}
	for i, old := range failed.ptrs {
		h.mu.Lock()
		cur := *old
		h.mu.Unlock()
		assert.Equalf(t, failed.insts[i].clean, cur.clean, "efN%d of the failed call: cleaned again by the retry", cur.node)
		assert.Equalf(t, failed.insts[i].closes, cur.closes, "efN%d of the failed call: closed again by the retry", cur.node)
	}

	// The next resolve works and sees the retry's instance.
	var in *efInst
	require.NoError(t, efDo(t, "Resolve the failing node", func() (err error) { in, err = efResolveNode(ctx, target, pos); return }))
	assert.Same(t, nodes[pos], in)

	if target != c {
		require.NoError(t, efDo(t, "scope Close", func() error { return target.Close(ctx) }))
	}
	require.NoError(t, efDo(t, "Close", func() error { return c.Close(ctx) }))
	efCheckUndone(t, h.snap(), "after Close")
}

func TestFault_NodeFaults(t *testing.T) {
	for _, lt := range []container.Lifetime{container.Singleton, container.Scoped} {
		for _, kind := range []efKind{efCtorErr, efCtorPanic, efInitErr, efInitPanic, efCleanupPanic} {
			for pos := 1; pos <= 10; pos++ {
				t.Run(fmt.Sprintf("%v/%v/efN%d", lt, kind, pos), func(t *testing.T) {
					efRun(t, lt, kind, pos)
				})
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Waiters of a build that panics or calls runtime.Goexit

type efHot struct{ _ byte }

// efWaiter is the body of a goroutine waiting for the efHot Singleton. It
// is a named function so that efBlocked can find it in a stack dump.
//
//go:noinline
func efWaiter(ctx context.Context, c *container.Container) (*efHot, error) {
	return container.Resolve[*efHot](ctx, c)
}

// efBlockedIn counts the goroutines parked (neither running nor runnable)
// with fn on their stack.
func efBlockedIn(fn string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		header, _, _ := strings.Cut(g, "\n")
		if !strings.Contains(g, fn+"(") {
			continue
		}
		// Parked in any way (a channel, select, mutex, cond, sleep):
		// efWaiter does nothing but call the container.
		if !strings.Contains(header, "[running") && !strings.Contains(header, "[runnable") {
			count++
		}
	}
	return count
}

// efWaitBlocked waits until n goroutines are blocked in efWaiter (inside
// the container, waiting for the build), stable over two looks.
func efWaitBlocked(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(efGuard)
	for stable := 0; stable < 2; {
		if time.Now().After(deadline) {
			t.Fatalf("hang: %d waiters never blocked waiting for the build (%d did)", n, efBlockedIn("container_test.efWaiter"))
		}
		time.Sleep(10 * time.Millisecond)
		if efBlockedIn("container_test.efWaiter") >= n {
			stable++
		} else {
			stable = 0
		}
	}
}

// efHotSetup registers efHot with a constructor that, on its first call,
// signals started and waits for release, then misbehaves (fail) while
// faulty is set.
func efHotSetup(t *testing.T, fail func()) (c *container.Container, calls *atomic.Int32, faulty *atomic.Bool, started, release chan struct{}) {
	t.Helper()
	c = container.New()
	calls, faulty = new(atomic.Int32), new(atomic.Bool)
	faulty.Store(true)
	started, release = make(chan struct{}), make(chan struct{})
	require.NoError(t, container.Provide[*efHot](c, func() *efHot {
		if calls.Add(1) == 1 {
			close(started)
			select {
			case <-release:
			case <-time.After(3 * efGuard):
			}
		}
		if faulty.Load() {
			fail()
		}
		return &efHot{}
	}))
	return c, calls, faulty, started, release
}

type efWaitResult struct {
	v   *efHot
	err error
	end esOutcome
}

// efStartWaiters starts n goroutines that resolve efHot.
func efStartWaiters(ctx context.Context, c *container.Container, n int) []chan efWaitResult {
	out := make([]chan efWaitResult, n)
	for i := range out {
		out[i] = make(chan efWaitResult, 1)
		var r efWaitResult
		done := esGo(func() { r.v, r.err = efWaiter(ctx, c) })
		go func() {
			r.end = <-done
			out[i] <- r
		}()
	}
	return out
}

func efCollect(t *testing.T, chs []chan efWaitResult) []efWaitResult {
	t.Helper()
	var out []efWaitResult
	for i, ch := range chs {
		select {
		case r := <-ch:
			out = append(out, r)
		case <-time.After(efGuard):
			t.Fatalf("hang: waiter %d has not returned after %v: the container is still locked", i, efGuard)
		}
	}
	return out
}

// efRetry checks that the container works after the fault is fixed: the
// Singleton is built once more and shared by concurrent callers.
func efRetry(t *testing.T, c *container.Container, calls *atomic.Int32, faulty *atomic.Bool) {
	t.Helper()
	ctx := context.Background()
	faulty.Store(false)
	before := calls.Load()
	var v *efHot
	require.NoError(t, efDo(t, "retry", func() (err error) { v, err = container.Resolve[*efHot](ctx, c); return }), "a retry after the fault succeeds")
	require.NotNil(t, v)
	for _, r := range efCollect(t, efStartWaiters(ctx, c, 8)) {
		require.False(t, r.end.panicked || r.end.goexit)
		require.NoError(t, r.err)
		assert.Same(t, v, r.v)
	}
	assert.Equal(t, before+1, calls.Load(), "the retry built the Singleton once")
	require.NoError(t, efDo(t, "Close", func() error { return c.Close(ctx) }))
}

func TestFault_PanicWhileOthersWait(t *testing.T) {
	defer esLeaks(t)()
	ctx := context.Background()
	value := efPanicValue{0, "hot constructor"}
	c, calls, faulty, started, release := efHotSetup(t, func() { panic(value) })
	var releaseOnce sync.Once
	defer releaseOnce.Do(func() { close(release) })

	var berr error
	builder := esGo(func() { _, berr = container.Resolve[*efHot](ctx, c) })
	select {
	case <-started:
	case <-time.After(efGuard):
		t.Fatal("hang: the constructor did not start")
	}
	const waiters = 8
	chs := efStartWaiters(ctx, c, waiters)
	efWaitBlocked(t, waiters)
	releaseOnce.Do(func() { close(release) })

	b := efAwait(t, builder, "the builder's Resolve")
	if b.panicked {
		t.Errorf("the constructor's panic escaped the builder's Resolve (not recovered): %v", b.value)
	} else {
		require.False(t, b.goexit)
		efRequireKind(t, berr, container.ErrPanic)
		efRequirePanic(t, berr, value)
	}
	for i, r := range efCollect(t, chs) {
		require.Falsef(t, r.end.panicked || r.end.goexit, "waiter %d: %+v", i, r.end)
		efRequireKind(t, r.err, container.ErrPanic)
		efRequirePanic(t, r.err, value)
		assert.Nilf(t, r.v, "waiter %d", i)
	}
	efRetry(t, c, calls, faulty)
}

func TestFault_GoexitInConstructor(t *testing.T) {
	defer esLeaks(t)()
	ctx := context.Background()
	c, calls, faulty, started, release := efHotSetup(t, runtime.Goexit)
	var releaseOnce sync.Once
	defer releaseOnce.Do(func() { close(release) })

	// The builder calls Resolve from a goroutine of its own: the
	// constructor's runtime.Goexit may end it, which this test expects.
	var berr error
	builder := esGo(func() { _, berr = container.Resolve[*efHot](ctx, c) })
	select {
	case <-started:
	case <-time.After(efGuard):
		t.Fatal("hang: the constructor did not start")
	}
	const waiters = 4
	chs := efStartWaiters(ctx, c, waiters)
	efWaitBlocked(t, waiters)
	releaseOnce.Do(func() { close(release) })

	b := efAwait(t, builder, "the builder's goroutine")
	require.False(t, b.panicked, "a panic escaped: %v", b.value)
	if !b.goexit { // the engine ran the constructor elsewhere and reports the Goexit
		efRequireKind(t, berr, container.ErrPanic)
		var pe *container.PanicError
		require.ErrorAs(t, berr, &pe)
		assert.True(t, pe.Goexit)
	}
	for i, r := range efCollect(t, chs) {
		require.Falsef(t, r.end.panicked || r.end.goexit, "waiter %d ended with %+v: the Goexit reached a waiter", i, r.end)
		efRequireKind(t, r.err, container.ErrPanic)
		var pe *container.PanicError
		require.ErrorAs(t, r.err, &pe, "waiter %d", i)
		assert.True(t, pe.Goexit, "PanicError.Goexit")
		assert.Nil(t, pe.Value, "runtime.Goexit has no panic value")
		assert.Nil(t, r.v)
	}
	efRetry(t, c, calls, faulty)
}
