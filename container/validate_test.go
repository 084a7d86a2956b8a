package container_test

// Tests of (*Container).Validate: every kind of problem it must find, with
// the exact Kind and Path of each reported error, and what it must leave
// alone (user code, the target, the container's state). Every top-level
// identifier here starts with "vt". The differential tests against
// Populate are in validate_diff_test.go.

import (
	"context"
	"errors"
	"fmt"
	"reflect"
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

// ---------------------------------------------------------------------------
// Helpers.

// vtSplit splits what Validate returns (an errors.Join of *container.Error
// values) into its errors. An *Error has an Unwrap() []error too (Kind and
// cause): it is one problem, not a list.
func vtSplit(err error) []error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*container.Error); ok {
		return []error{err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// vtProblems returns the *container.Error values of a Validate result,
// failing the test if one is not an *Error.
func vtProblems(t *testing.T, err error) []*container.Error {
	t.Helper()
	var out []*container.Error
	for i, e := range vtSplit(err) {
		var ce *container.Error
		require.Truef(t, errors.As(e, &ce), "problem %d is a %T, not a *container.Error: %v", i, e, e)
		out = append(out, ce)
	}
	return out
}

// vtWant is one expected problem.
type vtWant struct {
	kind error
	path string
}

func (w vtWant) String() string { return fmt.Sprintf("%v at %q", w.kind, w.path) }

// vtDescribe renders problems for failure messages.
func vtDescribe(ps []*container.Error) string {
	var b strings.Builder
	for i, p := range ps {
		fmt.Fprintf(&b, "\n  %d: %v at %q: %v", i, p.Kind, p.Path, p)
	}
	if len(ps) == 0 {
		b.WriteString(" none")
	}
	return b.String()
}

// vtExpect asserts that err is exactly the problems want, in order: each an
// *Error of that Kind (errors.Is too) and Path, with Op "validate".
func vtExpect(t *testing.T, err error, want ...vtWant) []*container.Error {
	t.Helper()
	ps := vtProblems(t, err)
	if len(want) == 0 {
		require.NoErrorf(t, err, "Validate reported problems:%s", vtDescribe(ps))
		return nil
	}
	require.Errorf(t, err, "Validate found nothing; want %v", want)
	require.Lenf(t, ps, len(want), "want %v, got:%s", want, vtDescribe(ps))
	for i, w := range want {
		p := ps[i]
		assert.Truef(t, errors.Is(vtSplit(err)[i], w.kind), "problem %d: errors.Is(%v) is false: %v", i, w.kind, p)
		assert.Equalf(t, w.kind, p.Kind, "problem %d: Kind", i)
		assert.Equalf(t, w.path, p.Path, "problem %d: Path (%v)", i, p)
		assert.Equalf(t, "validate", p.Op, "problem %d: Op", i)
	}
	// errors.Is on the joined error finds every kind.
	for _, w := range want {
		assert.Truef(t, errors.Is(err, w.kind), "errors.Is(joined, %v) is false", w.kind)
	}
	return ps
}

// vtSamePopulate asserts that the first problem Validate reported is
// exactly the error Populate returns (everything but Op).
func vtSamePopulate(t *testing.T, first *container.Error, perr error) {
	t.Helper()
	require.Error(t, perr, "Populate succeeded where Validate found %v", first)
	var pe *container.Error
	require.Truef(t, errors.As(perr, &pe), "Populate's error is a %T: %v", perr, perr)
	assert.Equal(t, "populate", pe.Op)
	assert.Equal(t, pe.Kind, first.Kind, "Kind")
	assert.Equal(t, pe.Path, first.Path, "Path")
	assert.Equal(t, pe.Type, first.Type, "Type")
	assert.Equal(t, pe.Tag, first.Tag, "Tag")
	assert.Equal(t, pe.Detail, first.Detail, "Detail")
	assert.Equal(t, pe.Hint, first.Hint, "Hint")
	assert.Equal(t, fmt.Sprint(pe.Err), fmt.Sprint(first.Err), "Err")
	assert.Equal(t, strings.Replace(pe.Error(), "tagwire: populate ", "tagwire: validate ", 1), first.Error(), "Error()")
}

// vtReg is a set of registrations made on a fresh container.
type vtReg func(c *container.Container) error

func vtNew(t *testing.T, reg vtReg, opts ...container.Option) *container.Container {
	t.Helper()
	c := container.New(opts...)
	if reg != nil {
		require.NoError(t, reg(c), "registration")
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// ---------------------------------------------------------------------------
// Graph types. Each problem lives in its own small type so that the table
// cases stay independent.

type vtLeaf struct{ N int }

// Missing registrations.
type vtMissType struct {
	Leaf *vtLeaf `inject:""`
	S    string  `inject:""`
}

type vtMissName struct {
	DB *vtLeaf `inject:"name=db"`
}

type vtNobody interface{ VtNobodyHome() }

type vtMissIface struct {
	N vtNobody `inject:""`
}

// An interface with two registered implementations.
type vtGreeter interface{ VtGreet() string }

type vtEnglish struct{}

func (*vtEnglish) VtGreet() string { return "hello" }

type vtFrench struct{}

func (*vtFrench) VtGreet() string { return "bonjour" }

type vtAmbiguous struct {
	G vtGreeter `inject:""`
}

// A cycle through constructor parameters.
type vtCycX struct{}
type vtCycY struct{}

func vtNewCycX(*vtCycY) *vtCycX { return &vtCycX{} }
func vtNewCycY(*vtCycX) *vtCycY { return &vtCycY{} }

type vtCtorCycle struct {
	X *vtCycX `inject:""`
}

// A cycle through an Init parameter: vtInitB is reached first, its field
// leads to vtInitA, whose Init needs a complete vtInitB.
type vtInitA struct {
	B *vtInitB `inject:""`
}

func (*vtInitA) Init(*vtInitB) {}

type vtInitB struct {
	A *vtInitA `inject:""`
}

type vtInitCycle struct {
	B *vtInitB `inject:""`
}

// A cycle through private fields.
type vtPrivA struct {
	B *vtPrivB `inject:"private"`
}

type vtPrivB struct {
	A *vtPrivA `inject:"private"`
}

type vtPrivCycle struct {
	A *vtPrivA `inject:""`
}

// Invalid tags, in a type reached through a field (the root's own tags are
// checked before anything is built).
type vtBadOption struct {
	L *vtLeaf `inject:"optinal"`
}

type vtBadTagNested struct {
	B *vtBadOption `inject:""`
}

type vtUnexported struct {
	l *vtLeaf `inject:""` //nolint:unused // the tag on an unexported field is the point
}

type vtUnexportedNested struct {
	U *vtUnexported `inject:""`
}

type vtFactoryOnPtr struct {
	L *vtLeaf `inject:"factory"`
}

type vtFactoryTagNested struct {
	F *vtFactoryOnPtr `inject:""`
}

// A named value of the wrong type.
type vtWrongType struct {
	Port string `inject:"name=port"`
}

// Scoped dependencies.
type vtScoped struct{ N int }

type vtCaptor struct {
	S *vtScoped `inject:""`
}

type vtCaptive struct {
	C *vtCaptor `inject:""`
}

type vtNoScope struct {
	S *vtScoped `inject:""`
}

// A constructor parameter nothing provides.
type vtArgX struct{}

func NewVtArgX(cfg string) *vtArgX { return &vtArgX{} }

type vtCtorArg struct {
	X *vtArgX `inject:""`
}

// An Init parameter nothing provides.
type vtInitArgMissing struct{}

func (*vtInitArgMissing) Init(string) {}

type vtInitArg struct {
	I *vtInitArgMissing `inject:""`
}

// Registration Field, Method, decorator and Prepare parameters.
type vtHooked struct {
	Name string
}

func (*vtHooked) SetPort(int) {}

type vtHookedApp struct {
	H *vtHooked `inject:""`
}

type vtOther struct{}

// ---------------------------------------------------------------------------
// 1. Every kind of problem, with its exact Kind and Path.

type vtCase struct {
	name   string
	reg    vtReg
	target func() any
	scope  bool // Validate and Populate on a scope of the container
	want   []vtWant
}

func vtCases() []vtCase {
	provideGreeters := func(c *container.Container) error {
		return errors.Join(
			container.Provide[*vtEnglish](c, nil, container.As[vtGreeter]()),
			container.Provide[*vtFrench](c, nil, container.As[vtGreeter]()),
		)
	}
	return []vtCase{
		{
			name:   "missing registration of a type",
			target: func() any { return &vtMissType{} },
			want:   []vtWant{{container.ErrNotFound, "vtMissType.S"}},
		},
		{
			name:   "missing name=",
			target: func() any { return &vtMissName{} },
			want:   []vtWant{{container.ErrNotFound, "vtMissName.DB"}},
		},
		{
			name:   "interface with no implementation",
			target: func() any { return &vtMissIface{} },
			want:   []vtWant{{container.ErrNotFound, "vtMissIface.N"}},
		},
		{
			name:   "ambiguous interface: two implementations",
			reg:    provideGreeters,
			target: func() any { return &vtAmbiguous{} },
			want:   []vtWant{{container.ErrAmbiguous, "vtAmbiguous.G"}},
		},
		{
			name: "ambiguous type: two unnamed registrations",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vtLeaf](c, nil),
					container.Provide[*vtLeaf](c, func() *vtLeaf { return &vtLeaf{} }),
				)
			},
			target: func() any { return &vtMissType{} },
			want:   []vtWant{{container.ErrAmbiguous, "vtMissType.Leaf"}, {container.ErrNotFound, "vtMissType.S"}},
		},
		{
			name: "constructor cycle",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vtCycX](c, vtNewCycX),
					container.Provide[*vtCycY](c, vtNewCycY),
				)
			},
			target: func() any { return &vtCtorCycle{} },
			want: []vtWant{{container.ErrCycle,
				"vtCtorCycle.X[container_test.vtNewCycX arg 0][container_test.vtNewCycY arg 0]"}},
		},
		{
			name:   "Init-parameter cycle",
			target: func() any { return &vtInitCycle{} },
			want:   []vtWant{{container.ErrCycle, "vtInitCycle.B.A[Init arg 0]"}},
		},
		{
			name:   "private-field cycle",
			target: func() any { return &vtPrivCycle{} },
			want:   []vtWant{{container.ErrCycle, "vtPrivCycle.A.B.A"}},
		},
		{
			name:   "bad tag: unknown option, at the root",
			target: func() any { return &vtBadOption{} },
			want:   []vtWant{{container.ErrBadTag, "vtBadOption.L"}},
		},
		{
			name:   "bad tag: unknown option, beneath a field",
			target: func() any { return &vtBadTagNested{} },
			want:   []vtWant{{container.ErrBadTag, "vtBadTagNested.B.L"}},
		},
		{
			name:   "tag on an unexported field, at the root",
			target: func() any { return &vtUnexported{} },
			want:   []vtWant{{container.ErrBadTag, "vtUnexported.l"}},
		},
		{
			name:   "tag on an unexported field, beneath a field",
			target: func() any { return &vtUnexportedNested{} },
			want:   []vtWant{{container.ErrBadTag, "vtUnexportedNested.U.l"}},
		},
		{
			name:   "factory tag on a type that is not a factory",
			target: func() any { return &vtFactoryTagNested{} },
			want:   []vtWant{{container.ErrBadTag, "vtFactoryTagNested.F.L"}},
		},
		{
			name:   "named value of the wrong type",
			reg:    func(c *container.Container) error { return container.Supply(c, 8080, container.Named("port")) },
			target: func() any { return &vtWrongType{} },
			want:   []vtWant{{container.ErrTypeMismatch, "vtWrongType.Port"}},
		},
		{
			name:   "Scoped captured by a Singleton, on the root",
			reg:    func(c *container.Container) error { return container.Provide[*vtScoped](c, nil, container.Scoped) },
			target: func() any { return &vtCaptive{} },
			want:   []vtWant{{container.ErrNoScope, "vtCaptive.C.S"}},
		},
		{
			name:   "Scoped captured by a Singleton, in a scope",
			reg:    func(c *container.Container) error { return container.Provide[*vtScoped](c, nil, container.Scoped) },
			target: func() any { return &vtCaptive{} },
			scope:  true,
			want:   []vtWant{{container.ErrNoScope, "vtCaptive.C.S"}},
		},
		{
			name:   "Scoped resolved outside any scope",
			reg:    func(c *container.Container) error { return container.Provide[*vtScoped](c, nil, container.Scoped) },
			target: func() any { return &vtNoScope{} },
			want:   []vtWant{{container.ErrNoScope, "vtNoScope.S"}},
		},
		{
			name:   "constructor parameter missing",
			reg:    func(c *container.Container) error { return container.Provide[*vtArgX](c, NewVtArgX) },
			target: func() any { return &vtCtorArg{} },
			want:   []vtWant{{container.ErrNotFound, "vtCtorArg.X[container_test.NewVtArgX arg 0]"}},
		},
		{
			name: "fields and Init of what constructors and a Provider return",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vdCtorMissing](c, NewVdCtorMissing),
					container.Provide[*vdCtorInitMissing](c, NewVdCtorInitMissing),
					container.Provide[*vdProvMissing](c, vdProvider{}),
				)
			},
			target: func() any { return &vdCtorResultsApp{} },
			want: []vtWant{
				{container.ErrNotFound, "vdCtorResultsApp.C.Port"},
				{container.ErrNotFound, "vdCtorResultsApp.I[Init arg 0]"},
				{container.ErrNotFound, "vdCtorResultsApp.P.S"},
			},
		},
		{
			name:   "Init parameter missing",
			target: func() any { return &vtInitArg{} },
			want:   []vtWant{{container.ErrNotFound, "vtInitArg.I[Init arg 0]"}},
		},
		{
			name: "registration Field injection of a missing dependency",
			reg: func(c *container.Container) error {
				return container.Provide[*vtHooked](c, nil, container.Field("Name", container.Dep[string]()))
			},
			target: func() any { return &vtHookedApp{} },
			want:   []vtWant{{container.ErrNotFound, "vtHookedApp.H.Name"}},
		},
		{
			name: "registration Method argument of a missing dependency",
			reg: func(c *container.Container) error {
				return container.Provide[*vtHooked](c, nil, container.Method("SetPort", container.Dep[int]()))
			},
			target: func() any { return &vtHookedApp{} },
			want:   []vtWant{{container.ErrNotFound, "vtHookedApp.H[SetPort arg 0]"}},
		},
		{
			name: "decorator parameter missing",
			reg: func(c *container.Container) error {
				return container.Decorate[*vtHooked](c, func(h *vtHooked, o *vtOther) *vtHooked { return h })
			},
			target: func() any { return &vtHookedApp{} },
			want:   nil, // filled in below: the decorator's name is generated
		},
		{
			name: "unregistered type in a constructor parameter (no silent zero value)",
			reg: func(c *container.Container) error {
				return container.Provide[*vtArgX](c, func(o *vtOther) *vtArgX { return &vtArgX{} })
			},
			target: func() any { return &vtCtorArg{} },
			want:   nil, // filled in below
		},
	}
}

func TestValidate_FindsEveryKindOfProblem(t *testing.T) {
	ctx := context.Background()
	for _, tc := range vtCases() {
		t.Run(tc.name, func(t *testing.T) {
			vc := vtNew(t, tc.reg)
			pc := vtNew(t, tc.reg)
			if tc.scope {
				vc, pc = vc.NewScope(), pc.NewScope()
			}
			perr := pc.Populate(ctx, tc.target())
			verr := vc.Validate(ctx, tc.target())
			want := tc.want
			if want == nil {
				// The path names a generated function: take it from
				// Populate, but check its shape.
				var pe *container.Error
				require.True(t, errors.As(perr, &pe), "Populate: %v", perr)
				require.Equal(t, container.ErrNotFound, pe.Kind, "Populate: %v", perr)
				assert.Contains(t, pe.Path, " arg ")
				want = []vtWant{{container.ErrNotFound, pe.Path}}
			}
			ps := vtExpect(t, verr, want...)
			vtSamePopulate(t, ps[0], perr)
		})
	}
}

// The constructor-parameter case names the constructor in the path, as
// Populate does, with its hint.
func TestValidate_ConstructorParameterPathAndHint(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, func(c *container.Container) error { return container.Provide[*vtArgX](c, NewVtArgX) })
	ps := vtExpect(t, c.Validate(ctx, &vtCtorArg{}), vtWant{container.ErrNotFound, "vtCtorArg.X[container_test.NewVtArgX arg 0]"})
	assert.Contains(t, ps[0].Path, "[container_test.NewVtArgX arg 0]")
	assert.Contains(t, ps[0].Path, "NewVtArgX arg 0]")
	assert.Equal(t, reflect.TypeFor[string](), ps[0].Type)
	assert.Contains(t, ps[0].Hint, "container.Arg(0, v)")
}

// ---------------------------------------------------------------------------
// 2. Several problems in one graph: all reported, in walk order, each once.

// vtBroken fails in its Init parameter; it is reached three times.
type vtBroken struct {
	L *vtLeaf `inject:""`
}

func (*vtBroken) Init(vtNobody) {}

// vtTrans is registered Transient with a constructor parameter that is
// missing; it is reached twice, so built twice.
type vtTrans struct{}

func NewVtTrans(port int) *vtTrans { return &vtTrans{} }

type vtMid struct {
	B *vtBroken `inject:""`
	T *vtTrans  `inject:""`
}

type vtMany struct {
	First  string    `inject:"name=first"` // missing name
	B1     *vtBroken `inject:""`           // Init arg missing
	B2     *vtBroken `inject:""`           // the same Singleton: not again
	Opt    *vtLeaf   `inject:"name=nope,optional"`
	Mid    *vtMid    `inject:""` // vtBroken again (no), vtTrans (once)
	T2     *vtTrans  `inject:""` // a second vtTrans: not again
	PrivB  *vtBroken `inject:"private"`
	Greet  vtGreeter `inject:""` // ambiguous
	Port   string    `inject:"name=port"`
	Scoped *vtScoped `inject:""`
	Cycle  *vtCycX   `inject:""`
	Last   int       `inject:""`
}

func vtManyReg(c *container.Container) error {
	return errors.Join(
		container.Provide[*vtTrans](c, NewVtTrans, container.Transient),
		container.Provide[*vtEnglish](c, nil, container.As[vtGreeter]()),
		container.Provide[*vtFrench](c, nil, container.As[vtGreeter]()),
		container.Supply(c, 8080, container.Named("port")),
		container.Provide[*vtScoped](c, nil, container.Scoped),
		container.Provide[*vtCycX](c, vtNewCycX),
		container.Provide[*vtCycY](c, vtNewCycY),
	)
}

var vtManyWant = []vtWant{
	{container.ErrNotFound, "vtMany.First"},
	{container.ErrNotFound, "vtMany.B1[Init arg 0]"},
	{container.ErrNotFound, "vtMany.Mid.T[container_test.NewVtTrans arg 0]"},
	{container.ErrAmbiguous, "vtMany.Greet"},
	{container.ErrTypeMismatch, "vtMany.Port"},
	{container.ErrNoScope, "vtMany.Scoped"},
	{container.ErrCycle, "vtMany.Cycle[container_test.vtNewCycX arg 0][container_test.vtNewCycY arg 0]"},
	{container.ErrNotFound, "vtMany.Last"},
}

func TestValidate_ReportsEveryProblemInWalkOrderOnce(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, vtManyReg)
	ps := vtExpect(t, c.Validate(ctx, &vtMany{}), vtManyWant...)
	vtSamePopulate(t, ps[0], vtNew(t, vtManyReg).Populate(ctx, &vtMany{}))

	// No two problems are the same.
	seen := map[string]bool{}
	for _, p := range ps {
		k := fmt.Sprint(p.Kind, p.Path, p.Detail)
		assert.False(t, seen[k], "reported twice: %v", p)
		seen[k] = true
	}

	// Fixing the first problem makes the second one Populate's error:
	// each problem is one a Populate would meet, in that order.
	fixed := func(c *container.Container) error {
		return errors.Join(vtManyReg(c), container.Supply(c, "first", container.Named("first")))
	}
	ps2 := vtExpect(t, vtNew(t, fixed).Validate(ctx, &vtMany{}), vtManyWant[1:]...)
	vtSamePopulate(t, ps2[0], vtNew(t, fixed).Populate(ctx, &vtMany{}))

	// Validate is repeatable: the same answer again.
	vtExpect(t, c.Validate(ctx, &vtMany{}), vtManyWant...)
}

// Sixty problems in one struct: every one, in field order.
func TestValidate_ManyProblems(t *testing.T) {
	ctx := context.Background()
	var fields []reflect.StructField
	var want []vtWant
	for i := range 60 {
		name := fmt.Sprintf("F%d", i)
		fields = append(fields, reflect.StructField{Name: name, Type: reflect.TypeFor[*vtLeaf](), Tag: reflect.StructTag(fmt.Sprintf(`inject:"name=n%d"`, i))})
		if i%3 == 1 {
			fields[i].Tag = `inject:""` // fine
			continue
		}
		want = append(want, vtWant{container.ErrNotFound, name})
	}
	st := reflect.StructOf(fields)
	for i := range want {
		want[i].path = reflect.PointerTo(st).String() + "." + want[i].path // typeName of an unnamed type
	}
	tg := reflect.New(st).Interface()
	ps := vtExpect(t, vtNew(t, nil).Validate(ctx, tg), want...)
	vtSamePopulate(t, ps[0], vtNew(t, nil).Populate(ctx, reflect.New(st).Interface()))
}

// Several targets: the problems of each, in the order of the targets.
func TestValidate_SeveralTargets(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, func(c *container.Container) error { return container.Provide[*vtArgX](c, NewVtArgX) })
	vtExpect(t, c.Validate(ctx, &vtMissName{}, &vtCtorArg{}, &vtPrivCycle{}),
		vtWant{container.ErrNotFound, "vtMissName.DB"},
		vtWant{container.ErrNotFound, "vtCtorArg.X[container_test.NewVtArgX arg 0]"},
		vtWant{container.ErrCycle, "vtPrivCycle.A.B.A"},
	)
	// A type that fails is reported once, however many targets reach it.
	vtExpect(t, c.Validate(ctx, &vtCtorArg{}, &vtCtorArg{X: nil}, &struct {
		X *vtArgX `inject:""`
	}{}),
		vtWant{container.ErrNotFound, "vtCtorArg.X[container_test.NewVtArgX arg 0]"},
	)
}

// ---------------------------------------------------------------------------
// 3. The "did you mean" hint.

type vtNearMiss struct {
	DB *vtLeaf `inject:"name=databse"`
}

func TestValidate_DidYouMeanHint(t *testing.T) {
	ctx := context.Background()
	reg := func(c *container.Container) error {
		return container.Supply(c, &vtLeaf{N: 1}, container.Named("database"))
	}
	ps := vtExpect(t, vtNew(t, reg).Validate(ctx, &vtNearMiss{}), vtWant{container.ErrNotFound, "vtNearMiss.DB"})
	assert.Contains(t, ps[0].Hint, `did you mean "database"?`)
	vtSamePopulate(t, ps[0], vtNew(t, reg).Populate(ctx, &vtNearMiss{}))

	// A bad tag option has its hint too.
	ps = vtExpect(t, vtNew(t, nil).Validate(ctx, &vtBadTagNested{}), vtWant{container.ErrBadTag, "vtBadTagNested.B.L"})
	assert.Contains(t, ps[0].Hint, `did you mean "optional"?`)
}

// ---------------------------------------------------------------------------
// 4. No user code runs; nothing is built; a later Populate is as before.

var vtCalls struct {
	ctor, provider, init, method, deco, prep, cleanup, onClose, leafInit atomic.Int64
}

func vtResetCalls() {
	vtCalls.ctor.Store(0)
	vtCalls.provider.Store(0)
	vtCalls.init.Store(0)
	vtCalls.method.Store(0)
	vtCalls.deco.Store(0)
	vtCalls.prep.Store(0)
	vtCalls.cleanup.Store(0)
	vtCalls.onClose.Store(0)
	vtCalls.leafInit.Store(0)
}

func vtCallCounts() map[string]int64 {
	return map[string]int64{
		"constructor": vtCalls.ctor.Load(), "provider": vtCalls.provider.Load(), "Init": vtCalls.init.Load(),
		"method": vtCalls.method.Load(), "decorator": vtCalls.deco.Load(), "prepare": vtCalls.prep.Load(),
		"cleanup": vtCalls.cleanup.Load(), "OnClose": vtCalls.onClose.Load(), "leaf Init": vtCalls.leafInit.Load(),
	}
}

type vtCountLeaf struct{ N int }

func (*vtCountLeaf) Init() { vtCalls.leafInit.Add(1) }

type vtCounted struct {
	Leaf *vtCountLeaf `inject:""`
	Port int
}

func (*vtCounted) Init(ctx context.Context, l *vtCountLeaf) error {
	vtCalls.init.Add(1)
	return nil
}

func (*vtCounted) Configure(ctx context.Context, port int) { vtCalls.method.Add(1) }

func NewVtCounted(ctx context.Context, l *vtCountLeaf) (*vtCounted, func(), error) {
	vtCalls.ctor.Add(1)
	return &vtCounted{}, func() { vtCalls.cleanup.Add(1) }, nil
}

type vtProvided struct {
	Leaf *vtCountLeaf `inject:""`
}

type vtProv struct{}

func (vtProv) Provide(ctx context.Context, c *container.Container) (*vtProvided, error) {
	vtCalls.provider.Add(1)
	return &vtProvided{}, nil
}

type vtCountedApp struct {
	C *vtCounted  `inject:""`
	P *vtProvided `inject:""`
}

func vtCountedReg(c *container.Container) error {
	return errors.Join(
		container.Supply(c, 8080),
		container.Provide[*vtCountLeaf](c, nil),
		container.Provide[*vtCounted](c, NewVtCounted,
			container.Method("Configure", container.Dep[int]()),
			container.OnClose(func(ctx context.Context, v *vtCounted) error { vtCalls.onClose.Add(1); return nil })),
		container.Provide[*vtProvided](c, vtProv{}),
		container.Decorate[*vtCounted](c, func(v *vtCounted, l *vtCountLeaf) *vtCounted { vtCalls.deco.Add(1); return v }),
		container.Prepare[*vtCounted](c, func(ctx context.Context, l *vtCountLeaf) error { vtCalls.prep.Add(1); return nil }),
	)
}

func TestValidate_RunsNoUserCode(t *testing.T) {
	ctx := context.Background()
	vtResetCalls()
	c := vtNew(t, vtCountedReg)
	zero := map[string]int64{"constructor": 0, "provider": 0, "Init": 0, "method": 0, "decorator": 0, "prepare": 0, "cleanup": 0, "OnClose": 0, "leaf Init": 0}

	require.NoError(t, c.Validate(ctx, &vtCountedApp{}))
	require.NoError(t, c.Validate(ctx, (*vtCountedApp)(nil)))
	require.NoError(t, c.Validate(ctx)) // every registration
	require.NoError(t, c.NewScope().Validate(ctx, &vtCountedApp{}))
	assert.Equal(t, zero, vtCallCounts(), "Validate ran user code")

	// Nothing was built: a later Populate builds everything, once.
	var app vtCountedApp
	require.NoError(t, c.Populate(ctx, &app))
	require.NotNil(t, app.C)
	require.NotNil(t, app.C.Leaf)
	require.NotNil(t, app.P)
	once := map[string]int64{"constructor": 1, "provider": 1, "Init": 1, "method": 1, "decorator": 1, "prepare": 1, "cleanup": 0, "OnClose": 0, "leaf Init": 1}
	assert.Equal(t, once, vtCallCounts(), "Populate after Validate")

	// Validating again, now that everything is built, runs nothing
	// either, and leaves the built instances in place.
	require.NoError(t, c.Validate(ctx, &vtCountedApp{}))
	require.NoError(t, c.Validate(ctx))
	assert.Equal(t, once, vtCallCounts(), "Validate after Populate ran user code")
	var app2 vtCountedApp
	require.NoError(t, c.Populate(ctx, &app2))
	assert.Same(t, app.C, app2.C, "the Singleton built by Populate was replaced")
	assert.Equal(t, once, vtCallCounts())

	require.NoError(t, c.Close(ctx))
	assert.Equal(t, int64(1), vtCalls.cleanup.Load(), "cleanup")
	assert.Equal(t, int64(1), vtCalls.onClose.Load(), "OnClose")
}

// A Singleton is not built by Validate: Resolve after Validate builds it.
func TestValidate_BuildsNoSingleton(t *testing.T) {
	ctx := context.Background()
	vtResetCalls()
	c := vtNew(t, vtCountedReg)
	require.NoError(t, c.Validate(ctx, &vtCountedApp{}))
	require.NoError(t, c.Validate(ctx))
	assert.Zero(t, vtCalls.ctor.Load())
	v, err := container.Resolve[*vtCounted](ctx, c)
	require.NoError(t, err)
	require.NotNil(t, v)
	assert.Equal(t, int64(1), vtCalls.ctor.Load())
	assert.Equal(t, int64(1), vtCalls.init.Load())
}

// A value registered with Populated is not filled by Validate.
type vtFillMe struct {
	Leaf *vtLeaf `inject:""`
	Set  *vtLeaf `inject:""`
}

type vtFillMeApp struct {
	F *vtFillMe `inject:""`
}

func TestValidate_LeavesRegisteredValuesAlone(t *testing.T) {
	ctx := context.Background()
	preset := &vtLeaf{N: 5}
	v := &vtFillMe{Set: preset}
	c := vtNew(t, func(c *container.Container) error { return container.Provide[*vtFillMe](c, v, container.Populated()) })
	require.NoError(t, c.Validate(ctx, &vtFillMeApp{}))
	require.NoError(t, c.Validate(ctx))
	require.NoError(t, c.Validate(ctx, v)) // the value itself as a target
	assert.Nil(t, v.Leaf, "Validate filled a registered value")
	assert.Same(t, preset, v.Set)

	var app vtFillMeApp
	require.NoError(t, c.Populate(ctx, &app))
	assert.Same(t, v, app.F)
	assert.NotNil(t, v.Leaf)
	assert.Same(t, preset, v.Set)
}

// ---------------------------------------------------------------------------
// 5. Targets: preset fields, the target left as it was, (*App)(nil).

type vtPresetApp struct {
	S     string        `inject:""` // nothing provides a string
	Leaf  *vtLeaf       `inject:""`
	Cycle *vtPrivCycle  `inject:""` // a private cycle beneath
	Other *vtOther      `inject:""`
	Inl   vtPresetInner `inject:"inline"`
	Plain *vtLeaf
}

type vtPresetInner struct {
	N    string  `inject:"name=nope"`
	Leaf *vtLeaf `inject:""`
}

func TestValidate_PresetFieldsAndTargetUnchanged(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, nil)

	// Every failing field preset: nothing to check.
	leaf, cyc, plain := &vtLeaf{N: 1}, &vtPrivCycle{}, &vtLeaf{N: 2}
	tg := &vtPresetApp{S: "preset", Leaf: leaf, Cycle: cyc, Inl: vtPresetInner{N: "n"}, Plain: plain}
	before := *tg
	require.NoError(t, c.Validate(ctx, tg))
	assert.Equal(t, before, *tg, "Validate modified the target")
	assert.Same(t, leaf, tg.Leaf)
	assert.Same(t, cyc, tg.Cycle)
	assert.Nil(t, tg.Other, "Validate set a zero field of the target")
	assert.Nil(t, tg.Inl.Leaf, "Validate set a zero inline field of the target")
	assert.Nil(t, cyc.A, "Validate filled a preset value")
	require.NoError(t, c.Populate(ctx, tg), "Populate of the same target")

	// The zero fields are checked, the preset ones are not.
	tg2 := &vtPresetApp{Leaf: leaf, Cycle: cyc}
	before2 := *tg2
	vtExpect(t, c.Validate(ctx, tg2),
		vtWant{container.ErrNotFound, "vtPresetApp.S"},
		vtWant{container.ErrNotFound, "vtPresetApp.Inl.N"},
	)
	assert.Equal(t, before2, *tg2, "Validate modified the target")
	vtSamePopulate(t, vtProblems(t, c.Validate(ctx, tg2))[0], vtNew(t, nil).Populate(ctx, &vtPresetApp{Leaf: leaf, Cycle: cyc}))

	// A fully zero target: everything is checked.
	tg3 := &vtPresetApp{}
	vtExpect(t, c.Validate(ctx, tg3),
		vtWant{container.ErrNotFound, "vtPresetApp.S"},
		vtWant{container.ErrCycle, "vtPresetApp.Cycle.A.B.A"},
		vtWant{container.ErrNotFound, "vtPresetApp.Inl.N"},
	)
	assert.Equal(t, vtPresetApp{}, *tg3, "Validate modified the target")
}

type vtGoodApp struct {
	Leaf  *vtLeaf  `inject:""`
	Other *vtOther `inject:""`
	Cnt   *vtCountLeaf
}

func TestValidate_NilPointerTarget(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, nil)
	require.NoError(t, c.Validate(ctx, (*vtGoodApp)(nil)))
	require.NoError(t, c.Validate(ctx, (*vtGoodApp)(nil), (*vtGoodApp)(nil), &vtGoodApp{}))

	// Same problems as for a zero value, and the first is Populate's.
	var zeroWant []vtWant
	for _, p := range vtProblems(t, c.Validate(ctx, &vtMany{})) {
		zeroWant = append(zeroWant, vtWant{p.Kind, p.Path})
	}
	require.NotEmpty(t, zeroWant)
	ps := vtExpect(t, c.Validate(ctx, (*vtMany)(nil)), zeroWant...)
	vtSamePopulate(t, ps[0], c.Populate(ctx, &vtMany{}))
	c2 := vtNew(t, vtManyReg)
	ps = vtExpect(t, c2.Validate(ctx, (*vtMany)(nil)), vtManyWant...)
	vtSamePopulate(t, ps[0], vtNew(t, vtManyReg).Populate(ctx, &vtMany{}))

	// A nil pointer of a type with invalid tags: ErrBadTag.
	vtExpect(t, c.Validate(ctx, (*vtBadOption)(nil)), vtWant{container.ErrBadTag, "vtBadOption.L"})
}

// ---------------------------------------------------------------------------
// 6. No targets: every registration, as Resolve would build it.

type vtRegA struct {
	L *vtLeaf `inject:""`
}

type vtRegB struct{}

func NewVtRegB(s string) *vtRegB { return &vtRegB{} }

type vtRegScoped struct {
	Port string `inject:"name=port"` // registered as an int
}

type vtRegNamed struct {
	N vtNobody `inject:""`
}

func vtRegsReg(c *container.Container) error {
	return errors.Join(
		container.Provide[*vtRegA](c, nil),
		container.Provide[*vtRegB](c, NewVtRegB),
		container.Provide[*vtRegScoped](c, nil, container.Scoped),
		container.Provide[*vtRegNamed](c, nil, container.Named("n")),
		container.Supply(c, 8080, container.Named("port")),
		container.Provide[*vtLeaf](c, func() *vtLeaf { return &vtLeaf{} }),
	)
}

func TestValidate_NoTargetsChecksEveryRegistration(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, vtRegsReg)

	rootWant := []vtWant{
		{container.ErrNotFound, "vtRegB[container_test.NewVtRegB arg 0]"},
		{container.ErrNotFound, "vtRegNamed.N"},
	}
	ps := vtExpect(t, c.Validate(ctx), rootWant...)
	// Each is what Resolve of that registration returns.
	_, err := container.Resolve[*vtRegB](ctx, vtNew(t, vtRegsReg))
	vtSameResolve(t, ps[0], err)
	_, err = container.Resolve[*vtRegNamed](ctx, vtNew(t, vtRegsReg), container.Named("n"))
	vtSameResolve(t, ps[1], err)

	// On a root container, Scoped registrations are skipped; in a scope
	// they are checked, in registration order.
	s := c.NewScope()
	ps = vtExpect(t, s.Validate(ctx),
		rootWant[0],
		vtWant{container.ErrTypeMismatch, "vtRegScoped.Port"},
		rootWant[1],
	)
	_, err = container.Resolve[*vtRegScoped](ctx, vtNew(t, vtRegsReg).NewScope())
	vtSameResolve(t, ps[1], err)

	// A registration made on the scope only is checked in that scope.
	require.NoError(t, container.Provide[*vtArgX](s, NewVtArgX))
	vtExpect(t, s.Validate(ctx),
		rootWant[0],
		vtWant{container.ErrTypeMismatch, "vtRegScoped.Port"},
		rootWant[1],
		vtWant{container.ErrNotFound, "vtArgX[container_test.NewVtArgX arg 0]"},
	)
	vtExpect(t, c.Validate(ctx), rootWant...)

	// A clean container has nothing to report; an empty one neither.
	require.NoError(t, vtNew(t, nil).Validate(ctx))
	require.NoError(t, vtNew(t, vtCountedReg).Validate(ctx))
}

func vtSameResolve(t *testing.T, got *container.Error, rerr error) {
	t.Helper()
	var re *container.Error
	require.Truef(t, errors.As(rerr, &re), "Resolve: %v", rerr)
	assert.Equal(t, re.Kind, got.Kind, "Kind")
	assert.Equal(t, re.Path, got.Path, "Path")
	assert.Equal(t, re.Detail, got.Detail, "Detail")
	assert.Equal(t, re.Hint, got.Hint, "Hint")
}

// ---------------------------------------------------------------------------
// 7. Contexts, closed containers, bad targets.

type vtDeep1 struct {
	D *vtDeep2 `inject:""`
}
type vtDeep2 struct {
	D *vtDeep3 `inject:""`
}
type vtDeep3 struct {
	L *vtLeaf `inject:""`
}

func TestValidate_CancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := vtNew(t, vtRegsReg)
	start := time.Now()
	err := c.Validate(ctx, &vtDeep1{})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	var ce *container.Error
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, context.Canceled, ce.Kind)

	err = c.Validate(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)

	dctx, dcancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer dcancel()
	err = c.Validate(dctx, &vtDeep1{})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second, "Validate with an ended context is not prompt")

	// The container is not affected.
	require.NoError(t, c.Validate(context.Background(), &vtDeep1{}))
	require.NoError(t, c.Populate(context.Background(), &vtDeep1{}))
}

// A big graph and a context cancelled while Validate runs: it stops.
func TestValidate_ContextCancelledMidway(t *testing.T) {
	c := vtNew(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 200 {
			err := c.Validate(ctx, &vtDeep1{}, &vtMany{}, &vtPresetApp{})
			if errors.Is(err, context.Canceled) {
				return
			}
		}
	}()
	cancel()
	wg.Wait()
	err := c.Validate(ctx, &vtDeep1{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestValidate_ClosedContainer(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, vtRegsReg)
	s := c.NewScope()
	require.NoError(t, c.Close(ctx))
	for name, cc := range map[string]*container.Container{"root": c, "scope": s} {
		err := cc.Validate(ctx, &vtGoodApp{})
		require.Error(t, err, name)
		assert.ErrorIs(t, err, container.ErrClosed, name)
		var ce *container.Error
		require.True(t, errors.As(err, &ce), name)
		assert.Equal(t, container.ErrClosed, ce.Kind, name)
		assert.ErrorIs(t, cc.Populate(ctx, &vtGoodApp{}), container.ErrClosed, name)

		err = cc.Validate(ctx)
		assert.ErrorIs(t, err, container.ErrClosed, name+": no targets")
	}
}

func TestValidate_BadTargets(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, nil)
	n := 3
	for name, tg := range map[string]any{
		"struct value":               vtGoodApp{},
		"pointer to int":             &n,
		"nil pointer to int":         (*int)(nil),
		"pointer to pointer":         new(*vtGoodApp),
		"a string":                   "app",
		"a func":                     func() {},
		"a map":                      map[string]int{},
		"pointer to slice of struct": &[]vtGoodApp{},
	} {
		t.Run(name, func(t *testing.T) {
			err := c.Validate(ctx, tg)
			require.Error(t, err)
			assert.ErrorIs(t, err, container.ErrBadInput)
			var ce *container.Error
			require.True(t, errors.As(err, &ce))
			assert.Equal(t, container.ErrBadInput, ce.Kind)
			assert.Equal(t, "validate", ce.Op)
			// As Populate says.
			perr := c.Populate(ctx, tg)
			assert.ErrorIs(t, perr, container.ErrBadInput)
			// Among good targets too.
			assert.ErrorIs(t, c.Validate(ctx, &vtGoodApp{}, tg), container.ErrBadInput)
		})
	}
	// A container made with an option New does not take.
	bad := container.New(container.Transient)
	assert.ErrorIs(t, bad.Validate(ctx, &vtGoodApp{}), container.ErrBadInput)
	assert.ErrorIs(t, bad.Validate(ctx), container.ErrBadInput)
	// A nil or zero container.
	var nc *container.Container
	assert.ErrorIs(t, nc.Validate(ctx, &vtGoodApp{}), container.ErrBadInput)
	assert.ErrorIs(t, new(container.Container).Validate(ctx, &vtGoodApp{}), container.ErrBadInput)
	// A nil context is taken as context.Background().
	var nilCtx context.Context
	assert.NoError(t, c.Validate(nilCtx, &vtGoodApp{}))
}

// ---------------------------------------------------------------------------
// 8. Optional fields and parameters whose dependency is missing.

type vtOptCtorDep struct{}

func NewVtOptCtorDep(s container.Optional[string], n container.Optional[*vtNoImpl]) *vtOptCtorDep {
	return &vtOptCtorDep{}
}

type vtNoImpl struct {
	N vtNobody `inject:""`
}

type vtOptInit struct{}

func (*vtOptInit) Init(container.Optional[vtNobody]) {}

type vtOptional struct {
	S       string        `inject:"optional"`
	Named   *vtLeaf       `inject:"name=nope,optional"`
	Deep    *vtMissIface  `inject:"optional"` // missing two levels down
	Iface   vtNobody      `inject:"optional"`
	Ctor    *vtOptCtorDep `inject:""`
	Init    *vtOptInit    `inject:""`
	Leaf    *vtLeaf       `inject:""`
	Private *vtMissType   `inject:"private,optional"`
}

func TestValidate_OptionalMissingIsNotAProblem(t *testing.T) {
	ctx := context.Background()
	reg := func(c *container.Container) error {
		return container.Provide[*vtOptCtorDep](c, NewVtOptCtorDep)
	}
	c := vtNew(t, reg)
	require.NoError(t, c.Validate(ctx, &vtOptional{}))
	require.NoError(t, c.Validate(ctx))
	var app vtOptional
	require.NoError(t, vtNew(t, reg).Populate(ctx, &app))
	assert.Nil(t, app.Deep)

	// Anything else beneath an optional field is still a problem, as it
	// is for Populate.
	type optAmbiguous struct {
		A *vtAmbiguous `inject:"optional"`
		C *vtPrivCycle `inject:"optional"`
	}
	greeters := func(c *container.Container) error {
		return errors.Join(
			container.Provide[*vtEnglish](c, nil, container.As[vtGreeter]()),
			container.Provide[*vtFrench](c, nil, container.As[vtGreeter]()),
		)
	}
	ps := vtExpect(t, vtNew(t, greeters).Validate(ctx, &optAmbiguous{}),
		vtWant{container.ErrAmbiguous, "optAmbiguous.A.G"},
		vtWant{container.ErrCycle, "optAmbiguous.C.A.B.A"},
	)
	vtSamePopulate(t, ps[0], vtNew(t, greeters).Populate(ctx, &optAmbiguous{}))
}

// ---------------------------------------------------------------------------
// 9. Validate concurrently with Populate never changes Populate's outcome.

type vtConcApp struct {
	C    *vtCounted  `inject:""`
	P    *vtProvided `inject:""`
	Leaf *vtLeaf     `inject:""`
	T    *vtTrans    `inject:""`
	Prv  *vtFillMe   `inject:"private"`
}

type vtConcBroken struct {
	Leaf *vtLeaf   `inject:""`
	B    *vtBroken `inject:""`
}

func TestValidate_ConcurrentWithPopulate(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx := context.Background()
	vtResetCalls()
	reg := func(c *container.Container) error {
		return errors.Join(vtCountedReg(c), container.Provide[*vtTrans](c, func() *vtTrans { return &vtTrans{} }, container.Transient))
	}
	c := vtNew(t, reg)
	scope := c.NewScope()

	// What Populate of the broken target says, alone.
	wantBroken := vtNew(t, reg).Populate(ctx, &vtConcBroken{})
	require.Error(t, wantBroken)

	const rounds = 40
	var wg sync.WaitGroup
	errs := make(chan error, 8*rounds)
	apps := make(chan *vtConcApp, 2*rounds)
	validate := func(cc *container.Container) {
		defer wg.Done()
		for range rounds {
			if err := cc.Validate(ctx, &vtConcApp{}); err != nil {
				errs <- fmt.Errorf("Validate of the good target: %w", err)
			}
			err := cc.Validate(ctx, &vtConcBroken{}, (*vtConcApp)(nil))
			ps := vtSplit(err)
			var ce *container.Error
			if len(ps) != 1 || !errors.As(ps[0], &ce) || ce.Path != "vtConcBroken.B[Init arg 0]" {
				errs <- fmt.Errorf("Validate of the broken target: %v", err)
			}
			if err := cc.Validate(ctx); err != nil {
				errs <- fmt.Errorf("Validate of the registrations: %w", err)
			}
		}
	}
	populate := func(cc *container.Container) {
		defer wg.Done()
		for range rounds {
			var app vtConcApp
			if err := cc.Populate(ctx, &app); err != nil {
				errs <- fmt.Errorf("Populate of the good target: %w", err)
				continue
			}
			apps <- &app
			err := cc.Populate(ctx, &vtConcBroken{})
			var ce, we *container.Error
			if !errors.As(err, &ce) || !errors.As(wantBroken, &we) || ce.Kind != we.Kind || ce.Path != we.Path || ce.Detail != we.Detail {
				errs <- fmt.Errorf("Populate of the broken target: got %v, want %v", err, wantBroken)
			}
		}
	}
	wg.Add(5)
	go validate(c)
	go validate(scope)
	go validate(c)
	go populate(c)
	go populate(scope)
	wg.Wait()
	close(errs)
	close(apps)
	for err := range errs {
		t.Error(err)
	}
	// Every Populate shared the one Singleton, built once.
	var first *vtCounted
	n := 0
	for app := range apps {
		n++
		require.NotNil(t, app.C)
		require.NotNil(t, app.C.Leaf)
		require.NotNil(t, app.P)
		require.NotNil(t, app.Leaf)
		require.NotNil(t, app.T)
		require.NotNil(t, app.Prv)
		if first == nil {
			first = app.C
		}
		assert.Same(t, first, app.C)
	}
	assert.Equal(t, 2*rounds, n)
	assert.Equal(t, int64(1), vtCalls.ctor.Load(), "constructor calls")
	assert.Equal(t, int64(1), vtCalls.init.Load(), "Init calls")
	assert.Equal(t, int64(1), vtCalls.deco.Load(), "decorator calls")
	assert.Equal(t, int64(1), vtCalls.prep.Load(), "Prepare calls")
	require.NoError(t, scope.Close(ctx))
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, int64(1), vtCalls.cleanup.Load(), "cleanups")
}

// ---------------------------------------------------------------------------
// 10. Validate from user code, with the context it was given, during a
// Populate: a dry call is never part of the running call, and does not
// wait for what that call is building.

type vtReentrant struct {
	C   *container.Container `inject:""`
	got error
}

func (r *vtReentrant) Init(ctx context.Context) error {
	r.got = r.C.Validate(ctx, &vtReentrantApp{}, &vtMissName{})
	return nil
}

type vtReentrantApp struct {
	R    *vtReentrant `inject:""`
	Leaf *vtLeaf      `inject:""`
}

func TestValidate_FromUserCode(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c := vtNew(t, nil)
	for name, cc := range map[string]*container.Container{"root": c, "scope": c.NewScope()} {
		var app vtReentrantApp
		require.NoError(t, cc.Populate(container.NewContext(ctx, cc), &app), name)
		require.NotNil(t, app.R, name)
		vtExpect(t, app.R.got, vtWant{container.ErrNotFound, "vtMissName.DB"})
		require.NoError(t, ctx.Err(), "%s: Validate from Init waited for the running call", name)
	}
}

// ---------------------------------------------------------------------------
// 11. What has been built already does not change what Validate says (as
// its documentation states): a built Singleton is walked again. Populate,
// which reuses the built instance, succeeds where Validate reports the
// problem the registrations now have.

type vtNeedsPort struct {
	Port int `inject:"name=port"`
}

type vtPortApp struct {
	N *vtNeedsPort `inject:""`
}

func TestValidate_WalksBuiltSingletonsAgain(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, func(c *container.Container) error { return container.Supply(c, 8080, container.Named("port")) })
	require.NoError(t, c.Validate(ctx, &vtPortApp{}))
	require.NoError(t, c.Populate(ctx, &vtPortApp{}))
	require.True(t, container.Unregister[int](c, container.Named("port")))

	require.NoError(t, c.Populate(ctx, &vtPortApp{}), "Populate reuses the built Singleton")
	ps := vtExpect(t, c.Validate(ctx, &vtPortApp{}), vtWant{container.ErrNotFound, "vtPortApp.N.Port"})
	// What a fresh container with these registrations says.
	vtSamePopulate(t, ps[0], vtNew(t, nil).Populate(ctx, &vtPortApp{}))
}

// ---------------------------------------------------------------------------
// Regressions: defects these tests found in Validate, now fixed.

// Was a defect: Validate(ctx, nil) panics in dryRoots (reflect.Value.Interface on
// the zero Value of reflect.ValueOf(nil)); Populate returns ErrBadInput.
func TestValidateRegression_NilTargetPanics(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, nil)
	for name, targets := range map[string][]any{
		"alone":            {nil},
		"after a good one": {&vtGoodApp{}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("Validate with a nil target panicked: %v", p)
					}
				}()
				err = c.Validate(ctx, targets...)
			}()
			assert.ErrorIs(t, err, container.ErrBadInput)
			assert.ErrorIs(t, c.Populate(ctx, targets...), container.ErrBadInput)
		})
	}
}

// Was a defect: a target given twice (Populate takes it once) has the problems
// found before anything is walked (its type's invalid tags) reported
// twice; so do two targets of one type with invalid tags.
func TestValidateRegression_TargetGivenTwice(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, nil)
	t.Run("the same target twice", func(t *testing.T) {
		bad := &vtBadOption{}
		assert.ErrorIs(t, c.Populate(ctx, bad, bad), container.ErrBadTag)
		vtExpect(t, c.Validate(ctx, bad, bad), vtWant{container.ErrBadTag, "vtBadOption.L"})
	})
	t.Run("two targets of a type with invalid tags", func(t *testing.T) {
		vtExpect(t, c.Validate(ctx, &vtBadOption{}, (*vtBadOption)(nil)), vtWant{container.ErrBadTag, "vtBadOption.L"})
	})
	t.Run("problems found while walking are reported once already", func(t *testing.T) {
		good := &vtMissName{}
		vtExpect(t, c.Validate(ctx, good, good), vtWant{container.ErrNotFound, "vtMissName.DB"})
	})
}

// Was a defect: on a closed container, Validate reports ErrClosed once per target
// or registration, and without targets on a container with no
// registrations it returns nil (Populate returns one ErrClosed).
func TestValidateRegression_ClosedContainerReportedOnce(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, vtRegsReg)
	require.NoError(t, c.Close(ctx))
	t.Run("no targets", func(t *testing.T) {
		vtExpect(t, c.Validate(ctx), vtWant{container.ErrClosed, ""})
	})
	t.Run("two targets", func(t *testing.T) {
		vtExpect(t, c.Validate(ctx, &vtGoodApp{}, &vtMissName{}), vtWant{container.ErrClosed, ""})
	})
	t.Run("no registrations, no targets", func(t *testing.T) {
		empty := vtNew(t, nil)
		require.NoError(t, empty.Close(ctx))
		assert.ErrorIs(t, empty.Validate(ctx), container.ErrClosed)
	})
}

// Was a defect: with an ended context and no targets, Validate goes on after the
// first context error and reports one per registration (the early return
// in check is skipped for errors that have no site).
func TestValidateRegression_CancelledContextReportedOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := vtNew(t, vtRegsReg)
	err := c.Validate(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Lenf(t, vtSplit(err), 1, "one context error per registration:%s", vtDescribe(vtProblems(t, err)))
}

// Was a defect (seen with -race only): Validate copies a value registered with
// Populated (dryRun.own) while a concurrent Populate fills that very value
// in place, without synchronisation: a data race. The observer holds the
// Populate between two fields of the value while Validate copies it; the
// second field's Singleton is already built, so Populate writes it
// without taking any lock Validate released.
type vtRaceVal struct {
	A *vtLeaf  `inject:""`
	B *vtOther `inject:""`
}

type vtRaceApp struct {
	V *vtRaceVal `inject:""`
}

type vtPauseObserver struct {
	owner   any
	reached chan struct{}
	once    sync.Once
}

func (o *vtPauseObserver) Observe(ev container.Event) {
	if ev.Kind == container.Injected && ev.Owner == o.owner && ev.Field == "A" {
		o.once.Do(func() {
			close(o.reached)
			time.Sleep(200 * time.Millisecond)
		})
	}
}

func TestValidateRegression_RaceWithPopulateOfAPopulatedValue(t *testing.T) {
	ctx := context.Background()
	v := &vtRaceVal{}
	obs := &vtPauseObserver{owner: v, reached: make(chan struct{})}
	c := vtNew(t, func(c *container.Container) error {
		return container.Provide[*vtRaceVal](c, v, container.Populated())
	}, container.Observe(obs))
	_, err := container.Resolve[*vtOther](ctx, c)
	require.NoError(t, err)

	done := make(chan error, 1)
	go func() { done <- c.Populate(ctx, &vtRaceApp{}) }()
	<-obs.reached
	require.NoError(t, c.Validate(ctx, &vtRaceApp{}))
	require.NoError(t, <-done)
	assert.NotNil(t, v.B)
}

// Was a defect: Validate's result depends on what has been built, which its
// documentation rules out: a target whose type can ask for itself
// (vtSelfRef.Self) stands for that type's instance, unless the container
// has already built one (populate checks the real slot, committed, also in
// a dry call). Then the dry walk builds a new, zero instance whose fields
// are walked instead of the preset target's. Populate succeeds either way.
type vtSelfRef struct {
	Self *vtSelfRef `inject:""`
	S    string     `inject:""`
}

func TestValidateRegression_DependsOnABuiltSelfReferencingType(t *testing.T) {
	ctx := context.Background()
	c := vtNew(t, func(c *container.Container) error { return container.Supply(c, "s") })
	_, err := container.Resolve[*vtSelfRef](ctx, c) // builds the Singleton of *vtSelfRef
	require.NoError(t, err)
	require.True(t, container.Unregister[string](c))

	// In a fresh container with the same registrations, both agree.
	fresh := vtNew(t, nil)
	require.NoError(t, fresh.Validate(ctx, &vtSelfRef{S: "preset"}), "fresh container")
	require.NoError(t, fresh.Populate(ctx, &vtSelfRef{S: "preset"}), "fresh container")

	require.NoError(t, c.Populate(ctx, &vtSelfRef{S: "preset"}))
	assert.NoError(t, c.Validate(ctx, &vtSelfRef{S: "preset"}), "after the type's Singleton was built")
}
