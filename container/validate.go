package container

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
)

// Validate checks, without building anything, that Populate of each target
// would succeed, and reports every problem it finds as one error: an
// errors.Join of *Error values, each with the same Kind, Path and hint that
// Populate would return for it. Nothing is constructed and no user code
// runs: constructors, Init methods, registered methods, decorators and
// Prepare hooks are not called, though their parameters are resolved.
//
// A target is what Populate takes, a pointer to a struct; its fields that
// are already set are skipped, as Populate skips them, and the target is
// not modified. A nil pointer of a struct type, as in (*App)(nil), stands
// for a zero value of the struct. With no targets, Validate checks every
// registration visible from c as Resolve would build it, except Scoped
// ones when c is not a scope, and registrations supplied per scope.
//
// Validate finds what the graph's types and registrations decide: missing
// and ambiguous registrations, dependency cycles, invalid tags and tags on
// unexported fields, factory fields of a shape that cannot be made, values
// of the wrong type, Scoped dependencies captured by Singletons. It cannot
// know what user code will do: a constructor's own error or panic, or the
// dynamic type of a constructor declared to return an interface (whose
// fields and Init are then not checked), and it takes the struct a
// constructor returns as having its tagged fields unset, as they are when
// the constructor leaves them to injection.
//
// Each problem is reported once, at the first place a Populate would meet
// it; the first error of the list is the one Populate would return. The
// result does not depend on what has been built already: Singletons are
// walked again, and registered values are used as they are.
func (c *Container) Validate(ctx context.Context, targets ...any) error {
	_, err := c.check(ctx, targets, false)
	return err
}

// A dryRun is the state of a dry call: the engine resolves the whole graph
// as a Populate would, in call-local slots, with placeholders where user
// code would run, and keeps nothing. Problems are found one at a time: an
// error carries the site where it arose, the site is masked (skipped as if
// the field were optional and absent), and the walk runs again, so that
// every run follows exactly the path a real call would take.
type dryRun struct {
	masked map[site]bool
	g      *graphRec // the graph being recorded, or nil
}

// siteKind says what a site's index counts.
type siteKind uint8

const (
	siteField     siteKind = iota + 1 // field i of a *typeInfo
	siteInitArg                       // parameter i of a *typeInfo's Init
	siteCtorArg                       // parameter i of a *binding's constructor
	siteRegField                      // Field injection i of a *binding
	siteMethodArg                     // parameter i&0xffff of a *binding's registered method i>>16
	siteHookArg                       // parameter i of a *hook
)

// A site is one place where the engine resolves a dependency.
type site struct {
	at any // *typeInfo, *binding or *hook
	k  siteKind
	i  int
}

// skips reports whether a dry call skips site s (a problem found there
// was already reported). It is false outside dry calls.
func (d *dryRun) skips(s site) bool { return d != nil && d.masked[s] }

// mark notes in err the innermost site it arose at, during a dry call.
func (d *dryRun) mark(err error, s site) {
	if d == nil {
		return
	}
	if e, ok := err.(*Error); ok && e.site.k == 0 {
		e.site = s
	}
}

// graph returns the graph a dry call records, or nil.
func (d *dryRun) graph() *graphRec {
	if d == nil {
		return nil
	}
	return d.g
}

// own returns v, or during a dry call a copy of the struct v points to,
// for a registered value that Populate fills in place.
func (d *dryRun) own(v any) any {
	if d == nil {
		return v
	}
	rv := reflect.ValueOf(v)
	cp := reflect.New(rv.Type().Elem())
	cp.Elem().Set(rv.Elem())
	return cp.Interface()
}

// dryValue is what a dry call takes a constructor declared to return t to
// have returned: a new zero struct for a pointer to a struct, whose tagged
// fields are then resolved, else the zero value of t (nil for an
// interface).
func dryValue(t reflect.Type) any {
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		return reflect.New(t.Elem()).Interface()
	}
	return reflect.Zero(t).Interface()
}

// dryGet is get for a dry call: shared instances live in call-local slots
// (so nothing another call built or is building is touched, and what was
// built already is walked again), and the graph is recorded.
func (at *attempt) dryGet(sc *Container, b *binding, fr *frame, n need) (any, error) {
	e := at.edge
	var v any
	var err error
	switch {
	case b.kind == kindValue && !b.lazy:
		v = b.r.value
	case b.life == Transient:
		return at.fresh(sc, b, fr, nil) // records its own node
	case b.life == Scoped && sc.parent == nil:
		return nil, noScope(b, fr)
	case b.life == Singleton:
		v, err = at.shared(b.c, b, at.graph.pgSlot(b.c, b), fr, n)
	default:
		v, err = at.shared(sc, b, at.graph.pgSlot(sc, b), fr, n)
	}
	if g := at.dry.graph(); err == nil && g != nil {
		g.link(fr, e, func() int { return g.bindingNode(nil, b, sc) })
	}
	return v, err
}

// maxProblems bounds the problems one Validate reports.
const maxProblems = 1000

// A dryRoot is one thing a dry call resolves: a Populate target (a copy of
// it) or a registration.
type dryRoot struct {
	tg  *populateTarget // v is the target as given; each dry call fills a copy
	err error           // why the target cannot be populated at all (its type's tags)
	t   reflect.Type    // a registration's type
	co  *callOpts       // its key
	fac bool            // resolved as a factory builds it
}

// check runs the dry calls of Validate and Graph.
func (c *Container) check(ctx context.Context, targets []any, wantGraph bool) (*Graph, error) {
	roots, err := c.dryRoots(targets)
	if err != nil {
		return nil, finish(err, "validate")
	}
	d := &dryRun{masked: map[site]bool{}}
	if wantGraph {
		d.g = newGraphRec()
	}
	var problems []error
	for _, r := range roots {
		if r.err != nil {
			problems = append(problems, finish(r.err, "validate"))
			continue
		}
		for len(problems) < maxProblems {
			mark := d.g.save()
			err := c.dryOnce(ctx, d, r)
			if err == nil {
				break
			}
			err = finish(err, "validate")
			problems = append(problems, err)
			var e *Error
			if !errors.As(err, &e) || e.site.k == 0 || d.masked[e.site] {
				break
			}
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrClosed) {
				return d.g.result(), errors.Join(problems...)
			}
			d.masked[e.site] = true
			d.g.restore(mark) // the next run records this root again, without the problem
		}
	}
	return d.g.result(), errors.Join(problems...)
}

// dryRoots turns Validate's targets into roots; with none, every
// registration visible from c that a call on c could resolve.
func (c *Container) dryRoots(targets []any) ([]dryRoot, error) {
	if err := c.usable(); err != nil {
		return nil, err
	}
	if len(targets) == 0 {
		return c.registrationRoots(), nil
	}
	var roots []dryRoot
	for _, tg := range targets {
		rv := reflect.ValueOf(tg)
		if tg != nil && rv.Kind() == reflect.Pointer && rv.IsNil() && rv.Type().Elem().Kind() == reflect.Struct {
			rv = reflect.New(rv.Type().Elem()) // (*App)(nil): a zero App
		}
		info, _, err := targetInfo(rv.Interface())
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Kind != ErrBadTag {
				return nil, err // not a target at all
			}
			roots = append(roots, dryRoot{err: err})
			continue
		}
		c.root.regMu.Lock()
		reg := c.root.values[rv.Interface()]
		c.root.regMu.Unlock()
		roots = append(roots, dryRoot{tg: &populateTarget{v: rv.Interface(), info: info, reg: reg}})
	}
	return roots, nil
}

// registrationRoots lists the registrations a call on c can resolve, in
// registration order, one per type and key.
func (c *Container) registrationRoots() []dryRoot {
	var bs []*binding
	c.root.regMu.Lock()
	c.visitLocked(func(_ regKey, act []*binding) {
		bs = append(bs, act[len(act)-1])
	})
	c.root.regMu.Unlock()
	slices.SortStableFunc(bs, func(a, b *binding) int { return cmp.Compare(a.seq(), b.seq()) })
	var roots []dryRoot
	for _, b := range bs {
		switch {
		case b.kind == kindScopeOnly, b.kind == kindAlias:
			continue
		case b.life == Scoped && c.parent == nil:
			continue
		}
		co := &callOpts{key: b.key(), hasKey: b.key() != nil}
		roots = append(roots, dryRoot{t: b.typ(), co: co, fac: b.asFactory})
	}
	return roots
}

// dryOnce makes one dry call resolving r.
func (c *Container) dryOnce(ctx context.Context, d *dryRun, r dryRoot) (err error) {
	at, sc, err := c.begin(ctx)
	if err != nil {
		return err
	}
	// A dry call is never part of a running call: it keeps nothing.
	at.parent, at.base, at.dry = nil, nil, d
	normal := false
	defer func() {
		if !normal {
			err = internalErr(recover())
		}
		_ = at.end(errDry)
	}()
	if r.tg != nil {
		tg := *r.tg
		cp := reflect.New(tg.info.t.Elem())
		cp.Elem().Set(reflect.ValueOf(tg.v).Elem())
		tg.v, tg.base = cp.Interface(), cp.UnsafePointer()
		set := make([]uint64, (len(tg.info.plan.Fields)+63)/64)
		err = at.populate(sc, []populateTarget{tg}, [][]uint64{set})
	} else {
		at.roots = append(at.roots, r.t)
		if _, err = at.top(sc, r.t, r.co, r.fac); err != nil {
			err = at1(err, typeName(r.t), r.t)
		}
	}
	normal = true
	return err
}

// errDry ends every dry call: it is rolled back, whatever it found.
var errDry = errors.New("dry call")
