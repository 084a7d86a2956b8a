package container_test

// FuzzPopulate: random object-graph shapes, built with reflect.StructOf at
// run time, are populated, and the answer must be a typed error or a fully
// populated graph; never a panic or a hang. Every top-level identifier here
// starts with "fz". Seeds live in testdata/fuzz/FuzzPopulate.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/tags"
)

// fzTimeout bounds every call into the container.
const fzTimeout = 2 * time.Second

// ---------------------------------------------------------------------------
// Predeclared types. Generated structs point at these; they provide what
// reflect.StructOf cannot express: recursive types, methods (Init,
// interface implementations) and named generic instantiations.

type fzLeaf struct{ N int }

// fzA and fzB form a pointer cycle through fields (allowed).
type fzA struct {
	B *fzB `inject:""`
}

type fzB struct {
	A *fzA    `inject:""`
	L *fzLeaf `inject:""`
}

// fzSelf points at itself (allowed).
type fzSelf struct {
	Self *fzSelf `inject:""`
	L    *fzLeaf `inject:"optional"`
}

// fzPrivA and fzPrivB form a cycle through private fields (ErrCycle).
type fzPrivA struct {
	B *fzPrivB `inject:"private"`
}

type fzPrivB struct {
	A *fzPrivA `inject:"private"`
}

// fzInitDep has an Init method that takes a dependency.
type fzInitDep struct {
	L     *fzLeaf `inject:""`
	inits int
}

func (d *fzInitDep) Init(ctx context.Context, a *fzA) error {
	d.inits++
	if d.inits > 1 {
		fzNote("fzInitDep.Init ran %d times on one instance", d.inits)
	}
	if ctx == nil {
		fzNote("fzInitDep.Init got a nil context")
	}
	if a == nil || a.B == nil {
		fzNote("fzInitDep.Init got an incomplete *fzA (%v)", a)
	}
	if d.L == nil {
		fzNote("fzInitDep.Init ran before its field L was set")
	}
	return nil
}

// fzInitErr's Init always fails (ErrInit).
type fzInitErr struct {
	L *fzLeaf `inject:""`
}

var fzErrInit = errors.New("fz: Init fails")

func (*fzInitErr) Init() error { return fzErrInit }

// fzInitCycA's Init takes fzInitCycB, which points back at fzInitCycA: a
// cycle through an Init parameter when fzInitCycB is reached first.
type fzInitCycA struct {
	B     *fzInitCycB `inject:""`
	inits int
}

func (a *fzInitCycA) Init(b *fzInitCycB) {
	a.inits++
	if a.inits > 1 {
		fzNote("fzInitCycA.Init ran %d times on one instance", a.inits)
	}
	if b == nil || b.A == nil {
		fzNote("fzInitCycA.Init got an incomplete *fzInitCycB (%v)", b)
	}
}

type fzInitCycB struct {
	A *fzInitCycA `inject:""`
}

// fzPanicky is built by the constructor that fzShape registers (when it
// does); that constructor panics, exits the goroutine or fails, depending
// on the input.
type fzPanicky struct {
	L *fzLeaf `inject:""`
	N int
}

// fzDeep misses a registration two levels down: string by type.
type fzDeep struct {
	M *fzMid `inject:""`
}

type fzMid struct {
	S string `inject:""`
}

// fzCallbackCtx calls back into its container from Init with the ctx it
// was given; fzCallbackBg does so through a factory with
// context.Background(). Both must succeed (no cycle).
type fzCallbackCtx struct {
	C   *container.Container `inject:""`
	got *fzLeaf
}

func (cb *fzCallbackCtx) Init(ctx context.Context) error {
	l, err := container.Resolve[*fzLeaf](ctx, cb.C)
	if err != nil {
		return err
	}
	if l == nil {
		fzNote("Resolve[*fzLeaf] from fzCallbackCtx.Init returned nil without an error")
	}
	cb.got = l
	return nil
}

type fzCallbackBg struct {
	F   container.Factory[*fzLeaf] `inject:""`
	got *fzLeaf
}

func (cb *fzCallbackBg) Init() error {
	l, err := cb.F.New(context.Background())
	if err != nil {
		return err
	}
	if l == nil {
		fzNote("Factory[*fzLeaf].New from fzCallbackBg.Init returned nil without an error")
	}
	cb.got = l
	return nil
}

// fzVal is a struct value type with tagged fields (for inline fields).
type fzVal struct {
	L *fzLeaf `inject:""`
	S *fzSelf `inject:"optional"`
}

// Interfaces and their implementations. fzIface1Twin has the method set
// of fzIface1; fzIfaceNone has no implementation.
type fzIface1 interface{ FzM1() }

type fzIface1Twin interface{ FzM1() }

type fzIface2 interface{ FzM2() }

type fzIfaceNone interface{ FzNone() }

type fzImpl1a struct {
	L *fzLeaf `inject:""`
}

func (*fzImpl1a) FzM1() {}

type fzImpl1b struct {
	A *fzA `inject:""`
}

func (*fzImpl1b) FzM1() {}

type fzImpl2 struct {
	I fzIface1 `inject:"optional"`
}

func (*fzImpl2) FzM2() {}

// ---------------------------------------------------------------------------
// Contract violations seen by user code (an Init run twice, a cleanup run
// twice, an incomplete dependency). Inputs run one at a time in a process,
// so one list is enough; it is reset for every input.

var fzNotes struct {
	sync.Mutex
	list []string
}

func fzNote(format string, args ...any) {
	fzNotes.Lock()
	defer fzNotes.Unlock()
	fzNotes.list = append(fzNotes.list, fmt.Sprintf(format, args...))
}

func fzTakeNotes() []string {
	fzNotes.Lock()
	defer fzNotes.Unlock()
	l := fzNotes.list
	fzNotes.list = nil
	return l
}

// ---------------------------------------------------------------------------
// Catalogues the input picks from.

type fzKind uint8

const (
	fzKPtrGen    fzKind = iota // pointer to an earlier generated struct
	fzKValGen                  // an earlier generated struct, by value (inline or embedded)
	fzKPtrPre                  // pointer to a predeclared struct
	fzKIface                   // interface
	fzKSlice                   // slice
	fzKMap                     // map
	fzKFunc                    // func
	fzKFactory                 // container.Factory / container.Keyed
	fzKScalar                  // string, int, struct value
	fzKContainer               // *container.Container
	fzKVal                     // fzVal by value
)

// fzKindOf maps the low nibble of a kind byte: pointers weigh more.
var fzKindOf = [16]fzKind{
	fzKPtrGen, fzKPtrGen, fzKValGen, fzKPtrPre, fzKPtrPre, fzKPtrPre, fzKIface, fzKIface,
	fzKSlice, fzKMap, fzKFunc, fzKFactory, fzKFactory, fzKScalar, fzKContainer, fzKVal,
}

func fzT[T any]() reflect.Type { return reflect.TypeFor[T]() }

var (
	fzPtrPre = []reflect.Type{ // 16 entries: the low nibble picks one
		fzT[*fzLeaf](), fzT[*fzA](), fzT[*fzB](), fzT[*fzSelf](),
		fzT[*fzPrivA](), fzT[*fzInitDep](), fzT[*fzInitErr](), fzT[*fzPanicky](),
		fzT[*fzImpl1a](), fzT[*fzImpl1b](), fzT[*fzImpl2](), fzT[*fzCallbackCtx](),
		fzT[*fzCallbackBg](), fzT[*fzDeep](), fzT[*fzInitCycB](), fzT[*fzInitCycA](),
	}
	fzIfaces = []reflect.Type{fzT[fzIface1](), fzT[fzIface2](), fzT[fzIfaceNone](), fzT[any](), fzT[fzIface1Twin]()}
	fzSlices = []reflect.Type{fzT[[]*fzLeaf](), fzT[[]fzIface1](), fzT[[]*fzPanicky](), fzT[[]any]()}
	fzMaps   = []reflect.Type{
		fzT[map[string]*fzLeaf](),
		fzT[map[string]container.Factory[*fzLeaf]](),
		fzT[map[string]func() (*fzLeaf, error)](),
		fzT[map[int]container.Factory[*fzLeaf]](),
		fzT[map[string]container.Keyed[string, *fzLeaf]](), // not a factory map
	}
	fzFuncs = []reflect.Type{
		fzT[func() (*fzLeaf, error)](),
		fzT[func(context.Context) (*fzPanicky, error)](),
		fzT[func() *fzA](),
		fzT[func(int) *fzLeaf](), // not a factory shape
		fzT[func() (fzIface1, error)](),
		fzT[func() error](), // not a factory shape
	}
	fzFactories = []reflect.Type{
		fzT[container.Factory[*fzLeaf]](),
		fzT[container.Factory[fzIface1]](),
		fzT[container.Factory[*fzPanicky]](),
		fzT[container.Factory[*fzA]](),
		fzT[container.Keyed[string, *fzLeaf]](),
		fzT[container.Factory[*fzInitErr]](),
		fzT[container.Factory[*fzPrivA]](),
		fzT[container.Keyed[int, *fzLeaf]](),
	}
	fzScalars = []reflect.Type{fzT[string](), fzT[int](), fzT[fzLeaf]()}
)

// Struct tags. A tag byte below 0xC0 picks a tag that suits the field's
// kind, below 0xF0 any well-formed tag, else a malformed one.
var (
	fzTagsPtr     = []string{`inject:""`, `inject:""`, `inject:"optional"`, `inject:"private"`, `inject:"private,optional"`, `inject:",optional"`}
	fzTagsVal     = []string{`inject:"inline"`, `inject:"inline"`, `inject:"inline"`, `inject:""`, `inject:"optional"`, ``}
	fzTagsIface   = []string{`inject:""`, `inject:""`, `inject:"optional"`, `inject:"private"`, `inject:"name=x"`, `inject:"name=x,optional"`}
	fzTagsSlice   = []string{`inject:""`, `inject:"optional"`, `inject:"name=x,optional"`}
	fzTagsMap     = []string{`inject:"private"`, `inject:"factory"`, `inject:"name=x,optional"`, `inject:"factory,optional"`}
	fzTagsFunc    = []string{`inject:"factory"`, `inject:"factory,optional"`, `inject:"factory,name=x"`, `inject:""`, `inject:"name=x,optional"`}
	fzTagsFactory = []string{`inject:""`, `inject:"factory"`, `inject:"optional"`, `inject:"factory,name=x"`}
	fzTagsScalar  = []string{`inject:"x"`, `inject:"name=x,optional"`, `inject:""`, `inject:"optional"`} // "x" is a bare name
	fzTagsCont    = []string{`inject:""`, `inject:"optional"`}
	fzTagsAny     = []string{ // 16 entries
		`inject:""`, `inject:"optional"`, `inject:"private"`, `inject:"inline"`,
		`inject:"factory"`, `inject:"name=x"`, `inject:"x,optional"`, `inject:"private,optional"`,
		`inject:"factory,optional"`, `inject:",optional"`, `inject:"factory,name=x"`, ``,
		`json:"f"`, `inject:"name=nope,optional"`, `inject:"name=nope"`, `inject:"optional" json:"f"`,
	}
	fzTagsBad = []string{ // 8 entries
		`inject:"optinal"`, `inject:"private,name=x"`, `inject:"inline,optional"`, `inject:"name="`,
		`inject:"optional,optional"`, `Inject:""`, `inject:"" inject:"optional"`, `inject:"`,
	}
)

func fzSuitableTags(k fzKind) []string {
	switch k {
	case fzKPtrGen, fzKPtrPre:
		return fzTagsPtr
	case fzKValGen, fzKVal:
		return fzTagsVal
	case fzKIface:
		return fzTagsIface
	case fzKSlice:
		return fzTagsSlice
	case fzKMap:
		return fzTagsMap
	case fzKFunc:
		return fzTagsFunc
	case fzKFactory:
		return fzTagsFactory
	case fzKScalar:
		return fzTagsScalar
	}
	return fzTagsCont
}

// Constructor behaviours of the registered fzPanicky constructor.
const (
	fzCtorOK           = iota
	fzCtorPanic        // panic with a string
	fzCtorPanicErr     // panic with an error value
	fzCtorRuntime      // a runtime error (nil map write)
	fzCtorGoexit       // runtime.Goexit
	fzCtorNil          // a nil *fzPanicky and a nil error
	fzCtorErr          // an error
	fzCtorCleanupPanic // succeeds; its cleanup panics
)

var fzCtorNames = [...]string{"ok", "panic(string)", "panic(error)", "runtime error", "runtime.Goexit", "returns nil, nil", "returns an error", "cleanup panics"}

var fzLifetimes = [...]container.Lifetime{container.Singleton, container.Transient, container.PerGraph, container.Scoped}

var fzXNames = [...]string{
	`Supply(c, "xval", Named("x"))`, `Supply(c, 42, Named("x"))`,
	`Supply(c, &fzLeaf{N: 7}, Named("x"))`, `Provide[fzIface1](c, &fzImpl1a{L: ...}, Named("x"))`,
	`Supply(c, a (a.B.A == a), Named("x"))`, `Supply(c, map[string]*fzLeaf{"k": ...}, Named("x"))`,
	`Supply(c, func() (*fzLeaf, error) {...}, Named("x"))`, `Supply(c, &fzPanicky{L: ...}, Named("x"))`,
}

// fzAsNames are the registrations made with As (an implementation also
// provided as an interface) or an abstract interface.
var fzAsNames = [...]string{
	"Provide[*fzImpl1a](c, nil, As[fzIface1]())", "Provide[*fzImpl1b](c, nil, As[fzIface1]())",
	"Provide[*fzImpl2](c, nil, As[fzIface2]())",
	"Provide[fzIface1Twin](c, nil, As[fzIface1]())",
	"Provide[fzIface1Twin](c, nil, As[fzIface1]()) + Provide[fzIface1](c, nil, As[fzIface1Twin]())",
	"Provide[*fzImpl2](c, nil, As[any]())", `Provide[*fzImpl1a](c, nil, As[fzIface1](), Named("x"))`,
	"Provide[fzIface2](c, nil)",
}

var fzAPINames = [...]string{"c.Populate(ctx, &v)", "container.Populate(&v)", "scope.Populate(ctx, &v)", "c.Populate(ctx, &v, &v)"}
var fzTwiceNames = [...]string{"once", "twice on the same target", "twice, the second time on a fresh target"}
var fzCtxNames = [...]string{"context.Background()", "a live cancellable ctx", "an already cancelled ctx"}

// ---------------------------------------------------------------------------
// The decoded shape.

type fzField struct {
	name       string
	typ        reflect.Type
	desc       string // the type as written in String
	kind       fzKind
	tag        string
	embedded   bool
	unexported bool
}

type fzStruct struct {
	fields []fzField
	typ    reflect.Type
}

type fzShape struct {
	api      int // index into fzAPINames
	twice    int // index into fzTwiceNames
	ctxMode  int // index into fzCtxNames
	callFacs bool
	close    bool

	// Registrations (not used by the package-level Populate).
	provPanicky bool
	ctorMode    int
	ctorAfter   int // successful constructor calls per step before ctorMode applies
	life        container.Lifetime
	asFactory   bool
	instX       bool
	xKind       int
	bind        bool
	bindKind    int
	provLeaf    bool
	provLeaf2   bool
	structImpl  bool
	implTrans   bool

	structs []fzStruct // the last one is the root
}

func (s *fzShape) root() reflect.Type { return s.structs[len(s.structs)-1].typ }

// String renders the shape for failure messages.
func (s *fzShape) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "api: %s, %s, ctx: %s", fzAPINames[s.api], fzTwiceNames[s.twice], fzCtxNames[s.ctxMode])
	if s.callFacs {
		b.WriteString(", then call the factories")
	}
	if s.close {
		b.WriteString(", then Close")
	}
	fmt.Fprintf(&b, "\nexpected: %s", fzClassNames[s.expect()])
	b.WriteString("\nregistrations:")
	var regs []string
	if s.api != 1 {
		if s.provPanicky {
			r := fmt.Sprintf("Provide[*fzPanicky](ctor: %s after %d good calls per step, %v", fzCtorNames[s.ctorMode], s.ctorAfter, s.life)
			if s.asFactory {
				r += ", AsFactory"
			}
			regs = append(regs, r+")")
		}
		if s.instX {
			regs = append(regs, fzXNames[s.xKind])
		}
		// As[fzIface1] on *fzImpl1b goes on its zero-value registration
		// when there is one (listed below).
		if s.bind && (s.bindKind != 1 || !s.structImpl) {
			regs = append(regs, fzAsNames[s.bindKind])
		}
		if s.provLeaf {
			regs = append(regs, "Provide[*fzLeaf](func() *fzLeaf)")
		}
		if s.provLeaf2 {
			regs = append(regs, "Provide[*fzLeaf](func(ctx) (*fzLeaf, error))")
		}
		if s.structImpl {
			r := "Provide[*fzImpl1b](c, nil"
			if s.implTrans {
				r += ", Transient"
			}
			if s.bind && s.bindKind == 1 {
				r += ", As[fzIface1]()"
			}
			r += ")"
			regs = append(regs, r)
		}
	}
	if len(regs) == 0 {
		b.WriteString(" none")
	}
	for _, r := range regs {
		b.WriteString("\n  ")
		b.WriteString(r)
	}
	for i, st := range s.structs {
		fmt.Fprintf(&b, "\ntype S%d struct {", i)
		if i == len(s.structs)-1 {
			b.WriteString(" // root")
		}
		for _, f := range st.fields {
			b.WriteString("\n\t")
			if !f.embedded {
				b.WriteString(f.name)
				b.WriteString(" ")
			} else {
				b.WriteString("/* embedded " + f.name + " */ ")
			}
			b.WriteString(f.desc)
			if f.tag != "" {
				b.WriteString(" `" + f.tag + "`")
			}
		}
		b.WriteString("\n}")
		if p := fzPlanOf(st.typ); p != fzPlanGood {
			fmt.Fprintf(&b, " // plan: %s", fzPlanNames[p])
		}
	}
	return b.String()
}

// fzReader hands out the input bytes, then zeros.
type fzReader struct {
	b []byte
	i int
}

func (r *fzReader) next() byte {
	if r.i >= len(r.b) {
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

// fzDecode turns the input into a shape. The layout:
//
//	byte 0: bits 0-1 api (fzAPINames), bits 2-3 twice (mod 3), bits 4-5 ctx
//	        (mod 3), bit 6 call the factories, bit 7 Close at the end
//	byte 1: registrations: bit 0 Provide[*fzPanicky], 1 a value named "x",
//	        2 an As or abstract registration (byte 3), 3 Provide[*fzLeaf], 4
//	        Provide[*fzImpl1b](c, nil), 5 its Transient lifetime, 6 a second
//	        Provide[*fzLeaf]
//	byte 2: fzPanicky constructor: bits 0-2 behaviour (fzCtorNames), 3-4
//	        lifetime, 5-6 good calls per step first, bit 7 AsFactory
//	byte 3: bits 0-2 the type of "x" (fzXNames), bits 3-5 the As or abstract
//	        registration (fzAsNames)
//	byte 4: number of generated structs, 1 + b%4; then for each struct one
//	        byte with its number of fields (b%7) and three bytes per field:
//	        kind (fzKindOf[b%16]); tag (below 0xC0 one suited to the kind,
//	        fzSuitableTags, below 0xF0 any well-formed one, fzTagsAny, else
//	        a malformed one, fzTagsBad); argument (low nibble: which type of
//	        the kind's catalogue, or which earlier struct; bit 4: embedded,
//	        for generated struct values; b >= 0xE0: an unexported name)
//
// Missing bytes read as zero. Struct i may refer to structs 0..i-1; the
// last struct is the root.
func fzDecode(data []byte) (s *fzShape, err error) {
	r := &fzReader{b: data}
	s = &fzShape{}
	h := r.next()
	s.api = int(h & 3)
	s.twice = int(h>>2&3) % 3
	s.ctxMode = int(h>>4&3) % 3
	s.callFacs = h&0x40 != 0
	s.close = h&0x80 != 0
	reg := r.next()
	s.provPanicky = reg&1 != 0
	s.instX = reg&2 != 0
	s.bind = reg&4 != 0
	s.provLeaf = reg&8 != 0
	s.structImpl = reg&16 != 0
	s.implTrans = reg&32 != 0
	s.provLeaf2 = reg&64 != 0
	pm := r.next()
	s.ctorMode = int(pm & 7)
	s.life = fzLifetimes[pm>>3&3]
	s.ctorAfter = int(pm >> 5 & 3)
	s.asFactory = pm&0x80 != 0
	xb := r.next()
	s.xKind = int(xb & 7)
	s.bindKind = int(xb >> 3 & 7)
	n := 1 + int(r.next()%4)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("harness bug: building the struct types panicked: %v", p)
		}
	}()
	for i := range n {
		var st fzStruct
		nf := int(r.next() % 7)
		var sfs []reflect.StructField
		for j := range nf {
			kb, tb, ab := r.next(), r.next(), r.next()
			f := fzField{kind: fzKindOf[kb&15]}
			sub := int(ab & 15)
			f.unexported = ab >= 0xE0
			switch f.kind {
			case fzKPtrGen:
				if i == 0 {
					f.typ, f.desc = fzT[*fzLeaf](), "*fzLeaf"
				} else {
					tgt := sub % i
					f.typ, f.desc = reflect.PointerTo(s.structs[tgt].typ), fmt.Sprintf("*S%d", tgt)
				}
			case fzKValGen:
				if i == 0 {
					f.typ, f.desc = fzT[fzVal](), "fzVal"
				} else {
					tgt := sub % i
					f.typ, f.desc = s.structs[tgt].typ, fmt.Sprintf("S%d", tgt)
					f.embedded = ab&0x10 != 0 && !f.unexported
				}
			case fzKPtrPre:
				f.typ = fzPtrPre[sub%len(fzPtrPre)]
			case fzKIface:
				f.typ = fzIfaces[sub%len(fzIfaces)]
			case fzKSlice:
				f.typ = fzSlices[sub%len(fzSlices)]
			case fzKMap:
				f.typ = fzMaps[sub%len(fzMaps)]
			case fzKFunc:
				f.typ = fzFuncs[sub%len(fzFuncs)]
			case fzKFactory:
				f.typ = fzFactories[sub%len(fzFactories)]
			case fzKScalar:
				f.typ = fzScalars[sub%len(fzScalars)]
			case fzKContainer:
				f.typ = fzT[*container.Container]()
			case fzKVal:
				f.typ = fzT[fzVal]()
			}
			if f.desc == "" {
				f.desc = fzTypeString(f.typ)
			}
			switch {
			case tb < 0xC0:
				l := fzSuitableTags(f.kind)
				f.tag = l[int(tb)%len(l)]
			case tb < 0xF0:
				f.tag = fzTagsAny[int(tb)%len(fzTagsAny)]
			default:
				f.tag = fzTagsBad[int(tb)%len(fzTagsBad)]
			}
			sf := reflect.StructField{Type: f.typ, Tag: reflect.StructTag(f.tag)}
			switch {
			case f.embedded:
				f.name = fmt.Sprintf("E%d", j)
				sf.Anonymous = true
			case f.unexported:
				f.name = fmt.Sprintf("f%d", j)
				sf.PkgPath = "github.com/tagwire/tagwire/container_test"
			default:
				f.name = fmt.Sprintf("F%d", j)
			}
			sf.Name = f.name
			st.fields = append(st.fields, f)
			sfs = append(sfs, sf)
		}
		st.typ = reflect.StructOf(sfs)
		s.structs = append(s.structs, st)
	}
	return s, nil
}

func fzTypeString(t reflect.Type) string {
	s := t.String()
	s = strings.ReplaceAll(s, "github.com/tagwire/tagwire/container_test.", "")
	s = strings.ReplaceAll(s, "github.com/tagwire/tagwire/container.", "container.")
	s = strings.ReplaceAll(s, "container_test.", "")
	return strings.ReplaceAll(s, "interface {}", "any")
}

// ---------------------------------------------------------------------------
// What the tag grammar (container/doc.go, engine contract) says about a
// struct type's plan: fine, invalid (Populate must fail with ErrBadTag,
// for a tagged unexported field too, before building anything), or not
// pinned down.

const (
	fzPlanGood = iota
	fzPlanBad
	fzPlanUnsure
)

var fzPlanNames = [...]string{"valid", "invalid tags", "unspecified"}

var fzPlans sync.Map // reflect.Type -> int

func fzPlanOf(t reflect.Type) int {
	if v, ok := fzPlans.Load(t); ok {
		return v.(int)
	}
	p := fzComputePlan(t)
	fzPlans.Store(t, p)
	return p
}

func fzComputePlan(t reflect.Type) int {
	res := fzPlanGood
	for i := range t.NumField() {
		sf := t.Field(i)
		if _, has := sf.Tag.Lookup("Inject"); has {
			return fzPlanBad // wrong case: ErrBadTag naming the field
		}
		tag, ok, err := tags.ForField(t, sf)
		if err != nil {
			return fzPlanBad
		}
		if !ok {
			if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
				if fzHasTagged(sf.Type, "inject") {
					return fzPlanBad // an embedded struct with tagged fields needs inline
				}
				if fzMentionsInject(sf.Type) {
					res = fzPlanUnsure // e.g. Inject:"" in a struct that is not walked
				}
			}
			continue
		}
		if !sf.IsExported() && !(tag.Inline && sf.Anonymous) {
			return fzPlanBad
		}
		if tag.Inline {
			if fzIsMarker(sf.Type) {
				return fzPlanBad // inline on a Factory or Keyed field
			}
			switch fzPlanOf(sf.Type) {
			case fzPlanBad:
				return fzPlanBad
			case fzPlanUnsure:
				res = fzPlanUnsure
			}
			continue
		}
		if (tag.Factory || fzIsMarker(sf.Type)) && !fzFactoryShape(sf.Type) {
			return fzPlanBad
		}
	}
	return res
}

func fzHasTagged(t reflect.Type, key string) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		if _, ok := f.Tag.Lookup(key); ok {
			return true
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct && fzHasTagged(f.Type, key) {
			return true
		}
	}
	return false
}

// fzMentionsInject reports whether a struct tag of t (or of a struct it
// embeds) mentions the inject key in any case or form.
func fzMentionsInject(t reflect.Type) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		if strings.Contains(strings.ToLower(string(f.Tag)), "inject") {
			return true
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct && fzMentionsInject(f.Type) {
			return true
		}
	}
	return false
}

const fzPkg = "github.com/tagwire/tagwire/container"

func fzIsMarker(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == fzPkg &&
		(strings.HasPrefix(t.Name(), "Factory[") || strings.HasPrefix(t.Name(), "Keyed["))
}

func fzIsKeyed(t reflect.Type) bool { return fzIsMarker(t) && strings.HasPrefix(t.Name(), "Keyed[") }

var (
	fzCtxType = fzT[context.Context]()
	fzErrType = fzT[error]()
)

// fzFactoryShape reports whether t can receive a factory (doc.go,
// Factories).
func fzFactoryShape(t reflect.Type) bool {
	switch {
	case fzIsMarker(t):
		return true
	case t.Kind() == reflect.Func:
		if t.IsVariadic() || t.NumIn() > 1 || t.NumIn() == 1 && t.In(0) != fzCtxType {
			return false
		}
		return t.NumOut() >= 1 && t.NumOut() <= 2 && t.Out(0) != fzErrType && (t.NumOut() == 1 || t.Out(1) == fzErrType)
	case t.Kind() == reflect.Map:
		switch t.Key().Kind() {
		case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
			reflect.Float32, reflect.Float64:
		default:
			return false
		}
		e := t.Elem()
		return e.Kind() != reflect.Map && !fzIsKeyed(e) && fzFactoryShape(e)
	}
	return false
}

// ---------------------------------------------------------------------------
// What the outcome must be, for inputs that register nothing and whose ctx
// stays live: a small model of resolution that knows only the cases doc.go
// and the engine contract pin down.

type fzClass uint8

const (
	fzOK      fzClass = iota // must be built
	fzMissing                // must fail with ErrNotFound: a registration is missing
	fzUnknown                // not modelled
)

var fzClassNames = [...]string{"must succeed", "must fail with ErrNotFound", "not modelled"}

// fzPreClass classifies the predeclared pointer types in a container
// without registrations.
var fzPreClass = map[reflect.Type]fzClass{
	fzT[*fzLeaf](): fzOK, fzT[*fzA](): fzOK, fzT[*fzB](): fzOK, fzT[*fzSelf](): fzOK,
	fzT[*fzInitDep](): fzOK, fzT[*fzPanicky](): fzOK, fzT[*fzImpl1a](): fzOK, fzT[*fzImpl1b](): fzOK,
	fzT[*fzCallbackCtx](): fzOK, fzT[*fzCallbackBg](): fzOK,
	fzT[*fzDeep](): fzMissing,
}

// fzInCycle: the predeclared types on pointer cycles.
var fzInCycle = map[reflect.Type]bool{
	fzT[*fzA](): true, fzT[*fzB](): true, fzT[*fzSelf](): true, fzT[*fzImpl1b](): true,
}

func (s *fzShape) expect() fzClass {
	if s.ctxMode == 2 {
		return fzUnknown
	}
	if s.api != 1 && (s.provPanicky || s.instX || s.bind || s.provLeaf || s.provLeaf2 || s.structImpl) {
		return fzUnknown
	}
	return fzStructClass(s.root())
}

// fzStructClass: a struct fails if any tagged field fails; a missing
// registration beneath an optional field leaves that field zero (engine
// contract, 7).
func fzStructClass(t reflect.Type) fzClass {
	if fzPlanOf(t) != fzPlanGood {
		return fzUnknown
	}
	c := fzOK
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, ok, err := tags.Lookup(sf.Tag)
		if err != nil {
			return fzUnknown
		}
		if !ok {
			continue
		}
		if tag.Inline {
			c = max(c, fzStructClass(sf.Type))
			continue
		}
		fc := fzFieldClass(sf.Type, tag)
		if tag.Optional && fc == fzMissing {
			fc = fzOK
		}
		c = max(c, fc)
	}
	return c
}

func fzFieldClass(ft reflect.Type, tag tags.Tag) fzClass {
	switch {
	case tag.Factory || fzIsMarker(ft):
		if tag.Name != "" || tag.Private {
			return fzUnknown
		}
		var target reflect.Type
		switch {
		case fzIsKeyed(ft), ft.Kind() == reflect.Map:
			return fzOK // keys come from registrations: none
		case fzIsMarker(ft):
			m, _ := ft.MethodByName("New")
			target = m.Type.Out(0)
		default:
			target = ft.Out(0)
		}
		if target.Kind() == reflect.Pointer && target.Elem().Kind() == reflect.Struct && fzPlanOf(target.Elem()) == fzPlanGood {
			return fzOK // built only when called
		}
		return fzUnknown
	case ft == fzT[*container.Container]():
		if tag.Name != "" || tag.Private {
			return fzUnknown
		}
		return fzOK
	case tag.Name != "":
		return fzMissing // nothing is registered under any name
	case tag.Private:
		switch {
		case ft.Kind() == reflect.Map:
			return fzOK
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
			if fzInCycle[ft] {
				// A fresh instance whose fields lead back to the shared
				// one of its type: not pinned down.
				return fzUnknown
			}
			return fzPtrClass(ft)
		}
		return fzUnknown
	}
	switch ft.Kind() {
	case reflect.Pointer:
		if ft.Elem().Kind() == reflect.Struct {
			return fzPtrClass(ft)
		}
	case reflect.Slice:
		return fzOK // no registrations: nil
	case reflect.Interface:
		if ft == fzT[fzIfaceNone]() {
			return fzMissing // no type implements it
		}
	case reflect.String, reflect.Int, reflect.Struct, reflect.Func:
		return fzMissing
	}
	return fzUnknown
}

func fzPtrClass(pt reflect.Type) fzClass {
	if c, ok := fzPreClass[pt]; ok {
		return c
	}
	if pt.Elem().Name() == "" { // a generated struct
		return fzStructClass(pt.Elem())
	}
	return fzUnknown
}

// ---------------------------------------------------------------------------
// Calls with a deadline.

type fzOutcome struct {
	err      error
	ret      []reflect.Value
	panicked bool
	panicVal any
	stack    []byte
	goexit   bool
	timeout  bool
	userExit bool // user code called runtime.Goexit during the call
}

// fzErrGoexit stands for a call that user code ended with runtime.Goexit:
// that cannot be stopped, so the goroutine that called the API exits too.
var fzErrGoexit = errors.New("fz: user code called runtime.Goexit, which ended the calling goroutine")

// fzCall runs fn in its own goroutine and waits at most fzTimeout. A
// call that does not return is left behind (the test fails).
func fzCall(fn func() error) fzOutcome {
	done := make(chan fzOutcome, 1)
	var gid atomic.Value // string: the goroutine's id, for hang reports
	go func() {
		var out fzOutcome
		returned := false
		defer func() {
			if !returned {
				if p := recover(); p != nil {
					out.panicked, out.panicVal, out.stack = true, p, debug.Stack()
				} else {
					out.goexit = true
				}
			}
			done <- out
		}()
		gid.Store(fzGoid())
		out.err = fn()
		returned = true
	}()
	timer := time.NewTimer(fzTimeout)
	defer timer.Stop()
	select {
	case out := <-done:
		return out
	case <-timer.C:
		id, _ := gid.Load().(string)
		return fzOutcome{timeout: true, stack: fzStuck(id)}
	}
}

// fzGoid returns the id of the calling goroutine.
func fzGoid() string {
	buf := make([]byte, 64)
	f := strings.Fields(string(buf[:runtime.Stack(buf, false)]))
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// fzStuck returns the stacks of goroutine id and of the goroutines it
// started, for hang reports.
func fzStuck(id string) []byte {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []byte
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		if id != "" && (strings.HasPrefix(g, "goroutine "+id+" ") || strings.Contains(g, " in goroutine "+id+"\n")) {
			out = append(out, g+"\n\n"...)
		}
	}
	return out
}

// fzKinds are the kinds an error may have: the exported Kind constants and
// the context errors.
var fzKinds = []error{
	container.ErrNotFound, container.ErrAmbiguous, container.ErrCycle, container.ErrBadTag,
	container.ErrBadSignature, container.ErrTypeMismatch, container.ErrDuplicate, container.ErrBadInput,
	container.ErrConstructor, container.ErrInit, container.ErrNoScope, container.ErrClosed,
	container.ErrCleanup, container.ErrPanic,
	context.Canceled, context.DeadlineExceeded,
}

func fzKindName(k error) string {
	if k == nil {
		return "success"
	}
	return fmt.Sprintf("%q", k.Error())
}

// ---------------------------------------------------------------------------
// One input.

type fzRun struct {
	t     *testing.T
	s     *fzShape
	ctx   context.Context
	c     *container.Container // nil for the package-level Populate
	pc    *container.Container // what Populate is called on
	calls atomic.Int64         // fzPanicky constructor calls in the current step
	exits atomic.Int64         // runtime.Goexit calls made by the constructor
	fixed atomic.Bool          // the constructor behaves from now on
	log   []string             // steps done, for failure messages

	sawPanic bool // a call failed with ErrPanic or ended by runtime.Goexit
}

// call is fzCall, noting whether user code called runtime.Goexit.
func (r *fzRun) call(fn func() error) fzOutcome {
	n := r.exits.Load()
	out := fzCall(fn)
	out.userExit = r.exits.Load() > n
	return out
}

func (r *fzRun) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("%s\n\nsteps:\n  %s\n\nshape:\n%s", fmt.Sprintf(format, args...), strings.Join(r.log, "\n  "), r.s)
}

// outcome fails the test when the call did not return normally. For a
// func factory without an error result, panicking with an *Error is the
// documented way to fail, and is returned as the error.
func (r *fzRun) outcome(step string, out fzOutcome, errPanicOK bool) error {
	r.t.Helper()
	switch {
	case out.timeout:
		r.fail("%s: no answer within %v (hang or deadlock); stuck goroutines:\n%s", step, fzTimeout, out.stack)
	case out.goexit:
		if !out.userExit {
			r.fail("%s: runtime.Goexit ended the call, but no user code called it", step)
		}
		r.sawPanic = true
		r.note("%v", fzErrGoexit)
		return fzErrGoexit
	case out.panicked:
		if e, ok := out.panicVal.(error); ok && errPanicOK {
			var ce *container.Error
			if errors.As(e, &ce) {
				return e
			}
		}
		r.fail("%s: panic escaped the API: %v\n%s", step, out.panicVal, out.stack)
	}
	return out.err
}

// kindOf checks that err is a typed error of a known kind and returns
// the kind.
func (r *fzRun) kindOf(step string, err error) error {
	r.t.Helper()
	var ce *container.Error
	if !errors.As(err, &ce) {
		r.fail("%s: error %T is not a *container.Error: %v", step, err, err)
	}
	if ce.Kind == nil {
		r.fail("%s: *container.Error with a nil Kind: %v", step, err)
	}
	if !slices.Contains(fzKinds, ce.Kind) {
		r.fail("%s: Kind %T %q is not an exported sentinel or a context error: %v", step, ce.Kind, ce.Kind, err)
	}
	if !errors.Is(err, ce.Kind) {
		r.fail("%s: errors.Is(err, Kind) is false: %v", step, err)
	}
	if ce.Kind == container.ErrPanic {
		var pe *container.PanicError
		if !errors.As(err, &pe) || pe == nil {
			r.fail("%s: ErrPanic without a *PanicError: %v", step, err)
		}
		if ce.Path == "" {
			r.fail("%s: ErrPanic without a Path: %v", step, err)
		}
	}
	return ce.Kind
}

func (r *fzRun) step(format string, args ...any) string {
	s := fmt.Sprintf(format, args...)
	r.log = append(r.log, s)
	return s
}

func (r *fzRun) note(format string, args ...any) {
	r.log[len(r.log)-1] += ": " + fmt.Sprintf(format, args...)
}

func (r *fzRun) register() {
	s, c := r.s, r.c
	reg := func(name string, lenient bool, fn func() error) {
		r.t.Helper()
		step := r.step("register %s", name)
		err := r.outcome(step, r.call(fn), false)
		if err == nil {
			r.note("ok")
			return
		}
		k := r.kindOf(step, err)
		r.note("%v", err)
		if !lenient {
			r.fail("%s: a valid registration failed (%s): %v", step, fzKindName(k), err)
		}
	}
	if s.provPanicky {
		mode, after := s.ctorMode, int64(s.ctorAfter)
		ctor := func(ctx context.Context, l *fzLeaf) (*fzPanicky, func(), error) {
			if ctx == nil {
				fzNote("the fzPanicky constructor got a nil context")
			}
			if l == nil {
				fzNote("the fzPanicky constructor got a nil *fzLeaf")
			}
			n := r.calls.Add(1)
			var cleaned atomic.Bool
			cleanup := func() {
				if cleaned.Swap(true) {
					fzNote("a cleanup of fzPanicky #%d ran twice", n)
				}
			}
			if n <= after || r.fixed.Load() {
				return &fzPanicky{N: int(n)}, cleanup, nil
			}
			switch mode {
			case fzCtorPanic:
				panic("fz: constructor panicked")
			case fzCtorPanicErr:
				panic(fmt.Errorf("fz: constructor panicked with an error (call %d)", n))
			case fzCtorRuntime:
				var m map[string]int
				m["boom"] = int(n)
			case fzCtorGoexit:
				r.exits.Add(1)
				runtime.Goexit()
			case fzCtorNil:
				return nil, nil, nil
			case fzCtorErr:
				return nil, nil, fmt.Errorf("fz: constructor failed (call %d)", n)
			case fzCtorCleanupPanic:
				return &fzPanicky{N: int(n)}, func() {
					cleanup()
					panic("fz: cleanup panicked")
				}, nil
			}
			return &fzPanicky{N: int(n)}, cleanup, nil
		}
		opts := []container.Option{s.life}
		if s.asFactory {
			opts = append(opts, container.AsFactory())
		}
		reg("Provide[*fzPanicky]", false, func() error { return container.Provide[*fzPanicky](c, ctor, opts...) })
	}
	if s.instX {
		x := container.Named("x")
		var fn func() error
		switch s.xKind {
		case 0:
			fn = func() error { return container.Supply(c, "xval", x) }
		case 1:
			fn = func() error { return container.Supply(c, 42, x) }
		case 2:
			fn = func() error { return container.Supply(c, &fzLeaf{N: 7}, x) }
		case 3:
			fn = func() error { return container.Provide[fzIface1](c, &fzImpl1a{L: &fzLeaf{N: 8}}, x) }
		case 4:
			a := &fzA{}
			a.B = &fzB{A: a, L: &fzLeaf{N: 9}}
			fn = func() error { return container.Supply(c, a, x) }
		case 5:
			fn = func() error { return container.Supply(c, map[string]*fzLeaf{"k": {N: 10}}, x) }
		case 6:
			fn = func() error {
				return container.Supply(c, func() (*fzLeaf, error) { return &fzLeaf{N: 11}, nil }, x)
			}
		default:
			fn = func() error { return container.Supply(c, &fzPanicky{L: &fzLeaf{N: 12}, N: -1}, x) }
		}
		reg(fzXNames[s.xKind], false, fn)
	}
	if s.bind {
		name := fzAsNames[s.bindKind]
		switch s.bindKind {
		case 0:
			reg(name, false, func() error { return container.Provide[*fzImpl1a](c, nil, container.As[fzIface1]()) })
		case 1:
			if !s.structImpl { // else As goes on that registration of *fzImpl1b
				reg(name, false, func() error { return container.Provide[*fzImpl1b](c, nil, container.As[fzIface1]()) })
			}
		case 2:
			reg(name, false, func() error { return container.Provide[*fzImpl2](c, nil, container.As[fzIface2]()) })
		case 3:
			reg(name, true, func() error { return container.Provide[fzIface1Twin](c, nil, container.As[fzIface1]()) })
		case 4:
			reg("Provide[fzIface1Twin](c, nil, As[fzIface1]())", true, func() error {
				return container.Provide[fzIface1Twin](c, nil, container.As[fzIface1]())
			})
			reg("Provide[fzIface1](c, nil, As[fzIface1Twin]())", true, func() error {
				return container.Provide[fzIface1](c, nil, container.As[fzIface1Twin]())
			})
		case 5:
			reg(name, false, func() error { return container.Provide[*fzImpl2](c, nil, container.As[any]()) })
		case 6:
			// Provide[fzIface1] of a value named "x" makes this a duplicate.
			reg(name, s.instX && s.xKind == 3, func() error {
				return container.Provide[*fzImpl1a](c, nil, container.As[fzIface1](), container.Named("x"))
			})
		default:
			reg(name, false, func() error { return container.Provide[fzIface2](c, nil) })
		}
	}
	if s.provLeaf {
		reg("Provide[*fzLeaf]", false, func() error {
			return container.Provide[*fzLeaf](c, func() *fzLeaf { return &fzLeaf{N: 1} })
		})
	}
	if s.provLeaf2 {
		reg("second Provide[*fzLeaf]", false, func() error {
			return container.Provide[*fzLeaf](c, func(ctx context.Context) (*fzLeaf, error) { return &fzLeaf{N: 2}, nil })
		})
	}
	if s.structImpl {
		var opts []container.Option
		if s.implTrans {
			opts = append(opts, container.Transient)
		}
		if s.bind && s.bindKind == 1 {
			opts = append(opts, container.As[fzIface1]())
		}
		reg("Provide[*fzImpl1b](c, nil)", false, func() error { return container.Provide[*fzImpl1b](c, nil, opts...) })
	}
}

// fzSlot is one settable spot of a target: a field, with struct values
// (other than factories) flattened.
type fzSlot struct {
	path string
	zero bool
	fp   string // identity of a non-zero value, where there is one
}

func fzSlots(path string, v reflect.Value, out []fzSlot) []fzSlot {
	if v.Kind() == reflect.Struct && !fzIsMarker(v.Type()) {
		for i := range v.NumField() {
			out = fzSlots(path+"."+v.Type().Field(i).Name, v.Field(i), out)
		}
		return out
	}
	sl := fzSlot{path: path, zero: v.IsZero()}
	if !sl.zero {
		sl.fp = fzFingerprint(v)
	}
	return append(out, sl)
}

func fzFingerprint(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.UnsafePointer:
		return fmt.Sprintf("%v %#x", v.Type(), v.Pointer())
	case reflect.Slice:
		return fmt.Sprintf("%v %#x/%d", v.Type(), v.Pointer(), v.Len())
	case reflect.Interface:
		if v.IsNil() {
			return "nil"
		}
		return "iface " + fzFingerprint(v.Elem())
	case reflect.String:
		return fmt.Sprintf("%q", v.String())
	case reflect.Int:
		return fmt.Sprint(v.Int())
	}
	return "" // funcs, factories: zero-ness only
}

// populate runs one Populate step on target (a pointer to the root) and
// checks its outcome; it returns the error's kind (nil on success).
func (r *fzRun) populate(name string, target reflect.Value) error {
	r.t.Helper()
	s := r.s
	step := r.step("%s: %s", name, fzAPINames[s.api])
	tg := target.Interface()
	before := fzSlots("", target.Elem(), nil)
	r.calls.Store(0)
	out := r.call(func() error {
		switch s.api {
		case 1:
			return container.Populate(tg)
		case 3:
			return r.pc.Populate(r.ctx, tg, tg)
		}
		return r.pc.Populate(r.ctx, tg)
	})
	err := r.outcome(step, out, false)
	if err == fzErrGoexit {
		return err // the call did not return: nothing more to check here
	}
	rootPlan := fzPlanOf(s.root())
	exp := s.expect()
	if err != nil {
		k := r.kindOf(step, err)
		r.note("%v", err)
		if k == container.ErrPanic {
			if r.fixed.Load() {
				r.fail("%s: ErrPanic after the constructor was fixed: %v", step, err)
			}
			r.sawPanic = true
		}
		if exp == fzOK {
			r.fail("%s: failed, but nothing is registered and every tagged field can be built or is optional with only missing registrations beneath it (engine contract, 7): %v", step, err)
		}
		if exp == fzMissing && k != container.ErrNotFound {
			r.fail("%s: a registration is missing and nothing else can fail, so the error must be ErrNotFound, got %s: %v", step, fzKindName(k), err)
		}
		after := fzSlots("", target.Elem(), nil)
		for i := range before {
			switch {
			case before[i].zero && !after[i].zero:
				r.fail("%s: failed (%v) but left the target's field %s set (no rollback)", step, err, after[i].path)
			case !before[i].zero && (after[i].zero || after[i].fp != before[i].fp):
				r.fail("%s: failed (%v) and changed the target's field %s, which was already set", step, err, after[i].path)
			}
		}
		if rootPlan == fzPlanBad && k != container.ErrBadTag &&
			!(s.ctxMode == 2 && k == context.Canceled) {
			r.fail("%s: the root has invalid tags, so the error must be ErrBadTag, got %s: %v", step, fzKindName(k), err)
		}
		return k
	}
	r.note("ok")
	if rootPlan == fzPlanBad {
		r.fail("%s: succeeded, but the root has invalid tags (ErrBadTag expected)", step)
	}
	if exp == fzMissing {
		r.fail("%s: succeeded, but a registration is missing outside any optional field (ErrNotFound expected)", step)
	}
	w := &fzWalker{seen: map[fzSeenKey]bool{}}
	w.value("root", target)
	if len(w.problems) > 0 {
		r.fail("%s: succeeded, but the graph is not fully populated:\n  %s", step, strings.Join(w.problems, "\n  "))
	}
	return nil
}

// fzProbe is resolved after the other steps: the container must still
// answer (no lock left held by a panic or a runtime.Goexit).
type fzProbe struct {
	L *fzLeaf `inject:""`
}

func (r *fzRun) probe() {
	r.t.Helper()
	step := r.step("probe: Resolve[*fzProbe](context.Background(), c)")
	var got *fzProbe
	err := r.outcome(step, r.call(func() error {
		var err error
		got, err = container.Resolve[*fzProbe](context.Background(), r.c)
		return err
	}), false)
	if err != nil {
		r.kindOf(step, err)
		r.note("%v", err)
		return
	}
	r.note("ok")
	if got == nil || got.L == nil {
		r.fail("%s: succeeded with an incomplete value %+v", step, got)
	}
}

// ---------------------------------------------------------------------------
// Checking a populated graph.

type fzSeenKey struct {
	t reflect.Type
	p uintptr
}

type fzFactoryRef struct {
	path string
	v    reflect.Value
}

type fzWalker struct {
	seen      map[fzSeenKey]bool
	problems  []string
	factories []fzFactoryRef
}

func (w *fzWalker) problem(format string, args ...any) {
	if len(w.problems) < 20 {
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	}
}

var fzContainerType = fzT[container.Container]()

// value follows v (a pointer, interface or slice) into the structs it
// reaches.
func (w *fzWalker) value(path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct || v.Elem().Type() == fzContainerType {
			return
		}
		k := fzSeenKey{v.Type(), v.Pointer()}
		if w.seen[k] {
			return
		}
		w.seen[k] = true
		if fzPlanOf(v.Elem().Type()) == fzPlanBad {
			w.problem("%s: an instance of %s was built, but its tags are invalid", path, fzTypeString(v.Type()))
		}
		w.fields(path, v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if fzNilable(e) && e.IsNil() {
			w.problem("%s: holds a nil %s", path, fzTypeString(e.Type()))
			return
		}
		w.value(path, e)
	case reflect.Slice:
		for i := range v.Len() {
			e := v.Index(i)
			if fzNilable(e) && e.IsNil() {
				w.problem("%s[%d]: nil element", path, i)
				continue
			}
			w.value(fmt.Sprintf("%s[%d]", path, i), e)
		}
	}
}

func fzNilable(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return true
	}
	return false
}

// fields checks the tagged fields of the struct value sv: every one that
// is not optional must be set (a slice may be nil: no registration), and
// inline structs are walked in place.
func (w *fzWalker) fields(path string, sv reflect.Value) {
	t := sv.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, ok, err := tags.Lookup(sf.Tag)
		if err != nil || !ok || !sf.IsExported() {
			continue
		}
		fp := path + "." + sf.Name
		fv := sv.Field(i)
		if tag.Inline {
			if fv.Kind() == reflect.Struct && !fzIsMarker(fv.Type()) {
				w.fields(fp, fv)
			}
			continue
		}
		if fv.IsZero() {
			if !tag.Optional && fv.Kind() != reflect.Slice {
				w.problem("%s (%s `%s`): tagged field left zero", fp, fzTypeString(sf.Type), sf.Tag)
			}
			continue
		}
		if tag.Factory || fzIsMarker(fv.Type()) || fv.Kind() == reflect.Func {
			if fzFactoryShape(fv.Type()) && (tag.Factory || fv.Kind() != reflect.Map) {
				w.factories = append(w.factories, fzFactoryRef{fp, fv})
			}
			continue
		}
		if fv.Kind() == reflect.Pointer && fv.Elem().Kind() != reflect.Struct {
			continue
		}
		w.value(fp, fv)
	}
}

// ---------------------------------------------------------------------------
// Calling the factories of a populated graph.

// callFactories calls up to four factories found in the graph (two keys
// per keyed factory or factory map): each must give a typed error or a
// fully populated value.
func (r *fzRun) callFactories(refs []fzFactoryRef) {
	r.t.Helper()
	budget := 4
	for _, ref := range refs {
		if budget == 0 {
			return
		}
		v := ref.v
		switch {
		case v.Kind() == reflect.Map:
			keys := v.MapKeys()
			slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
			for _, k := range keys[:min(2, len(keys))] {
				r.callFactory(fmt.Sprintf("%s[%v]", ref.path, k), v.MapIndex(k), nil)
			}
		case fzIsKeyed(v.Type()):
			var keys reflect.Value
			step := r.step("%s.Keys()", ref.path)
			r.outcome(step, r.call(func() error {
				keys = v.MethodByName("Keys").Call(nil)[0]
				return nil
			}), false)
			r.note("%v", keys)
			for i := range min(2, keys.Len()) {
				r.callFactory(fmt.Sprintf("%s.New(ctx, %v)", ref.path, keys.Index(i)), v, []reflect.Value{keys.Index(i)})
			}
		default:
			r.callFactory(ref.path, v, nil)
		}
		budget--
	}
}

// callFactory calls one factory value: a Factory or Keyed (New, with the
// extra arguments), or a func.
func (r *fzRun) callFactory(path string, v reflect.Value, extra []reflect.Value) {
	r.t.Helper()
	ctx := reflect.ValueOf(context.Background())
	var fn reflect.Value
	args := []reflect.Value{}
	errOut, errPanicOK := true, false
	if v.Kind() == reflect.Func {
		fn = v
		if fn.Type().NumIn() == 1 {
			args = append(args, ctx)
		}
		errOut = fn.Type().NumOut() == 2
		errPanicOK = !errOut
	} else {
		fn = v.MethodByName("New")
		args = append(append(args, ctx), extra...)
	}
	step := r.step("call factory %s (%s)", path, fzTypeString(v.Type()))
	r.calls.Store(0)
	var res []reflect.Value
	out := r.call(func() error {
		res = fn.Call(args)
		if errOut {
			if e, _ := res[len(res)-1].Interface().(error); e != nil {
				return e
			}
		}
		return nil
	})
	if err := r.outcome(step, out, errPanicOK); err != nil {
		if err != fzErrGoexit {
			if r.kindOf(step, err) == container.ErrPanic {
				r.sawPanic = true
			}
			r.note("%v", err)
		}
		return
	}
	r.note("ok")
	got := res[0]
	if fzNilable(got) && got.IsNil() {
		r.fail("%s: returned a nil %s and no error", step, fzTypeString(got.Type()))
	}
	w := &fzWalker{seen: map[fzSeenKey]bool{}}
	w.value("result", got)
	if len(w.problems) > 0 {
		r.fail("%s: the value it built is not fully populated:\n  %s", step, strings.Join(w.problems, "\n  "))
	}
}

// ---------------------------------------------------------------------------

// FuzzPopulate decodes the input into an object-graph shape (see
// fzDecode), optionally registers constructors, a named instance and
// bindings, and populates the root (in a goroutine, with a deadline): the
// answer must be a typed *container.Error of a known kind that leaves the
// target as it was, or a graph whose every tagged, non-optional field is
// set; never a panic escaping the API or a hang. A runtime.Goexit called by
// a constructor cannot be stopped and may end the calling goroutine, but
// the container must go on answering. Where the input registers nothing,
// a small model (fzStructClass) also says whether the call must succeed
// or must fail with ErrNotFound.
func FuzzPopulate(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		// A runaway recursion should end the process quickly, not after
		// growing a 1 GB stack.
		defer debug.SetMaxStack(debug.SetMaxStack(256 << 20))
		s, err := fzDecode(data)
		if err != nil {
			t.Fatalf("%v", err)
		}
		fzTakeNotes()
		r := &fzRun{t: t, s: s}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		switch s.ctxMode {
		case 0:
			r.ctx = context.Background()
		case 1:
			r.ctx = ctx
		default:
			cancel()
			r.ctx = ctx
		}
		if s.api != 1 {
			r.c = container.New()
			r.pc = r.c
			r.register()
			if s.api == 2 {
				r.pc = r.c.NewScope()
			}
		}
		target := reflect.New(s.root())
		k1 := r.populate("Populate", target)
		if s.twice != 0 {
			second := target
			if s.twice == 2 {
				second = reflect.New(s.root())
			}
			k2 := r.populate("second Populate", second)
			if k1 != k2 {
				r.fail("the second Populate disagrees with the first: %s, then %s (a failed call keeps nothing, and the result never depends on what was resolved before)",
					fzKindName(k1), fzKindName(k2))
			}
			target = second
		}
		if k1 == nil && s.callFacs {
			w := &fzWalker{seen: map[fzSeenKey]bool{}}
			w.value("root", target)
			r.callFactories(w.factories)
		}
		if r.c != nil {
			r.probe()
			if r.sawPanic && s.provPanicky {
				r.fixed.Store(true)
				r.populate("retry after fixing the constructor", reflect.New(s.root()))
				r.probe()
			}
		}
		if s.close && r.c != nil {
			step := r.step("Close")
			if err := r.outcome(step, r.call(func() error { return r.c.Close(context.Background()) }), false); err != nil {
				r.kindOf(step, err)
				r.note("%v", err)
			} else {
				r.note("ok")
			}
			step = r.step("Populate after Close")
			fresh := reflect.New(s.root()).Interface()
			err := r.outcome(step, r.call(func() error { return r.pc.Populate(r.ctx, fresh) }), false)
			if err == nil {
				r.fail("%s: succeeded on a closed container", step)
			}
			k := r.kindOf(step, err)
			r.note("%v", err)
			badTag := fzPlanOf(s.root()) != fzPlanGood && (k == container.ErrBadTag)
			if k != container.ErrClosed && !badTag && !(s.ctxMode == 2 && k == context.Canceled) {
				r.fail("%s: want ErrClosed, got %s: %v", step, fzKindName(k), err)
			}
		}
		if notes := fzTakeNotes(); len(notes) > 0 {
			r.fail("user code saw contract violations:\n  %s", strings.Join(notes, "\n  "))
		}
	})
}
