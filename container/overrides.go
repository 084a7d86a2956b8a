package container

import (
	"fmt"
	"reflect"
	"slices"
	"unsafe"
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

// applySets writes the Set overrides into the struct of type st at base.
func (o *callOpts) applySets(st reflect.Type, base unsafe.Pointer) error {
	sv := reflect.NewAt(st, base).Elem()
	for _, s := range o.sets {
		f, err := setField(st, s)
		if err != nil {
			return err
		}
		fv := sv.FieldByIndex(f.Index)
		if s.v == nil {
			fv.SetZero()
		} else {
			fv.Set(reflect.ValueOf(s.v))
		}
	}
	return nil
}

// setField checks a Set override against struct type st.
func setField(st reflect.Type, s fieldSpec) (reflect.StructField, error) {
	f, ok := st.FieldByName(s.name)
	if !ok || !f.IsExported() {
		var names []string
		for i := range st.NumField() {
			if st.Field(i).IsExported() {
				names = append(names, st.Field(i).Name)
			}
		}
		hint := "Set names an exported field of the object being built"
		if n := nearest(s.name, names); n != "" {
			hint = fmt.Sprintf("did you mean %q?", n)
		}
		return f, newErr(ErrBadInput, st, fmt.Sprintf("%v has no exported field %q", st, s.name), hint)
	}
	t := st
	for _, i := range f.Index[:len(f.Index)-1] {
		if t = t.Field(i).Type; t.Kind() == reflect.Pointer {
			return f, newErr(ErrBadInput, st, fmt.Sprintf("%v.%s is promoted through the embedded pointer %v", st, s.name, t),
				"Set names a field of the struct itself or of an embedded struct value")
		}
	}
	if s.v != nil && !reflect.TypeOf(s.v).AssignableTo(f.Type) {
		return f, newErr(ErrTypeMismatch, f.Type, fmt.Sprintf("Set(%q) gives a %T; the field is a %v", s.name, s.v, f.Type), "")
	}
	return f, nil
}

// validateOverrides checks call-time overrides against the registration
// before anything is built.
func validateOverrides(b *binding, o *callOpts) error {
	var st reflect.Type // statically known struct type, if any
	var deps []dep
	nreg := 0
	switch b.kind {
	case kindStruct:
		st = b.info.plan.Type
		deps = staticDeps(b.info)
	case kindCtor:
		deps = append(deps, b.r.ctor.params...)
		nreg = len(b.args())
		if out := b.r.ctor.out; out.Kind() == reflect.Pointer && out.Elem().Kind() == reflect.Struct {
			st = out.Elem()
			deps = append(deps, staticDeps(infoOf(out))...)
		}
	default:
		return newErr(ErrBadInput, b.typ(), b.describe()+" takes no overrides", "")
	}
	if st != nil {
		for _, s := range o.sets {
			if _, err := setField(st, s); err != nil {
				return err
			}
		}
	}
	if o.hasArgs && b.kind != kindCtor {
		return newErr(ErrBadInput, b.typ(), b.describe()+" has no constructor to take positional arguments", "")
	}
	if b.kind == kindCtor {
		if err := validateParams(b.r.ctor.params, nreg, o); err != nil {
			return err
		}
	}
	if b.kind == kindCtor {
		// Only the parameters left to resolution by type can be replaced.
		deps = slices.Clone(deps)
		deps = slices.Delete(deps, 0, min(len(b.r.ctor.params), nreg+len(o.args)))
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
	for _, a := range b.args() {
		add(a)
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

// validateParams checks positional call-time Args (after nreg registered
// ones) against params.
func validateParams(params []dep, nreg int, o *callOpts) error {
	if o == nil {
		return nil
	}
	if nreg+len(o.args) > len(params) {
		return newErr(ErrBadInput, nil, fmt.Sprintf("%d positional arguments given after %d registered ones; the function takes %d parameters",
			len(o.args), nreg, len(params)), "pass fewer Args")
	}
	for i, a := range o.args {
		if err := checkValue(a, params[nreg+i].t, fmt.Sprintf("argument %d (parameter %d)", i, nreg+i)); err != nil {
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
	return validateParams(params, 0, o)
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
