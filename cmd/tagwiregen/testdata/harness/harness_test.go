// Package corpuscase is a placeholder: equal_test.go copies this file into
// each corpus case (and each random graph), replacing the package clause
// with the case's package name.
//
// The harness compares, for every variant of the case, the reflective
// container (c := container.New(); wire(c); c.Populate(ctx, target);
// c.Close(ctx)) with the generated function (close, err := gen(ctx,
// target); close(ctx)) on fresh targets:
//
//   - the error: every container Kind it matches (errors.Is), the context
//     errors, and the *container.Error's Op, Path and Type (errors.As);
//   - the object graph reachable from the target, by a reflect walk that
//     numbers each distinct pointer in order of first visit (so the sharing
//     pattern is compared), with scalar values, the dynamic types of
//     interface values, nil-ness and map lengths; after a failure this is
//     the target as it was reset;
//   - the Trace the corpus types append to during the call (constructors,
//     Init, and the cleanups a rollback runs), during the first close and
//     during a second close;
//   - the error of each close.
//
// The case supplies, in variants_test.go:
//
//	func wire(c *container.Container) error // calls wiring with the case's arguments
//	func gen(ctx context.Context, t *App) (func(context.Context) error, error) // calls populateApp with the same arguments
//	var variants []variant // the case's own variants (besides ok, cancelled and nil-target)
//
// and, in its package: var Trace []string, var FailAt string, var Cancel func().
package corpuscase

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ctxMode is how a variant's context is made.
type ctxMode uint8

const (
	ctxLive      ctxMode = iota // context.WithCancel(Background); Cancel cancels it
	ctxCancelled                // cancelled before the call
)

// expect says whether the reflective container is expected to succeed,
// a sanity check of the corpus itself (never of the generated code).
type expect uint8

const (
	expectAny expect = iota
	expectOK
	expectFail
)

// variant is one run of a case.
type variant struct {
	name   string
	failAt string     // FailAt during the run: "err:<event>", "panic:<event>", "cancel:<event>", "nil:<event>", comma-separated
	preset func(*App) // sets fields of the target before the call
	ctx    ctxMode
	want   expect
	nilTgt bool // Populate a nil *App
	skip   bool // leave this variant out (to drop an automatic one by name)
	// closeCancelled makes the first close use a cancelled context (the
	// second close has a live one).
	closeCancelled bool
}

// outcome is what one side did in one variant.
type outcome struct {
	err         string
	trace       []string
	graph       string
	closeErr    string
	closeTrace  []string
	close2Err   string
	close2Trace []string
	raw         error
}

var kinds = []struct {
	name string
	k    error
}{
	{"ErrNotFound", container.ErrNotFound},
	{"ErrAmbiguous", container.ErrAmbiguous},
	{"ErrCycle", container.ErrCycle},
	{"ErrBadTag", container.ErrBadTag},
	{"ErrBadSignature", container.ErrBadSignature},
	{"ErrTypeMismatch", container.ErrTypeMismatch},
	{"ErrDuplicate", container.ErrDuplicate},
	{"ErrBadInput", container.ErrBadInput},
	{"ErrConstructor", container.ErrConstructor},
	{"ErrInit", container.ErrInit},
	{"ErrNoScope", container.ErrNoScope},
	{"ErrClosed", container.ErrClosed},
	{"ErrCleanup", container.ErrCleanup},
	{"ErrPanic", container.ErrPanic},
	{"context.Canceled", context.Canceled},
	{"context.DeadlineExceeded", context.DeadlineExceeded},
}

// errShape renders what the comparison looks at in an error.
func errShape(err error) string {
	if err == nil {
		return "<nil>"
	}
	var ks []string
	for _, k := range kinds {
		if errors.Is(err, k.k) {
			ks = append(ks, k.name)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "kinds=[%s]", strings.Join(ks, " "))
	var ce *container.Error
	if errors.As(err, &ce) {
		fmt.Fprintf(&b, " op=%q path=%q type=%v", ce.Op, ce.Path, ce.Type)
	} else {
		fmt.Fprintf(&b, " (not a *container.Error: %T)", err)
	}
	var pe *container.PanicError
	if errors.As(err, &pe) {
		fmt.Fprintf(&b, " panic=%v", pe.Value)
	}
	return b.String()
}

// ptrKey identifies an instance: a pointer and its type (a struct and its
// first field share an address).
type ptrKey struct {
	p uintptr
	t reflect.Type
}

// dumper renders a graph, numbering pointers in order of first visit.
type dumper struct {
	ids map[ptrKey]int
	b   strings.Builder
}

// dump renders the graph reachable from root.
func dump(root any) string {
	d := &dumper{ids: map[ptrKey]int{}}
	d.value(reflect.ValueOf(root), 0)
	return d.b.String()
}

// corpusModule is the module path of the case's module.
var corpusModule = func() string {
	p := reflect.TypeFor[App]().PkgPath()
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return p
}()

// ours reports whether t is declared in the case's module (walked into);
// instances of other packages are compared by identity and type only.
func ours(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "" || t.PkgPath() == corpusModule || strings.HasPrefix(t.PkgPath(), corpusModule+"/")
}

func (d *dumper) indent(depth int) { d.b.WriteString(strings.Repeat("  ", depth)) }

func (d *dumper) value(v reflect.Value, depth int) {
	if !v.IsValid() {
		d.b.WriteString("<invalid>")
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			fmt.Fprintf(&d.b, "(%v)nil", v.Type())
			return
		}
		k := ptrKey{v.Pointer(), v.Type()}
		if id, ok := d.ids[k]; ok {
			fmt.Fprintf(&d.b, "@%d", id)
			return
		}
		id := len(d.ids) + 1
		d.ids[k] = id
		fmt.Fprintf(&d.b, "#%d %v ", id, v.Type())
		if !ours(v.Type()) {
			d.b.WriteString("(foreign)")
			return
		}
		d.value(v.Elem(), depth)
	case reflect.Interface:
		if v.IsNil() {
			fmt.Fprintf(&d.b, "(%v)nil", v.Type())
			return
		}
		fmt.Fprintf(&d.b, "iface %v holds ", v.Type())
		d.value(v.Elem(), depth)
	case reflect.Struct:
		if !ours(v.Type()) {
			fmt.Fprintf(&d.b, "%v(foreign)", v.Type())
			return
		}
		d.b.WriteString("{\n")
		for i := range v.NumField() {
			f := v.Type().Field(i)
			d.indent(depth + 1)
			fmt.Fprintf(&d.b, "%s: ", f.Name)
			d.value(v.Field(i), depth+1)
			d.b.WriteString("\n")
		}
		d.indent(depth)
		d.b.WriteString("}")
	case reflect.Map:
		if v.IsNil() {
			fmt.Fprintf(&d.b, "(%v)nil", v.Type())
			return
		}
		fmt.Fprintf(&d.b, "%v len=%d", v.Type(), v.Len())
	case reflect.Slice:
		if v.IsNil() {
			fmt.Fprintf(&d.b, "(%v)nil", v.Type())
			return
		}
		fmt.Fprintf(&d.b, "%v len=%d [", v.Type(), v.Len())
		for i := range v.Len() {
			if i > 0 {
				d.b.WriteString(", ")
			}
			d.value(v.Index(i), depth+1)
		}
		d.b.WriteString("]")
	case reflect.Array:
		d.b.WriteString("[")
		for i := range v.Len() {
			if i > 0 {
				d.b.WriteString(", ")
			}
			d.value(v.Index(i), depth+1)
		}
		d.b.WriteString("]")
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		fmt.Fprintf(&d.b, "%v nil=%v", v.Type(), v.IsNil())
	default:
		fmt.Fprintf(&d.b, "%v(%#v)", v.Type(), v)
	}
}

// runSide runs one variant on one side: the reflective container when
// reflective is set, else the generated function.
func runSide(t *testing.T, v variant, reflective bool) (o outcome) {
	t.Helper()
	Trace, FailAt = nil, v.failAt
	defer func() { Trace, FailAt, Cancel = nil, "", nil }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	Cancel = cancel
	if v.ctx == ctxCancelled {
		cancel()
	}
	var target *App
	if !v.nilTgt {
		target = new(App)
		if v.preset != nil {
			v.preset(target)
		}
	}
	var closeFn func(context.Context) error
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("PANIC escaped the call: %v", r)
			}
		}()
		if reflective {
			c := container.New()
			require.NoError(t, wire(c), "the case's registrations")
			closeFn = c.Close
			err = c.Populate(ctx, target)
		} else {
			closeFn, err = gen(ctx, target)
		}
	}()
	o.raw = err
	o.err = errShape(err)
	o.trace = Trace
	if target != nil {
		o.graph = dump(target)
	}
	closeOnce := func(cctx context.Context) (string, []string) {
		Trace = nil
		if closeFn == nil {
			return "<no close func>", nil
		}
		var cerr error
		func() {
			defer func() {
				if r := recover(); r != nil {
					cerr = fmt.Errorf("PANIC escaped close: %v", r)
				}
			}()
			cerr = closeFn(cctx)
		}()
		return errShape(cerr), Trace
	}
	cctx, ccancel := context.WithCancel(context.Background())
	if v.closeCancelled {
		ccancel()
	}
	o.closeErr, o.closeTrace = closeOnce(cctx)
	ccancel()
	o.close2Err, o.close2Trace = closeOnce(context.Background())
	return o
}

// knobs returns the events the variant's FailAt names.
func knobs(failAt string) []string {
	var evs []string
	for _, f := range strings.Split(failAt, ",") {
		if _, ev, ok := strings.Cut(f, ":"); ok {
			evs = append(evs, ev)
		}
	}
	return evs
}

func TestGeneratedEqualsPopulate(t *testing.T) {
	// The automatic variants, unless the case has one of the same name.
	var all []variant
	for _, v := range []variant{
		{name: "ok", want: expectOK},
		{name: "cancelled", ctx: ctxCancelled},
		{name: "nil-target", nilTgt: true, want: expectFail},
	} {
		if !slices.ContainsFunc(variants, func(w variant) bool { return w.name == v.name }) {
			all = append(all, v)
		}
	}
	all = append(all, variants...)
	for _, v := range all {
		if v.skip {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			c := runSide(t, v, true)
			g := runSide(t, v, false)
			// Sanity checks of the corpus (the container is the reference).
			switch v.want {
			case expectOK:
				require.NoError(t, c.raw, "corpus: the container should succeed in this variant")
			case expectFail:
				require.Error(t, c.raw, "corpus: the container should fail in this variant")
			}
			for _, ev := range knobs(v.failAt) {
				require.True(t, slices.Contains(c.trace, ev) || slices.Contains(c.closeTrace, ev),
					"corpus: FailAt names %q, which the container's run never reached (trace %q, close %q)", ev, c.trace, c.closeTrace)
			}
			// The comparison.
			assert.Equal(t, c.err, g.err, "the error of the call (container, generated); container error: %v; generated error: %v", c.raw, g.raw)
			assert.Equal(t, c.trace, g.trace, "the trace of the call: constructors, Init, rollback cleanups")
			assert.Equal(t, c.graph, g.graph, "the graph reachable from the target (after a failure: the target as reset)")
			assert.Equal(t, c.closeErr, g.closeErr, "the error of close")
			assert.Equal(t, c.closeTrace, g.closeTrace, "the trace of close: the cleanup order")
			assert.Equal(t, c.close2Err, g.close2Err, "the error of a second close")
			assert.Equal(t, c.close2Trace, g.close2Trace, "the trace of a second close")
		})
	}
}
