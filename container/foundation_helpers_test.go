package container_test

// Shared fixtures and assertion helpers of the foundation (Populate core)
// tests. Every top-level identifier here starts with "fnd" so that these
// files can live next to the factories_* and lifecycle_* suites.

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ---------------------------------------------------------------------------
// Common graph types.

type fndDB struct{ Name string }

type fndStore struct {
	DB *fndDB `inject:""`
}

type fndAPI struct {
	Store *fndStore `inject:""`
	DB    *fndDB    `inject:""`
}

type fndApp struct {
	API      *fndAPI   `inject:""`
	Store    *fndStore `inject:""`
	Untagged *fndDB
}

type fndGreeter interface{ Greet() string }

type fndEnglish struct{ Word string }

func (*fndEnglish) Greet() string { return "hello" }

type fndFrench struct{ Word string }

func (*fndFrench) Greet() string { return "bonjour" }

// fndNobody is implemented only by fndNobodyFake, which no test ever
// injects by type, so resolving fndNobody is always ErrNotFound.
type fndNobody interface{ NobodyHome() }

type fndNobodyFake struct{ ID int }

func (fndNobodyFake) NobodyHome() {}

type fndConn interface{ Query() string }

type fndPgConn struct{ N int }

func (*fndPgConn) Query() string { return "pg" }

type fndPort int

type fndConfig struct {
	Host string
	Port int
}

type fndCtxKey struct{}

var fndErrBoom = errors.New("fnd: boom")

// fndCtx returns a context carrying v under fndCtxKey.
func fndCtx(v string) context.Context {
	return context.WithValue(context.Background(), fndCtxKey{}, v)
}

// ---------------------------------------------------------------------------
// Event log: registered with container.Supply so that it survives rolled
// back calls (values are never built, so never discarded).

type fndLog struct {
	mu     sync.Mutex
	events []string
	seen   []any
}

func (l *fndLog) add(e string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *fndLog) track(v any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, v)
}

func (l *fndLog) Events() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.events...)
}

func (l *fndLog) Seen() []any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]any(nil), l.seen...)
}

// fndTracked records every instance of itself whose Init runs.
type fndTracked struct {
	Log *fndLog `inject:""`
	N   int
}

func (x *fndTracked) Init() {
	x.N++
	x.Log.track(x)
}

// fndNewLogged returns a container with a fresh fndLog registered.
func fndNewLogged(t *testing.T) (*container.Container, *fndLog) {
	t.Helper()
	c := container.New()
	log := &fndLog{}
	require.NoError(t, container.Supply(c, log))
	return c, log
}

// fndContainsPtr reports whether list holds p by identity (testify's
// Contains compares pointees deeply, which is not what we want here).
func fndContainsPtr(list []any, p any) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Error assertions.

// fndWant describes the expected *container.Error.
type fndWant struct {
	kind  error
	op    string       // exact Op; "" is not checked
	path  string       // exact Path (checked unless paths is set)
	paths []string     // accepted alternatives for Path
	typ   reflect.Type // exact Type; nil is not checked
	tag   string       // exact Tag (checked unless anyTag)
	// anyTag skips the Tag check.
	anyTag bool
	// hint: substring the Hint must contain; needHint: Hint non-empty.
	hint     string
	needHint bool
	// msg: substrings of Error().
	msg []string
}

// fndCheckErr asserts that err is an *container.Error matching w and
// returns it.
func fndCheckErr(t *testing.T, err error, w fndWant) *container.Error {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, w.kind, "error: %v", err)
	var ce *container.Error
	require.ErrorAs(t, err, &ce, "error: %v", err)
	assert.True(t, ce.Kind == w.kind, "Kind = %v, want %v", ce.Kind, w.kind)
	if w.op != "" {
		assert.Equal(t, w.op, ce.Op, "Op of %v", err)
	}
	if len(w.paths) > 0 {
		assert.Contains(t, w.paths, ce.Path, "Path of %v", err)
	} else {
		assert.Equal(t, w.path, ce.Path, "Path of %v", err)
	}
	if ce.Path != "" {
		assert.Contains(t, err.Error(), ce.Path, "the message names the path")
	}
	if w.typ != nil {
		assert.Equal(t, w.typ, ce.Type, "Type of %v", err)
	}
	if !w.anyTag {
		assert.Equal(t, w.tag, ce.Tag, "Tag of %v", err)
	}
	if w.needHint || w.hint != "" {
		assert.NotEmpty(t, ce.Hint, "Hint of %v", err)
	}
	if w.hint != "" {
		assert.Contains(t, ce.Hint, w.hint, "Hint of %v", err)
	}
	for _, m := range w.msg {
		assert.Contains(t, err.Error(), m)
	}
	return ce
}

// fndTypeOf is reflect.TypeFor, shorter.
func fndTypeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// fndSnapshot returns a copy of the struct that target points to.
func fndSnapshot(target any) any {
	return reflect.ValueOf(target).Elem().Interface()
}

// fndRequireUntouched asserts that the struct target points to still equals
// before (nothing was half-applied by a failed Populate).
func fndRequireUntouched(t *testing.T, before, target any) {
	t.Helper()
	require.Equal(t, before, fndSnapshot(target), "a failed Populate must reset the fields it set")
}

// fndNew returns a new zero value of the struct type target points to.
func fndNew(target any) any {
	return reflect.New(reflect.TypeOf(target).Elem()).Interface()
}

// fndPermutations returns every ordering of 0..n-1.
func fndPermutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range fndPermutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int(nil), p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

// fndPermName renders a permutation for a subtest name.
func fndPermName(p []int) string {
	var b strings.Builder
	for i, x := range p {
		if i > 0 {
			b.WriteString("-")
		}
		b.WriteByte(byte('0' + x))
	}
	return b.String()
}

// fndTypeName renders a type the way paths name it: the bare name, or the
// element's name for pointers.
func fndTypeName(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	if t.Kind() == reflect.Pointer && t.Elem().Name() != "" {
		return t.Elem().Name()
	}
	return t.String()
}
