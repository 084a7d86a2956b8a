package container

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
)

// Call-time overrides (Set, Use, Args) and their validation, which runs
// before anything is built so that a bad override changes nothing.

func (o *callOpts) use(t reflect.Type) (any, bool) {
	for i := range o.uses {
		if o.uses[i].t == t {
			return o.uses[i].v, true
		}
	}
	return nil, false
}

func (o *callOpts) covers(name string) bool {
	for i := range o.sets {
		if o.sets[i].name == name {
			return true
		}
	}
	return false
}

// applySets writes the Field overrides into the struct of type st at base.
// Deep overrides (through a pointer field) are applied where that field's
// dependency is built (see fillField).
func (o *callOpts) applySets(st reflect.Type, base unsafe.Pointer) error {
	sv := reflect.NewAt(st, base).Elem()
	for _, s := range o.sets {
		idx, deep, err := setPath(st, s)
		if err != nil {
			return err
		}
		if deep != "" {
			continue
		}
		fv := sv.FieldByIndex(idx)
		if s.v == nil {
			fv.SetZero()
		} else {
			fv.Set(reflect.ValueOf(s.v))
		}
	}
	return nil
}

// deepFor returns the deep overrides for the dependency of field name: the
// Field overrides "name.rest", as Field("rest", v).
func (o *callOpts) deepFor(name string) *callOpts {
	if o == nil {
		return nil
	}
	var d *callOpts
	for _, s := range o.sets {
		if rest, ok := strings.CutPrefix(s.name, name+"."); ok {
			if d == nil {
				d = &callOpts{}
			}
			d.sets = append(d.sets, fieldSpec{rest, s.v})
		}
	}
	return d
}

// setField checks a Field override of one field (no dots) against st.
func setField(st reflect.Type, s fieldSpec) (reflect.StructField, error) {
	f, ok := st.FieldByName(s.name)
	if !ok || !f.IsExported() {
		var names []string
		for i := range st.NumField() {
			if st.Field(i).IsExported() {
				names = append(names, st.Field(i).Name)
			}
		}
		hint := "Field names an exported field of the object being built"
		if n := nearest(s.name, names); n != "" {
			hint = fmt.Sprintf("did you mean %q?", n)
		}
		return f, newErr(ErrBadInput, st, fmt.Sprintf("%v has no exported field %q", st, s.name), hint)
	}
	t := st
	for _, i := range f.Index[:len(f.Index)-1] {
		if t = t.Field(i).Type; t.Kind() == reflect.Pointer {
			return f, newErr(ErrBadInput, st, fmt.Sprintf("%v.%s is promoted through the embedded pointer %v", st, s.name, t),
				"Field names a field of the struct itself or of an embedded struct value")
		}
	}
	return f, nil
}

// setPath checks a Field override, possibly a dotted path
// ("Task.Loss.Alpha": python-dependency-injector's deep keyword args),
// against struct type st. Through struct values it returns the index path
// of the field to set; at a pointer to a struct it returns the name of the
// field there (deep) and the rest of the path applies to the dependency
// built for it, which must be a tagged field.
func setPath(st reflect.Type, s fieldSpec) (idx []int, deep string, err error) {
	segs := strings.Split(s.name, ".")
	cur := st
	for i, seg := range segs {
		f, err := setField(cur, fieldSpec{seg, nil})
		if err != nil {
			if i > 0 {
				e := err.(*Error)
				e.Detail = fmt.Sprintf("%s (in the path %q)", e.Detail, s.name)
			}
			return nil, "", err
		}
		idx = append(idx, f.Index...)
		if i == len(segs)-1 {
			if s.v != nil && !reflect.TypeOf(s.v).AssignableTo(f.Type) {
				return nil, "", newErr(ErrTypeMismatch, f.Type, fmt.Sprintf("Field(%q) gives a %T; the field is a %v", s.name, s.v, f.Type), "")
			}
			return idx, "", nil
		}
		switch ft := f.Type; {
		case ft.Kind() == reflect.Struct:
			cur = ft
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
			prefix := strings.Join(segs[:i+1], ".")
			if !taggedField(st, prefix) {
				return nil, "", newErr(ErrBadInput, st, fmt.Sprintf("Field(%q): %s is not a tagged field, so nothing builds it to pass the rest of the path to", s.name, prefix),
					"a deep override goes through fields the container injects")
			}
			if _, _, err := setPath(ft.Elem(), fieldSpec{strings.Join(segs[i+1:], "."), s.v}); err != nil {
				return nil, "", err
			}
			return nil, prefix, nil
		default:
			return nil, "", newErr(ErrBadInput, st, fmt.Sprintf("Field(%q): %s is a %v, which has no fields", s.name, strings.Join(segs[:i+1], "."), ft), "")
		}
	}
	return idx, "", nil
}

// taggedField reports whether the plan of st has a tagged field called
// name (a dotted name for inline fields).
func taggedField(st reflect.Type, name string) bool {
	p, err := attribute.For(st)
	if err != nil {
		return false
	}
	for i := range p.Fields {
		if p.Fields[i].Name == name {
			return true
		}
	}
	return false
}

// validateOverrides checks call-time overrides against the registration
// before anything is built, and decides which constructor parameters the
// call-time Args fill (see callSlots).
func (at *attempt) validateOverrides(sc *Container, b *binding, o *callOpts) error {
	var st reflect.Type // statically known struct type, if any
	var deps []dep
	switch b.kind {
	case kindStruct:
		st = b.info.plan.Type
		deps = staticDeps(b.info)
	case kindCtor:
		if out := b.r.ctor.out; out.Kind() == reflect.Pointer && out.Elem().Kind() == reflect.Struct {
			st = out.Elem()
			deps = append(deps, staticDeps(infoOf(out))...)
		}
	default:
		return newErr(ErrBadInput, b.typ(), b.describe()+" takes no overrides", "")
	}
	if st != nil {
		for _, s := range o.sets {
			if _, _, err := setPath(st, s); err != nil {
				return err
			}
		}
	}
	if o.hasArgs && b.kind != kindCtor {
		return newErr(ErrBadInput, b.typ(), b.describe()+" has no constructor to take positional arguments", "")
	}
	if b.kind == kindCtor {
		if err := at.callSlots(sc, b, o); err != nil {
			return err
		}
		// Only the parameters left to resolution by type can be replaced.
		for i, d := range b.r.ctor.params {
			if _, reg := b.argAt(b.r.ctor.pos[i]); !reg && o.slot(i) < 0 {
				deps = append(deps, d)
			}
		}
	}
	for _, a := range provided(b) {
		deps = append(deps, dep{t: a})
	}
	for _, u := range o.uses {
		found := false
		for _, d := range deps {
			found = found || d.t == u.t
		}
		if !found {
			return newErr(ErrBadInput, u.t, fmt.Sprintf("%s has no dependency of type %v", b.describe(), u.t),
				"Use replaces a constructor parameter, tagged field or Init parameter of exactly that type")
		}
	}
	return nil
}

// callSlots decides which parameters of b's constructor the call-time Args
// fill: each argument, left to right, goes to the next parameter without a
// registered argument (Args, Arg) that it can be assigned to. So
// dependency-injector's rule holds (a registration with Args(1, 2) called
// with Args(3, 4) calls P(1, 2, 3, 4)), and a call-time Args("alice") for
// func(db *DB, name string) fills name, leaving db to the container.
func (at *attempt) callSlots(sc *Container, b *binding, o *callOpts) error {
	if !o.hasArgs {
		return nil
	}
	ci := &b.r.ctor
	o.slots = o.slots[:0]
	next := 0
	for k, a := range o.args {
		slot := -1
		for i := next; i < len(ci.params) && slot < 0; i++ {
			if _, reg := b.argAt(ci.pos[i]); reg || ci.pos[i] < 0 {
				continue
			}
			if checkValue(a, ci.params[i].t, "") == nil {
				slot = i
			}
		}
		if slot < 0 {
			var open []string
			for i := next; i < len(ci.params); i++ {
				if _, reg := b.argAt(ci.pos[i]); !reg && ci.pos[i] >= 0 {
					open = append(open, fmt.Sprintf("%d (%v)", ci.pos[i], ci.params[i].t))
				}
			}
			left, kind := "none", ErrBadInput
			if len(open) > 0 {
				left, kind = strings.Join(open, ", "), ErrTypeMismatch
			}
			return newErr(kind, b.typ(), fmt.Sprintf("call-time argument %d (%s) fits no parameter of %s left after the previous ones; parameters left: %s",
				k, argType(a), ci.shortName(), left),
				"pass fewer Args, or values of the parameters' types (a parameter with a registered argument takes none)")
		}
		o.slots = append(o.slots, slot)
		next = slot + 1
	}
	return nil
}

// argType renders the type of an argument (a Dep's type for a provider).
func argType(a any) string {
	if p, ok := a.(*provider); ok {
		return p.t.String()
	}
	if a == nil {
		return "nil"
	}
	return reflect.TypeOf(a).String()
}

// provided lists the types of the unkeyed Dep providers among a
// registration's Args, Field and Method values: the dependencies of those
// that a Use override replaces.
func provided(b *binding) []reflect.Type {
	if b.r == nil {
		return nil
	}
	var ts []reflect.Type
	add := func(v any) {
		if p, ok := v.(*provider); ok && !p.hasKey {
			ts = append(ts, p.t)
		}
	}
	if b.r.x != nil {
		for _, a := range b.r.x.argAt {
			add(a)
		}
	}
	for _, f := range b.fields() {
		add(f.v)
	}
	for _, m := range b.calls() {
		for _, v := range m.vals {
			add(v)
		}
	}
	return ts
}

// validateParams checks positional Invoke Args against params.
func validateParams(params []dep, o *callOpts) error {
	if o == nil {
		return nil
	}
	if len(o.args) > len(params) {
		return newErr(ErrBadInput, nil, fmt.Sprintf("%d positional arguments given; the function takes %d parameters",
			len(o.args), len(params)), "pass fewer Args")
	}
	for i, a := range o.args {
		if err := checkValue(a, params[i].t, fmt.Sprintf("argument %d", i)); err != nil {
			return err
		}
	}
	return nil
}

// validateInvoke checks the overrides of an Invoke call.
func validateInvoke(params []dep, o *callOpts) error {
	if o == nil {
		return nil
	}
	if len(o.sets) > 0 || o.hasKey {
		return newErr(ErrBadInput, nil, "Invoke takes Args and Use overrides only", "Set and Named apply to Resolve and factories")
	}
	for _, u := range o.uses {
		found := false
		for _, d := range params {
			found = found || d.t == u.t
		}
		if !found {
			return newErr(ErrBadInput, u.t, fmt.Sprintf("the function has no parameter of type %v", u.t), "")
		}
	}
	return validateParams(params, o)
}

// staticDeps lists the dependencies of an instance type that Use can
// replace: fields resolved by type and Init parameters.
func staticDeps(info *typeInfo) []dep {
	var ds []dep
	if info.plan != nil {
		for i := range info.plan.Fields {
			if info.fields[i].mode == modeType {
				f := &info.plan.Fields[i]
				ds = append(ds, dep{t: f.Type, tid: f.TypeID})
			}
		}
	}
	return append(ds, info.deps...)
}
