package method_test

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/method"
)

type Dep struct{ N int }

type Other struct{ S string }

// rec records the calls made on a test type.
type rec struct {
	calls []string
	ctx   context.Context
	args  []any
	ret   error // returned by methods with an error result
}

func (r *rec) record(name string, ctx context.Context, args ...any) {
	r.calls = append(r.calls, name)
	r.ctx = ctx
	r.args = args
}

func (r *rec) get() *rec { return r }

type recorder interface{ get() *rec }

type (
	initPlain      struct{ rec }
	initPlainErr   struct{ rec }
	initCtx        struct{ rec }
	initCtxErr     struct{ rec }
	initDeps       struct{ rec }
	initDepsErr    struct{ rec }
	initCtxDeps    struct{ rec }
	initCtxDepsErr struct{ rec }
)

func (r *initPlain) Init()                           { r.record("Init", nil) }
func (r *initPlainErr) Init() error                  { r.record("Init", nil); return r.ret }
func (r *initCtx) Init(ctx context.Context)          { r.record("Init", ctx) }
func (r *initCtxErr) Init(ctx context.Context) error { r.record("Init", ctx); return r.ret }
func (r *initDeps) Init(d *Dep, s string)            { r.record("Init", nil, d, s) }
func (r *initDepsErr) Init(d *Dep) error             { r.record("Init", nil, d); return r.ret }
func (r *initCtxDeps) Init(ctx context.Context, d *Dep, o *Other) {
	r.record("Init", ctx, d, o)
}
func (r *initCtxDepsErr) Init(ctx context.Context, n int) error {
	r.record("Init", ctx, n)
	return r.ret
}

// initSlice takes a slice, which is a dependency like any other; only a
// variadic parameter is refused.
type initSlice struct{ rec }

func (r *initSlice) Init(xs []int) { r.record("Init", nil, xs) }

type ctxKey struct{}

func testCtx() context.Context {
	return context.WithValue(context.Background(), ctxKey{}, "marker")
}

func ptrTo[T any]() reflect.Type { return reflect.TypeFor[*T]() }

func TestInitOf(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		typ    reflect.Type
		shape  method.Shape
		hasCtx bool
		params []reflect.Type
		hasErr bool
		deps   []any // values passed for params
	}{
		{ptrTo[initPlain](), method.Plain, false, nil, false, nil},
		{ptrTo[initPlainErr](), method.PlainErr, false, nil, true, nil},
		{ptrTo[initCtx](), method.Ctx, true, nil, false, nil},
		{ptrTo[initCtxErr](), method.CtxErr, true, nil, true, nil},
		{ptrTo[initDeps](), method.Deps, false, []reflect.Type{reflect.TypeFor[*Dep](), reflect.TypeFor[string]()}, false,
			[]any{&Dep{N: 1}, "s"}},
		{ptrTo[initDepsErr](), method.Deps, false, []reflect.Type{reflect.TypeFor[*Dep]()}, true,
			[]any{&Dep{N: 2}}},
		{ptrTo[initCtxDeps](), method.Deps, true, []reflect.Type{reflect.TypeFor[*Dep](), reflect.TypeFor[*Other]()}, false,
			[]any{&Dep{N: 3}, &Other{S: "o"}}},
		{ptrTo[initCtxDepsErr](), method.Deps, true, []reflect.Type{reflect.TypeFor[int]()}, true,
			[]any{7}},
		{ptrTo[initSlice](), method.Deps, false, []reflect.Type{reflect.TypeFor[[]int]()}, false,
			[]any{[]int{1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			m, err := method.InitOf(tt.typ)
			require.NoError(t, err)
			require.NotNil(t, m)
			assert.Equal(t, tt.typ, m.Type)
			assert.Equal(t, "Init", m.Name)
			assert.Equal(t, tt.shape, m.Shape)
			assert.Equal(t, tt.hasCtx, m.HasCtx)
			assert.Equal(t, tt.params, m.Params)
			assert.Equal(t, tt.hasErr, m.HasErr)

			deps := make([]reflect.Value, len(tt.deps))
			for i, d := range tt.deps {
				deps[i] = reflect.ValueOf(d)
			}
			for _, ret := range []error{nil, errBoom} {
				v := reflect.New(tt.typ.Elem()).Interface()
				r := v.(recorder).get()
				r.ret = ret
				ctx := testCtx()
				err := m.Call(ctx, v, deps)
				assert.Equal(t, []string{"Init"}, r.calls, "called exactly once")
				if tt.hasCtx {
					require.NotNil(t, r.ctx)
					assert.Equal(t, "marker", r.ctx.Value(ctxKey{}), "the ctx is passed through")
				} else {
					assert.Nil(t, r.ctx)
				}
				if len(tt.deps) == 0 {
					assert.Empty(t, r.args)
				} else {
					require.Len(t, r.args, len(tt.deps))
					for i := range tt.deps {
						same(t, tt.deps[i], r.args[i])
					}
				}
				if tt.hasErr && ret != nil {
					assert.Same(t, errBoom, err, "the method's error is returned as is")
				} else {
					assert.NoError(t, err)
				}
			}
		})
	}
}

func same(t *testing.T, want, got any) {
	t.Helper()
	assert.Equal(t, want, got)
	if reflect.TypeOf(want).Kind() == reflect.Pointer {
		assert.Equal(t, reflect.ValueOf(want).Pointer(), reflect.ValueOf(got).Pointer(), "the same pointer is passed")
	}
}

type noInit struct{}

func (noInit) Start() {}

type lowerInit struct{}

func (lowerInit) init() {}

var _ = lowerInit.init

type ptrInit struct{ rec }

func (p *ptrInit) Init() { p.record("Init", nil) }

func TestInitOfNone(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[noInit](),
		ptrTo[noInit](),
		reflect.TypeFor[lowerInit](),
		ptrTo[lowerInit](),
		reflect.TypeFor[int](),
		// Init has a pointer receiver: not in the value's method set.
		reflect.TypeFor[ptrInit](),
	} {
		t.Run(typ.String(), func(t *testing.T) {
			m, err := method.InitOf(typ)
			assert.NoError(t, err)
			assert.Nil(t, m)
		})
	}
}

// valInit has a value receiver; it records through a shared pointer.
type valInit struct{ log *[]string }

func (v valInit) Init() { *v.log = append(*v.log, "Init") }

type valInitDeps struct{ log *[]string }

func (v valInitDeps) Init(ctx context.Context, d *Dep) error {
	*v.log = append(*v.log, "Init:"+ctx.Value(ctxKey{}).(string))
	return nil
}

func TestInitReceivers(t *testing.T) {
	t.Run("pointer receiver", func(t *testing.T) {
		m, err := method.InitOf(ptrTo[ptrInit]())
		require.NoError(t, err)
		require.NotNil(t, m)
		v := &ptrInit{}
		require.NoError(t, m.Call(testCtx(), v, nil))
		assert.Equal(t, []string{"Init"}, v.calls)
	})
	t.Run("value receiver", func(t *testing.T) {
		mv, err := method.InitOf(reflect.TypeFor[valInit]())
		require.NoError(t, err)
		mp, err := method.InitOf(ptrTo[valInit]())
		require.NoError(t, err)
		require.NotNil(t, mv)
		require.NotNil(t, mp)
		assert.NotSame(t, mv, mp, "one hook per type")
		assert.Equal(t, reflect.TypeFor[valInit](), mv.Type)
		assert.Equal(t, ptrTo[valInit](), mp.Type)
		assert.Equal(t, method.Plain, mv.Shape)
		assert.Equal(t, method.Plain, mp.Shape)
		var log []string
		require.NoError(t, mv.Call(testCtx(), valInit{log: &log}, nil))
		require.NoError(t, mp.Call(testCtx(), &valInit{log: &log}, nil))
		assert.Equal(t, []string{"Init", "Init"}, log)
	})
	t.Run("value receiver with deps", func(t *testing.T) {
		var log []string
		deps := []reflect.Value{reflect.ValueOf(&Dep{})}
		for _, c := range []struct {
			typ reflect.Type
			v   any
		}{
			{reflect.TypeFor[valInitDeps](), valInitDeps{log: &log}},
			{ptrTo[valInitDeps](), &valInitDeps{log: &log}},
		} {
			m, err := method.InitOf(c.typ)
			require.NoError(t, err)
			require.NotNil(t, m)
			assert.Equal(t, method.Deps, m.Shape)
			assert.True(t, m.HasCtx)
			require.NoError(t, m.Call(testCtx(), c.v, deps))
		}
		assert.Equal(t, []string{"Init:marker", "Init:marker"}, log)
	})
}

type myErr struct{}

func (*myErr) Error() string { return "my" }

type (
	badTwo      struct{}
	badNonErr   struct{}
	badErrImpl  struct{}
	badVariadic struct{}
	badCtxVar   struct{}
	badThree    struct{}
)

func (*badTwo) Init() (int, error)                            { return 0, nil }
func (*badNonErr) Init() int                                  { return 0 }
func (*badErrImpl) Init() *myErr                              { return nil }
func (*badVariadic) Init(xs ...int)                           {}
func (*badCtxVar) Init(ctx context.Context, ds ...*Dep) error { return nil }
func (*badThree) Init(d *Dep) (int, string, error)            { return 0, "", nil }

func TestInitOfBadSignature(t *testing.T) {
	const want = "Init(), Init() error, Init(ctx), Init(ctx) error or Init([ctx,] deps...) [error]"
	tests := []struct {
		typ reflect.Type
		got string
	}{
		{ptrTo[badTwo](), "func() (int, error)"},
		{ptrTo[badNonErr](), "func() int"},
		{ptrTo[badErrImpl](), "func() *method_test.myErr"},
		{ptrTo[badVariadic](), "func(...int)"},
		{ptrTo[badCtxVar](), "func(context.Context, ...*method_test.Dep) error"},
		{ptrTo[badThree](), "func(*method_test.Dep) (int, string, error)"},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			m, err := method.InitOf(tt.typ)
			require.Error(t, err)
			assert.Nil(t, m)
			require.ErrorIs(t, err, method.ErrBadSignature)
			assert.NotErrorIs(t, err, method.ErrNoMethod)
			var se *method.SignatureError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.typ, se.Type)
			assert.Equal(t, "Init", se.Method)
			assert.Equal(t, tt.got, se.Got)
			assert.Equal(t, want, se.Want)
			assert.Equal(t, "method: "+tt.typ.String()+".Init has signature "+tt.got+" (unsupported method signature); want "+want, err.Error())

			_, err2 := method.InitOf(tt.typ)
			assert.True(t, err == err2, "the error is cached")
		})
	}
}

func TestInitOfCached(t *testing.T) {
	m1, err := method.InitOf(ptrTo[initCtxDeps]())
	require.NoError(t, err)
	m2, err := method.InitOf(ptrTo[initCtxDeps]())
	require.NoError(t, err)
	assert.Same(t, m1, m2)

	type fresh struct{ initPlain } // promoted Init, new to the cache
	typ := ptrTo[fresh]()
	const n = 16
	ms := make([]*method.Method, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			m, err := method.InitOf(typ)
			assert.NoError(t, err)
			ms[i] = m
		})
	}
	wg.Wait()
	require.NotNil(t, ms[0])
	assert.Equal(t, method.Plain, ms[0].Shape)
	for i := range n {
		assert.Same(t, ms[0], ms[i])
	}
	v := &fresh{}
	require.NoError(t, ms[0].Call(context.Background(), v, nil))
	assert.Equal(t, []string{"Init"}, v.calls)
}

// svc has methods for Lookup.
type svc struct{ rec }

func (s *svc) Start()                                   { s.record("Start", nil) }
func (s *svc) Configure(d *Dep, name string) error      { s.record("Configure", nil, d, name); return s.ret }
func (s *svc) Run(ctx context.Context, n int)           { s.record("Run", ctx, n) }
func (s *svc) Stop(ctx context.Context) error           { s.record("Stop", ctx); return s.ret }
func (s *svc) Check() error                             { s.record("Check", nil); return s.ret }
func (s *svc) Pair() (int, int)                         { return 0, 0 }
func (s *svc) Many(xs ...int)                           {}
func (s *svc) Named() string                            { return "" }
func (s *svc) Init(ctx context.Context, o *Other) error { s.record("Init", ctx, o); return s.ret }

var _ = (*svc).hidden

func (s *svc) hidden() {}

func TestLookup(t *testing.T) {
	errBoom := errors.New("boom")
	typ := ptrTo[svc]()
	tests := []struct {
		name   string
		nargs  int
		shape  method.Shape
		hasCtx bool
		hasErr bool
		deps   []any
	}{
		{"Start", 0, method.Plain, false, false, nil},
		{"Check", 0, method.PlainErr, false, true, nil},
		{"Stop", 0, method.CtxErr, true, true, nil},
		{"Run", 1, method.Deps, true, false, []any{5}},
		{"Configure", 2, method.Deps, false, true, []any{&Dep{N: 1}, "x"}},
		{"Init", 1, method.Deps, true, true, []any{&Other{S: "o"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := method.Lookup(typ, tt.name, tt.nargs)
			require.NoError(t, err)
			assert.Equal(t, typ, m.Type)
			assert.Equal(t, tt.name, m.Name)
			assert.Equal(t, tt.shape, m.Shape)
			assert.Equal(t, tt.hasCtx, m.HasCtx)
			assert.Equal(t, tt.hasErr, m.HasErr)
			require.Len(t, m.Params, tt.nargs)
			deps := make([]reflect.Value, len(tt.deps))
			for i, d := range tt.deps {
				assert.Equal(t, reflect.TypeOf(d), m.Params[i])
				deps[i] = reflect.ValueOf(d)
			}
			for _, ret := range []error{nil, errBoom} {
				s := &svc{}
				s.ret = ret
				err := m.Call(testCtx(), s, deps)
				assert.Equal(t, []string{tt.name}, s.calls)
				if tt.hasCtx {
					require.NotNil(t, s.ctx)
					assert.Equal(t, "marker", s.ctx.Value(ctxKey{}))
				}
				require.Len(t, s.args, len(tt.deps))
				for i := range tt.deps {
					same(t, tt.deps[i], s.args[i])
				}
				if tt.hasErr && ret != nil {
					assert.Same(t, errBoom, err)
				} else {
					assert.NoError(t, err)
				}
			}
		})
	}
}

// valSvc has a value-receiver method; it records through a shared pointer.
type valSvc struct{ got *[]*Dep }

func (s valSvc) Value(d *Dep) { *s.got = append(*s.got, d) }

func TestLookupValueReceiver(t *testing.T) {
	var got []*Dep
	d1, d2 := &Dep{N: 1}, &Dep{N: 2}
	for _, c := range []struct {
		typ reflect.Type
		v   any
		d   *Dep
	}{
		{reflect.TypeFor[valSvc](), valSvc{got: &got}, d1},
		{ptrTo[valSvc](), &valSvc{got: &got}, d2},
	} {
		m, err := method.Lookup(c.typ, "Value", 1)
		require.NoError(t, err, c.typ)
		assert.Equal(t, method.Deps, m.Shape)
		assert.Equal(t, c.typ, m.Type)
		require.NoError(t, m.Call(context.Background(), c.v, []reflect.Value{reflect.ValueOf(c.d)}))
	}
	require.Len(t, got, 2)
	assert.Same(t, d1, got[0])
	assert.Same(t, d2, got[1])
}

func TestLookupErrors(t *testing.T) {
	ptr := ptrTo[svc]()
	val := reflect.TypeFor[svc]()
	tests := []struct {
		typ   reflect.Type
		name  string
		nargs int
		err   error
		got   string
	}{
		{ptr, "Configure", 1, method.ErrBadSignature, "func(*method_test.Dep, string) error"},
		{ptr, "Configure", 3, method.ErrBadSignature, "func(*method_test.Dep, string) error"},
		{ptr, "Start", 1, method.ErrBadSignature, "func()"},
		{ptr, "Stop", 1, method.ErrBadSignature, "func(context.Context) error"},
		{ptr, "Run", 0, method.ErrBadSignature, "func(context.Context, int)"},
		{ptr, "Pair", 0, method.ErrBadSignature, "func() (int, int)"},
		{ptr, "Many", 1, method.ErrBadSignature, "func(...int)"},
		{ptr, "Many", 0, method.ErrBadSignature, "func(...int)"},
		{ptr, "Named", 0, method.ErrBadSignature, "func() string"},
		{ptr, "Missing", 0, method.ErrNoMethod, ""},
		{ptr, "hidden", 0, method.ErrNoMethod, ""},
		{ptr, "start", 0, method.ErrNoMethod, ""},
		// Pointer-receiver methods are not in the value's method set.
		{val, "Start", 0, method.ErrNoMethod, ""},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String()+"."+tt.name, func(t *testing.T) {
			m, err := method.Lookup(tt.typ, tt.name, tt.nargs)
			require.Error(t, err)
			assert.Nil(t, m)
			require.ErrorIs(t, err, tt.err)
			var se *method.SignatureError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.typ, se.Type)
			assert.Equal(t, tt.name, se.Method)
			assert.Equal(t, tt.got, se.Got)
			want := tt.name + "([ctx,] " + string(rune('0'+tt.nargs)) + " argument(s)) [error]"
			assert.Equal(t, want, se.Want)
			msg := err.Error()
			if tt.err == method.ErrNoMethod {
				assert.NotErrorIs(t, err, method.ErrBadSignature)
				assert.Equal(t, "method: "+tt.typ.String()+" has no exported method "+tt.name+" (no such method); want "+want, msg)
			} else {
				assert.NotErrorIs(t, err, method.ErrNoMethod)
				assert.Equal(t, "method: "+tt.typ.String()+"."+tt.name+" has signature "+tt.got+" (unsupported method signature); want "+want, msg)
			}
		})
	}
}

type (
	closeErr   struct{ rec }
	closeCtx   struct{ rec }
	closePlain struct{ rec }
	closeArg   struct{}
	closeRes   struct{}
	closeVal   struct{ log *[]string }
)

func (c *closeErr) Close() error                    { c.record("Close", nil); return c.ret }
func (c *closeCtx) Close(ctx context.Context) error { c.record("Close", ctx); return c.ret }
func (c *closePlain) Close()                        { c.record("Close", nil) }
func (*closeArg) Close(n int) error                 { return nil }
func (*closeRes) Close() int                        { return 0 }
func (c closeVal) Close() error                     { *c.log = append(*c.log, "Close"); return nil }

func TestCloserOf(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name   string
		v      recorder
		hasCtx bool
		hasErr bool
	}{
		{"io.Closer", &closeErr{}, false, true},
		{"Close(ctx) error", &closeCtx{}, true, true},
		{"Close()", &closePlain{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ret := range []error{nil, errBoom} {
				r := tt.v.get()
				*r = rec{ret: ret}
				f := method.CloserOf(tt.v)
				require.NotNil(t, f)
				assert.Empty(t, r.calls, "CloserOf does not call Close")
				err := f(testCtx())
				assert.Equal(t, []string{"Close"}, r.calls)
				if tt.hasCtx {
					require.NotNil(t, r.ctx)
					assert.Equal(t, "marker", r.ctx.Value(ctxKey{}))
				}
				if tt.hasErr && ret != nil {
					assert.Same(t, errBoom, err)
				} else {
					assert.NoError(t, err)
				}
			}
		})
	}

	t.Run("value receiver", func(t *testing.T) {
		var log []string
		f := method.CloserOf(closeVal{log: &log})
		require.NotNil(t, f)
		require.NoError(t, f(context.Background()))
		assert.Equal(t, []string{"Close"}, log)
	})
	t.Run("io.NopCloser", func(t *testing.T) {
		f := method.CloserOf(io.NopCloser(strings.NewReader("")))
		require.NotNil(t, f)
		assert.NoError(t, f(context.Background()))
	})

	for name, v := range map[string]any{
		"nil":                   nil,
		"no Close":              &Dep{},
		"Close(int) error":      &closeArg{},
		"Close() int":           &closeRes{},
		"pointer method, value": closeErr{},
		"int":                   3,
	} {
		t.Run(name, func(t *testing.T) {
			assert.Nil(t, method.CloserOf(v))
		})
	}
}
