package container_test

// Fault injection over a 10-node graph: for every node, (a) its
// constructor fails, (b) its Init fails, (c) one of its cleanups fails at
// Close; with the nodes Singletons at the root and, separately, Scoped in
// a scope. Every run checks that each instance created is closed exactly
// once by each of its cleanups, that nothing is leaked or cached, that
// the close order is the reverse of the completion order, and the kind of
// the error.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

var lcErrFault = errors.New("lcF: injected fault")

type lcFMode int

const (
	lcFNone lcFMode = iota
	lcFCtor
	lcFInit
	lcFCleanup
)

func (m lcFMode) String() string {
	return [...]string{"none", "constructor", "init", "cleanup"}[m]
}

type lcFKey struct {
	v   any
	src string
}

// lcFH is the harness every node reports to (a supplied value,
// injected into each node).
type lcFH struct {
	mu       sync.Mutex
	mode     lcFMode
	pos      int
	created  map[any]int // instance -> node: its constructor returned, or its Init was called
	failed   map[any]bool
	order    []any // instances in the order their Init succeeded
	calls    map[lcFKey]int
	closeSeq []any // the instance of every cleanup call, in order
}

func lcNewFH() *lcFH {
	return &lcFH{created: map[any]int{}, failed: map[any]bool{}, calls: map[lcFKey]int{}}
}

func (h *lcFH) set(mode lcFMode, pos int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.mode, h.pos = mode, pos
}

func (h *lcFH) ctor(node int) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.mode == lcFCtor && h.pos == node {
		return fmt.Errorf("lcF%d constructor: %w", node, lcErrFault)
	}
	return nil
}

func (h *lcFH) made(v any, node int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.created[v] = node
}

func (h *lcFH) init(v any, node int) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.created[v] = node
	if h.mode == lcFInit && h.pos == node {
		// A failing Init leaves the instance incomplete: only what its
		// constructor acquired is given back (its constructor cleanup);
		// its Close and OnClose are for complete instances.
		h.failed[v] = true
		return fmt.Errorf("lcF%d Init: %w", node, lcErrFault)
	}
	h.order = append(h.order, v)
	return nil
}

func (h *lcFH) cleanup(v any, node int, src string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls[lcFKey{v, src}]++
	h.closeSeq = append(h.closeSeq, v)
	if h.mode == lcFCleanup && h.pos == node && src == lcFFailSrc[node] {
		return fmt.Errorf("lcF%d %s cleanup: %w", node, src, lcErrFault)
	}
	return nil
}

// lcFSources lists the cleanups each node's instances have; lcFFailSrc
// the one that fails in mode (c).
var (
	lcFSources = [11][]string{
		1: {"ctor"}, 2: {"close"}, 3: {"ctor", "onclose"}, 4: {"close"}, 5: {"ctor"},
		6: {"close", "onclose"}, 7: {"ctor"}, 8: {"close"}, 9: {"ctor"}, 10: {"close"},
	}
	lcFFailSrc = [11]string{
		1: "ctor", 2: "close", 3: "onclose", 4: "close", 5: "ctor",
		6: "onclose", 7: "ctor", 8: "close", 9: "ctor", 10: "close",
	}
	lcFIsCtor = [11]bool{1: true, 3: true, 5: true, 7: true, 9: true}
)

// The graph (odd nodes are constructors, even nodes zero-value structs
// with AutoClose; every node has an Init):
//
//	lcF1  ctor (T, func(ctx) error, error)
//	lcF2  struct Close() error          -> F1
//	lcF3  ctor (T, func(), error) + OnClose -> F1
//	lcF4  struct Close(ctx) error        -> F2, F3
//	lcF5  ctor (T, func(ctx) error, error) -> F2
//	lcF6  struct Close() + OnClose       -> F4, F5
//	lcF7  ctor (T, func(ctx) error, error) -> F4
//	lcF8  struct Close() error           -> F6, F7, F3
//	lcF9  ctor (T, func(ctx) error, error) -> F8, F5
//	lcF10 struct Close(ctx) error        -> F9, F1
type lcF1 struct{ H *lcFH }
type lcF2 struct {
	H  *lcFH `inject:""`
	F1 *lcF1 `inject:""`
}
type lcF3 struct {
	H  *lcFH
	F1 *lcF1
}
type lcF4 struct {
	H  *lcFH `inject:""`
	F2 *lcF2 `inject:""`
	F3 *lcF3 `inject:""`
}
type lcF5 struct {
	H  *lcFH
	F2 *lcF2
}
type lcF6 struct {
	H  *lcFH `inject:""`
	F4 *lcF4 `inject:""`
	F5 *lcF5 `inject:""`
}
type lcF7 struct {
	H  *lcFH
	F4 *lcF4
}
type lcF8 struct {
	H  *lcFH `inject:""`
	F6 *lcF6 `inject:""`
	F7 *lcF7 `inject:""`
	F3 *lcF3 `inject:""`
}
type lcF9 struct {
	H  *lcFH
	F8 *lcF8
	F5 *lcF5
}
type lcF10 struct {
	H  *lcFH `inject:""`
	F9 *lcF9 `inject:""`
	F1 *lcF1 `inject:""`
}
type lcFApp struct {
	F10 *lcF10 `inject:""`
	F6  *lcF6  `inject:""`
}

func (x *lcF1) Init() error                  { return x.H.init(x, 1) }
func (x *lcF2) Init(context.Context) error   { return x.H.init(x, 2) }
func (x *lcF3) Init() error                  { return x.H.init(x, 3) }
func (x *lcF4) Init() error                  { return x.H.init(x, 4) }
func (x *lcF5) Init(context.Context) error   { return x.H.init(x, 5) }
func (x *lcF6) Init() error                  { return x.H.init(x, 6) }
func (x *lcF7) Init() error                  { return x.H.init(x, 7) }
func (x *lcF8) Init(context.Context) error   { return x.H.init(x, 8) }
func (x *lcF9) Init() error                  { return x.H.init(x, 9) }
func (x *lcF10) Init() error                 { return x.H.init(x, 10) }
func (x *lcF2) Close() error                 { return x.H.cleanup(x, 2, "close") }
func (x *lcF4) Close(context.Context) error  { return x.H.cleanup(x, 4, "close") }
func (x *lcF6) Close()                       { _ = x.H.cleanup(x, 6, "close") }
func (x *lcF8) Close() error                 { return x.H.cleanup(x, 8, "close") }
func (x *lcF10) Close(context.Context) error { return x.H.cleanup(x, 10, "close") }

func lcNewF1(h *lcFH) (*lcF1, func(context.Context) error, error) {
	if err := h.ctor(1); err != nil {
		return nil, nil, err
	}
	x := &lcF1{H: h}
	h.made(x, 1)
	return x, func(context.Context) error { return h.cleanup(x, 1, "ctor") }, nil
}

func lcNewF3(h *lcFH, f1 *lcF1) (*lcF3, func(), error) {
	if err := h.ctor(3); err != nil {
		return nil, nil, err
	}
	x := &lcF3{H: h, F1: f1}
	h.made(x, 3)
	return x, func() { _ = h.cleanup(x, 3, "ctor") }, nil
}

func lcNewF5(h *lcFH, f2 *lcF2) (*lcF5, func(context.Context) error, error) {
	if err := h.ctor(5); err != nil {
		return nil, nil, err
	}
	x := &lcF5{H: h, F2: f2}
	h.made(x, 5)
	return x, func(context.Context) error { return h.cleanup(x, 5, "ctor") }, nil
}

func lcNewF7(h *lcFH, f4 *lcF4) (*lcF7, func(context.Context) error, error) {
	if err := h.ctor(7); err != nil {
		return nil, nil, err
	}
	x := &lcF7{H: h, F4: f4}
	h.made(x, 7)
	return x, func(context.Context) error { return h.cleanup(x, 7, "ctor") }, nil
}

func lcNewF9(h *lcFH, f8 *lcF8, f5 *lcF5) (*lcF9, func(context.Context) error, error) {
	if err := h.ctor(9); err != nil {
		return nil, nil, err
	}
	x := &lcF9{H: h, F8: f8, F5: f5}
	h.made(x, 9)
	return x, func(context.Context) error { return h.cleanup(x, 9, "ctor") }, nil
}

func lcFRegister(c *container.Container, lt container.Lifetime) error {
	return errors.Join(
		container.Provide[*lcF1](c, lcNewF1, lt),
		container.Provide[*lcF2](c, nil, lt, container.AutoClose()),
		container.Provide[*lcF3](c, lcNewF3, lt, container.OnClose(func(_ context.Context, x *lcF3) error {
			return x.H.cleanup(x, 3, "onclose")
		})),
		container.Provide[*lcF4](c, nil, lt, container.AutoClose()),
		container.Provide[*lcF5](c, lcNewF5, lt),
		container.Provide[*lcF6](c, nil, lt, container.AutoClose(), container.OnClose(func(_ context.Context, x *lcF6) error {
			return x.H.cleanup(x, 6, "onclose")
		})),
		container.Provide[*lcF7](c, lcNewF7, lt),
		container.Provide[*lcF8](c, nil, lt, container.AutoClose()),
		container.Provide[*lcF9](c, lcNewF9, lt),
		container.Provide[*lcF10](c, nil, lt, container.AutoClose()),
	)
}

// lcFFailingCtor replaces a zero-value node with a constructor that fails.
func lcFFailingCtor[T any](c *container.Container, node int, lt container.Lifetime) (func(), error) {
	return container.Override[T](c, func() (T, error) {
		var zero T
		return zero, fmt.Errorf("lcF%d constructor: %w", node, lcErrFault)
	}, lt)
}

func lcFOverride(c *container.Container, node int, lt container.Lifetime) (func(), error) {
	switch node {
	case 2:
		return lcFFailingCtor[*lcF2](c, node, lt)
	case 4:
		return lcFFailingCtor[*lcF4](c, node, lt)
	case 6:
		return lcFFailingCtor[*lcF6](c, node, lt)
	case 8:
		return lcFFailingCtor[*lcF8](c, node, lt)
	case 10:
		return lcFFailingCtor[*lcF10](c, node, lt)
	}
	return nil, fmt.Errorf("node %d has a constructor", node)
}

// lcFNodes returns the ten instances reachable from a populated app.
func lcFNodes(t *testing.T, a *lcFApp) []any {
	t.Helper()
	require.NotNil(t, a.F10)
	f10 := a.F10
	f9 := f10.F9
	f8 := f9.F8
	f6 := f8.F6
	f4 := f6.F4
	nodes := []any{f10.F1, f4.F2, f4.F3, f4, f9.F5, f6, f8.F7, f8, f9, f10}
	for i, n := range nodes {
		require.NotNilf(t, n, "node %d", i+1)
	}
	require.Same(t, f6, a.F6)
	return nodes
}

// lcFAudit is what one run left behind.
type lcFAudit struct {
	created   int // instances whose constructor returned or whose Init was called
	leaked    int // created instances with a cleanup that never ran
	doubled   int // cleanups that ran more than once
	halfBuilt int // instances whose Close or OnClose ran although they never completed
}

func (h *lcFH) audit() lcFAudit {
	h.mu.Lock()
	defer h.mu.Unlock()
	var a lcFAudit
	for v, node := range h.created {
		a.created++
		for _, src := range lcFSources[node] {
			if h.failed[v] && src != "ctor" {
				continue
			}
			if h.calls[lcFKey{v, src}] == 0 {
				a.leaked++
				break
			}
		}
	}
	half := map[any]bool{}
	for k, n := range h.calls {
		if n > 1 {
			a.doubled++
		}
		if _, ok := h.created[k.v]; !ok || h.failed[k.v] && k.src != "ctor" {
			half[k.v] = true
		}
	}
	a.halfBuilt = len(half)
	return a
}

// lcFMark is a point in a harness's history.
type lcFMark struct{ order, closes int }

func (h *lcFH) mark() lcFMark {
	h.mu.Lock()
	defer h.mu.Unlock()
	return lcFMark{len(h.order), len(h.closeSeq)}
}

// closeOrderOfInitialised returns the instances initialised since m, in
// the order of their first cleanup since m, and the reverse of their Init
// order.
func (h *lcFH) closeOrderOfInitialised(m lcFMark) (got, want []any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	order := h.order[m.order:]
	inited := map[any]bool{}
	for _, v := range order {
		inited[v] = true
	}
	seen := map[any]bool{}
	for _, v := range h.closeSeq[m.closes:] {
		if inited[v] && !seen[v] {
			seen[v] = true
			got = append(got, v)
		}
	}
	return got, lcReverse(order)
}

func (h *lcFH) createdSnapshot() []any {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]any, 0, len(h.created))
	for v := range h.created {
		out = append(out, v)
	}
	return out
}

// lcFTotals accumulates the figures of the whole fault-injection test.
type lcFTotals struct {
	mu                                   sync.Mutex
	runs, created, leaked, doubled, half int
	byMode                               map[string]int
}

func (tt *lcFTotals) add(mode string, a lcFAudit) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	tt.runs++
	tt.created += a.created
	tt.leaked += a.leaked
	tt.doubled += a.doubled
	tt.half += a.halfBuilt
	tt.byMode[mode]++
}

func lcFAssertClean(t *testing.T, h *lcFH, since lcFMark, when string) lcFAudit {
	t.Helper()
	a := h.audit()
	assert.Zerof(t, a.leaked, "%s: created instances not closed (created %d)", when, a.created)
	assert.Zerof(t, a.doubled, "%s: cleanups that ran more than once", when)
	got, want := h.closeOrderOfInitialised(since)
	assert.Equalf(t, lcFNames(want), lcFNames(got), "%s: close order is the reverse of completion", when)
	return a
}

func lcFNames(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.TrimPrefix(fmt.Sprintf("%T", v), "*container_test.")
	}
	return out
}

func lcFRun(t *testing.T, lt container.Lifetime, mode lcFMode, pos int) lcFAudit {
	ctx := context.Background()
	h := lcNewFH()
	c := container.New()
	require.NoError(t, container.Supply(c, h))
	require.NoError(t, lcFRegister(c, lt))
	target := c
	if lt == container.Scoped {
		target = c.NewScope()
	}

	var restore func()
	if mode == lcFCtor && !lcFIsCtor[pos] {
		var err error
		restore, err = lcFOverride(c, pos, lt)
		require.NoError(t, err)
	} else {
		h.set(mode, pos)
	}

	var app lcFApp
	err := target.Populate(ctx, &app)
	if mode == lcFCleanup {
		require.NoError(t, err)
		lcFNodes(t, &app)
		require.Len(t, h.createdSnapshot(), 10)
		err = target.Close(ctx)
		require.Error(t, err, "the failing cleanup is reported")
		assert.ErrorIs(t, err, container.ErrCleanup)
		assert.ErrorIs(t, err, lcErrFault)
		assert.Regexp(t, regexp.MustCompile(fmt.Sprintf(`lcF%d\b`, pos)), err.Error(), "the message names the instance type")
		assert.Equal(t, 1, strings.Count(err.Error(), lcErrFault.Error()), "exactly one failure: %v", err)
		a := lcFAssertClean(t, h, lcFMark{}, "after Close")
		assert.Equal(t, 10, a.created)
		require.NoError(t, target.Close(ctx), "idempotent")
		require.NoError(t, c.Close(ctx))
		assert.Equal(t, a, h.audit(), "nothing ran twice")
		return a
	}

	require.Error(t, err)
	assert.ErrorIs(t, err, lcErrFault, "the error carries the injected failure")
	if mode == lcFCtor {
		assert.ErrorIs(t, err, container.ErrConstructor)
	} else {
		assert.ErrorIs(t, err, container.ErrInit)
	}
	assert.NotErrorIs(t, err, container.ErrCleanup)
	assert.Nil(t, app.F10, "the target's fields are reset")
	assert.Nil(t, app.F6)
	a := lcFAssertClean(t, h, lcFMark{}, "after the failed Populate")
	if mode == lcFInit {
		assert.Positive(t, a.created, "the failing Init ran on a created instance")
	}
	failed := h.createdSnapshot()

	// Retry without the fault: everything is built afresh.
	h.set(lcFNone, 0)
	if restore != nil {
		restore()
	}
	retry := h.mark()
	var again lcFApp
	require.NoError(t, target.Populate(ctx, &again), "a retry after fixing the cause succeeds")
	for i, n := range lcFNodes(t, &again) {
		lcAssertNotAmong(t, failed, n, "node %d of the retry comes from the failed call", i+1)
	}
	require.NoError(t, target.Close(ctx))
	require.NoError(t, c.Close(ctx))
	final := lcFAssertClean(t, h, retry, "after the retry and Close")
	assert.Equal(t, a.created+10, final.created)
	return final
}

func TestLifecycle_FaultInjection(t *testing.T) {
	totals := &lcFTotals{byMode: map[string]int{}}
	for _, lt := range []container.Lifetime{container.Singleton, container.Scoped} {
		for _, mode := range []lcFMode{lcFCtor, lcFInit, lcFCleanup} {
			for pos := 1; pos <= 10; pos++ {
				name := fmt.Sprintf("%v/%v/lcF%d", lt, mode, pos)
				t.Run(name, func(t *testing.T) {
					a := lcFRun(t, lt, mode, pos)
					totals.add(mode.String(), a)
				})
			}
		}
	}
	t.Logf("fault injection: %d failure positions tried (%v), %d instances created, %d leaked, %d cleanups run twice, %d half-built instances cleaned up",
		totals.runs, totals.byMode, totals.created, totals.leaked, totals.doubled, totals.half)
	assert.Zero(t, totals.leaked, "instances leaked")
	assert.Zero(t, totals.doubled)
}
