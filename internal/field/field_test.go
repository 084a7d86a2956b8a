package field_test

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/field"
)

type Dep struct{ N int }

type Greeter interface{ Greet() string }

type greeter struct{ s string }

func (g *greeter) Greet() string { return g.s }

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

type Kinds struct {
	Pad byte
	P   *Dep           `inject:""`
	M   map[string]int `inject:"private"`
	Fn  func() int     `inject:"name=fn"`
	Ch  chan int       `inject:"name=ch"`
	A   any            `inject:"name=a"`
	I   Greeter        `inject:"name=g"`
	E   error          `inject:"name=e"`
	N   int            `inject:"name=n"`
	B   bool           `inject:"name=b"`
	S   string         `inject:"name=s"`
	V   Dep            `inject:"name=v"`
	Sl  []int          `inject:"name=sl"`
	Ar  [2]*Dep        `inject:"name=ar"`
	U   unsafe.Pointer `inject:"name=u"`
}

func planField(t *testing.T, p *attribute.Plan, name string) *attribute.Field {
	t.Helper()
	for i := range p.Fields {
		if p.Fields[i].Name == name {
			return &p.Fields[i]
		}
	}
	t.Fatalf("no field %s in plan of %v", name, p.Type)
	return nil
}

// same compares field values, by identity for funcs.
func same(t *testing.T, want, got any, msg string) {
	t.Helper()
	if reflect.TypeOf(want).Kind() == reflect.Func {
		assert.Equal(t, reflect.ValueOf(want).Pointer(), reflect.ValueOf(got).Pointer(), msg)
		return
	}
	assert.Equal(t, want, got, msg)
	if k := reflect.TypeOf(want).Kind(); k == reflect.Pointer || k == reflect.Map || k == reflect.Chan || k == reflect.UnsafePointer {
		assert.Equal(t, reflect.ValueOf(want).Pointer(), reflect.ValueOf(got).Pointer(), msg+": identity")
	}
}

func TestFieldSetClear(t *testing.T) {
	p, err := attribute.For(typeOf[Kinds]())
	require.NoError(t, err)
	x := 5
	ch := make(chan int, 1)
	tests := []struct {
		field string
		store attribute.Store
		val   any
	}{
		{"P", attribute.StorePointer, &Dep{N: 1}},
		{"M", attribute.StorePointer, map[string]int{"a": 1}},
		{"Fn", attribute.StorePointer, func() int { return 42 }},
		{"Ch", attribute.StorePointer, ch},
		{"U", attribute.StorePointer, unsafe.Pointer(&x)},
		{"A", attribute.StoreAny, &Dep{N: 2}},
		{"A", attribute.StoreAny, Dep{N: 3}},
		{"A", attribute.StoreAny, 7},
		{"A", attribute.StoreAny, "str"},
		{"I", attribute.StoreReflect, &greeter{s: "hi"}},
		{"E", attribute.StoreReflect, errors.New("boom")},
		{"N", attribute.StoreReflect, 42},
		{"N", attribute.StoreReflect, -1},
		{"B", attribute.StoreReflect, true},
		{"S", attribute.StoreReflect, "hello"},
		{"V", attribute.StoreReflect, Dep{N: 9}},
		{"Sl", attribute.StoreReflect, []int{1, 2}},
		{"Ar", attribute.StoreReflect, [2]*Dep{nil, {N: 1}}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s=%T", tt.field, tt.val), func(t *testing.T) {
			f := planField(t, p, tt.field)
			require.Equal(t, tt.store, f.Store)
			k := &Kinds{Pad: 0xff}
			base := unsafe.Pointer(k)
			fv := reflect.ValueOf(k).Elem().FieldByName(tt.field)
			others := func() {
				t.Helper()
				kv := reflect.ValueOf(k).Elem()
				for i := range kv.NumField() {
					name := kv.Type().Field(i).Name
					if name == tt.field || name == "Pad" {
						continue
					}
					assert.True(t, kv.Field(i).IsZero(), "field %s untouched", name)
				}
				assert.Equal(t, byte(0xff), k.Pad, "neighbour untouched")
			}

			assert.True(t, field.IsZero(base, f))
			field.Set(base, f, tt.val)
			assert.False(t, field.IsZero(base, f))
			same(t, tt.val, fv.Interface(), "after Set")
			others()

			field.Clear(base, f)
			assert.True(t, field.IsZero(base, f))
			assert.True(t, fv.IsZero(), "after Clear")
			others()

			field.Value(base, f).Set(reflect.ValueOf(tt.val))
			assert.False(t, field.IsZero(base, f))
			same(t, tt.val, fv.Interface(), "after SetValue")
			others()

			field.Set(base, f, nil)
			assert.True(t, field.IsZero(base, f))
			assert.True(t, fv.IsZero(), "after Set(nil)")
			others()
		})
	}
}

func TestFieldSetBehaviour(t *testing.T) {
	p, err := attribute.For(typeOf[Kinds]())
	require.NoError(t, err)
	var k Kinds
	base := unsafe.Pointer(&k)

	// Values written directly are live, not copies.
	field.Set(base, planField(t, p, "I"), &greeter{s: "hi"})
	assert.Equal(t, "hi", k.I.Greet())
	field.Set(base, planField(t, p, "Fn"), func() int { return 42 })
	assert.Equal(t, 42, k.Fn())
	m := map[string]int{}
	field.Set(base, planField(t, p, "M"), m)
	k.M["x"] = 1
	assert.Equal(t, 1, m["x"])

	// Zero values that are set read as zero for value kinds ...
	field.Set(base, planField(t, p, "N"), 0)
	assert.True(t, field.IsZero(base, planField(t, p, "N")))
	field.Set(base, planField(t, p, "V"), Dep{})
	assert.True(t, field.IsZero(base, planField(t, p, "V")))
	// ... but a nil pointer inside an interface is not a nil interface.
	field.Set(base, planField(t, p, "I"), (*greeter)(nil))
	assert.False(t, field.IsZero(base, planField(t, p, "I")))
	assert.True(t, k.I != nil, "k.I holds a typed nil")
	field.Set(base, planField(t, p, "A"), (*Dep)(nil))
	assert.False(t, field.IsZero(base, planField(t, p, "A")))
	assert.True(t, k.A != nil, "k.A holds a typed nil")
	field.Set(base, planField(t, p, "A"), 0)
	assert.False(t, field.IsZero(base, planField(t, p, "A")))
	// A typed nil pointer is the zero pointer.
	field.Set(base, planField(t, p, "P"), (*Dep)(nil))
	assert.True(t, field.IsZero(base, planField(t, p, "P")))
	assert.Nil(t, k.P)
	// An assignable (not identical) type in a reflect field.
	field.Set(base, planField(t, p, "E"), io.EOF)
	assert.Same(t, io.EOF, k.E)
}
