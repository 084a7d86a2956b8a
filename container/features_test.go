package container_test

// Tests of the features added with the redesigned API: Decorate, Prepare,
// For and Injection, Replace, Label, Arg/Args, Optional, ScopeOnly,
// Disposable, Provider, ResetOverrides, deep Field overrides, the "no
// silent zero values" rules and the ownership of Transient OnClose
// callbacks. Every top-level identifier here starts with "ft" (test
// functions with "TestFt_", since Go requires the Test prefix) so that the
// file can live next to the other suites.

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ---------------------------------------------------------------------------
// Shared fixtures and helpers.

var ftBG = context.Background()

var ftErrBoom = errors.New("ft: boom")

type ftCtxKey struct{}

// ftSvc is the interface most tests decorate, override and collect.
type ftSvc interface{ Name() string }

type ftBase struct{ N string }

func (b *ftBase) Name() string {
	if b.N == "" {
		return "base"
	}
	return b.N
}

type ftWrap struct {
	Tag   string
	Inner ftSvc
}

func (w *ftWrap) Name() string { return w.Tag + "(" + w.Inner.Name() + ")" }

// ftWrapper returns a decorator that wraps its input in tag(...).
func ftWrapper(tag string, calls *atomic.Int32) func(ftSvc) ftSvc {
	return func(in ftSvc) ftSvc {
		if calls != nil {
			calls.Add(1)
		}
		return &ftWrap{Tag: tag, Inner: in}
	}
}

// ftBaseCtor returns a constructor of an ftSvc named n.
func ftBaseCtor(n string, calls *atomic.Int32) func() ftSvc {
	return func() ftSvc {
		if calls != nil {
			calls.Add(1)
		}
		return &ftBase{N: n}
	}
}

type ftPrefix struct{ S string }

// ftUnreg is never registered by the tests that use it.
type ftUnreg struct{ X int }

// ftNobody has no implementation anywhere.
type ftNobody interface{ NobodyHome() }

// ftLog is a concurrency-safe event log.
type ftLog struct {
	mu sync.Mutex
	ev []string
}

func (l *ftLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ev = append(l.ev, s)
}

func (l *ftLog) events() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.ev)
}

// ftKind checks that err is an *container.Error of kind k and returns it.
func ftKind(t *testing.T, err error, k container.Kind) *container.Error {
	t.Helper()
	require.Error(t, err)
	require.Truef(t, errors.Is(err, k), "want kind %q, got %v", k, err)
	var e *container.Error
	require.Truef(t, errors.As(err, &e), "not a *container.Error: %T %v", err, err)
	return e
}

// ftMust resolves T from c and fails the test on error.
func ftMust[T any](t *testing.T, c *container.Container, opts ...container.Option) T {
	t.Helper()
	v, err := container.Resolve[T](ftBG, c, opts...)
	require.NoError(t, err)
	return v
}

func ftNames(ss []ftSvc) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Name()
	}
	return out
}

// ftBuilt counts the Built events of a container.
type ftBuilt struct{ n atomic.Int32 }

func (o *ftBuilt) Observe(e container.Event) {
	if e.Kind == container.Built {
		o.n.Add(1)
	}
}

// ---------------------------------------------------------------------------
// 1. Decorate

func TestFt_Decorate_Order(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, c *container.Container) *container.Container // where to resolve
		want  string
		root  string // what the root resolves to
	}{
		{
			name: "first registered is innermost",
			setup: func(t *testing.T, c *container.Container) *container.Container {
				for _, tag := range []string{"a", "b", "c"} {
					require.NoError(t, container.Decorate[ftSvc](c, ftWrapper(tag, nil)))
				}
				return c
			},
			want: "c(b(a(base)))",
			root: "c(b(a(base)))",
		},
		{
			name: "the ancestors' decorators before the scope's, whatever the registration order",
			setup: func(t *testing.T, c *container.Container) *container.Container {
				s := c.NewScope()
				require.NoError(t, container.Decorate[ftSvc](s, ftWrapper("scope", nil)))
				require.NoError(t, container.Decorate[ftSvc](c, ftWrapper("root", nil)))
				return s
			},
			want: "scope(root(base))",
			root: "root(base)",
		},
		{
			name: "nested scopes: outermost first",
			setup: func(t *testing.T, c *container.Container) *container.Container {
				s1 := c.NewScope()
				s2 := s1.NewScope()
				require.NoError(t, container.Decorate[ftSvc](s2, ftWrapper("inner", nil)))
				require.NoError(t, container.Decorate[ftSvc](s1, ftWrapper("mid", nil)))
				require.NoError(t, container.Decorate[ftSvc](c, ftWrapper("outer", nil)))
				require.NoError(t, container.Decorate[ftSvc](s1, ftWrapper("mid2", nil)))
				return s2
			},
			want: "inner(mid2(mid(outer(base))))",
			root: "outer(base)",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("base", nil), container.Transient))
			where := tc.setup(t, c)
			assert.Equal(t, tc.want, ftMust[ftSvc](t, where).Name())
			assert.Equal(t, tc.root, ftMust[ftSvc](t, c).Name())
		})
	}
}

func TestFt_Decorate_DependenciesInjected(t *testing.T) {
	cases := []struct {
		name string
		reg  func(t *testing.T, c *container.Container)
		deco any
		want string
		kind container.Kind
	}{
		{
			name: "registered dependency and the build's context",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftPrefix](c, &ftPrefix{S: "px"}))
			},
			deco: func(in ftSvc, p *ftPrefix, ctx context.Context) ftSvc {
				return &ftWrap{Tag: p.S + ":" + ctx.Value(ftCtxKey{}).(string), Inner: in}
			},
			want: "px:v(base)",
		},
		{
			name: "a missing interface dependency",
			deco: func(in ftSvc, n ftNobody) ftSvc { return in },
			kind: container.ErrNotFound,
		},
		{
			name: "an unregistered struct is not built for a decorator parameter",
			deco: func(in ftSvc, u *ftUnreg) ftSvc { return in },
			kind: container.ErrNotFound,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var ctor atomic.Int32
			require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("base", &ctor)))
			if tc.reg != nil {
				tc.reg(t, c)
			}
			require.NoError(t, container.Decorate[ftSvc](c, tc.deco))
			ctx := context.WithValue(ftBG, ftCtxKey{}, "v")
			if tc.kind == 0 {
				got, err := container.Resolve[ftSvc](ctx, c)
				require.NoError(t, err)
				assert.Equal(t, tc.want, got.Name())
				return
			}
			for i := 1; i <= 2; i++ {
				_, err := container.Resolve[ftSvc](ctx, c)
				ftKind(t, err, tc.kind)
				assert.EqualValues(t, i, ctor.Load(), "the undecorated Singleton is not cached")
			}
		})
	}
}

type ftScopedHolder struct {
	S ftSvc `inject:""`
}

func TestFt_Decorate_Lifetimes(t *testing.T) {
	cases := []struct {
		name      string
		life      container.Lifetime
		scope     bool
		same      bool
		wantCtor  int32
		wantDecos int32
	}{
		{"Singleton caches the decorated value", container.Singleton, false, true, 1, 1},
		{"Transient is decorated on every build", container.Transient, false, false, 2, 2},
		{"Scoped caches the decorated value per scope", container.Scoped, true, true, 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var ctor, decos atomic.Int32
			require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("base", &ctor), tc.life))
			require.NoError(t, container.Decorate[ftSvc](c, ftWrapper("d", &decos)))
			where := c
			if tc.scope {
				where = c.NewScope()
			}
			a := ftMust[ftSvc](t, where)
			b := ftMust[ftSvc](t, where)
			assert.Equal(t, "d(base)", a.Name())
			assert.Equal(t, "d(base)", b.Name())
			if tc.same {
				assert.Same(t, a, b)
				var h ftScopedHolder
				require.NoError(t, where.Populate(ftBG, &h))
				assert.Same(t, a, h.S, "fields receive the cached decorated value")
			} else {
				assert.NotSame(t, a, b)
			}
			assert.Equal(t, tc.wantCtor, ctor.Load())
			assert.Equal(t, tc.wantDecos, decos.Load())
			if tc.scope {
				other := ftMust[ftSvc](t, c.NewScope())
				assert.NotSame(t, a, other)
				assert.Equal(t, "d(base)", other.Name())
				assert.EqualValues(t, 2, decos.Load())
			}
		})
	}
}

type ftPlain struct{ Marks []string }

type ftPlainHolder struct {
	P *ftPlain `inject:""`
}

func TestFt_Decorate_Sources(t *testing.T) {
	cases := []struct {
		name string
		reg  func(c *container.Container) error
	}{
		{"constructor", func(c *container.Container) error {
			return container.Provide[*ftPlain](c, func() *ftPlain { return &ftPlain{} })
		}},
		{"zero-value registration", func(c *container.Container) error { return container.Provide[*ftPlain](c, nil) }},
		{"Populated value", func(c *container.Container) error {
			return container.Provide[*ftPlain](c, &ftPlain{}, container.Populated())
		}},
		{"unregistered struct", func(*container.Container) error { return nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, tc.reg(c))
			var decos atomic.Int32
			require.NoError(t, container.Decorate[*ftPlain](c, func(p *ftPlain) *ftPlain {
				decos.Add(1)
				p.Marks = append(p.Marks, "d")
				return p
			}))
			var h ftPlainHolder
			require.NoError(t, c.Populate(ftBG, &h))
			require.NotNil(t, h.P)
			assert.Equal(t, []string{"d"}, h.P.Marks)
			assert.Same(t, h.P, ftMust[*ftPlain](t, c))
			assert.EqualValues(t, 1, decos.Load())
		})
	}
}

func TestFt_Decorate_Named(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("a", nil), container.Named("a")))
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("b", nil), container.Named("b")))
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("unnamed", nil)))
	require.NoError(t, container.Decorate[ftSvc](c, ftWrapper("d", nil), container.Named("a")))
	cases := []struct {
		name string
		opts []container.Option
		want string
	}{
		{"the named registration is decorated", []container.Option{container.Named("a")}, "d(a)"},
		{"another name is not", []container.Option{container.Named("b")}, "b"},
		{"nor is the unnamed registration", nil, "unnamed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ftMust[ftSvc](t, c, tc.opts...).Name())
		})
	}
}

func TestFt_Decorate_Overrides(t *testing.T) {
	c := container.New()
	var decos atomic.Int32
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("orig", nil)))
	require.NoError(t, container.Decorate[ftSvc](c, ftWrapper("d", &decos)))
	orig := ftMust[ftSvc](t, c)
	require.Equal(t, "d(orig)", orig.Name())

	type step struct {
		name string
		do   func(t *testing.T)
		want string
	}
	var restore1, restore2 func()
	steps := []step{
		{"a constructor override is decorated", func(t *testing.T) {
			var err error
			restore1, err = container.Override[ftSvc](c, ftBaseCtor("fake1", nil))
			require.NoError(t, err)
		}, "d(fake1)"},
		{"a nested override is decorated", func(t *testing.T) {
			var err error
			restore2, err = container.Override[ftSvc](c, ftBaseCtor("fake2", nil))
			require.NoError(t, err)
		}, "d(fake2)"},
		{"restoring the inner layer", func(*testing.T) { restore2() }, "d(fake1)"},
		{"restoring the outer layer, twice", func(*testing.T) { restore1(); restore1() }, "d(orig)"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.do(t)
			got := ftMust[ftSvc](t, c)
			assert.Equal(t, st.want, got.Name())
			assert.Same(t, got, ftMust[ftSvc](t, c))
		})
	}
	assert.Same(t, orig, ftMust[ftSvc](t, c), "restore returns to the decorated original Singleton")
	assert.EqualValues(t, 3, decos.Load(), "orig, fake1 and fake2 were each decorated once")

	t.Run("an override with a value is wrapped too", func(t *testing.T) {
		restore, err := container.Override[ftSvc](c, &ftBase{N: "value"})
		require.NoError(t, err)
		got := ftMust[ftSvc](t, c).Name()
		restore()
		assert.Same(t, orig, ftMust[ftSvc](t, c))
		assert.NotEqual(t, "value", got, "an override with a value is decorated too")
		assert.Equal(t, "d(value)", got)
	})
}

func TestFt_Decorate_TooLate(t *testing.T) {
	cases := []struct {
		name     string
		setup    func(t *testing.T, c *container.Container)
		decorate func(c *container.Container) error
		after    func(t *testing.T, c *container.Container) // nothing changed
	}{
		{
			name: "the Singleton is already built",
			setup: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("base", nil)))
				ftMust[ftSvc](t, c)
			},
			decorate: func(c *container.Container) error { return container.Decorate[ftSvc](c, ftWrapper("d", nil)) },
			after: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Reset[ftSvc](ftBG, c))
				assert.Equal(t, "base", ftMust[ftSvc](t, c).Name(), "the rejected decorator was not kept")
			},
		},
		{
			name: "the Singleton is already built, decorated from a scope",
			setup: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("base", nil)))
				ftMust[ftSvc](t, c)
			},
			decorate: func(c *container.Container) error {
				return container.Decorate[ftSvc](c.NewScope(), ftWrapper("d", nil))
			},
			after: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Reset[ftSvc](ftBG, c))
				assert.Equal(t, "base", ftMust[ftSvc](t, c).Name())
			},
		},
		{
			name: "a named Singleton is already built",
			setup: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("a", nil), container.Named("a")))
				ftMust[ftSvc](t, c, container.Named("a"))
			},
			decorate: func(c *container.Container) error {
				return container.Decorate[ftSvc](c, ftWrapper("d", nil), container.Named("a"))
			},
			after: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Reset[ftSvc](ftBG, c, container.Named("a")))
				assert.Equal(t, "a", ftMust[ftSvc](t, c, container.Named("a")).Name())
			},
		},
		{
			name: "the implicit Singleton of an unregistered struct is already built",
			setup: func(t *testing.T, c *container.Container) {
				ftMust[*ftPlain](t, c)
			},
			decorate: func(c *container.Container) error {
				return container.Decorate[*ftPlain](c, func(p *ftPlain) *ftPlain { p.Marks = append(p.Marks, "d"); return p })
			},
			after: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Reset[*ftPlain](ftBG, c))
				assert.Empty(t, ftMust[*ftPlain](t, c).Marks)
			},
		},
		{
			name: "a ready value (Provide)",
			setup: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[ftSvc](c, &ftBase{N: "value"}))
			},
			decorate: func(c *container.Container) error { return container.Decorate[ftSvc](c, ftWrapper("d", nil)) },
			after: func(t *testing.T, c *container.Container) {
				assert.Equal(t, "value", ftMust[ftSvc](t, c).Name())
			},
		},
		{
			name: "a ready value (Supply)",
			setup: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Supply(c, &ftPlain{Marks: []string{"v"}}))
			},
			decorate: func(c *container.Container) error {
				return container.Decorate[*ftPlain](c, func(p *ftPlain) *ftPlain { p.Marks = append(p.Marks, "d"); return p })
			},
			after: func(t *testing.T, c *container.Container) {
				assert.Equal(t, []string{"v"}, ftMust[*ftPlain](t, c).Marks)
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			tc.setup(t, c)
			ftKind(t, tc.decorate(c), container.ErrBadInput)
			tc.after(t, c)
		})
	}

	t.Run("a Transient already built can still be decorated", func(t *testing.T) {
		c := container.New()
		require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("base", nil), container.Transient))
		assert.Equal(t, "base", ftMust[ftSvc](t, c).Name())
		require.NoError(t, container.Decorate[ftSvc](c, ftWrapper("d", nil)))
		assert.Equal(t, "d(base)", ftMust[ftSvc](t, c).Name())
	})
}

func TestFt_Decorate_BadInput(t *testing.T) {
	ok := ftWrapper("ok", nil)
	cases := []struct {
		name string
		fn   any
		opts []container.Option
		kind container.Kind
	}{
		{"nil", nil, nil, container.ErrBadSignature},
		{"nil func", (func(ftSvc) ftSvc)(nil), nil, container.ErrBadSignature},
		{"not a function", 42, nil, container.ErrBadSignature},
		{"no parameters", func() ftSvc { return nil }, nil, container.ErrBadSignature},
		{"first parameter is not T", func(p *ftPrefix) ftSvc { return nil }, nil, container.ErrBadSignature},
		{"T is not first", func(p *ftPrefix, in ftSvc) ftSvc { return in }, nil, container.ErrBadSignature},
		{"a concrete type instead of T", func(b *ftBase) ftSvc { return b }, nil, container.ErrBadSignature},
		{"no result", func(ftSvc) {}, nil, container.ErrBadSignature},
		{"result is not a T", func(ftSvc) string { return "" }, nil, container.ErrBadSignature},
		{"second result is not an error", func(in ftSvc) (ftSvc, int) { return in, 0 }, nil, container.ErrBadSignature},
		{"three results", func(in ftSvc) (ftSvc, func(), error) { return in, nil, nil }, nil, container.ErrBadSignature},
		{"variadic", func(in ftSvc, xs ...int) ftSvc { return in }, nil, container.ErrBadSignature},
		{"an option Decorate does not take", ok, []container.Option{container.Transient}, container.ErrBadInput},
		{"Label is not a Decorate option", ok, []container.Option{container.Label("k", "v")}, container.ErrBadInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("base", nil), container.Transient))
			ftKind(t, container.Decorate[ftSvc](c, tc.fn, tc.opts...), tc.kind)
			assert.Equal(t, "base", ftMust[ftSvc](t, c).Name(), "a rejected decorator changes nothing")
		})
	}
}

type ftResDep struct{}

type ftRes struct{ Dep *ftResDep }

func TestFt_Decorate_FailureRollsBack(t *testing.T) {
	cases := []struct {
		name  string
		bad   func(r *ftRes) (*ftRes, error)
		kind  container.Kind
		cause error
	}{
		{"the decorator returns an error", func(*ftRes) (*ftRes, error) { return nil, ftErrBoom }, container.ErrInit, ftErrBoom},
		{"the decorator panics", func(*ftRes) (*ftRes, error) { panic("ft: decorator panic") }, container.ErrPanic, nil},
		{"the decorator returns nil", func(*ftRes) (*ftRes, error) { return nil, nil }, container.ErrConstructor, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var depBuilt, depClean, resBuilt, resClean atomic.Int32
			require.NoError(t, container.Provide[*ftResDep](c, func() (*ftResDep, func(), error) {
				depBuilt.Add(1)
				return &ftResDep{}, func() { depClean.Add(1) }, nil
			}))
			require.NoError(t, container.Provide[*ftRes](c, func(d *ftResDep) (*ftRes, func(), error) {
				resBuilt.Add(1)
				return &ftRes{Dep: d}, func() { resClean.Add(1) }, nil
			}))
			var fail atomic.Bool
			fail.Store(true)
			require.NoError(t, container.Decorate[*ftRes](c, func(r *ftRes) (*ftRes, error) {
				if fail.Load() {
					return tc.bad(r)
				}
				return r, nil
			}))

			_, err := container.Resolve[*ftRes](ftBG, c)
			ftKind(t, err, tc.kind)
			if tc.cause != nil {
				assert.ErrorIs(t, err, tc.cause)
			}
			assert.EqualValues(t, 1, resClean.Load(), "the undecorated instance's cleanup ran")
			assert.EqualValues(t, 1, depClean.Load(), "what the call built is rolled back")

			fail.Store(false)
			r := ftMust[*ftRes](t, c)
			require.NotNil(t, r.Dep)
			assert.EqualValues(t, 2, resBuilt.Load(), "nothing was cached by the failed call")
			assert.EqualValues(t, 2, depBuilt.Load())
			require.NoError(t, c.Close(ftBG))
			assert.EqualValues(t, 2, resClean.Load())
			assert.EqualValues(t, 2, depClean.Load())
		})
	}
}

// ---------------------------------------------------------------------------
// 2. Prepare

type ftPT struct{ ID int32 }

func TestFt_Prepare_WhenItRuns(t *testing.T) {
	type env struct {
		c     *container.Container
		ctor  *atomic.Int32
		log   *ftLog
		ctorF func() *ftPT
	}
	cases := []struct {
		name     string
		setup    func(t *testing.T, e env) // registers T and the Prepare
		resolve  func(t *testing.T, e env)
		wantRuns int32
		first    bool // the hook's entry comes before the first constructor call
	}{
		{
			name: "before the first build of a Transient, once",
			setup: func(t *testing.T, e env) {
				require.NoError(t, container.Provide[*ftPT](e.c, e.ctorF, container.Transient))
			},
			resolve: func(t *testing.T, e env) {
				for range 3 {
					ftMust[*ftPT](t, e.c)
				}
			},
			wantRuns: 1, first: true,
		},
		{
			name:     "zero-value registration",
			setup:    func(t *testing.T, e env) { require.NoError(t, container.Provide[*ftPT](e.c, nil, container.Transient)) },
			resolve:  func(t *testing.T, e env) { ftMust[*ftPT](t, e.c); ftMust[*ftPT](t, e.c) },
			wantRuns: 1,
		},
		{
			name: "Populated value",
			setup: func(t *testing.T, e env) {
				require.NoError(t, container.Provide[*ftPT](e.c, &ftPT{}, container.Populated()))
			},
			resolve:  func(t *testing.T, e env) { ftMust[*ftPT](t, e.c) },
			wantRuns: 1,
		},
		{
			name:     "unregistered struct",
			setup:    func(*testing.T, env) {},
			resolve:  func(t *testing.T, e env) { ftMust[*ftPT](t, e.c) },
			wantRuns: 1,
		},
		{
			name:     "a ready value is never built",
			setup:    func(t *testing.T, e env) { require.NoError(t, container.Provide[*ftPT](e.c, &ftPT{ID: 7})) },
			resolve:  func(t *testing.T, e env) { assert.EqualValues(t, 7, ftMust[*ftPT](t, e.c).ID) },
			wantRuns: 0,
		},
		{
			name:     "a supplied value is never built",
			setup:    func(t *testing.T, e env) { require.NoError(t, container.Supply(e.c, &ftPT{ID: 8})) },
			resolve:  func(t *testing.T, e env) { assert.EqualValues(t, 8, ftMust[*ftPT](t, e.c).ID) },
			wantRuns: 0,
		},
		{
			name: "registered on the root, built in two scopes and the root",
			setup: func(t *testing.T, e env) {
				require.NoError(t, container.Provide[*ftPT](e.c, e.ctorF, container.Transient))
			},
			resolve: func(t *testing.T, e env) {
				ftMust[*ftPT](t, e.c.NewScope())
				ftMust[*ftPT](t, e.c.NewScope())
				ftMust[*ftPT](t, e.c)
			},
			wantRuns: 1, first: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := env{c: container.New(), ctor: new(atomic.Int32), log: new(ftLog)}
			e.ctorF = func() *ftPT {
				e.log.add("ctor")
				return &ftPT{ID: e.ctor.Add(1)}
			}
			require.NoError(t, container.Provide[*ftPrefix](e.c, &ftPrefix{S: "px"}))
			var runs atomic.Int32
			tc.setup(t, e)
			require.NoError(t, container.Prepare[*ftPT](e.c, func(ctx context.Context, p *ftPrefix) {
				require.NotNil(t, ctx)
				runs.Add(1)
				e.log.add("prepare:" + p.S)
			}))
			tc.resolve(t, e)
			assert.Equal(t, tc.wantRuns, runs.Load())
			if tc.first {
				ev := e.log.events()
				require.NotEmpty(t, ev)
				assert.Equal(t, "prepare:px", ev[0], "the hook runs before the first build, with its dependencies")
			}
		})
	}
}

func TestFt_Prepare_Scopes(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Provide[*ftPT](c, func() *ftPT { return &ftPT{} }, container.Transient))
	s := c.NewScope()
	sibling := c.NewScope()
	var runs atomic.Int32
	require.NoError(t, container.Prepare[*ftPT](s, func() { runs.Add(1) }))
	steps := []struct {
		name string
		in   *container.Container
		want int32
	}{
		{"the root does not run a scope's hook", c, 0},
		{"nor does a sibling scope", sibling, 0},
		{"the scope runs it", s, 1},
		{"once", s, 1},
		{"a child of the scope has it run already", s.NewScope(), 1},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			ftMust[*ftPT](t, st.in)
			assert.Equal(t, st.want, runs.Load())
		})
	}
}

func TestFt_Prepare_Named(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Provide[*ftPT](c, func() *ftPT { return &ftPT{ID: 1} }, container.Named("a"), container.Transient))
	require.NoError(t, container.Provide[*ftPT](c, func() *ftPT { return &ftPT{ID: 2} }, container.Named("b"), container.Transient))
	var runs atomic.Int32
	require.NoError(t, container.Prepare[*ftPT](c, func() { runs.Add(1) }, container.Named("a")))
	ftMust[*ftPT](t, c, container.Named("b"))
	assert.EqualValues(t, 0, runs.Load(), "another name does not trigger it")
	ftMust[*ftPT](t, c, container.Named("a"))
	ftMust[*ftPT](t, c, container.Named("a"))
	assert.EqualValues(t, 1, runs.Load())
}

func TestFt_Prepare_ErrorPolicy(t *testing.T) {
	cases := []struct {
		name string
		fail func() error
		kind container.Kind
	}{
		{"the hook returns an error", func() error { return ftErrBoom }, container.ErrInit},
		{"the hook panics", func() error { panic("ft: prepare panic") }, container.ErrPanic},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var ctor, attempts atomic.Int32
			require.NoError(t, container.Provide[*ftPT](c, func() *ftPT { ctor.Add(1); return &ftPT{} }, container.Transient))
			require.NoError(t, container.Prepare[*ftPT](c, func() error {
				if attempts.Add(1) <= 2 {
					return tc.fail()
				}
				return nil
			}))
			for i := int32(1); i <= 2; i++ {
				_, err := container.Resolve[*ftPT](ftBG, c)
				ftKind(t, err, tc.kind)
				assert.Contains(t, err.Error(), "Prepare")
				if tc.kind == container.ErrInit {
					assert.ErrorIs(t, err, ftErrBoom)
				}
				assert.Equal(t, i, attempts.Load(), "a failed hook runs again before the next build")
				assert.EqualValues(t, 0, ctor.Load(), "the build it triggered failed")
			}
			ftMust[*ftPT](t, c)
			ftMust[*ftPT](t, c)
			assert.EqualValues(t, 3, attempts.Load(), "once it succeeded it never runs again")
			assert.EqualValues(t, 2, ctor.Load())
		})
	}
}

func TestFt_Prepare_RacingFirstBuilds(t *testing.T) {
	cases := []struct {
		name  string
		life  container.Lifetime
		scope bool
	}{
		{"Transient on the root", container.Transient, false},
		{"Scoped, one scope per goroutine", container.Scoped, true},
		{"Singleton", container.Singleton, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var runs, ctor atomic.Int32
			require.NoError(t, container.Provide[*ftPT](c, func() *ftPT { ctor.Add(1); return &ftPT{} }, tc.life))
			require.NoError(t, container.Prepare[*ftPT](c, func() {
				runs.Add(1)
				time.Sleep(20 * time.Millisecond)
			}))
			const n = 16
			start := make(chan struct{})
			errs := make(chan error, n)
			var wg sync.WaitGroup
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					where := c
					if tc.scope {
						where = c.NewScope()
					}
					<-start
					_, err := container.Resolve[*ftPT](ftBG, where)
					errs <- err
				}()
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
			assert.EqualValues(t, 1, runs.Load(), "the hook ran exactly once")
			if tc.life == container.Singleton {
				assert.EqualValues(t, 1, ctor.Load())
			} else {
				assert.EqualValues(t, n, ctor.Load())
			}
		})
	}
}

func TestFt_Prepare_BadInput(t *testing.T) {
	var ran atomic.Int32
	cases := []struct {
		name string
		fn   any
		opts []container.Option
		kind container.Kind
	}{
		{"nil", nil, nil, container.ErrBadSignature},
		{"nil func", (func())(nil), nil, container.ErrBadSignature},
		{"not a function", "prepare", nil, container.ErrBadSignature},
		{"a non-error result", func() int { ran.Add(1); return 0 }, nil, container.ErrBadSignature},
		{"two results", func() (int, error) { ran.Add(1); return 0, nil }, nil, container.ErrBadSignature},
		{"variadic", func(...int) { ran.Add(1) }, nil, container.ErrBadSignature},
		{"an option Prepare does not take", func() { ran.Add(1) }, []container.Option{container.Transient}, container.ErrBadInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[*ftPT](c, func() *ftPT { return &ftPT{ID: 1} }, container.Transient))
			ftKind(t, container.Prepare[*ftPT](c, tc.fn, tc.opts...), tc.kind)
			assert.EqualValues(t, 1, ftMust[*ftPT](t, c).ID)
			assert.EqualValues(t, 0, ran.Load(), "a rejected hook never runs")
		})
	}
}

// ---------------------------------------------------------------------------
// 3. For and Injection

type ftLogger interface{ Who() string }

type ftWhoLogger struct{ W string }

func (l *ftWhoLogger) Who() string { return l.W }

func ftLoggerCtor(w string) func() ftLogger { return func() ftLogger { return &ftWhoLogger{W: w} } }

type ftConsA struct {
	Log ftLogger `inject:""`
}

type ftConsB struct {
	Log ftLogger `inject:""`
}

type ftConsC struct {
	Log ftLogger `inject:""`
}

type ftConsD struct{ Log ftLogger }

type ftConsApp struct {
	A *ftConsA `inject:""`
	B *ftConsB `inject:""`
	C *ftConsC `inject:""`
	D *ftConsD `inject:""`
}

func TestFt_For_PerConsumer(t *testing.T) {
	regAB := func(t *testing.T, c *container.Container) {
		require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("a"), container.For[*ftConsA]()))
		require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("b"), container.For[*ftConsB]()))
		require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("d"), container.For[*ftConsD]()))
	}
	cases := []struct {
		name    string
		reg     func(t *testing.T, c *container.Container)
		want    map[string]string // consumer -> logger
		kind    container.Kind
		mention string
	}{
		{
			name: "each consumer its own, the others the one without For",
			reg: func(t *testing.T, c *container.Container) {
				regAB(t, c)
				require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("default")))
			},
			want: map[string]string{"A": "a", "B": "b", "C": "default", "D": "d"},
		},
		{
			name: "the default registered first",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("default")))
				regAB(t, c)
			},
			want: map[string]string{"A": "a", "B": "b", "C": "default", "D": "d"},
		},
		{
			name:    "no registration without For: ErrNotFound naming the consumer",
			reg:     regAB,
			kind:    container.ErrNotFound,
			mention: "ftConsC",
		},
		{
			name: "two registrations For one consumer",
			reg: func(t *testing.T, c *container.Container) {
				regAB(t, c)
				require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("a2"), container.For[*ftConsA]()))
				require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("default")))
			},
			kind: container.ErrAmbiguous,
		},
		{
			name: "two registrations without For",
			reg: func(t *testing.T, c *container.Container) {
				regAB(t, c)
				require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("default")))
				require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("default2")))
			},
			kind: container.ErrAmbiguous,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			tc.reg(t, c)
			require.NoError(t, container.Provide[*ftConsD](c, func(l ftLogger) *ftConsD { return &ftConsD{Log: l} }))
			var app ftConsApp
			err := c.Populate(ftBG, &app)
			if tc.kind != 0 {
				ftKind(t, err, tc.kind)
				if tc.mention != "" {
					assert.Contains(t, err.Error(), tc.mention)
				}
				assert.Nil(t, app.A, "a failed Populate resets the target")
				return
			}
			require.NoError(t, err)
			got := map[string]string{"A": app.A.Log.Who(), "B": app.B.Log.Who(), "C": app.C.Log.Who(), "D": app.D.Log.Who()}
			assert.Equal(t, tc.want, got)
		})
	}

	t.Run("For given twice is ErrBadInput and registers nothing", func(t *testing.T) {
		c := container.New()
		require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("default")))
		ftKind(t, container.Provide[ftLogger](c, ftLoggerCtor("x"), container.For[*ftConsA](), container.For[*ftConsB]()), container.ErrBadInput)
		var a ftConsA
		require.NoError(t, c.Populate(ftBG, &a))
		assert.Equal(t, "default", a.Log.Who())
	})
	t.Run("resolved directly, only the registration without For serves", func(t *testing.T) {
		c := container.New()
		regAB(t, c)
		_, err := container.Resolve[ftLogger](ftBG, c)
		ftKind(t, err, container.ErrNotFound)
		require.NoError(t, container.Provide[ftLogger](c, ftLoggerCtor("default")))
		assert.Equal(t, "default", ftMust[ftLogger](t, c).Who())
	})
}

type ftInjLog struct{ In container.Injection }

func ftNewInjLog(in container.Injection) *ftInjLog { return &ftInjLog{In: in} }

type ftInjSvc struct {
	Log *ftInjLog `inject:"optional"`
}

type ftInjCfg struct {
	Log *ftInjLog `inject:""`
}

type ftInjApp struct {
	Svc *ftInjSvc `inject:""`
	Own *ftInjLog `inject:""`
	Cfg ftInjCfg  `inject:"inline"`
}

type ftInjAPI struct{ Log *ftInjLog }

func ftNewInjAPI(l *ftInjLog) *ftInjAPI { return &ftInjAPI{Log: l} }

func TestFt_Injection(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Provide[*ftInjLog](c, ftNewInjLog))
	require.NoError(t, container.Provide[*ftInjAPI](c, ftNewInjAPI))
	var app ftInjApp
	require.NoError(t, c.Populate(ftBG, &app))
	api := ftMust[*ftInjAPI](t, c)
	direct := ftMust[*ftInjLog](t, c)

	cases := []struct {
		name string
		got  container.Injection
		want container.Injection
	}{
		{"a field of the Populate target", app.Own.In, container.Injection{
			Consumer: reflect.TypeFor[*ftInjApp](), Field: "Own", Tag: "", Path: "ftInjApp.Own"}},
		{"a field deeper in the graph, with its tag", app.Svc.Log.In, container.Injection{
			Consumer: reflect.TypeFor[*ftInjSvc](), Field: "Log", Tag: "optional", Path: "ftInjApp.Svc.Log"}},
		{"an inline field: the dotted name", app.Cfg.Log.In, container.Injection{
			Consumer: reflect.TypeFor[*ftInjApp](), Field: "Cfg.Log", Tag: "", Path: "ftInjApp.Cfg.Log"}},
		{"a constructor parameter", api.Log.In, container.Injection{
			Consumer: reflect.TypeFor[*ftInjAPI](), Field: "[container_test.ftNewInjAPI arg 0]", Tag: "",
			Path: "ftInjAPI[container_test.ftNewInjAPI arg 0]"}},
		{"resolved directly: no consumer", direct.In, container.Injection{Path: "ftInjLog"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want.Consumer, tc.got.Consumer)
			assert.Equal(t, tc.want.Field, tc.got.Field)
			assert.Equal(t, tc.want.Tag, tc.got.Tag)
			assert.Equal(t, tc.want.Path, tc.got.Path)
		})
	}

	t.Run("Transient by default: each consumer its own instance", func(t *testing.T) {
		assert.NotSame(t, app.Own, app.Svc.Log)
		assert.NotSame(t, app.Own, app.Cfg.Log)
		assert.NotSame(t, direct, ftMust[*ftInjLog](t, c))
	})
	t.Run("an explicit lifetime wins", func(t *testing.T) {
		c := container.New()
		require.NoError(t, container.Provide[*ftInjLog](c, ftNewInjLog, container.Singleton))
		var app ftInjApp
		require.NoError(t, c.Populate(ftBG, &app))
		assert.Same(t, app.Own, app.Svc.Log)
	})
}

// ---------------------------------------------------------------------------
// 4. Replace

type ftOneSvc struct {
	S ftSvc `inject:""`
}

type ftAllSvc struct {
	All []ftSvc `inject:""`
}

func TestFt_Replace(t *testing.T) {
	prov := func(t *testing.T, c *container.Container, n string, opts ...container.Option) {
		t.Helper()
		require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor(n, nil), opts...))
	}
	cases := []struct {
		name    string
		reg     func(t *testing.T, c *container.Container) *container.Container
		wantAll []string
		wantOne string // "" -> ErrAmbiguous
		rootOne string // what the root resolves to, when reg returns a scope
	}{
		{
			name: "without Replace both are kept",
			reg: func(t *testing.T, c *container.Container) *container.Container {
				prov(t, c, "a")
				prov(t, c, "b")
				return c
			},
			wantAll: []string{"a", "b"},
		},
		{
			name: "without Replace, in registration order",
			reg: func(t *testing.T, c *container.Container) *container.Container {
				prov(t, c, "b")
				prov(t, c, "a")
				prov(t, c, "c")
				return c
			},
			wantAll: []string{"b", "a", "c"},
		},
		{
			name: "Replace replaces the earlier registrations",
			reg: func(t *testing.T, c *container.Container) *container.Container {
				prov(t, c, "a")
				prov(t, c, "b")
				prov(t, c, "c", container.Replace())
				return c
			},
			wantAll: []string{"c"},
			wantOne: "c",
		},
		{
			name: "Replace with nothing to replace",
			reg: func(t *testing.T, c *container.Container) *container.Container {
				prov(t, c, "a", container.Replace())
				return c
			},
			wantAll: []string{"a"},
			wantOne: "a",
		},
		{
			name: "Replace does not touch a named registration",
			reg: func(t *testing.T, c *container.Container) *container.Container {
				prov(t, c, "x", container.Named("x"))
				prov(t, c, "a")
				prov(t, c, "b", container.Replace())
				return c
			},
			wantAll: []string{"b"},
			wantOne: "b",
		},
		{
			name: "Replace on a scope leaves the parent's registrations",
			reg: func(t *testing.T, c *container.Container) *container.Container {
				prov(t, c, "root")
				s := c.NewScope()
				prov(t, s, "scope", container.Replace())
				return s
			},
			wantAll: []string{"scope"},
			wantOne: "scope",
			rootOne: "root",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			where := tc.reg(t, c)
			var all ftAllSvc
			require.NoError(t, where.Populate(ftBG, &all))
			assert.Equal(t, tc.wantAll, ftNames(all.All))
			var one ftOneSvc
			err := where.Populate(ftBG, &one)
			if tc.wantOne == "" {
				ftKind(t, err, container.ErrAmbiguous)
				_, err = container.Resolve[ftSvc](ftBG, where)
				ftKind(t, err, container.ErrAmbiguous)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tc.wantOne, one.S.Name())
			}
			if tc.rootOne != "" {
				assert.Equal(t, tc.rootOne, ftMust[ftSvc](t, c).Name())
			}
		})
	}

	t.Run("a second registration under one name", func(t *testing.T) {
		c := container.New()
		prov(t, c, "first", container.Named("x"))
		ftKind(t, container.Provide[ftSvc](c, ftBaseCtor("second", nil), container.Named("x")), container.ErrDuplicate)
		assert.Equal(t, "first", ftMust[ftSvc](t, c, container.Named("x")).Name(), "a duplicate changes nothing")
		prov(t, c, "third", container.Named("x"), container.Replace())
		assert.Equal(t, "third", ftMust[ftSvc](t, c, container.Named("x")).Name())
	})
}

// ---------------------------------------------------------------------------
// 5. Label

type ftLabDev struct {
	S ftSvc `inject:"label=env:dev"`
}

type ftLabStaging struct {
	S ftSvc `inject:"label=env:staging"`
}

type ftLabProd struct {
	S ftSvc `inject:"label=env:prod"`
}

type ftLabAll struct {
	All []ftSvc `inject:"label=env:prod"`
}

type ftLabBadTag struct {
	S ftSvc `inject:"label=env"`
}

func ftLabelled(t *testing.T) *container.Container {
	c := container.New()
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("a", nil), container.Label("env", "prod")))
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("b", nil), container.Label("env", "dev")))
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("c", nil), container.Named("c"), container.Label("env", "prod"), container.Label("tier", "x")))
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("d", nil)))
	require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("e", nil), container.Label("tier", "prod")))
	return c
}

func TestFt_Label(t *testing.T) {
	cases := []struct {
		name   string
		target func() any
		get    func(v any) any
		want   any
		kind   container.Kind
	}{
		{"a unique labelled registration", func() any { return new(ftLabDev) },
			func(v any) any { return v.(*ftLabDev).S.Name() }, "b", 0},
		{"no registration carries the label", func() any { return new(ftLabStaging) }, nil, nil, container.ErrNotFound},
		{"several registrations carry the label", func() any { return new(ftLabProd) }, nil, nil, container.ErrAmbiguous},
		{"a slice collects every one, named ones included, in registration order", func() any { return new(ftLabAll) },
			func(v any) any { return ftNames(v.(*ftLabAll).All) }, []string{"a", "c"}, 0},
		{"a label that is not key:value", func() any { return new(ftLabBadTag) }, nil, nil, container.ErrBadTag},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ftLabelled(t)
			v := tc.target()
			err := c.Populate(ftBG, v)
			if tc.kind != 0 {
				ftKind(t, err, tc.kind)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, tc.get(v))
		})
	}
}

func TestFt_Label_BadInput(t *testing.T) {
	cases := []struct {
		name string
		opts []container.Option
	}{
		{"an empty key", []container.Option{container.Label("", "prod")}},
		{"a key with a colon", []container.Option{container.Label("env:x", "prod")}},
		{"a key with a comma", []container.Option{container.Label("env,x", "prod")}},
		{"a value with a comma", []container.Option{container.Label("env", "prod,dev")}},
		{"one key twice", []container.Option{container.Label("env", "prod"), container.Label("env", "dev")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ftLabelled(t)
			ftKind(t, container.Provide[ftSvc](c, ftBaseCtor("bad", nil), tc.opts...), container.ErrBadInput)
			var all ftLabAll
			require.NoError(t, c.Populate(ftBG, &all))
			assert.Equal(t, []string{"a", "c"}, ftNames(all.All), "nothing was registered")
			var dev ftLabDev
			require.NoError(t, c.Populate(ftBG, &dev))
			assert.Equal(t, "b", dev.S.Name())
		})
	}
}

// ---------------------------------------------------------------------------
// 6. Arg and Args

type ftP struct{ A, B, C, D int }

func ftNewP(a, b, c, d int) *ftP { return &ftP{a, b, c, d} }

type ftDB struct{ DSN string }

type ftUser struct {
	DB     *ftDB
	Name   string
	HadCtx bool
}

func ftNewUserCtx(ctx context.Context, db *ftDB, name string) *ftUser {
	return &ftUser{DB: db, Name: name, HadCtx: ctx != nil}
}

func ftNewUser(db *ftDB, name string) *ftUser { return &ftUser{DB: db, Name: name} }

func TestFt_Args_Registration(t *testing.T) {
	cases := []struct {
		name string
		opts []container.Option
		want *ftP
		kind container.Kind
	}{
		{"Args fills the first parameters", []container.Option{container.Args(1, 2, 3, 4)}, &ftP{1, 2, 3, 4}, 0},
		{"Arg by index", []container.Option{container.Arg(3, 4), container.Arg(0, 1), container.Arg(2, 3), container.Arg(1, 2)}, &ftP{1, 2, 3, 4}, 0},
		{"Args then Arg for the rest", []container.Option{container.Args(1, 2), container.Arg(3, 40), container.Arg(2, 30)}, &ftP{1, 2, 30, 40}, 0},
		{"Args and Arg for one parameter", []container.Option{container.Args(1, 2, 3, 4), container.Arg(1, 5)}, nil, container.ErrBadInput},
		{"Arg twice for one parameter", []container.Option{container.Args(1, 2, 3), container.Arg(3, 4), container.Arg(3, 5)}, nil, container.ErrBadInput},
		{"Args twice", []container.Option{container.Args(1, 2), container.Args(3, 4)}, nil, container.ErrBadInput},
		{"a negative index", []container.Option{container.Args(1, 2, 3, 4), container.Arg(-1, 0)}, nil, container.ErrBadInput},
		{"an index out of range", []container.Option{container.Args(1, 2, 3, 4), container.Arg(4, 5)}, nil, container.ErrBadInput},
		{"too many Args", []container.Option{container.Args(1, 2, 3, 4, 5)}, nil, container.ErrBadInput},
		{"Args of the wrong type", []container.Option{container.Args(1, "two", 3, 4)}, nil, container.ErrTypeMismatch},
		{"Arg of the wrong type", []container.Option{container.Args(1, 2, 3), container.Arg(3, 4.5)}, nil, container.ErrTypeMismatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			err := container.Provide[*ftP](c, ftNewP, tc.opts...)
			if tc.kind == 0 {
				require.NoError(t, err)
				assert.Equal(t, tc.want, ftMust[*ftP](t, c))
				return
			}
			ftKind(t, err, tc.kind)
			// A bad registration changes nothing: a good one made before
			// is still the only one.
			c = container.New()
			require.NoError(t, container.Provide[*ftP](c, ftNewP, container.Args(9, 9, 9, 9)))
			ftKind(t, container.Provide[*ftP](c, ftNewP, tc.opts...), tc.kind)
			assert.Equal(t, &ftP{9, 9, 9, 9}, ftMust[*ftP](t, c))
		})
	}

	t.Run("Args needs a constructor", func(t *testing.T) {
		c := container.New()
		ftKind(t, container.Provide[*ftP](c, nil, container.Args(1)), container.ErrBadInput)
		ftKind(t, container.Provide[*ftP](c, nil, container.Arg(0, 1)), container.ErrBadInput)
		ftKind(t, container.Provide[*ftP](c, &ftP{}, container.Args(1)), container.ErrBadInput)
	})
}

func TestFt_Args_LeadingContext(t *testing.T) {
	db := &ftDB{DSN: "registered"}
	other := &ftDB{DSN: "given"}
	cases := []struct {
		name     string
		opts     []container.Option
		wantDB   *ftDB
		wantName string
		kind     container.Kind
	}{
		{"Arg(1) is the parameter after the context and the *DB", []container.Option{container.Arg(1, "x")}, db, "x", 0},
		{"Args fill from the first parameter after the context", []container.Option{container.Args(other, "x")}, other, "x", 0},
		{`Args("x") goes to the *DB parameter: a type mismatch`, []container.Option{container.Args("x")}, nil, "", container.ErrTypeMismatch},
		{"Arg(0) is the *DB parameter", []container.Option{container.Arg(0, "x")}, nil, "", container.ErrTypeMismatch},
		{"Arg(2) is out of range: the context is not counted", []container.Option{container.Arg(2, "x")}, nil, "", container.ErrBadInput},
		{"Arg with Dep, resolved per build", []container.Option{container.Arg(1, container.Dep[string](container.Named("user")))}, db, "from-dep", 0},
		{"Arg with a Dep of the wrong type", []container.Option{container.Arg(1, container.Dep[int]())}, nil, "", container.ErrTypeMismatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[*ftDB](c, db))
			require.NoError(t, container.Provide[string](c, "from-dep", container.Named("user")))
			err := container.Provide[*ftUser](c, ftNewUserCtx, tc.opts...)
			if tc.kind != 0 {
				ftKind(t, err, tc.kind)
				_, err = container.Resolve[*ftUser](ftBG, c)
				ftKind(t, err, tc.kind) // the failed registration is what resolving reports
				return
			}
			require.NoError(t, err)
			u := ftMust[*ftUser](t, c)
			assert.Same(t, tc.wantDB, u.DB)
			assert.Equal(t, tc.wantName, u.Name)
			assert.True(t, u.HadCtx)
		})
	}
}

func TestFt_Args_CallTime(t *testing.T) {
	db := &ftDB{DSN: "registered"}
	cases := []struct {
		name     string
		reg      func(t *testing.T, c *container.Container)
		call     func(c *container.Container) (any, error)
		want     any
		kind     container.Kind
		contains []string
	}{
		{
			name: "registered Args(1, 2) and call-time Args(3, 4): P(1, 2, 3, 4), through Factory.New",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftP](c, ftNewP, container.Args(1, 2), container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				f, err := container.Resolve[container.Factory[*ftP]](ftBG, c)
				if err != nil {
					return nil, err
				}
				return f.New(ftBG, container.Args(3, 4))
			},
			want: &ftP{1, 2, 3, 4},
		},
		{
			name: "the same through Resolve",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftP](c, ftNewP, container.Args(1, 2), container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				return container.Resolve[*ftP](ftBG, c, container.Args(3, 4))
			},
			want: &ftP{1, 2, 3, 4},
		},
		{
			name: "call-time Args skip the parameters registered with Arg",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftP](c, ftNewP, container.Args(1, 2), container.Arg(3, 40), container.Transient))
			},
			call: func(c *container.Container) (any, error) { return container.Resolve[*ftP](ftBG, c, container.Args(30)) },
			want: &ftP{1, 2, 30, 40},
		},
		{
			name: "func(db *DB, name string) with *DB registered: Args(\"alice\") is the name",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftDB](c, db))
				require.NoError(t, container.Provide[*ftUser](c, ftNewUser, container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				return container.Resolve[*ftUser](ftBG, c, container.Args("alice"))
			},
			want: &ftUser{DB: db, Name: "alice"},
		},
		{
			name: "with a leading context too",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftDB](c, db))
				require.NoError(t, container.Provide[*ftUser](c, ftNewUserCtx, container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				return container.Resolve[*ftUser](ftBG, c, container.Args("bob"))
			},
			want: &ftUser{DB: db, Name: "bob", HadCtx: true},
		},
		{
			name: "an unregistered *DB is a parameter the container cannot resolve: Args fill it first",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftUser](c, ftNewUser, container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				return container.Resolve[*ftUser](ftBG, c, container.Args(&ftDB{DSN: "given"}, "carol"))
			},
			want: &ftUser{DB: &ftDB{DSN: "given"}, Name: "carol"},
		},
		{
			name: "too many call-time Args list the open parameters",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftDB](c, db))
				require.NoError(t, container.Provide[*ftUser](c, ftNewUser, container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				return container.Resolve[*ftUser](ftBG, c, container.Args("alice", "bob"))
			},
			kind:     container.ErrBadInput,
			contains: []string{"1 (string)"},
		},
		{
			name: "too many call-time Args for the registered Args' constructor",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftP](c, ftNewP, container.Args(1, 2), container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				return container.Resolve[*ftP](ftBG, c, container.Args(3, 4, 5))
			},
			kind:     container.ErrBadInput,
			contains: []string{"call-time argument 2 (int) fits no parameter", "parameters left: none"},
		},
		{
			name: "a call-time argument of the wrong type",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftDB](c, db))
				require.NoError(t, container.Provide[*ftUser](c, ftNewUser, container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				return container.Resolve[*ftUser](ftBG, c, container.Args(42))
			},
			kind:     container.ErrTypeMismatch,
			contains: []string{"call-time argument 0 (int) fits no parameter", "0 (*container_test.ftDB), 1 (string)"},
		},
		{
			name: "call-time Args on a registration without a constructor",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftUser](c, nil, container.Transient))
			},
			call: func(c *container.Container) (any, error) {
				return container.Resolve[*ftUser](ftBG, c, container.Args("x"))
			},
			kind: container.ErrBadInput,
		},
		{
			name: "an unresolvable parameter without an argument: the hint mentions container.Arg",
			reg: func(t *testing.T, c *container.Container) {
				require.NoError(t, container.Provide[*ftDB](c, db))
				require.NoError(t, container.Provide[*ftUser](c, ftNewUser, container.Transient))
			},
			call:     func(c *container.Container) (any, error) { return container.Resolve[*ftUser](ftBG, c) },
			kind:     container.ErrNotFound,
			contains: []string{"container.Arg(1"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obs := new(ftBuilt)
			c := container.New(container.Observe(obs))
			tc.reg(t, c)
			got, err := tc.call(c)
			if tc.kind != 0 {
				e := ftKind(t, err, tc.kind)
				for _, s := range tc.contains {
					assert.Contains(t, e.Error(), s)
				}
				assert.EqualValues(t, 0, obs.n.Load(), "nothing was built")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// ---------------------------------------------------------------------------
// 7. Optional

type ftRedis struct{ Addr string }

type ftPool struct{ N int32 }

type ftCache struct {
	Pool  *ftPool
	Redis *ftRedis
}

type ftServer struct{ Cache container.Optional[*ftCache] }

func ftNewServer(c container.Optional[*ftCache]) *ftServer { return &ftServer{Cache: c} }

type ftCycA struct{ B container.Optional[*ftCycB] }

type ftCycB struct{ A *ftCycA }

func TestFt_Optional_ConstructorParameter(t *testing.T) {
	type env struct {
		c                   *container.Container
		poolBuilt, poolDone *atomic.Int32
		cacheBuilt          *atomic.Int32
	}
	poolCtor := func(e env) func() (*ftPool, func(), error) {
		return func() (*ftPool, func(), error) {
			return &ftPool{N: e.poolBuilt.Add(1)}, func() { e.poolDone.Add(1) }, nil
		}
	}
	cases := []struct {
		name  string
		reg   func(t *testing.T, e env)
		ok    bool
		kind  container.Kind
		cause error
		check func(t *testing.T, e env, s *ftServer)
	}{
		{
			name: "T is not registered",
			reg:  func(*testing.T, env) {},
			ok:   false,
		},
		{
			name: "something T needs is missing: nothing built for it is kept",
			reg: func(t *testing.T, e env) {
				require.NoError(t, container.Provide[*ftPool](e.c, poolCtor(e)))
				require.NoError(t, container.Provide[*ftCache](e.c, func(p *ftPool, r *ftRedis) *ftCache {
					e.cacheBuilt.Add(1)
					return &ftCache{Pool: p, Redis: r}
				}))
			},
			ok: false,
			check: func(t *testing.T, e env, _ *ftServer) {
				assert.EqualValues(t, 1, e.poolBuilt.Load(), "the pool was built for the cache")
				assert.EqualValues(t, 1, e.poolDone.Load(), "and rolled back when the cache turned out missing")
				assert.EqualValues(t, 0, e.cacheBuilt.Load())
				p := ftMust[*ftPool](t, e.c)
				assert.EqualValues(t, 2, p.N, "the rolled back Singleton was not cached")
			},
		},
		{
			name: "T is present",
			reg: func(t *testing.T, e env) {
				require.NoError(t, container.Provide[*ftPool](e.c, poolCtor(e)))
				require.NoError(t, container.Provide[*ftRedis](e.c, &ftRedis{Addr: "r"}))
				require.NoError(t, container.Provide[*ftCache](e.c, func(p *ftPool, r *ftRedis) *ftCache {
					e.cacheBuilt.Add(1)
					return &ftCache{Pool: p, Redis: r}
				}))
			},
			ok: true,
			check: func(t *testing.T, e env, s *ftServer) {
				assert.Same(t, ftMust[*ftCache](t, e.c), s.Cache.Value)
				assert.Equal(t, "r", s.Cache.Value.Redis.Addr)
				assert.EqualValues(t, 0, e.poolDone.Load())
			},
		},
		{
			name: "a constructor error beneath still fails",
			reg: func(t *testing.T, e env) {
				require.NoError(t, container.Provide[*ftCache](e.c, func() (*ftCache, error) { return nil, ftErrBoom }))
			},
			kind:  container.ErrConstructor,
			cause: ftErrBoom,
		},
		{
			name: "an error deeper beneath still fails",
			reg: func(t *testing.T, e env) {
				require.NoError(t, container.Provide[*ftPool](e.c, func() (*ftPool, error) { return nil, ftErrBoom }))
				require.NoError(t, container.Provide[*ftCache](e.c, func(p *ftPool) *ftCache { return &ftCache{Pool: p} }))
			},
			kind:  container.ErrConstructor,
			cause: ftErrBoom,
		},
		{
			name: "a panic beneath still fails",
			reg: func(t *testing.T, e env) {
				require.NoError(t, container.Provide[*ftCache](e.c, func() *ftCache { panic("ft: cache panic") }))
			},
			kind: container.ErrPanic,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := env{c: container.New(), poolBuilt: new(atomic.Int32), poolDone: new(atomic.Int32), cacheBuilt: new(atomic.Int32)}
			require.NoError(t, container.Provide[*ftServer](e.c, ftNewServer))
			tc.reg(t, e)
			s, err := container.Resolve[*ftServer](ftBG, e.c)
			if tc.kind != 0 {
				ftKind(t, err, tc.kind)
				if tc.cause != nil {
					assert.ErrorIs(t, err, tc.cause)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.ok, s.Cache.OK)
			if !tc.ok {
				assert.Nil(t, s.Cache.Value)
			}
			if tc.check != nil {
				tc.check(t, e, s)
			}
		})
	}

	t.Run("a cycle beneath still fails", func(t *testing.T) {
		c := container.New()
		require.NoError(t, container.Provide[*ftCycA](c, func(b container.Optional[*ftCycB]) *ftCycA { return &ftCycA{B: b} }))
		require.NoError(t, container.Provide[*ftCycB](c, func(a *ftCycA) *ftCycB { return &ftCycB{A: a} }))
		_, err := container.Resolve[*ftCycA](ftBG, c)
		ftKind(t, err, container.ErrCycle)
	})
}

type ftInitOpt struct{ Svc container.Optional[ftSvc] }

func (o *ftInitOpt) Init(s container.Optional[ftSvc]) { o.Svc = s }

func TestFt_Optional_InitParameter(t *testing.T) {
	cases := []struct {
		name  string
		reg   func(t *testing.T, c *container.Container)
		ok    bool
		kind  container.Kind
		cause error
	}{
		{"missing", func(*testing.T, *container.Container) {}, false, 0, nil},
		{"something it needs is missing", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[ftSvc](c, func(n ftNobody) ftSvc { return &ftBase{} }))
		}, false, 0, nil},
		{"present", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("svc", nil)))
		}, true, 0, nil},
		{"its constructor fails", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[ftSvc](c, func() (ftSvc, error) { return nil, ftErrBoom }))
		}, false, container.ErrConstructor, ftErrBoom},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			tc.reg(t, c)
			var o ftInitOpt
			err := c.Populate(ftBG, &o)
			if tc.kind != 0 {
				ftKind(t, err, tc.kind)
				assert.ErrorIs(t, err, tc.cause)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.ok, o.Svc.OK)
			if tc.ok {
				assert.Equal(t, "svc", o.Svc.Value.Name())
			} else {
				assert.Nil(t, o.Svc.Value)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// 8. ScopeOnly

type ftReqHandler struct {
	Req *http.Request `inject:""`
}

func TestFt_ScopeOnly(t *testing.T) {
	r1 := &http.Request{Method: "GET"}
	cases := []struct {
		name  string
		where func(t *testing.T, c *container.Container) *container.Container
		want  *http.Request
		kind  container.Kind
	}{
		{"at the root: ErrNoScope", func(_ *testing.T, c *container.Container) *container.Container { return c }, nil, container.ErrNoScope},
		{"in a scope that did not supply one: ErrNotFound", func(_ *testing.T, c *container.Container) *container.Container {
			return c.NewScope()
		}, nil, container.ErrNotFound},
		{"in a scope that supplied one with Supply", func(t *testing.T, c *container.Container) *container.Container {
			s := c.NewScope()
			require.NoError(t, container.Supply(s, r1))
			return s
		}, r1, 0},
		{"in a scope that supplied one with Provide", func(t *testing.T, c *container.Container) *container.Container {
			s := c.NewScope()
			require.NoError(t, container.Provide[*http.Request](s, r1))
			return s
		}, r1, 0},
		{"in a child of the supplying scope", func(t *testing.T, c *container.Container) *container.Container {
			s := c.NewScope()
			require.NoError(t, container.Supply(s, r1))
			return s.NewScope()
		}, r1, 0},
		{"in a sibling of the supplying scope: ErrNotFound", func(t *testing.T, c *container.Container) *container.Container {
			s := c.NewScope()
			require.NoError(t, container.Supply(s, r1))
			return c.NewScope()
		}, nil, container.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[*http.Request](c, nil, container.ScopeOnly()))
			where := tc.where(t, c)
			got, err := container.Resolve[*http.Request](ftBG, where)
			if tc.kind != 0 {
				ftKind(t, err, tc.kind)
				var h ftReqHandler
				ftKind(t, where.Populate(ftBG, &h), tc.kind)
				assert.Nil(t, h.Req)
				return
			}
			require.NoError(t, err)
			assert.Same(t, tc.want, got)
		})
	}

	t.Run("a field of a Scoped struct, per request", func(t *testing.T) {
		c := container.New()
		require.NoError(t, container.Provide[*http.Request](c, nil, container.ScopeOnly()))
		require.NoError(t, container.Provide[*ftReqHandler](c, nil, container.Scoped))
		reqs := []*http.Request{{Method: "GET"}, {Method: "POST"}}
		var seen []*ftReqHandler
		for _, r := range reqs {
			s := c.NewScope()
			require.NoError(t, container.Supply(s, r))
			h := ftMust[*ftReqHandler](t, s)
			assert.Same(t, r, h.Req)
			assert.Same(t, h, ftMust[*ftReqHandler](t, s), "Scoped: one per scope")
			seen = append(seen, h)
			require.NoError(t, s.Close(ftBG))
		}
		assert.NotSame(t, seen[0], seen[1])
		_, err := container.Resolve[*ftReqHandler](ftBG, c)
		ftKind(t, err, container.ErrNoScope)
	})

	// Option: "no option is ever silently ignored"; ScopeOnly declares a
	// type supplied per scope, which a source would contradict.
	srcs := []struct {
		name string
		src  any
	}{
		{"with a constructor", func() *http.Request { return &http.Request{Method: "ctor"} }},
		{"with a value", &http.Request{Method: "value"}},
	}
	for _, tc := range srcs {
		t.Run("ScopeOnly "+tc.name+" is not silently ignored", func(t *testing.T) {
			c := container.New()
			err := container.Provide[*http.Request](c, tc.src, container.ScopeOnly())
			ftKind(t, err, container.ErrBadInput)
			_, err = container.Resolve[*http.Request](ftBG, c.NewScope())
			require.Error(t, err, "nothing was registered")
		})
	}
}

// ---------------------------------------------------------------------------
// 9. Disposable

type ftConn struct {
	container.Disposable
	ID int32
}

type ftConnUser struct{ Conn *ftConn }

type ftConnApp struct {
	Conn *ftConn     `inject:""`
	User *ftConnUser `inject:""`
}

func TestFt_Disposable_MarkedAtClose(t *testing.T) {
	cases := []struct {
		name string
		reg  func(t *testing.T, c *container.Container, cleaned *atomic.Int32)
		// resolve returns the instance and the container whose Close
		// must mark it.
		resolve func(t *testing.T, c *container.Container) (*ftConn, *container.Container)
	}{
		{
			name: "a constructor with a cleanup",
			reg: func(t *testing.T, c *container.Container, cleaned *atomic.Int32) {
				require.NoError(t, container.Provide[*ftConn](c, func() (*ftConn, func(), error) {
					return &ftConn{}, func() { cleaned.Add(1) }, nil
				}))
			},
			resolve: func(t *testing.T, c *container.Container) (*ftConn, *container.Container) {
				return ftMust[*ftConn](t, c), c
			},
		},
		{
			name: "a zero-value registration with OnClose",
			reg: func(t *testing.T, c *container.Container, cleaned *atomic.Int32) {
				require.NoError(t, container.Provide[*ftConn](c, nil, container.OnClose(func(context.Context, *ftConn) error {
					cleaned.Add(1)
					return nil
				})))
			},
			resolve: func(t *testing.T, c *container.Container) (*ftConn, *container.Container) {
				return ftMust[*ftConn](t, c), c
			},
		},
		{
			name: "an unregistered struct",
			reg:  func(*testing.T, *container.Container, *atomic.Int32) {},
			resolve: func(t *testing.T, c *container.Container) (*ftConn, *container.Container) {
				return ftMust[*ftConn](t, c), c
			},
		},
		{
			name: "a Scoped instance, at its scope's Close",
			reg: func(t *testing.T, c *container.Container, cleaned *atomic.Int32) {
				require.NoError(t, container.Provide[*ftConn](c, func() (*ftConn, func(), error) {
					return &ftConn{}, func() { cleaned.Add(1) }, nil
				}, container.Scoped))
			},
			resolve: func(t *testing.T, c *container.Container) (*ftConn, *container.Container) {
				s := c.NewScope()
				return ftMust[*ftConn](t, s), s
			},
		},
		{
			name: "a Transient resolved through a scope, at the scope's Close",
			reg: func(t *testing.T, c *container.Container, cleaned *atomic.Int32) {
				require.NoError(t, container.Provide[*ftConn](c, func() (*ftConn, func(), error) {
					return &ftConn{}, func() { cleaned.Add(1) }, nil
				}, container.Transient))
			},
			resolve: func(t *testing.T, c *container.Container) (*ftConn, *container.Container) {
				s := c.NewScope()
				return ftMust[*ftConn](t, s), s
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var cleaned atomic.Int32
			tc.reg(t, c, &cleaned)
			conn, owner := tc.resolve(t, c)
			assert.False(t, conn.Disposed(), "not before Close")
			assert.NoError(t, conn.CheckDisposed())
			if owner != c {
				// Closing something else does not mark it.
				require.NoError(t, c.NewScope().Close(ftBG))
				assert.False(t, conn.Disposed())
			}
			require.NoError(t, owner.Close(ftBG))
			assert.True(t, conn.Disposed())
			ftKind(t, conn.CheckDisposed(), container.ErrClosed)
			require.NoError(t, c.Close(ftBG))
		})
	}

	t.Run("a supplied value with OnClose, whose cleanup the container runs at Close", func(t *testing.T) {
		c := container.New()
		conn := &ftConn{}
		var cleaned atomic.Int32
		require.NoError(t, container.Supply(c, conn, container.OnClose(func(context.Context, *ftConn) error {
			cleaned.Add(1)
			return nil
		})))
		assert.Same(t, conn, ftMust[*ftConn](t, c))
		assert.False(t, conn.Disposed())
		require.NoError(t, c.Close(ftBG))
		require.EqualValues(t, 1, cleaned.Load(), "the container ran the value's cleanup")
		assert.True(t, conn.Disposed(), "a supplied value is marked when its cleanups run")
		ftKind(t, conn.CheckDisposed(), container.ErrClosed)
	})
}

func TestFt_Disposable_MarkedOnRollback(t *testing.T) {
	cases := []struct {
		name string
		fail func(t *testing.T, c *container.Container) error
	}{
		{"a Resolve whose later constructor fails", func(t *testing.T, c *container.Container) error {
			require.NoError(t, container.Provide[*ftConnUser](c, func(conn *ftConn) (*ftConnUser, error) { return nil, ftErrBoom }))
			_, err := container.Resolve[*ftConnUser](ftBG, c)
			return err
		}},
		{"a Populate whose later field fails", func(t *testing.T, c *container.Container) error {
			require.NoError(t, container.Provide[*ftConnUser](c, func() (*ftConnUser, error) { return nil, ftErrBoom }))
			var app ftConnApp
			err := c.Populate(ftBG, &app)
			assert.Nil(t, app.Conn, "the target's fields are reset")
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var built []*ftConn
			var mu sync.Mutex
			require.NoError(t, container.Provide[*ftConn](c, func() *ftConn {
				mu.Lock()
				defer mu.Unlock()
				conn := &ftConn{ID: int32(len(built) + 1)}
				built = append(built, conn)
				return conn
			}))
			err := tc.fail(t, c)
			ftKind(t, err, container.ErrConstructor)
			assert.ErrorIs(t, err, ftErrBoom)
			require.Len(t, built, 1)
			assert.True(t, built[0].Disposed(), "the rolled back instance is marked")
			ftKind(t, built[0].CheckDisposed(), container.ErrClosed)
			fresh := ftMust[*ftConn](t, c)
			assert.NotSame(t, built[0], fresh)
			assert.False(t, fresh.Disposed())
		})
	}
}

// ---------------------------------------------------------------------------
// 10. Provider[T]

type ftPLog struct{}

type ftPConn struct {
	Log    *ftPLog `inject:""`
	DB     *ftDB
	From   string
	Inited int
}

func (c *ftPConn) Init() { c.Inited++ }

type ftConnProvider struct {
	from  string
	calls atomic.Int32
	mu    sync.Mutex
	ctxV  []any
	conts []*container.Container
	fail  error
}

func (p *ftConnProvider) Provide(ctx context.Context, c *container.Container) (*ftPConn, error) {
	p.calls.Add(1)
	p.mu.Lock()
	p.ctxV = append(p.ctxV, ctx.Value(ftCtxKey{}))
	p.conts = append(p.conts, c)
	p.mu.Unlock()
	if p.fail != nil {
		return nil, p.fail
	}
	db, err := container.Resolve[*ftDB](ctx, c)
	if err != nil {
		return nil, err
	}
	return &ftPConn{From: p.from, DB: db}, nil
}

type ftNilProvider struct{}

func (ftNilProvider) Provide(context.Context, *container.Container) (*ftPConn, error) {
	return nil, nil
}

type ftPanicProvider struct{}

func (ftPanicProvider) Provide(context.Context, *container.Container) (*ftPConn, error) {
	panic("ft: provider panic")
}

// ftOtherProvider provides another type.
type ftOtherProvider struct{}

func (ftOtherProvider) Provide(context.Context, *container.Container) (*ftDB, error) {
	return &ftDB{}, nil
}

func TestFt_Provider_CallsAndLifetimes(t *testing.T) {
	cases := []struct {
		name      string
		life      container.Lifetime
		scoped    bool
		wantCalls int32
		same      bool
	}{
		{"Singleton: called once", container.Singleton, false, 1, true},
		{"Transient: called per resolve", container.Transient, false, 2, false},
		{"Scoped: called once per scope", container.Scoped, true, 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			db := &ftDB{DSN: "db"}
			require.NoError(t, container.Provide[*ftDB](c, db))
			p := &ftConnProvider{from: "p"}
			require.NoError(t, container.Provide[*ftPConn](c, p, tc.life))
			where := c
			if tc.scoped || tc.life == container.Transient {
				where = c.NewScope()
			}
			ctx := context.WithValue(ftBG, ftCtxKey{}, "call-ctx")
			a, err := container.Resolve[*ftPConn](ctx, where)
			require.NoError(t, err)
			b, err := container.Resolve[*ftPConn](ctx, where)
			require.NoError(t, err)
			assert.Equal(t, tc.wantCalls, p.calls.Load())
			if tc.same {
				assert.Same(t, a, b)
			} else {
				assert.NotSame(t, a, b)
			}
			assert.Equal(t, "p", a.From)
			assert.Same(t, db, a.DB, "the provider resolved what it needs from the container")
			assert.NotNil(t, a.Log, "tagged fields of the result are injected")
			assert.Equal(t, 1, a.Inited, "Init runs once")
			p.mu.Lock()
			defer p.mu.Unlock()
			for i := range p.ctxV {
				assert.Equal(t, "call-ctx", p.ctxV[i], "the provider gets the call's context")
				if tc.life == container.Singleton {
					assert.Same(t, c, p.conts[i], "a Singleton resolves in the container that owns it")
				} else {
					assert.Same(t, where, p.conts[i], "the provider gets the resolving scope")
				}
			}
		})
	}
}

func TestFt_Provider_Override(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Provide[*ftDB](c, &ftDB{}))
	orig := &ftConnProvider{from: "orig"}
	other := &ftConnProvider{from: "other"}
	require.NoError(t, container.Provide[*ftPConn](c, orig, container.Transient))
	assert.Equal(t, "orig", ftMust[*ftPConn](t, c).From)
	restore, err := container.Override[*ftPConn](c, other, container.Transient)
	require.NoError(t, err)
	got := ftMust[*ftPConn](t, c)
	assert.Equal(t, "other", got.From)
	assert.NotNil(t, got.Log)
	assert.Equal(t, 1, got.Inited)
	restore()
	assert.Equal(t, "orig", ftMust[*ftPConn](t, c).From)
	assert.EqualValues(t, 2, orig.calls.Load())
	assert.EqualValues(t, 1, other.calls.Load())
}

func TestFt_Provider_Errors(t *testing.T) {
	cases := []struct {
		name     string
		src      any
		opts     []container.Option
		regKind  container.Kind // the registration fails
		callKind container.Kind // the resolve fails
		cause    error
	}{
		{"the provider returns an error", &ftConnProvider{fail: ftErrBoom}, nil, 0, container.ErrConstructor, ftErrBoom},
		{"the provider returns nil", ftNilProvider{}, nil, 0, container.ErrConstructor, nil},
		{"the provider panics", ftPanicProvider{}, nil, 0, container.ErrPanic, nil},
		{"a provider of another type", ftOtherProvider{}, nil, container.ErrTypeMismatch, 0, nil},
		{"Args with a provider", &ftConnProvider{}, []container.Option{container.Args(1)}, container.ErrBadInput, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			err := container.Provide[*ftPConn](c, tc.src, tc.opts...)
			if tc.regKind != 0 {
				ftKind(t, err, tc.regKind)
				return
			}
			require.NoError(t, err)
			for range 2 { // not cached: the second call fails the same way
				_, err := container.Resolve[*ftPConn](ftBG, c)
				ftKind(t, err, tc.callKind)
				if tc.cause != nil {
					assert.ErrorIs(t, err, tc.cause)
				}
			}
			if p, ok := tc.src.(*ftConnProvider); ok {
				assert.EqualValues(t, 2, p.calls.Load())
			}
		})
	}
}

// ---------------------------------------------------------------------------
// 11. ResetOverrides

func TestFt_ResetOverrides(t *testing.T) {
	type env struct {
		c *container.Container
		s *container.Container
	}
	over := func(t *testing.T, c *container.Container, n string, opts ...container.Option) func() {
		t.Helper()
		r, err := container.Override[ftSvc](c, ftBaseCtor(n, nil), append([]container.Option{container.Transient}, opts...)...)
		require.NoError(t, err)
		return r
	}
	cases := []struct {
		name string
		run  func(t *testing.T, e env)
	}{
		{"every layer of T goes, and the removed layers' restores become no-ops", func(t *testing.T, e env) {
			r1 := over(t, e.c, "o1")
			r2 := over(t, e.c, "o2")
			assert.Equal(t, "o2", ftMust[ftSvc](t, e.c).Name())
			assert.True(t, container.ResetOverrides[ftSvc](e.c))
			assert.Equal(t, "orig", ftMust[ftSvc](t, e.c).Name())
			r3 := over(t, e.c, "o3")
			r2()
			r1()
			assert.Equal(t, "o3", ftMust[ftSvc](t, e.c).Name(), "old restores do not remove a later layer")
			r3()
			assert.Equal(t, "orig", ftMust[ftSvc](t, e.c).Name())
		}},
		{"nothing to reset", func(t *testing.T, e env) {
			assert.False(t, container.ResetOverrides[ftSvc](e.c))
			r := over(t, e.c, "o1")
			r()
			assert.False(t, container.ResetOverrides[ftSvc](e.c), "a restored layer is gone already")
		}},
		{"only T", func(t *testing.T, e env) {
			over(t, e.c, "o1")
			rp, err := container.Override[*ftPrefix](e.c, &ftPrefix{S: "over"})
			require.NoError(t, err)
			defer rp()
			assert.True(t, container.ResetOverrides[ftSvc](e.c))
			assert.Equal(t, "orig", ftMust[ftSvc](t, e.c).Name())
			assert.Equal(t, "over", ftMust[*ftPrefix](t, e.c).S)
		}},
		{"only T under the name", func(t *testing.T, e env) {
			over(t, e.c, "o1")
			over(t, e.c, "named-o1", container.Named("n"))
			assert.True(t, container.ResetOverrides[ftSvc](e.c, container.Named("n")))
			assert.Equal(t, "named", ftMust[ftSvc](t, e.c, container.Named("n")).Name())
			assert.Equal(t, "o1", ftMust[ftSvc](t, e.c).Name())
		}},
		{"only the layers made on that container", func(t *testing.T, e env) {
			over(t, e.s, "scope-o1")
			assert.False(t, container.ResetOverrides[ftSvc](e.c))
			assert.Equal(t, "scope-o1", ftMust[ftSvc](t, e.s).Name())
			assert.True(t, container.ResetOverrides[ftSvc](e.s))
			assert.Equal(t, "orig", ftMust[ftSvc](t, e.s).Name())
		}},
		{"an option ResetOverrides does not take changes nothing", func(t *testing.T, e env) {
			over(t, e.c, "o1")
			assert.False(t, container.ResetOverrides[ftSvc](e.c, container.Transient))
			assert.Equal(t, "o1", ftMust[ftSvc](t, e.c).Name())
		}},
		{"c.ResetOverrides removes the layers of every type", func(t *testing.T, e env) {
			r1 := over(t, e.c, "o1")
			over(t, e.c, "named-o1", container.Named("n"))
			_, err := container.Override[*ftPrefix](e.c, &ftPrefix{S: "over"})
			require.NoError(t, err)
			over(t, e.s, "scope-o1")
			e.c.ResetOverrides()
			assert.Equal(t, "orig", ftMust[ftSvc](t, e.c).Name())
			assert.Equal(t, "named", ftMust[ftSvc](t, e.c, container.Named("n")).Name())
			assert.Equal(t, "orig", ftMust[*ftPrefix](t, e.c).S)
			assert.Equal(t, "scope-o1", ftMust[ftSvc](t, e.s).Name(), "a scope's layers are its own")
			assert.False(t, container.ResetOverrides[ftSvc](e.c))
			r4 := over(t, e.c, "o4")
			r1()
			assert.Equal(t, "o4", ftMust[ftSvc](t, e.c).Name(), "removed layers' restores are no-ops")
			r4()
			assert.Equal(t, "orig", ftMust[ftSvc](t, e.c).Name())
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("orig", nil), container.Transient))
			require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("named", nil), container.Transient, container.Named("n")))
			require.NoError(t, container.Provide[*ftPrefix](c, &ftPrefix{S: "orig"}))
			tc.run(t, env{c: c, s: c.NewScope()})
		})
	}
}

// ---------------------------------------------------------------------------
// 12. Deep Field overrides at call time

type ftLoss struct{ Alpha, Beta float64 }

type ftOpt struct {
	LR    float64
	Inner struct{ Steps int }
}

type ftTask struct {
	Loss  *ftLoss `inject:""`
	Opt   ftOpt
	Plain *ftLoss
}

type ftTrainer struct {
	Task *ftTask `inject:""`
	Name string
	Opt  ftOpt
}

func TestFt_DeepField(t *testing.T) {
	cases := []struct {
		name  string
		opts  []container.Option
		fresh bool // the trainer's Task is built for the call
		loss  bool // and so is its Loss
		value bool // *ftLoss is a registered value
		check func(t *testing.T, tr *ftTrainer)
		kind  container.Kind
	}{
		{
			name:  "through tagged pointer fields",
			opts:  []container.Option{container.Field("Task.Loss.Alpha", 0.5)},
			fresh: true, loss: true,
			check: func(t *testing.T, tr *ftTrainer) {
				assert.Equal(t, 0.5, tr.Task.Loss.Alpha)
				assert.Equal(t, 0.0, tr.Task.Loss.Beta)
			},
		},
		{
			name:  "two fields of one dependency",
			opts:  []container.Option{container.Field("Task.Loss.Alpha", 0.5), container.Field("Task.Loss.Beta", 0.25)},
			fresh: true, loss: true,
			check: func(t *testing.T, tr *ftTrainer) {
				assert.Equal(t, 0.5, tr.Task.Loss.Alpha)
				assert.Equal(t, 0.25, tr.Task.Loss.Beta)
			},
		},
		{
			name: "through struct values, set in place",
			opts: []container.Option{container.Field("Opt.Inner.Steps", 3), container.Field("Opt.LR", 0.1)},
			check: func(t *testing.T, tr *ftTrainer) {
				assert.Equal(t, 3, tr.Opt.Inner.Steps)
				assert.Equal(t, 0.1, tr.Opt.LR)
			},
		},
		{
			name:  "through a pointer, then struct values",
			opts:  []container.Option{container.Field("Task.Opt.LR", 0.2)},
			fresh: true,
			check: func(t *testing.T, tr *ftTrainer) {
				assert.Equal(t, 0.2, tr.Task.Opt.LR)
			},
		},
		{name: "an unknown field", opts: []container.Option{container.Field("Task.Loss.Gamma", 1.0)}, kind: container.ErrBadInput},
		{name: "an unknown first field", opts: []container.Option{container.Field("Tusk.Loss.Alpha", 1.0)}, kind: container.ErrBadInput},
		{name: "through an untagged pointer", opts: []container.Option{container.Field("Task.Plain.Alpha", 0.5)}, kind: container.ErrBadInput},
		{name: "through a field that has no fields", opts: []container.Option{container.Field("Name.Len", 1)}, kind: container.ErrBadInput},
		{name: "a value of the wrong type", opts: []container.Option{container.Field("Task.Loss.Alpha", "half")}, kind: container.ErrTypeMismatch},
		{name: "a value of the wrong type in a struct value", opts: []container.Option{container.Field("Opt.LR", 1)}, kind: container.ErrTypeMismatch},
		{name: "through a dependency that is a registered value", opts: []container.Option{container.Field("Task.Loss.Alpha", 0.5)}, value: true, kind: container.ErrBadInput},
		{name: "one good override and one bad", opts: []container.Option{container.Field("Task.Loss.Alpha", 0.5), container.Field("Task.Loss.Gamma", 1.0)}, kind: container.ErrBadInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obs := new(ftBuilt)
			c := container.New(container.Observe(obs))
			if tc.value {
				require.NoError(t, container.Provide[*ftLoss](c, &ftLoss{}))
			}
			sharedTask := ftMust[*ftTask](t, c)
			sharedLoss := ftMust[*ftLoss](t, c)
			require.Same(t, sharedLoss, sharedTask.Loss)
			f := ftMust[container.Factory[*ftTrainer]](t, c)
			before := obs.n.Load()
			tr, err := f.New(ftBG, tc.opts...)
			if tc.kind != 0 {
				ftKind(t, err, tc.kind)
				assert.Nil(t, tr)
				assert.Equal(t, before, obs.n.Load(), "nothing was built")
			} else {
				require.NoError(t, err)
				tc.check(t, tr)
				if tc.fresh {
					assert.NotSame(t, sharedTask, tr.Task, "the overridden dependency is built for this call")
				} else {
					assert.Same(t, sharedTask, tr.Task, "dependencies without overrides are the shared ones")
				}
				if tc.loss {
					assert.NotSame(t, sharedLoss, tr.Task.Loss, "so is the dependency at the end of the path")
				} else {
					assert.Same(t, sharedLoss, tr.Task.Loss, "a dependency off the path is the shared one")
				}
			}
			assert.Same(t, sharedTask, ftMust[*ftTask](t, c), "the shared Singletons are untouched")
			assert.Same(t, sharedLoss, ftMust[*ftLoss](t, c))
			assert.Zero(t, sharedLoss.Alpha)
			assert.Zero(t, sharedLoss.Beta)
			assert.Zero(t, sharedTask.Opt.LR)
		})
	}
}

// ---------------------------------------------------------------------------
// 13. No silent zero values

type ftNeedsUnreg struct{ U *ftUnreg }

type ftHoldsUnreg struct {
	U *ftUnreg `inject:""`
}

func TestFt_NoSilentZero_Parameters(t *testing.T) {
	hint := "container.Provide[*container_test.ftUnreg](c, nil)"
	cases := []struct {
		name string
		call func(c *container.Container) error
	}{
		{"a constructor parameter", func(c *container.Container) error {
			if err := container.Provide[*ftNeedsUnreg](c, func(u *ftUnreg) *ftNeedsUnreg { return &ftNeedsUnreg{U: u} }, container.Replace()); err != nil {
				return err
			}
			_, err := container.Resolve[*ftNeedsUnreg](ftBG, c)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			err := tc.call(c)
			e := ftKind(t, err, container.ErrNotFound)
			assert.Contains(t, e.Hint, hint)
			require.NoError(t, container.Provide[*ftUnreg](c, nil))
			require.NoError(t, tc.call(c), "registering the type fixes it")
		})
	}

	t.Run("an Invoke parameter is resolved like Resolve: built from its zero value", func(t *testing.T) {
		c := container.New()
		var got *ftUnreg
		require.NoError(t, c.Invoke(ftBG, func(u *ftUnreg) { got = u }))
		require.NotNil(t, got)
		assert.Same(t, got, ftMust[*ftUnreg](t, c))
	})
	t.Run("a tagged field is still built from its zero value", func(t *testing.T) {
		c := container.New()
		var h ftHoldsUnreg
		require.NoError(t, c.Populate(ftBG, &h))
		require.NotNil(t, h.U)
		assert.Same(t, h.U, ftMust[*ftUnreg](t, c))
	})
}

type ftStdReq struct {
	R *http.Request `inject:""`
}

type ftStdDB struct {
	DB *sql.DB `inject:""`
}

type ftStdFile struct {
	F *os.File `inject:""`
}

func TestFt_NoSilentZero_StandardLibraryAndStrict(t *testing.T) {
	plain := func() *container.Container { return container.New() }
	cases := []struct {
		name   string
		c      func() *container.Container
		target func() any
		res    func(c *container.Container) error
	}{
		{"*http.Request field", plain, func() any { return new(ftStdReq) },
			func(c *container.Container) error { _, err := container.Resolve[*http.Request](ftBG, c); return err }},
		{"*sql.DB field", plain, func() any { return new(ftStdDB) },
			func(c *container.Container) error { _, err := container.Resolve[*sql.DB](ftBG, c); return err }},
		{"*os.File field", plain, func() any { return new(ftStdFile) },
			func(c *container.Container) error { _, err := container.Resolve[*os.File](ftBG, c); return err }},
		{"Strict: an unregistered *Struct field", func() *container.Container { return container.New(container.Strict()) },
			func() any { return new(ftHoldsUnreg) },
			func(c *container.Container) error { _, err := container.Resolve[*ftUnreg](ftBG, c); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c()
			tg := tc.target()
			ftKind(t, c.Populate(ftBG, tg), container.ErrNotFound)
			assert.True(t, reflect.ValueOf(tg).Elem().Field(0).IsNil(), "nothing was set")
			ftKind(t, tc.res(c), container.ErrNotFound)
		})
	}

	t.Run("Strict: registering the type builds it from its zero value", func(t *testing.T) {
		c := container.New(container.Strict())
		require.NoError(t, container.Provide[*ftUnreg](c, nil))
		var h ftHoldsUnreg
		require.NoError(t, c.Populate(ftBG, &h))
		assert.NotNil(t, h.U)
	})
}

type ftFailed struct{ N int }

type ftHoldsFailed struct {
	F *ftFailed `inject:""`
}

func TestFt_NoSilentZero_FailedRegistration(t *testing.T) {
	cases := []struct {
		name string
		reg  func(c *container.Container) error
		kind container.Kind
	}{
		{"a constructor of the wrong type", func(c *container.Container) error {
			return container.Provide[*ftFailed](c, func() (int, error) { return 0, nil })
		}, container.ErrTypeMismatch},
		{"a constructor of the wrong shape", func(c *container.Container) error {
			return container.Provide[*ftFailed](c, func(...int) *ftFailed { return nil })
		}, container.ErrBadSignature},
		{"a value of the wrong type", func(c *container.Container) error {
			return container.Provide[*ftFailed](c, 42)
		}, container.ErrTypeMismatch},
		{"an option that does not apply", func(c *container.Container) error {
			return container.Provide[*ftFailed](c, nil, container.Args(1))
		}, container.ErrBadInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			ftKind(t, tc.reg(c), tc.kind)
			_, err := container.Resolve[*ftFailed](ftBG, c)
			ftKind(t, err, tc.kind)
			var h ftHoldsFailed
			ftKind(t, c.Populate(ftBG, &h), tc.kind)
			assert.Nil(t, h.F)
			ftKind(t, tc.reg(c), tc.kind)
			_, err = container.Resolve[*ftFailed](ftBG, c)
			ftKind(t, err, tc.kind) // still, after a second failure
			require.NoError(t, container.Provide[*ftFailed](c, func() *ftFailed { return &ftFailed{N: 1} }))
			assert.Equal(t, 1, ftMust[*ftFailed](t, c).N, "a later registration that succeeds clears it")
			require.NoError(t, c.Populate(ftBG, &h))
			assert.Equal(t, 1, h.F.N)
		})
	}

	t.Run("an interface: the registration's error rather than not-found", func(t *testing.T) {
		c := container.New()
		ftKind(t, container.Provide[ftSvc](c, 42), container.ErrTypeMismatch)
		_, err := container.Resolve[ftSvc](ftBG, c)
		ftKind(t, err, container.ErrTypeMismatch)
		require.NoError(t, container.Provide[ftSvc](c, ftBaseCtor("ok", nil)))
		assert.Equal(t, "ok", ftMust[ftSvc](t, c).Name())
	})
	t.Run("a named registration: only that name", func(t *testing.T) {
		c := container.New()
		ftKind(t, container.Provide[*ftFailed](c, 42, container.Named("x")), container.ErrTypeMismatch)
		_, err := container.Resolve[*ftFailed](ftBG, c, container.Named("x"))
		ftKind(t, err, container.ErrTypeMismatch)
		assert.NotNil(t, ftMust[*ftFailed](t, c), "the unnamed type is not affected")
	})
}

type ftReqState struct{ ID int }

type ftCaptiveCtor struct{ R *ftReqState }

type ftCaptiveField struct {
	R *ftReqState `inject:""`
}

func TestFt_NoSilentZero_CaptiveScoped(t *testing.T) {
	cases := []struct {
		name    string
		reg     func(c *container.Container) error
		resolve func(s *container.Container) error
	}{
		{"through a constructor parameter", func(c *container.Container) error {
			return container.Provide[*ftCaptiveCtor](c, func(r *ftReqState) *ftCaptiveCtor { return &ftCaptiveCtor{R: r} })
		}, func(s *container.Container) error { _, err := container.Resolve[*ftCaptiveCtor](ftBG, s); return err }},
		{"through a field", func(c *container.Container) error {
			return container.Provide[*ftCaptiveField](c, nil)
		}, func(s *container.Container) error { _, err := container.Resolve[*ftCaptiveField](ftBG, s); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[*ftReqState](c, nil, container.Scoped))
			require.NoError(t, tc.reg(c))
			s := c.NewScope()
			e := ftKind(t, tc.resolve(s), container.ErrNoScope)
			assert.True(t, strings.HasPrefix(e.Detail, "a Singleton cannot capture a Scoped dependency"), "detail: %q", e.Detail)
			assert.Contains(t, e.Error(), "no scope: a Singleton cannot capture a Scoped dependency")
			ftMust[*ftReqState](t, s) // the Scoped registration itself works in the scope
		})
	}
}

// ---------------------------------------------------------------------------
// 14. OnClose on a Transient

type ftTr struct{ ID int32 }

func TestFt_OnCloseTransient_Ownership(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, c *container.Container, closed func() []int32)
	}{
		{"resolved through a scope: runs when that scope closes", func(t *testing.T, c *container.Container, closed func() []int32) {
			s := c.NewScope()
			a := ftMust[*ftTr](t, s)
			b := ftMust[*ftTr](t, s)
			other := c.NewScope()
			ftMust[*ftTr](t, other)
			assert.Empty(t, closed())
			require.NoError(t, s.Close(ftBG))
			assert.Equal(t, []int32{b.ID, a.ID}, closed(), "newest first")
			require.NoError(t, c.Close(ftBG))
			assert.Len(t, closed(), 3, "the other scope's instance at the root's Close, nothing twice")
		}},
		{"resolved through a scope carried by the context", func(t *testing.T, c *container.Container, closed func() []int32) {
			s := c.NewScope()
			v, err := container.Resolve[*ftTr](container.NewContext(ftBG, s), c)
			require.NoError(t, err)
			require.NoError(t, s.Close(ftBG))
			assert.Equal(t, []int32{v.ID}, closed())
		}},
		{"resolved at the root: runs when the root closes", func(t *testing.T, c *container.Container, closed func() []int32) {
			v := ftMust[*ftTr](t, c)
			require.NoError(t, c.NewScope().Close(ftBG))
			assert.Empty(t, closed())
			require.NoError(t, c.Close(ftBG))
			assert.Equal(t, []int32{v.ID}, closed())
		}},
		{"Factory.NewOwned: only when the caller releases it", func(t *testing.T, c *container.Container, closed func() []int32) {
			s := c.NewScope()
			f := ftMust[container.Factory[*ftTr]](t, s)
			v, release, err := f.NewOwned(ftBG)
			require.NoError(t, err)
			require.NoError(t, s.Close(ftBG))
			assert.Empty(t, closed(), "not the scope's")
			require.NoError(t, c.Close(ftBG))
			assert.Empty(t, closed(), "not the root's")
			require.NoError(t, release(ftBG))
			assert.Equal(t, []int32{v.ID}, closed())
			require.NoError(t, release(ftBG))
			assert.Len(t, closed(), 1, "release runs the cleanups once")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var n atomic.Int32
			var mu sync.Mutex
			var closed []int32
			require.NoError(t, container.Provide[*ftTr](c, func() *ftTr { return &ftTr{ID: n.Add(1)} }, container.Transient,
				container.OnClose(func(_ context.Context, v *ftTr) error {
					mu.Lock()
					defer mu.Unlock()
					closed = append(closed, v.ID)
					return nil
				})))
			tc.run(t, c, func() []int32 {
				mu.Lock()
				defer mu.Unlock()
				return slices.Clone(closed)
			})
		})
	}

	t.Run("OnClose of a type the registration does not provide", func(t *testing.T) {
		c := container.New()
		ftKind(t, container.Provide[*ftTr](c, func() *ftTr { return &ftTr{} }, container.Transient,
			container.OnClose(func(context.Context, *ftPT) error { return nil })), container.ErrBadInput)
		_, err := container.Resolve[*ftTr](ftBG, c)
		ftKind(t, err, container.ErrBadInput) // the failed registration is what resolving reports
	})
}
