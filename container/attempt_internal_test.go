package container

import (
	"context"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAttemptResetClearsEverything: a reset attempt is a zero attempt
// except for the buffers it keeps (empty, with their capacity; the slab of
// never-used flightFrames as it is). Every
// field is set first, so a field added to attempt but not to reset fails
// here.
func TestAttemptResetClearsEverything(t *testing.T) {
	at := new(attempt)
	v := reflect.ValueOf(at).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.CanSet() {
			f = reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem()
		}
		switch v.Type().Field(i).Name {
		case "mu", "isEnded":
			continue // a mutex and an atomic: set through their methods below
		case "fbuf":
			at.fbuf[0] = frame{edge: edge{seg: "x", ctor: new(ctorInfo), param: 2}, depth: 3}
			at.fbuf[0].done.Store(true)
			continue
		case "nfr":
			continue
		}
		setNonZero(t, f)
	}
	at.isEnded.Store(true)
	at.nfr = 1
	at.ctx = context.Background()
	at.reset()

	want := attempt{}
	kept := map[string]bool{"done": true, "borrows": true, "pg": true, "roots": true, "ffslab": true}
	wv := reflect.ValueOf(&want).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		got := reflect.NewAt(v.Field(i).Type(), v.Field(i).Addr().UnsafePointer()).Elem()
		if kept[name] {
			if got.Kind() == reflect.Slice && name != "ffslab" { // ffslab keeps its fresh elements
				assert.Zero(t, got.Len(), "%s is emptied", name)
			}
			continue
		}
		zero := reflect.NewAt(wv.Field(i).Type(), wv.Field(i).Addr().UnsafePointer()).Elem()
		assert.True(t, reflect.DeepEqual(got.Interface(), zero.Interface()), "reset leaves %s = %v", name, got.Interface())
	}
}

// setNonZero gives f a non-zero value of its type.
func setNonZero(t *testing.T, f reflect.Value) {
	switch f.Kind() {
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Int, reflect.Int32:
		f.SetInt(1)
	case reflect.Uint64:
		f.SetUint(1)
	case reflect.Pointer:
		f.Set(reflect.New(f.Type().Elem()))
	case reflect.Slice:
		f.Set(reflect.MakeSlice(f.Type(), 1, 1))
	case reflect.Map:
		f.Set(reflect.MakeMap(f.Type()))
	case reflect.Array:
		for i := range f.Len() {
			setNonZero(t, f.Index(i))
		}
	case reflect.Struct:
		for i := range f.NumField() {
			setNonZero(t, reflect.NewAt(f.Field(i).Type(), f.Field(i).Addr().UnsafePointer()).Elem())
		}
	case reflect.String:
		f.SetString("x")
	case reflect.Interface:
		if f.Type() == reflect.TypeFor[context.Context]() {
			f.Set(reflect.ValueOf(context.Background()))
		}
	default:
		t.Fatalf("setNonZero: %v", f.Type())
	}
}
