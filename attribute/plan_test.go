package attribute_test

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/tags"
)

type Dep struct{ N int }

type Other struct{ S string }

type Greeter interface{ Greet() string }

type greeter struct{ s string }

func (g *greeter) Greet() string { return g.s }

// want describes an expected plan field.
type want struct {
	name  string
	index []int
	typ   reflect.Type
	tag   tags.Tag
	store attribute.Store
	iface bool
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// checkPlan compares p with ws and checks every offset independently,
// through reflect.Value.FieldByIndex on a live value.
func checkPlan(t *testing.T, p *attribute.Plan, ws []want) {
	t.Helper()
	require.NotNil(t, p)
	names := make([]string, len(p.Fields))
	for i, f := range p.Fields {
		names[i] = f.Name
	}
	wantNames := make([]string, len(ws))
	for i, w := range ws {
		wantNames[i] = w.name
	}
	require.Equal(t, wantNames, names, "fields in declaration order")

	v := reflect.New(p.Type)
	base := v.UnsafePointer()
	for i, w := range ws {
		f := p.Fields[i]
		assert.Equal(t, w.index, f.Index, "%s: Index", w.name)
		assert.Equal(t, w.typ, f.Type, "%s: Type", w.name)
		assert.Equal(t, typeid.Of(w.typ), f.TypeID, "%s: TypeID", w.name)
		assert.Equal(t, w.tag, f.Tag, "%s: Tag", w.name)
		assert.Equal(t, w.store, f.Store, "%s: Store", w.name)
		assert.Equal(t, w.iface, f.Iface, "%s: Iface", w.name)
		sf := p.Type.FieldByIndex(w.index)
		assert.Equal(t, sf.Tag, f.StructTag, "%s: StructTag", w.name)
		addr := v.Elem().FieldByIndex(w.index).Addr().UnsafePointer()
		assert.Equal(t, uintptr(addr)-uintptr(base), f.Offset, "%s: Offset", w.name)
	}
}

type Basic struct {
	Pre     int64
	A       *Dep `inject:""`
	skipped int
	B       map[string]int `inject:"private"`
	Plain   string
	C       func() (*Dep, error) `inject:"factory"`
	D       chan int             `json:"d" inject:"name=ch"`
	E       any                  `inject:"name=any,optional"`
	F       Greeter              `inject:"optional"`
	G       int                  `inject:"name=port"`
	H       string               `inject:"name=host"`
	I       Dep                  `inject:"name=dep"`
	J       unsafe.Pointer       `inject:"name=raw"`
	K       []int                `inject:"name=list"`
	L       error                `inject:"name=err"`
}

func TestPlanBasic(t *testing.T) {
	p, err := attribute.For(typeOf[Basic]())
	require.NoError(t, err)
	assert.Equal(t, typeOf[Basic](), p.Type)
	checkPlan(t, p, []want{
		{"A", []int{1}, typeOf[*Dep](), tags.Tag{}, attribute.StorePointer, false},
		{"B", []int{3}, typeOf[map[string]int](), tags.Tag{Raw: "private", Private: true}, attribute.StorePointer, false},
		{"C", []int{5}, typeOf[func() (*Dep, error)](), tags.Tag{Raw: "factory", Factory: true}, attribute.StorePointer, false},
		{"D", []int{6}, typeOf[chan int](), tags.Tag{Raw: "name=ch", Name: "ch"}, attribute.StorePointer, false},
		{"E", []int{7}, typeOf[any](), tags.Tag{Raw: "name=any,optional", Name: "any", Optional: true}, attribute.StoreAny, false},
		{"F", []int{8}, typeOf[Greeter](), tags.Tag{Raw: "optional", Optional: true}, attribute.StoreReflect, true},
		{"G", []int{9}, typeOf[int](), tags.Tag{Raw: "name=port", Name: "port"}, attribute.StoreReflect, false},
		{"H", []int{10}, typeOf[string](), tags.Tag{Raw: "name=host", Name: "host"}, attribute.StoreReflect, false},
		{"I", []int{11}, typeOf[Dep](), tags.Tag{Raw: "name=dep", Name: "dep"}, attribute.StoreReflect, false},
		{"J", []int{12}, typeOf[unsafe.Pointer](), tags.Tag{Raw: "name=raw", Name: "raw"}, attribute.StorePointer, false},
		{"K", []int{13}, typeOf[[]int](), tags.Tag{Raw: "name=list", Name: "list"}, attribute.StoreReflect, false},
		{"L", []int{14}, typeOf[error](), tags.Tag{Raw: "name=err", Name: "err"}, attribute.StoreReflect, true},
	})
	// Offsets as the compiler sees them.
	var b Basic
	assert.Equal(t, unsafe.Offsetof(b.A), p.Fields[0].Offset)
	assert.Equal(t, unsafe.Offsetof(b.I), p.Fields[8].Offset)
	assert.Equal(t, unsafe.Offsetof(b.L), p.Fields[11].Offset)
	assert.Equal(t, reflect.StructTag(`json:"d" inject:"name=ch"`), p.Fields[3].StructTag)
}

func TestPlanNoTaggedFields(t *testing.T) {
	type untagged struct {
		A *Dep
		b int
		C string `json:"c"`
	}
	p, err := attribute.For(typeOf[untagged]())
	require.NoError(t, err)
	assert.Empty(t, p.Fields)
	p, err = attribute.For(typeOf[struct{}]())
	require.NoError(t, err)
	assert.Empty(t, p.Fields)
}

type Inner2 struct {
	Z *Other `inject:""`
}

type Inner struct {
	X    *Dep `inject:"name=x"`
	pad  [3]int64
	Deep Inner2 `inject:"inline"`
	Y    int
	W    Greeter `inject:""`
}

type Outer struct {
	Pre   int8
	First *Dep   `inject:"name=first"`
	Cfg   Inner  `inject:"inline"`
	Last  *Other `inject:""`
	Again Inner  `inject:"inline"`
}

func TestPlanInline(t *testing.T) {
	p, err := attribute.For(typeOf[Outer]())
	require.NoError(t, err)
	checkPlan(t, p, []want{
		{"First", []int{1}, typeOf[*Dep](), tags.Tag{Raw: "name=first", Name: "first"}, attribute.StorePointer, false},
		{"Cfg.X", []int{2, 0}, typeOf[*Dep](), tags.Tag{Raw: "name=x", Name: "x"}, attribute.StorePointer, false},
		{"Cfg.Deep.Z", []int{2, 2, 0}, typeOf[*Other](), tags.Tag{}, attribute.StorePointer, false},
		{"Cfg.W", []int{2, 4}, typeOf[Greeter](), tags.Tag{}, attribute.StoreReflect, true},
		{"Last", []int{3}, typeOf[*Other](), tags.Tag{}, attribute.StorePointer, false},
		{"Again.X", []int{4, 0}, typeOf[*Dep](), tags.Tag{Raw: "name=x", Name: "x"}, attribute.StorePointer, false},
		{"Again.Deep.Z", []int{4, 2, 0}, typeOf[*Other](), tags.Tag{}, attribute.StorePointer, false},
		{"Again.W", []int{4, 4}, typeOf[Greeter](), tags.Tag{}, attribute.StoreReflect, true},
	})
	var o Outer
	assert.Equal(t, unsafe.Offsetof(o.Cfg)+unsafe.Offsetof(o.Cfg.Deep)+unsafe.Offsetof(o.Cfg.Deep.Z), p.Fields[2].Offset)
	assert.Equal(t, unsafe.Offsetof(o.Again)+unsafe.Offsetof(o.Again.W), p.Fields[7].Offset)

	// The index paths reach the nested fields.
	rv := reflect.ValueOf(&o).Elem()
	assert.Equal(t, uintptr(rv.FieldByIndex(p.Fields[1].Index).Addr().UnsafePointer())-uintptr(unsafe.Pointer(&o)), p.Fields[1].Offset)
	assert.Equal(t, uintptr(rv.FieldByIndex(p.Fields[6].Index).Addr().UnsafePointer())-uintptr(unsafe.Pointer(&o)), p.Fields[6].Offset)
}

type Base struct {
	Log *Dep `inject:""`
}

type base struct {
	Log *Dep `inject:"name=log"`
}

type Mid struct{ Base }

type NoTags struct{ N int }

type EmbedInline struct {
	Base `inject:"inline"`
	Own  *Other `inject:""`
}

type EmbedUnexportedInline struct {
	Own  *Other `inject:""`
	base `inject:"inline"`
}

type EmbedPlain struct {
	NoTags
	A *Dep `inject:""`
}

type EmbedPtr struct {
	*Base `inject:""`
}

type EmbedPtrUntagged struct {
	*Base
	A *Dep `inject:""`
}

type EmbedMidInline struct {
	Mid `inject:"inline"`
}

func TestPlanEmbedded(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want []want
	}{
		{typeOf[EmbedInline](), []want{
			{"Base.Log", []int{0, 0}, typeOf[*Dep](), tags.Tag{}, attribute.StorePointer, false},
			{"Own", []int{1}, typeOf[*Other](), tags.Tag{}, attribute.StorePointer, false},
		}},
		// An unexported embedded struct may be walked: only its exported
		// fields are written, as encoding/json does.
		{typeOf[EmbedUnexportedInline](), []want{
			{"Own", []int{0}, typeOf[*Other](), tags.Tag{}, attribute.StorePointer, false},
			{"base.Log", []int{1, 0}, typeOf[*Dep](), tags.Tag{Raw: "name=log", Name: "log"}, attribute.StorePointer, false},
		}},
		// An embedded struct without tagged fields is simply skipped.
		{typeOf[EmbedPlain](), []want{
			{"A", []int{1}, typeOf[*Dep](), tags.Tag{}, attribute.StorePointer, false},
		}},
		// A tagged embedded pointer is an ordinary field.
		{typeOf[EmbedPtr](), []want{
			{"Base", []int{0}, typeOf[*Base](), tags.Tag{}, attribute.StorePointer, false},
		}},
		// An untagged embedded pointer is not walked: the pointee is a
		// separate object.
		{typeOf[EmbedPtrUntagged](), []want{
			{"A", []int{1}, typeOf[*Dep](), tags.Tag{}, attribute.StorePointer, false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			p, err := attribute.For(tt.typ)
			require.NoError(t, err)
			checkPlan(t, p, tt.want)
		})
	}
}

type Unexp struct {
	A *Dep `inject:""`
	b *Dep `inject:"optional"`
}

type UnexpInner struct {
	c *Dep `yaml:"c" inject:""`
}

type UnexpNested struct {
	Cfg UnexpInner `inject:"inline"`
}

type UnexpInline struct {
	cfg Inner `inject:"inline"`
}

type EmbedUntagged struct {
	Own *Other `inject:""`
	Base
}

type EmbedUntaggedUnexported struct {
	base
}

type EmbedDeep struct {
	Mid
}

type EmbedUntaggedNested struct {
	In EmbedUntagged `inject:"inline"`
}

func TestPlanFieldErrors(t *testing.T) {
	tests := []struct {
		typ    reflect.Type
		err    error
		strct  string
		field  string
		tag    string
		hint   string
		inMesg []string
	}{
		{typeOf[Unexp](), attribute.ErrUnexportedField, "Unexp", "b", `inject:"optional"`,
			"export the field, or receive the value in an Init method parameter", nil},
		{typeOf[UnexpNested](), attribute.ErrUnexportedField, "UnexpNested", "Cfg.c", `yaml:"c" inject:""`,
			"export the field, or receive the value in an Init method parameter", nil},
		// A non-embedded unexported struct is never walked: its fields
		// could not be set through reflect either.
		{typeOf[UnexpInline](), attribute.ErrUnexportedField, "UnexpInline", "cfg", `inject:"inline"`,
			"export the field, or receive the value in an Init method parameter", nil},
		{typeOf[EmbedUntagged](), attribute.ErrUntaggedEmbed, "EmbedUntagged", "Base", ``,
			`tag the embedded field inject:"inline" so its tagged fields are filled`, nil},
		{typeOf[EmbedUntaggedUnexported](), attribute.ErrUntaggedEmbed, "EmbedUntaggedUnexported", "base", ``,
			`tag the embedded field inject:"inline" so its tagged fields are filled`, nil},
		{typeOf[Mid](), attribute.ErrUntaggedEmbed, "Mid", "Base", ``,
			`tag the embedded field inject:"inline" so its tagged fields are filled`, nil},
		// The tagged field is two embeds down.
		{typeOf[EmbedDeep](), attribute.ErrUntaggedEmbed, "EmbedDeep", "Mid", ``,
			`tag the embedded field inject:"inline" so its tagged fields are filled`, nil},
		{typeOf[EmbedMidInline](), attribute.ErrUntaggedEmbed, "EmbedMidInline", "Mid.Base", ``,
			`tag the embedded field inject:"inline" so its tagged fields are filled`, nil},
		{typeOf[EmbedUntaggedNested](), attribute.ErrUntaggedEmbed, "EmbedUntaggedNested", "In.Base", ``,
			`tag the embedded field inject:"inline" so its tagged fields are filled`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			p, err := attribute.For(tt.typ)
			require.Error(t, err)
			assert.Nil(t, p)
			require.ErrorIs(t, err, tt.err)
			other := attribute.ErrUntaggedEmbed
			if tt.err == attribute.ErrUntaggedEmbed {
				other = attribute.ErrUnexportedField
			}
			assert.NotErrorIs(t, err, other)
			assert.NotErrorIs(t, err, tags.ErrInvalid)
			var fe *attribute.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.strct, fe.Struct)
			assert.Equal(t, tt.field, fe.Field)
			assert.Equal(t, tt.tag, fe.Tag)
			assert.Equal(t, tt.hint, fe.Hint)
			assert.Equal(t, fmt.Sprintf("attribute: %s.%s `%s`: %v (%s)", tt.strct, tt.field, tt.tag, tt.err, tt.hint), err.Error())
		})
	}
}

type BadTag struct {
	A *Dep `inject:"optinal"`
}

type BadInner struct {
	Ok *Dep           `inject:""`
	A  *Dep           `inject:"privat"`
	M  map[string]int `inject:""`
}

type BadOuter struct {
	In BadInner `inject:"inline"`
}

type BadDeep struct {
	X struct {
		Y BadInner `inject:"inline"`
	} `inject:"inline"`
}

type InlinePtr struct {
	P *Inner `inject:"inline"`
}

type DupKey struct {
	A *Dep `inject:"" inject:"optional"`
}

func TestPlanTagErrors(t *testing.T) {
	tests := []struct {
		typ    reflect.Type
		strct  string
		field  string
		tag    string
		reason string
	}{
		{typeOf[BadTag](), "BadTag", "A", "optinal", `unknown option "optinal"`},
		{typeOf[BadOuter](), "BadOuter", "In.A", "privat", `unknown option "privat"`},
		{typeOf[BadDeep](), "BadDeep", "X.Y.A", "privat", `unknown option "privat"`},
		{typeOf[InlinePtr](), "InlinePtr", "P", "inline", `"inline" on a field of type *attribute_test.Inner`},
		{typeOf[DupKey](), "DupKey", "A", `inject:"" inject:"optional"`, "the inject key appears more than once"},
		{reflect.TypeOf(struct {
			In BadInner `inject:"inline"`
		}{}), `struct { In attribute_test.BadInner "inject:\"inline\"" }`, "In.A", "privat", `unknown option "privat"`},
	}
	for _, tt := range tests {
		t.Run(tt.strct, func(t *testing.T) {
			p, err := attribute.For(tt.typ)
			require.Error(t, err)
			assert.Nil(t, p)
			require.ErrorIs(t, err, tags.ErrInvalid)
			var te *tags.Error
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.strct, te.Struct)
			assert.Equal(t, tt.field, te.Field)
			assert.Equal(t, tt.tag, te.Tag)
			assert.Equal(t, tt.reason, te.Reason)
			assert.Contains(t, err.Error(), "tags: "+tt.strct+"."+tt.field+": inject:"+fmt.Sprintf("%q", tt.tag))
		})
	}
}

func TestPlanNotStruct(t *testing.T) {
	for _, typ := range []reflect.Type{typeOf[int](), typeOf[*Basic](), typeOf[[]Basic](), typeOf[Greeter]()} {
		t.Run(typ.String(), func(t *testing.T) {
			p, err := attribute.For(typ)
			require.Error(t, err)
			assert.Nil(t, p)
			assert.Equal(t, "attribute: "+typ.String()+" is not a struct type", err.Error())
			err2 := func() error { _, err := attribute.For(typ); return err }()
			assert.True(t, err == err2, "the error is cached")
		})
	}
}

func TestPlanCached(t *testing.T) {
	p1, err := attribute.For(typeOf[Basic]())
	require.NoError(t, err)
	p2, err := attribute.For(typeOf[Basic]())
	require.NoError(t, err)
	assert.Same(t, p1, p2)

	_, err1 := attribute.For(typeOf[Unexp]())
	_, err2 := attribute.For(typeOf[Unexp]())
	require.Error(t, err1)
	assert.True(t, err1 == err2, "the error is cached: %p %p", err1, err2)
	_, err1 = attribute.For(typeOf[BadOuter]())
	_, err2 = attribute.For(typeOf[BadOuter]())
	require.Error(t, err1)
	assert.True(t, err1 == err2, "the tag error is cached")
}

func TestPlanConcurrent(t *testing.T) {
	// A type built at run time is new to the cache.
	typ := reflect.StructOf([]reflect.StructField{
		{Name: "A", Type: typeOf[*Dep](), Tag: `inject:""`},
		{Name: "B", Type: typeOf[int]()},
		{Name: "C", Type: typeOf[*Other](), Tag: `inject:"private"`},
	})
	bad := reflect.StructOf([]reflect.StructField{
		{Name: "A", Type: typeOf[*Dep](), Tag: `inject:"optinal"`},
	})
	const n = 16
	plans := make([]*attribute.Plan, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			p, err := attribute.For(typ)
			require.NoError(t, err)
			assert.NotEmpty(t, p.Reach())
			plans[i] = p
			_, errs[i] = attribute.For(bad)
		})
	}
	wg.Wait()
	for i := range n {
		assert.Same(t, plans[0], plans[i])
		assert.True(t, errs[0] == errs[i])
	}
	require.Len(t, plans[0].Fields, 2)
	assert.Equal(t, "C", plans[0].Fields[1].Name)
	assert.Equal(t, typ.Field(2).Offset, plans[0].Fields[1].Offset)
	assert.ErrorIs(t, errs[0], tags.ErrInvalid)
}

func TestStore(t *testing.T) {
	type iface interface{ M() }
	tests := []struct {
		typ   reflect.Type
		store attribute.Store
		iface bool
	}{
		{typeOf[*int](), attribute.StorePointer, false},
		{typeOf[*Dep](), attribute.StorePointer, false},
		{typeOf[map[string]int](), attribute.StorePointer, false},
		{typeOf[func()](), attribute.StorePointer, false},
		{typeOf[func(int) (*Dep, error)](), attribute.StorePointer, false},
		{typeOf[chan int](), attribute.StorePointer, false},
		{typeOf[<-chan int](), attribute.StorePointer, false},
		{typeOf[unsafe.Pointer](), attribute.StorePointer, false},
		{typeOf[any](), attribute.StoreAny, false},
		{typeOf[interface{}](), attribute.StoreAny, false},
		{typeOf[error](), attribute.StoreReflect, true},
		{typeOf[fmt.Stringer](), attribute.StoreReflect, true},
		{typeOf[io.ReadWriter](), attribute.StoreReflect, true},
		{typeOf[iface](), attribute.StoreReflect, true},
		{typeOf[int](), attribute.StoreReflect, false},
		{typeOf[string](), attribute.StoreReflect, false},
		{typeOf[bool](), attribute.StoreReflect, false},
		{typeOf[float64](), attribute.StoreReflect, false},
		{typeOf[Dep](), attribute.StoreReflect, false},
		{typeOf[struct{}](), attribute.StoreReflect, false},
		{typeOf[[]int](), attribute.StoreReflect, false},
		{typeOf[[1]*int](), attribute.StoreReflect, false},
		{typeOf[uintptr](), attribute.StoreReflect, false},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			st := reflect.StructOf([]reflect.StructField{
				{Name: "Pad", Type: typeOf[byte]()},
				{Name: "F", Type: tt.typ, Tag: `inject:"name=f"`},
			})
			p, err := attribute.For(st)
			require.NoError(t, err)
			require.Len(t, p.Fields, 1)
			assert.Equal(t, tt.store, p.Fields[0].Store)
			assert.Equal(t, tt.iface, p.Fields[0].Iface)
			assert.Equal(t, st.Field(1).Offset, p.Fields[0].Offset)
		})
	}
}

// Types for Reach.

type RA struct {
	B   *RB                   `inject:""`
	C   *RC                   `inject:"private"`
	N   *RD                   `inject:"name=d"`
	F   func() (*RE, error)   `inject:"factory"`
	I   Greeter               `inject:""`
	V   RG                    `inject:"name=g"`
	P   *int                  `inject:""`
	In  RInline               `inject:"inline"`
	Opt *RH                   `inject:"optional"`
	M   map[string]*RE        `inject:"private"`
	Fm  map[string]func() *RE `inject:"factory"`
}

type RB struct {
	C    *RC `inject:""`
	X    *RX `inject:""`
	Back *RA `inject:""`
}

type RC struct {
	B *RB `inject:""`
}

type RD struct {
	Y *RY `inject:""`
}

type RE struct {
	Y *RY `inject:""`
}

type RG struct {
	Y *RY `inject:""`
}

type RH struct{}

type RX struct{}

type RY struct{}

type RInline struct {
	W *RW `inject:""`
}

type RW struct {
	Self *RW `inject:""`
}

type RBad struct {
	Y *RY `inject:"optinal"`
}

type RWithBad struct {
	Bad *RBad `inject:""`
	H   *RH   `inject:""`
}

type RLeaf struct {
	Name string
}

func TestReach(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want []reflect.Type
	}{
		// Depth first, in field order, each type once; RA is reached
		// again through RB.Back and walked then.
		{typeOf[RA](), []reflect.Type{typeOf[*RB](), typeOf[*RC](), typeOf[*RX](), typeOf[*RA](), typeOf[*RW](), typeOf[*RH]()}},
		{typeOf[RB](), []reflect.Type{typeOf[*RC](), typeOf[*RB](), typeOf[*RX](), typeOf[*RA](), typeOf[*RW](), typeOf[*RH]()}},
		{typeOf[RW](), []reflect.Type{typeOf[*RW]()}},
		{typeOf[RInline](), []reflect.Type{typeOf[*RW]()}},
		// Named fields are not followed.
		{typeOf[RD](), []reflect.Type{typeOf[*RY]()}},
		// A type whose plan fails is listed but not walked.
		{typeOf[RWithBad](), []reflect.Type{typeOf[*RBad](), typeOf[*RH]()}},
		{typeOf[RLeaf](), nil},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			p, err := attribute.For(tt.typ)
			require.NoError(t, err)
			got := p.Reach()
			assert.Equal(t, tt.want, got)
			again := p.Reach()
			assert.Equal(t, got, again)
			if len(got) > 0 {
				assert.Same(t, &got[0], &again[0], "computed once")
			}
		})
	}
}

func TestReachExcludes(t *testing.T) {
	p, err := attribute.For(typeOf[RA]())
	require.NoError(t, err)
	r := p.Reach()
	for _, typ := range []reflect.Type{typeOf[*RD](), typeOf[*RE](), typeOf[*RG](), typeOf[*RY](), typeOf[*int]()} {
		assert.NotContains(t, r, typ, "%v must not be reachable from RA", typ)
	}
}

// Types for FieldOf.

type FEmbed struct {
	E int
	Q *Dep
}

type FPtr struct {
	Z int
}

type FAmbig1 struct{ Dup int }
type FAmbig2 struct{ Dup int }

type FOf struct {
	A int
	B *Dep `inject:"name=b"`
	c int
	FEmbed
	*FPtr
	FAmbig1
	FAmbig2
	G Greeter
	S string `json:"s"`
}

func TestFieldOf(t *testing.T) {
	st := typeOf[FOf]()
	var v FOf
	tests := []struct {
		name   string
		index  []int
		typ    reflect.Type
		offset uintptr
		tag    reflect.StructTag
		val    any
		get    func(*FOf) any
	}{
		{"A", []int{0}, typeOf[int](), unsafe.Offsetof(v.A), "", 3, func(f *FOf) any { return f.A }},
		{"B", []int{1}, typeOf[*Dep](), unsafe.Offsetof(v.B), `inject:"name=b"`, &Dep{N: 1}, func(f *FOf) any { return f.B }},
		{"E", []int{3, 0}, typeOf[int](), unsafe.Offsetof(v.FEmbed) + unsafe.Offsetof(v.FEmbed.E), "", 4, func(f *FOf) any { return f.E }},
		{"Q", []int{3, 1}, typeOf[*Dep](), unsafe.Offsetof(v.FEmbed) + unsafe.Offsetof(v.FEmbed.Q), "", &Dep{N: 2}, func(f *FOf) any { return f.Q }},
		{"FEmbed", []int{3}, typeOf[FEmbed](), unsafe.Offsetof(v.FEmbed), "", FEmbed{E: 5}, func(f *FOf) any { return f.FEmbed }},
		{"FPtr", []int{4}, typeOf[*FPtr](), unsafe.Offsetof(v.FPtr), "", &FPtr{Z: 6}, func(f *FOf) any { return f.FPtr }},
		{"G", []int{7}, typeOf[Greeter](), unsafe.Offsetof(v.G), "", &greeter{s: "g"}, func(f *FOf) any { return f.G }},
		{"S", []int{8}, typeOf[string](), unsafe.Offsetof(v.S), `json:"s"`, "s", func(f *FOf) any { return f.S }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := attribute.FieldOf(st, tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.name, f.Name)
			assert.Equal(t, tt.index, f.Index)
			assert.Equal(t, tt.typ, f.Type)
			assert.Equal(t, typeid.Of(tt.typ), f.TypeID)
			assert.Equal(t, tt.offset, f.Offset)
			assert.Equal(t, tt.tag, f.StructTag)

			var s FOf
			addr := reflect.ValueOf(&s).Elem().FieldByIndex(tt.index).Addr().UnsafePointer()
			assert.Equal(t, uintptr(addr)-uintptr(unsafe.Pointer(&s)), f.Offset)
		})
	}
}

func TestFieldOfErrors(t *testing.T) {
	st := typeOf[FOf]()
	tests := []struct {
		name string
		msg  string
	}{
		{"Z", `attribute: attribute_test.FOf.Z is promoted through an embedded pointer`},
		{"c", `attribute: attribute_test.FOf has no exported field "c"`},
		{"Missing", `attribute: attribute_test.FOf has no exported field "Missing"`},
		{"Dup", `attribute: attribute_test.FOf has no exported field "Dup"`},
		{"", `attribute: attribute_test.FOf has no exported field ""`},
		{"FEmbed.E", `attribute: attribute_test.FOf has no exported field "FEmbed.E"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := attribute.FieldOf(st, tt.name)
			require.Error(t, err)
			assert.Nil(t, f)
			assert.Equal(t, tt.msg, err.Error())
			assert.True(t, strings.HasPrefix(err.Error(), "attribute: "))
		})
	}
}
