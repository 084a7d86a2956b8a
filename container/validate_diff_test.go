package container_test

// Differential tests of Validate against Populate: the same registrations
// in two fresh containers, Validate on one and Populate on the other.
// Populate succeeds exactly when Validate returns nil; when Populate fails
// for a reason that is not user code (ErrConstructor, ErrInit, ErrPanic),
// Validate's first problem has the same Kind and Path. Part (a) is a table
// of small graphs; part (b), FuzzValidateAgrees, runs the random shapes of
// FuzzPopulate (fuzz_populate_test.go). Every top-level identifier here
// starts with "vd".

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ---------------------------------------------------------------------------
// The agreement.

// vdUserKinds are the kinds of failures that come from user code: Validate
// runs none, so it cannot see them.
var vdUserKinds = []error{container.ErrConstructor, container.ErrInit, container.ErrPanic}

// vdUserFailure reports whether Populate's error comes from user code.
func vdUserFailure(perr error) bool {
	var pe *container.Error
	if !errors.As(perr, &pe) {
		return false
	}
	return slices.Contains(vdUserKinds, pe.Kind)
}

// vdDisagree returns how Validate's result verr disagrees with Populate's
// result perr for the same graph, or "" when they agree.
func vdDisagree(verr, perr error) string {
	problems := vtSplit(verr)
	for i, p := range problems {
		var ce *container.Error
		if !errors.As(p, &ce) {
			return fmt.Sprintf("Validate's problem %d is a %T, not a *container.Error: %v", i, p, p)
		}
		if slices.Contains(vdUserKinds, ce.Kind) {
			return fmt.Sprintf("Validate reported a failure of user code, which it does not run: %v", p)
		}
		if ce.Op != "validate" {
			return fmt.Sprintf("Validate's problem %d has Op %q: %v", i, ce.Op, p)
		}
		if !errors.Is(p, ce.Kind) {
			return fmt.Sprintf("Validate's problem %d: errors.Is(p, p.Kind) is false: %v", i, p)
		}
	}
	switch {
	case perr == nil && verr == nil:
		return ""
	case perr == nil:
		return fmt.Sprintf("Populate succeeded, but Validate reported %d problem(s), the first: %v", len(problems), problems[0])
	case vdUserFailure(perr):
		return "" // Validate cannot know
	case verr == nil:
		return fmt.Sprintf("Populate failed, but Validate returned nil; Populate: %v", perr)
	}
	var pe, ve *container.Error
	if !errors.As(perr, &pe) {
		return fmt.Sprintf("Populate's error is a %T: %v", perr, perr)
	}
	errors.As(problems[0], &ve)
	switch {
	case !errors.Is(problems[0], pe.Kind) || ve.Kind != pe.Kind:
		return fmt.Sprintf("different kinds: Validate's first problem is %v, Populate's error %v\n  validate: %v\n  populate: %v", ve.Kind, pe.Kind, problems[0], perr)
	case ve.Path != pe.Path:
		return fmt.Sprintf("different paths: Validate's first problem is at %q, Populate's error at %q\n  validate: %v\n  populate: %v", ve.Path, pe.Path, problems[0], perr)
	}
	return ""
}

// vdKey is what identifies a problem in comparisons between runs.
func vdKey(err error) string {
	var ce *container.Error
	if !errors.As(err, &ce) {
		return fmt.Sprintf("%T %v", err, err)
	}
	return fmt.Sprintf("%v at %q: %s", ce.Kind, ce.Path, ce.Detail)
}

func vdKeys(err error) []string {
	var out []string
	for _, p := range vtSplit(err) {
		out = append(out, vdKey(p))
	}
	return out
}

// vdDuplicates returns the problems of a Validate result reported more
// than once.
func vdDuplicates(err error) []string {
	seen := map[string]bool{}
	var dup []string
	for _, k := range vdKeys(err) {
		if seen[k] {
			dup = append(dup, k)
		}
		seen[k] = true
	}
	return dup
}

// ---------------------------------------------------------------------------
// (a) A table of small graphs.

type vdGraph struct {
	name      string
	opts      []container.Option // for New
	reg       vtReg              // on the container
	lenient   bool               // registration errors are part of the graph
	scope     bool               // Validate and Populate on a scope
	scopeReg  vtReg              // on that scope
	target    func() any
	wantFail  error // Populate's kind (nil: success); checks the table itself
	userError bool  // Populate fails in user code
}

// Graph types of the table.

type vdDB struct{ DSN string }

type vdStore struct {
	DB *vdDB `inject:""`
}

type vdAPI struct {
	Store *vdStore `inject:""`
	DB    *vdDB    `inject:""`
}

type vdApp struct {
	API   *vdAPI   `inject:""`
	Store *vdStore `inject:""`
	Plain *vdDB
}

type vdRing1 struct {
	R *vdRing2 `inject:""`
}

type vdRing2 struct {
	R *vdRing1 `inject:""`
	S *vdRing2 `inject:""`
}

type vdRingApp struct {
	R *vdRing1 `inject:""`
}

type vdDeep struct {
	A *vdDeepA `inject:""`
}
type vdDeepA struct {
	B *vdDeepB `inject:""`
}
type vdDeepB struct {
	C *vdDeepC `inject:""`
}
type vdDeepC struct {
	Port int `inject:"name=port"`
}

// An interface implemented by one struct the root reaches, or two.
type vdSpeaker interface{ VdSpeak() }

type vdDog struct{}

func (*vdDog) VdSpeak() {}

type vdCat struct{}

func (*vdCat) VdSpeak() {}

type vdOneImpl struct {
	S   vdSpeaker `inject:""`
	Dog *vdDog    `inject:""`
}

type vdTwoImpls struct {
	S   vdSpeaker `inject:""`
	Dog *vdDog    `inject:""`
	Cat *vdCat    `inject:""`
}

type vdScopedSvc struct {
	Req *vdRequest `inject:""`
}

type vdRequest struct{ ID string }

type vdScopedApp struct {
	S *vdScopedSvc `inject:""`
}

type vdStrictApp struct {
	DB *vdDB `inject:""`
}

type vdReqApp struct {
	R *vdRequest `inject:""`
}

type vdFacApp struct {
	F container.Factory[*vdDB] `inject:""`
}

type vdProductApp struct {
	DB *vdDB `inject:""`
}

type vdAbstractApp struct {
	S vdSpeaker `inject:""`
}

type vdLogger struct{ For string }

type vdForA struct {
	L *vdLogger `inject:""`
}

type vdForB struct {
	L *vdLogger `inject:""`
}

type vdForApp struct {
	A *vdForA `inject:""`
	B *vdForB `inject:""`
}

type vdLabelApp struct {
	DB *vdDB `inject:"label=env:prod"`
}

type vdPlugin interface{ VdPlug() }

type vdPlugOK struct{}

func (*vdPlugOK) VdPlug() {}

type vdPlugBroken struct {
	Port int `inject:"name=port"`
}

func (*vdPlugBroken) VdPlug() {}

type vdPluginsApp struct {
	All []vdPlugin `inject:""`
}

type vdPrivateValueApp struct {
	DB *vdDB `inject:"private"`
}

type vdNobodyFactoryApp struct {
	F container.Factory[vtNobody] `inject:""`
}

type vdKeyedApp struct {
	K container.Keyed[string, *vdDB] `inject:""`
}

type vdOptParam struct{}

func NewVdOptParam(db container.Optional[*vdDB], s container.Optional[string]) *vdOptParam {
	return &vdOptParam{}
}

type vdOptParamApp struct {
	O *vdOptParam `inject:""`
}

type vdBadInit struct{}

func (*vdBadInit) Init(int, ...string) {}

type vdBadInitApp struct {
	B *vdBadInit `inject:""`
}

type vdFailing struct {
	Store *vdStore `inject:""`
}

var vdErrBoom = errors.New("vd: boom")

func NewVdFailing() (*vdFailing, error) { return nil, vdErrBoom }

type vdFailingApp struct {
	F *vdFailing `inject:""`
}

type vdInitFails struct{}

func (*vdInitFails) Init() error { return vdErrBoom }

type vdInitFailsApp struct {
	I *vdInitFails `inject:""`
}

type vdPanics struct{}

func NewVdPanics() *vdPanics { panic("vd: constructor panics") }

type vdPanicsApp struct {
	P *vdPanics `inject:""`
}

type vdFillable struct {
	DB   *vdDB `inject:""`
	Port int   `inject:"name=port"`
}

type vdFillableApp struct {
	F *vdFillable `inject:""`
}

type vdInjected struct{ Path string }

func NewVdInjected(in container.Injection) *vdInjected { return &vdInjected{Path: in.Path} }

type vdInjectedApp struct {
	A *vdInjected `inject:""`
	B *vdInjected `inject:""`
}

type vdInitParamRoot struct {
	DB *vdDB `inject:""`
}

func (*vdInitParamRoot) Init(string) {}

type vdMapApp struct {
	M map[string]int       `inject:"private"`
	C *container.Container `inject:""`
}

type vdInline struct {
	DB   *vdDB  `inject:""`
	Name string `inject:"name=name"`
}

type vdInlineApp struct {
	I vdInline `inject:"inline"`
}

type vdEmbedApp struct {
	vdInline `inject:"inline"`
	DB       *vdDB `inject:""`
}

type vdPerGraph struct {
	Port int `inject:"name=port"`
}

type vdPerGraphApp struct {
	A *vdPerGraph `inject:""`
	B *vdPerGraph `inject:""`
}

type vdRootSingleton struct {
	R *vdRequest `inject:""`
}

type vdRootSingletonApp struct {
	S *vdRootSingleton `inject:""`
}

type vdCtorSetsField struct {
	DB *vdDB `inject:""`
}

func NewVdCtorSetsField(db *vdDB) *vdCtorSetsField { return &vdCtorSetsField{} }

type vdCtorApp struct {
	C *vdCtorSetsField `inject:""`
}

// Structs returned by constructors and a Provider with their tagged fields
// left to injection.
type vdCtorMissing struct {
	Port int `inject:"name=port"`
}

func NewVdCtorMissing() *vdCtorMissing { return &vdCtorMissing{} }

type vdCtorInitMissing struct{}

func (*vdCtorInitMissing) Init(vtNobody) {}

func NewVdCtorInitMissing() (*vdCtorInitMissing, error) { return &vdCtorInitMissing{}, nil }

type vdProvMissing struct {
	S vtNobody `inject:""`
}

type vdProvider struct{}

func (vdProvider) Provide(ctx context.Context, c *container.Container) (*vdProvMissing, error) {
	return &vdProvMissing{}, nil
}

type vdCtorResultsApp struct {
	C *vdCtorMissing     `inject:""`
	I *vdCtorInitMissing `inject:""`
	P *vdProvMissing     `inject:""`
}

func vdGraphs() []vdGraph {
	port := func(c *container.Container) error { return container.Supply(c, 8080, container.Named("port")) }
	return []vdGraph{
		{name: "unregistered pointers (facebookgo)", target: func() any { return &vdApp{} }},
		{name: "pointer cycle through fields", target: func() any { return &vdRingApp{} }},
		{name: "missing name far down", target: func() any { return &vdDeep{} }, wantFail: container.ErrNotFound},
		{name: "name far down registered", reg: port, target: func() any { return &vdDeep{} }},
		{name: "missing type", target: func() any { return &vtMissType{} }, wantFail: container.ErrNotFound},
		{name: "missing name", target: func() any { return &vtMissName{} }, wantFail: container.ErrNotFound},
		{name: "interface: no implementation", target: func() any { return &vtMissIface{} }, wantFail: container.ErrNotFound},
		{name: "interface: one reachable implementation", target: func() any { return &vdOneImpl{} }},
		{name: "interface: two reachable implementations", target: func() any { return &vdTwoImpls{} }, wantFail: container.ErrAmbiguous},
		{
			name: "interface: two reachable, one registered",
			reg: func(c *container.Container) error {
				return container.Provide[*vdCat](c, nil, container.As[vdSpeaker]())
			},
			target: func() any { return &vdTwoImpls{} },
		},
		{
			name: "interface: two registered",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vtEnglish](c, nil, container.As[vtGreeter]()),
					container.Provide[*vtFrench](c, nil, container.As[vtGreeter]()),
				)
			},
			target:   func() any { return &vtAmbiguous{} },
			wantFail: container.ErrAmbiguous,
		},
		{
			name: "constructor cycle",
			reg: func(c *container.Container) error {
				return errors.Join(container.Provide[*vtCycX](c, vtNewCycX), container.Provide[*vtCycY](c, vtNewCycY))
			},
			target:   func() any { return &vtCtorCycle{} },
			wantFail: container.ErrCycle,
		},
		{name: "Init-parameter cycle", target: func() any { return &vtInitCycle{} }, wantFail: container.ErrCycle},
		{name: "private-field cycle", target: func() any { return &vtPrivCycle{} }, wantFail: container.ErrCycle},
		{name: "bad tag beneath", target: func() any { return &vtBadTagNested{} }, wantFail: container.ErrBadTag},
		{name: "bad tag at the root", target: func() any { return &vtBadOption{} }, wantFail: container.ErrBadTag},
		{name: "unexported tagged field beneath", target: func() any { return &vtUnexportedNested{} }, wantFail: container.ErrBadTag},
		{name: "factory tag on a pointer", target: func() any { return &vtFactoryTagNested{} }, wantFail: container.ErrBadTag},
		{name: "Init of a bad signature beneath", target: func() any { return &vdBadInitApp{} }, wantFail: container.ErrBadSignature},
		{
			name:     "named value of the wrong type",
			reg:      func(c *container.Container) error { return container.Supply(c, 8080, container.Named("port")) },
			target:   func() any { return &vtWrongType{} },
			wantFail: container.ErrTypeMismatch,
		},
		{
			name:     "Scoped captured by a Singleton",
			reg:      func(c *container.Container) error { return container.Provide[*vtScoped](c, nil, container.Scoped) },
			target:   func() any { return &vtCaptive{} },
			wantFail: container.ErrNoScope,
		},
		{
			name:     "Scoped captured by a Singleton, in a scope",
			reg:      func(c *container.Container) error { return container.Provide[*vtScoped](c, nil, container.Scoped) },
			scope:    true,
			target:   func() any { return &vtCaptive{} },
			wantFail: container.ErrNoScope,
		},
		{
			name:     "Scoped outside any scope",
			reg:      func(c *container.Container) error { return container.Provide[*vtScoped](c, nil, container.Scoped) },
			target:   func() any { return &vtNoScope{} },
			wantFail: container.ErrNoScope,
		},
		{
			name:   "Scoped in a scope",
			reg:    func(c *container.Container) error { return container.Provide[*vtScoped](c, nil, container.Scoped) },
			scope:  true,
			target: func() any { return &vtNoScope{} },
		},
		{
			name: "Scoped service with a per-scope request, in a scope that supplies it",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vdScopedSvc](c, nil, container.Scoped),
					container.Provide[*vdRequest](c, nil, container.ScopeOnly()),
				)
			},
			scope:    true,
			scopeReg: func(s *container.Container) error { return container.Supply(s, &vdRequest{ID: "r1"}) },
			target:   func() any { return &vdScopedApp{} },
		},
		{
			name: "per-scope request in a scope that does not supply it",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vdScopedSvc](c, nil, container.Scoped),
					container.Provide[*vdRequest](c, nil, container.ScopeOnly()),
				)
			},
			scope:    true,
			target:   func() any { return &vdScopedApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "per-scope request outside any scope",
			reg: func(c *container.Container) error {
				return container.Provide[*vdRequest](c, nil, container.ScopeOnly())
			},
			target:   func() any { return &vdReqApp{} },
			wantFail: container.ErrNoScope,
		},
		{
			name:     "a Singleton of the root needs what only the scope supplies",
			reg:      func(c *container.Container) error { return container.Provide[*vdRootSingleton](c, nil) },
			scope:    true,
			scopeReg: func(s *container.Container) error { return container.Supply(s, &vdRequest{ID: "r1"}) },
			target:   func() any { return &vdRootSingletonApp{} },
		},
		{
			name:     "constructor parameter missing",
			reg:      func(c *container.Container) error { return container.Provide[*vtArgX](c, NewVtArgX) },
			target:   func() any { return &vtCtorArg{} },
			wantFail: container.ErrNotFound,
		},
		{
			name:     "constructor parameter of an unregistered struct",
			reg:      func(c *container.Container) error { return container.Provide[*vdCtorSetsField](c, NewVdCtorSetsField) },
			target:   func() any { return &vdCtorApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "constructor parameter registered",
			reg: func(c *container.Container) error {
				return errors.Join(container.Provide[*vdCtorSetsField](c, NewVdCtorSetsField), container.Provide[*vdDB](c, nil))
			},
			target: func() any { return &vdCtorApp{} },
		},
		{name: "Strict: unregistered field", opts: []container.Option{container.Strict()}, target: func() any { return &vdStrictApp{} }, wantFail: container.ErrNotFound},
		{
			name:   "Strict: registered",
			opts:   []container.Option{container.Strict()},
			reg:    func(c *container.Container) error { return container.Provide[*vdDB](c, nil) },
			target: func() any { return &vdStrictApp{} },
		},
		{
			name:     "a failed registration",
			reg:      func(c *container.Container) error { return container.Provide[*vdDB](c, &vdDB{}, container.Transient) },
			lenient:  true,
			target:   func() any { return &vdStrictApp{} },
			wantFail: container.ErrBadInput,
		},
		{
			name:     "AsFactory injected as a product",
			reg:      func(c *container.Container) error { return container.Provide[*vdDB](c, nil, container.AsFactory()) },
			target:   func() any { return &vdProductApp{} },
			wantFail: container.ErrTypeMismatch,
		},
		{
			name:   "AsFactory injected as a factory",
			reg:    func(c *container.Container) error { return container.Provide[*vdDB](c, nil, container.AsFactory()) },
			target: func() any { return &vdFacApp{} },
		},
		{
			name:     "abstract interface without an implementation",
			reg:      func(c *container.Container) error { return container.Provide[vdSpeaker](c, nil) },
			target:   func() any { return &vdAbstractApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "abstract interface overridden",
			reg: func(c *container.Container) error {
				err := container.Provide[vdSpeaker](c, nil)
				_, oerr := container.Override[vdSpeaker](c, &vdDog{})
				return errors.Join(err, oerr)
			},
			target: func() any { return &vdAbstractApp{} },
		},
		{
			name: "For one consumer only",
			reg: func(c *container.Container) error {
				return container.Provide[*vdLogger](c, func() *vdLogger { return &vdLogger{} }, container.For[*vdForA]())
			},
			target:   func() any { return &vdForApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "For each consumer",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vdLogger](c, func() *vdLogger { return &vdLogger{For: "a"} }, container.For[*vdForA]()),
					container.Provide[*vdLogger](c, func() *vdLogger { return &vdLogger{For: "b"} }, container.For[*vdForB]()),
				)
			},
			target: func() any { return &vdForApp{} },
		},
		{name: "label missing", target: func() any { return &vdLabelApp{} }, wantFail: container.ErrNotFound},
		{
			name: "label twice",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vdDB](c, nil, container.Label("env", "prod"), container.Named("a")),
					container.Provide[*vdDB](c, nil, container.Label("env", "prod"), container.Named("b")),
				)
			},
			target:   func() any { return &vdLabelApp{} },
			wantFail: container.ErrAmbiguous,
		},
		{
			name: "label once",
			reg: func(c *container.Container) error {
				return container.Provide[*vdDB](c, nil, container.Label("env", "prod"))
			},
			target: func() any { return &vdLabelApp{} },
		},
		{
			name: "slice with a broken element",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vdPlugOK](c, nil, container.As[vdPlugin]()),
					container.Provide[*vdPlugBroken](c, nil, container.As[vdPlugin]()),
				)
			},
			target:   func() any { return &vdPluginsApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "slice of working elements",
			reg: func(c *container.Container) error {
				return errors.Join(
					port(c),
					container.Provide[*vdPlugOK](c, nil, container.As[vdPlugin]()),
					container.Provide[*vdPlugBroken](c, nil, container.As[vdPlugin]()),
				)
			},
			target: func() any { return &vdPluginsApp{} },
		},
		{
			name:     "private on a registered value",
			reg:      func(c *container.Container) error { return container.Supply(c, &vdDB{DSN: "x"}) },
			target:   func() any { return &vdPrivateValueApp{} },
			wantFail: container.ErrBadTag,
		},
		{name: "Factory of an interface nobody implements", target: func() any { return &vdNobodyFactoryApp{} }, wantFail: container.ErrNotFound},
		{name: "Keyed with no keys", target: func() any { return &vdKeyedApp{} }},
		{
			name:   "Optional constructor parameters missing",
			reg:    func(c *container.Container) error { return container.Provide[*vdOptParam](c, NewVdOptParam) },
			target: func() any { return &vdOptParamApp{} },
		},
		{
			name: "decorator parameter missing",
			reg: func(c *container.Container) error {
				return container.Decorate[*vtHooked](c, func(h *vtHooked, o *vtOther) *vtHooked { return h })
			},
			target:   func() any { return &vtHookedApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "Prepare parameter missing",
			reg: func(c *container.Container) error {
				return container.Prepare[*vtHooked](c, func(ctx context.Context, s string) error { return nil })
			},
			target:   func() any { return &vtHookedApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "Prepare parameter registered",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Supply(c, "cfg"),
					container.Prepare[*vtHooked](c, func(ctx context.Context, s string) error { return nil }),
				)
			},
			target: func() any { return &vtHookedApp{} },
		},
		{
			name: "registration Field and Method of missing dependencies",
			reg: func(c *container.Container) error {
				return container.Provide[*vtHooked](c, nil,
					container.Field("Name", container.Dep[string]()),
					container.Method("SetPort", container.Dep[int]()))
			},
			target:   func() any { return &vtHookedApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name:      "constructor fails (user code)",
			reg:       func(c *container.Container) error { return container.Provide[*vdFailing](c, NewVdFailing) },
			target:    func() any { return &vdFailingApp{} },
			wantFail:  container.ErrConstructor,
			userError: true,
		},
		{
			name:      "Init fails (user code)",
			target:    func() any { return &vdInitFailsApp{} },
			wantFail:  container.ErrInit,
			userError: true,
		},
		{
			name:      "constructor panics (user code)",
			reg:       func(c *container.Container) error { return container.Provide[*vdPanics](c, NewVdPanics) },
			target:    func() any { return &vdPanicsApp{} },
			wantFail:  container.ErrPanic,
			userError: true,
		},
		{
			name: "a Populated value with a missing field",
			reg: func(c *container.Container) error {
				return container.Provide[*vdFillable](c, &vdFillable{}, container.Populated())
			},
			target:   func() any { return &vdFillableApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "a Populated value with its fields",
			reg: func(c *container.Container) error {
				return errors.Join(port(c), container.Provide[*vdFillable](c, &vdFillable{}, container.Populated()))
			},
			target: func() any { return &vdFillableApp{} },
		},
		{
			name:   "a constructor taking an Injection",
			reg:    func(c *container.Container) error { return container.Provide[*vdInjected](c, NewVdInjected) },
			target: func() any { return &vdInjectedApp{} },
		},
		{name: "Init parameter of the root missing", target: func() any { return &vdInitParamRoot{} }, wantFail: container.ErrNotFound},
		{name: "NoInit: Init parameters are not needed", opts: []container.Option{container.NoInit()}, target: func() any { return &vdInitParamRoot{} }},
		{name: "private map and the container", target: func() any { return &vdMapApp{} }},
		{name: "inline struct with a missing name", target: func() any { return &vdInlineApp{} }, wantFail: container.ErrNotFound},
		{name: "embedded inline struct with a missing name", target: func() any { return &vdEmbedApp{} }, wantFail: container.ErrNotFound},
		{
			name:     "PerGraph with a missing dependency",
			reg:      func(c *container.Container) error { return container.Provide[*vdPerGraph](c, nil, container.PerGraph) },
			target:   func() any { return &vdPerGraphApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "Transient with a missing dependency, twice",
			reg: func(c *container.Container) error {
				return container.Provide[*vdPerGraph](c, nil, container.Transient)
			},
			target:   func() any { return &vdPerGraphApp{} },
			wantFail: container.ErrNotFound,
		},
		{name: "many problems", reg: vtManyReg, target: func() any { return &vtMany{} }, wantFail: container.ErrNotFound},
		{name: "many problems in a scope", reg: vtManyReg, scope: true, target: func() any { return &vtMany{} }, wantFail: container.ErrNotFound},
		{name: "optional fields", reg: func(c *container.Container) error { return container.Provide[*vtOptCtorDep](c, NewVtOptCtorDep) }, target: func() any { return &vtOptional{} }},
		{
			name: "fields and Init of what constructors and a Provider return",
			reg: func(c *container.Container) error {
				return errors.Join(
					container.Provide[*vdCtorMissing](c, NewVdCtorMissing),
					container.Provide[*vdCtorInitMissing](c, NewVdCtorInitMissing),
					container.Provide[*vdProvMissing](c, vdProvider{}),
				)
			},
			target:   func() any { return &vdCtorResultsApp{} },
			wantFail: container.ErrNotFound,
		},
		{
			name: "Init of what a constructor returns",
			reg: func(c *container.Container) error {
				return errors.Join(
					port(c),
					container.Provide[*vdCtorMissing](c, NewVdCtorMissing),
					container.Provide[*vdCtorInitMissing](c, NewVdCtorInitMissing),
					container.Provide[*vdProvMissing](c, vdProvider{}),
				)
			},
			target:   func() any { return &vdCtorResultsApp{} },
			wantFail: container.ErrNotFound,
		},
		{name: "nil pointer stands for a zero value", reg: vtManyReg, target: func() any { return (*vtMany)(nil) }, wantFail: container.ErrNotFound},
	}
}

// vdMake returns a fresh container with g's registrations, and where the
// call is made (it or a scope of it).
func vdMake(t *testing.T, g vdGraph) (c, at *container.Container) {
	t.Helper()
	c = container.New(g.opts...)
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	if g.reg != nil {
		if err := g.reg(c); err != nil && !g.lenient {
			t.Fatalf("registration: %v", err)
		}
	}
	at = c
	if g.scope {
		at = c.NewScope()
		if g.scopeReg != nil {
			require.NoError(t, g.scopeReg(at), "scope registration")
		}
	}
	return c, at
}

func TestValidateAgreesWithPopulate(t *testing.T) {
	ctx := context.Background()
	graphs := vdGraphs()
	require.GreaterOrEqual(t, len(graphs), 15)
	for _, g := range graphs {
		t.Run(g.name, func(t *testing.T) {
			_, vc := vdMake(t, g)
			_, pc := vdMake(t, g)
			verr := vc.Validate(ctx, g.target())
			// Populate takes a zero T where Validate takes (*T)(nil).
			populateTarget := func() any {
				tg := g.target()
				if rv := reflect.ValueOf(tg); rv.IsNil() {
					tg = reflect.New(rv.Type().Elem()).Interface()
				}
				return tg
			}
			perr := pc.Populate(ctx, populateTarget())

			// The table says what Populate does.
			if g.wantFail == nil {
				require.NoError(t, perr, "Populate")
			} else {
				require.ErrorIs(t, perr, g.wantFail, "Populate")
			}
			require.Equal(t, g.userError, vdUserFailure(perr), "Populate's failure is user code: %v", perr)

			if d := vdDisagree(verr, perr); d != "" {
				t.Fatalf("%s\nValidate:%s", d, vtDescribe(vtProblems(t, verr)))
			}
			if dup := vdDuplicates(verr); len(dup) > 0 {
				t.Errorf("problems reported more than once: %q", dup)
			}
			if g.userError {
				// Nothing else is wrong in these graphs.
				require.NoError(t, verr, "Validate")
			}

			// Validate changed nothing: Populate of the validated
			// container does what Populate of a fresh one did.
			perr2 := vc.Populate(ctx, populateTarget())
			require.Equal(t, vdKeys(perr), vdKeys(perr2), "Populate after Validate")

			// And Validate does not depend on what Populate built (or
			// rolled back).
			require.Equal(t, vdKeys(verr), vdKeys(pc.Validate(ctx, g.target())), "Validate after Populate")
		})
	}
}

// ---------------------------------------------------------------------------
// Several targets in one call. Populate resolves them in one call: they
// share its roots (an interface field may be satisfied by a struct that
// another target reaches) and a target can be the instance of its own type
// that another target asks for. Validate must agree.

type vdIfaceUser struct {
	S vdSpeaker `inject:""`
}

type vdDogOwner struct {
	D *vdDog `inject:""`
}

type vdCatOwner struct {
	C *vdCat `inject:""`
}

// vdSelfish can be asked for in its own graph (Self), so a vdSelfish
// target is the container's instance of *vdSelfish during Populate.
type vdSelfish struct {
	Self *vdSelfish `inject:""`
	Name string     `inject:"name=name"`
}

type vdSelfishUser struct {
	S *vdSelfish `inject:""`
}

type vdSeveral struct {
	name     string
	targets  func() []any
	wantFail error
}

func vdSeveralGraphs() []vdSeveral {
	return []vdSeveral{
		{
			name:    "an interface implemented by a struct another target reaches",
			targets: func() []any { return []any{&vdIfaceUser{}, &vdDogOwner{}} },
		},
		{
			name:     "an interface implemented by structs two other targets reach",
			targets:  func() []any { return []any{&vdIfaceUser{}, &vdDogOwner{}, &vdCatOwner{}} },
			wantFail: container.ErrAmbiguous,
		},
		{
			name:    "a preset target is the instance another target asks for (it first)",
			targets: func() []any { return []any{&vdSelfishUser{}, &vdSelfish{Name: "preset"}} },
		},
		{
			name:    "a preset target is the instance another target asks for (it last)",
			targets: func() []any { return []any{&vdSelfish{Name: "preset"}, &vdSelfishUser{}} },
		},
		{
			name:     "the problem of a later target whose tags are invalid comes first",
			targets:  func() []any { return []any{&vtMissName{}, &vtBadOption{}} },
			wantFail: container.ErrBadTag,
		},
		{
			name:     "several targets, each with a problem",
			targets:  func() []any { return []any{&vtMissName{}, &vtMissIface{}} },
			wantFail: container.ErrNotFound,
		},
		{
			name:    "several good targets",
			targets: func() []any { return []any{&vdApp{}, &vdRingApp{}, (*vdOneImpl)(nil)} },
		},
	}
}

func TestValidateAgreesWithPopulate_SeveralTargets(t *testing.T) {
	ctx := context.Background()
	for _, g := range vdSeveralGraphs() {
		t.Run(g.name, func(t *testing.T) {
			vc, pc := vtNew(t, nil), vtNew(t, nil)
			verr := vc.Validate(ctx, g.targets()...)
			var ptargets []any
			for _, tg := range g.targets() {
				if rv := reflect.ValueOf(tg); rv.IsNil() {
					tg = reflect.New(rv.Type().Elem()).Interface()
				}
				ptargets = append(ptargets, tg)
			}
			perr := pc.Populate(ctx, ptargets...)
			if g.wantFail == nil {
				require.NoError(t, perr, "Populate")
			} else {
				require.ErrorIs(t, perr, g.wantFail, "Populate")
			}
			if d := vdDisagree(verr, perr); d != "" {
				t.Errorf("Validate disagrees with Populate: %s\nValidate:%s", d, vtDescribe(vtProblems(t, verr)))
			}
		})
	}
}

// ---------------------------------------------------------------------------
// (b) FuzzValidateAgrees: the random graph shapes of FuzzPopulate.

// vdSeeds returns the inputs of the FuzzPopulate corpus and a
// deterministic set of generated ones.
func vdSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	dir := filepath.Join("testdata", "fuzz", "FuzzPopulate")
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatalf("reading the FuzzPopulate corpus: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := vdReadCorpusFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatalf("%s: %v", e.Name(), err)
		}
		seeds = append(seeds, data)
	}
	if len(seeds) == 0 {
		tb.Fatalf("the FuzzPopulate corpus in %s is empty", dir)
	}
	rng := rand.New(rand.NewPCG(20261201, 42))
	for range 400 {
		b := make([]byte, 5+rng.IntN(40))
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		b[0] &^= 0x30 // a live context: the shapes' ctx mode is not used here
		seeds = append(seeds, b)
	}
	return seeds
}

// vdReadCorpusFile reads a "go test fuzz v1" file with one []byte value.
func vdReadCorpusFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != "go test fuzz v1" {
		return nil, fmt.Errorf("not a go test fuzz v1 file")
	}
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		lit, ok := strings.CutPrefix(line, "[]byte(")
		lit, ok2 := strings.CutSuffix(lit, ")")
		if !ok || !ok2 {
			return nil, fmt.Errorf("unexpected line %q", line)
		}
		s, err := strconv.Unquote(lit)
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", line, err)
		}
		return []byte(s), nil
	}
	return nil, fmt.Errorf("no value")
}

// vdRun makes a container with the shape's registrations (none for the
// package-level Populate) and returns the run and where calls are made.
func vdRun(t *testing.T, s *fzShape, label string) *fzRun {
	r := &fzRun{t: t, s: s, ctx: context.Background()}
	r.step("%s", label)
	r.c = container.New()
	r.pc = r.c
	if s.api != 1 {
		r.register()
	}
	if s.api == 2 {
		r.pc = r.c.NewScope()
	}
	return r
}

// vdValidate calls Validate (with the target twice for that API) in a
// goroutine with a deadline; it fails the test on a panic or a hang.
func (r *fzRun) vdValidate(step string, target reflect.Value) error {
	r.t.Helper()
	tg := target.Interface()
	out := r.call(func() error {
		if r.s.api == 3 {
			return r.pc.Validate(r.ctx, tg, tg)
		}
		return r.pc.Validate(r.ctx, tg)
	})
	switch {
	case out.goexit:
		r.fail("%s: Validate ended its goroutine (runtime.Goexit), but it runs no user code", step)
	case out.userExit:
		r.fail("%s: Validate ran user code (a constructor called runtime.Goexit)", step)
	}
	err := r.outcome(step, out, false)
	for _, p := range vtSplit(err) {
		r.kindOf(step, p)
	}
	return err
}

// vdPopulate calls Populate like FuzzPopulate's API does, in a goroutine
// with a deadline. A runtime.Goexit in user code is returned as
// fzErrGoexit.
func (r *fzRun) vdPopulate(step string, target reflect.Value) error {
	r.t.Helper()
	tg := target.Interface()
	r.calls.Store(0)
	out := r.call(func() error {
		if r.s.api == 3 {
			return r.pc.Populate(r.ctx, tg, tg)
		}
		return r.pc.Populate(r.ctx, tg)
	})
	err := r.outcome(step, out, false)
	if err != nil && err != fzErrGoexit {
		r.kindOf(step, err)
	}
	return err
}

// vdAgree runs one shape: Validate in one container, Populate in another,
// and then each call again in the other container.
func vdAgree(t *testing.T, s *fzShape) {
	t.Helper()
	rv := vdRun(t, s, "container V: registrations")
	defer func() { _ = rv.c.Close(context.Background()) }()
	rp := vdRun(t, s, "container P: registrations")
	defer func() { _ = rp.c.Close(context.Background()) }()
	root := s.root()

	// Validate on V, with a zero target that must stay zero.
	tv := reflect.New(root)
	verr := rv.vdValidate(rv.step("Validate on V"), tv)
	rv.note("%d problem(s): %q", len(vtSplit(verr)), vdKeys(verr))
	if !tv.Elem().IsZero() {
		rv.fail("Validate modified its target")
	}
	// Graph makes the same walk and returns Validate's error.
	step := rv.step("Graph on V")
	gout := rv.call(func() error {
		tg := reflect.New(root).Interface()
		var err error
		if s.api == 3 {
			_, err = rv.pc.Graph(rv.ctx, tg, tg)
		} else {
			_, err = rv.pc.Graph(rv.ctx, tg)
		}
		return err
	})
	if gerr := rv.outcome(step, gout, false); !slices.Equal(vdKeys(verr), vdKeys(gerr)) {
		rv.fail("Graph's error differs from Validate's:\n  Graph:    %q\n  Validate: %q", vdKeys(gerr), vdKeys(verr))
	}

	// Populate on P.
	perr := rp.vdPopulate(rp.step("Populate on P"), reflect.New(root))
	rp.note("%v", perr)
	user := perr == fzErrGoexit || vdUserFailure(perr)

	if !user {
		if d := vdDisagree(verr, perr); d != "" {
			rv.fail("Validate disagrees with Populate: %s\n\nValidate:%s", d, vtDescribe(vtProblems(t, verr)))
		}
	}
	if dup := vdDuplicates(verr); len(dup) > 0 {
		rv.fail("Validate reported problems more than once: %q", dup)
	}

	// Validate changed nothing on V: Populate there does what it did on P.
	perr2 := rv.vdPopulate(rv.step("Populate on V after Validate"), reflect.New(root))
	rv.note("%v", perr2)
	if perr == fzErrGoexit || perr2 == fzErrGoexit {
		return
	}
	if !slices.Equal(vdKeys(perr), vdKeys(perr2)) {
		rv.fail("Populate after Validate differs from Populate in a fresh container:\n  after Validate: %v\n  fresh:          %v", perr2, perr)
	}

	// Validate on P, after its Populate: the result does not depend on
	// what was built or rolled back.
	verr2 := rp.vdValidate(rp.step("Validate on P after Populate"), reflect.New(root))
	if !slices.Equal(vdKeys(verr), vdKeys(verr2)) {
		rp.fail("Validate after Populate differs from Validate in a fresh container:\n  after Populate: %q\n  fresh:          %q", vdKeys(verr2), vdKeys(verr))
	}
	if notes := fzTakeNotes(); len(notes) > 0 {
		rp.fail("user code saw contract violations:\n  %s", strings.Join(notes, "\n  "))
	}
}

// FuzzValidateAgrees decodes the input into a graph shape (fzDecode),
// registers it in two fresh containers, and checks that Validate on one
// agrees with Populate on the other: Populate succeeds exactly when
// Validate returns nil, and when Populate fails for a reason that is not
// user code, Validate's first problem has Populate's Kind and Path. Its
// regression inputs live in testdata/fuzz/FuzzValidateAgrees; it is
// seeded with the FuzzPopulate corpus and generated inputs.
func FuzzValidateAgrees(f *testing.F) {
	for _, data := range vdSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer debug.SetMaxStack(debug.SetMaxStack(256 << 20))
		s, err := fzDecode(data)
		if err != nil {
			t.Fatalf("%v", err)
		}
		fzTakeNotes()
		vdAgree(t, s)
	})
}
