package container

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
)

// Validate checks, without building anything, that Populate of targets
// would succeed, and reports every problem it finds as one error: an
// errors.Join of *Error values, each with the Kind, Path and hint that
// Populate would return for it. Nothing is constructed and no user code
// runs: constructors, Init methods, registered methods, decorators and
// Prepare hooks are not called, though their parameters are resolved.
//
// Targets are what Populate takes, pointers to structs, and are taken as
// Populate takes them: together, repeated ones once, targets of a type
// whose tags are invalid first. Their fields that are already set are
// skipped, as Populate skips them, and the targets are not modified. A nil
// pointer of a struct type, as in (*App)(nil), stands for a zero value of
// the struct. With no targets, Validate checks each registration visible
// from c as it builds its own instances, except registrations waiting for
// an Override (abstract), supplied per scope, or Scoped when c is not a
// scope.
//
// Validate finds what the graph's types and registrations decide: missing
// and ambiguous registrations, dependency cycles, invalid tags and tags on
// unexported fields, factory fields of a shape that cannot be made, values
// of the wrong type, Scoped dependencies captured by Singletons. It cannot
// know what user code will do: a constructor's own error or panic, or the
// dynamic type of a constructor declared to return an interface (whose
// fields and Init are then not checked, unless the registration's type is
// a pointer to a struct), and it takes the struct a constructor returns as
// having its tagged fields unset, as they are when the constructor leaves
// them to injection.
//
// Each problem is reported once, at the first place a Populate would meet
// it; the first error of the list is the one Populate would return. The
// result does not depend on what has been built already: Singletons and
// Prepare hooks are walked again, Populated values are walked as they were
// registered, and other registered values are used as they are. An ended
// context or a closed container ends the check with that error.
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

// own returns the value of a Populated registration b that a call fills:
// the registered value itself, or during a dry call a copy of it as it
// was registered.
func (d *dryRun) own(b *binding) any {
	if d == nil {
		return b.r.value
	}
	return copyStruct(b.r.x.snap)
}

// copyStruct returns a pointer to a copy of the struct v points to.
func copyStruct(v any) any {
	rv := reflect.ValueOf(v)
	cp := reflect.New(rv.Type().Elem())
	cp.Elem().Set(rv.Elem())
	return cp.Interface()
}

// dryValue is what a dry call takes a constructor declared to return t,
// registered as reg, to have returned: a new zero struct for a pointer to a
// struct (reg, when t is an interface), whose tagged fields are then
// resolved, else the zero value of t (nil for an interface).
func dryValue(t, reg reflect.Type) any {
	if t.Kind() == reflect.Interface {
		t = reg
	}
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

// A dryRoot is one thing a dry call resolves: the Populate targets (each
// dry call fills copies of them), or one registration.
type dryRoot struct {
	tgs []populateTarget
	b   *binding
	err error // a target whose type cannot be populated at all (its tags)
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
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrClosed) {
				// Not a problem of the graph: the call cannot go on.
				return d.g.result(), errors.Join(append(problems, err)...)
			}
			problems = append(problems, err)
			var e *Error
			if !errors.As(err, &e) || e.site.k == 0 || d.masked[e.site] {
				break
			}
			d.masked[e.site] = true
			d.g.restore(mark) // the next run records this root again, without the problem
		}
	}
	return d.g.result(), errors.Join(problems...)
}

// dryRoots turns Validate's targets into roots, as Populate takes them:
// the targets whose types cannot be populated first (Populate would fail
// on them before building anything), each type once, then every other
// target together, repeated ones once. With no targets, the roots are the
// registrations visible from c.
func (c *Container) dryRoots(targets []any) ([]dryRoot, error) {
	if err := c.usable(); err != nil {
		return nil, err
	}
	if c.closed.Load() {
		return nil, newErr(ErrClosed, nil, "the container or scope is closed", "")
	}
	if len(targets) == 0 {
		return c.registrationRoots(), nil
	}
	var roots []dryRoot
	var tgs []populateTarget
	badTypes := map[reflect.Type]bool{}
	for _, tg := range targets {
		if rv := reflect.ValueOf(tg); tg != nil && rv.Kind() == reflect.Pointer && rv.IsNil() && rv.Type().Elem().Kind() == reflect.Struct {
			tg = reflect.New(rv.Type().Elem()).Interface() // (*App)(nil): a zero App
		}
		info, base, err := targetInfo(tg)
		var e *Error
		switch {
		case err == nil:
		case errors.As(err, &e) && e.Kind == ErrBadTag:
			if t := reflect.TypeOf(tg); !badTypes[t] {
				badTypes[t] = true
				roots = append(roots, dryRoot{err: err})
			}
			continue
		default:
			return nil, err // not a target at all
		}
		if slices.ContainsFunc(tgs, func(o populateTarget) bool { return o.base == base && o.info == info }) {
			continue
		}
		tgs = append(tgs, populateTarget{v: tg, info: info})
	}
	if len(tgs) > 0 {
		if c.root.hasValues.Load() {
			c.root.regMu.Lock()
			for i := range tgs {
				tgs[i].reg = c.root.values[tgs[i].v]
			}
			c.root.regMu.Unlock()
		}
		roots = append(roots, dryRoot{tgs: tgs})
	}
	return roots, nil
}

// registrationRoots lists the registrations visible from c in registration
// order, each checked as it builds its own instances. Left out: aliases (As,
// checked through what they stand for), abstract registrations (waiting
// for an Override), registrations supplied per scope, and Scoped ones
// when c is not a scope.
func (c *Container) registrationRoots() []dryRoot {
	var bs []*binding
	c.root.regMu.Lock()
	c.visitLocked(func(_ regKey, act []*binding) {
		bs = append(bs, act...)
	})
	c.root.regMu.Unlock()
	slices.SortStableFunc(bs, func(a, b *binding) int { return cmp.Compare(a.seq(), b.seq()) })
	var roots []dryRoot
	for _, b := range bs {
		switch {
		case b.kind == kindScopeOnly, b.kind == kindAlias, b.kind == kindAbstract:
			continue
		case b.life == Scoped && c.parent == nil:
			continue
		}
		roots = append(roots, dryRoot{b: b})
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
	if r.b == nil {
		tgs := slices.Clone(r.tgs)
		sets := make([][]uint64, len(tgs))
		for i := range tgs {
			cp := copyStruct(tgs[i].v)
			tgs[i].v, tgs[i].base = cp, reflect.ValueOf(cp).UnsafePointer()
			sets[i] = make([]uint64, (len(tgs[i].info.plan.Fields)+63)/64)
		}
		err = at.populate(sc, tgs, sets)
	} else {
		t := r.b.typ()
		at.roots = append(at.roots, t)
		if r.b.asFactory {
			_, err = at.fresh(sc, r.b, nil, nil)
		} else {
			_, err = at.get(sc, r.b, nil, needDone)
		}
		if err != nil {
			err = at1(err, typeName(t), t)
		}
	}
	normal = true
	return err
}

// errDry ends every dry call: it is rolled back, whatever it found.
var errDry = errors.New("dry call")
