package container_test

// Rule 6: unexported tagged fields and invalid tags, found when a type is
// first seen and at registration; and facebookgo's bare names
// (inject:"db" is inject:"name=db").

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/tags"
)

// fndHold holds a bad type one level down, to check paths.
type fndHold[T any] struct {
	X T `inject:""`
}

// An unknown option after the first item (a bare first item would be a
// name).
type fndBadUnknown struct {
	F *fndDB `inject:"private,bogus"`
}

// A first item within two edits of an option is a typo, not a name.
type fndBadMisspeltOption struct {
	F *fndDB `inject:"optinal"`
}

type fndBadTypo struct {
	OK *fndDB `inject:""`
	F  *fndDB `inject:"nmae=db"`
}

type fndBadEmptyName struct {
	F string `inject:"name="`
}

type fndBadPrivName struct {
	F *fndDB `inject:"private,name=db"`
}

type fndBadInlinePtr struct {
	F *fndDB `inject:"inline"`
}

type fndBadInlineOpt struct {
	F fndConfig `inject:"inline,optional"`
}

type fndBadDupOpt struct {
	F *fndDB `inject:"optional,optional"`
}

type fndBadMap struct {
	F map[string]int `inject:""`
}

type fndBadFactoryInt struct {
	F int `inject:"factory"`
}

type fndBadFactoryFunc struct {
	F func(int) string `inject:"factory"`
}

type fndBadInlineInner struct {
	F *fndDB `inject:"optinal"`
}

type fndBadInlineNested struct {
	Cfg fndBadInlineInner `inject:"inline"`
}

type fndUnexp struct {
	Pub *fndDB `inject:""`
	db  *fndDB `inject:""`
}

type fndUnexpOptional struct {
	g fndGreeter `inject:"optional"`
}

type fndUnexpInline struct {
	cfg fndConfig `inject:"inline"`
}

// fndTaggedI is implemented by every bad type above, so that a constructor
// of one can be registered under an interface broader than its result.
type fndTaggedI interface{ fndTagged() }

func (*fndBadUnknown) fndTagged()        {}
func (*fndBadMisspeltOption) fndTagged() {}
func (*fndBadTypo) fndTagged()           {}
func (*fndBadEmptyName) fndTagged()      {}
func (*fndBadPrivName) fndTagged()       {}
func (*fndBadInlinePtr) fndTagged()      {}
func (*fndBadInlineOpt) fndTagged()      {}
func (*fndBadDupOpt) fndTagged()         {}
func (*fndBadMap) fndTagged()            {}
func (*fndBadFactoryInt) fndTagged()     {}
func (*fndBadFactoryFunc) fndTagged()    {}
func (*fndBadInlineNested) fndTagged()   {}
func (*fndUnexp) fndTagged()             {}
func (*fndUnexpOptional) fndTagged()     {}
func (*fndUnexpInline) fndTagged()       {}

type fndBadTagCase struct {
	name       string
	kind       error
	owner      string // declaring struct, as named in messages
	field      string // field name (dotted through inline)
	raw        string // the offending tag value
	tagsErr    bool   // errors.As(*tags.Error) must work
	ptrType    reflect.Type
	fieldType  reflect.Type
	holderName string
	target     func() any
	holder     func() any
	pkgPop     func() error
	register   func(c *container.Container) error
	provide    func(c *container.Container) error
	provideI   func(c *container.Container) error
	resolve    func(c *container.Container) error
}

func fndBadCase[S any](name, field, raw string, kind error, tagsErr bool) fndBadTagCase {
	st := reflect.TypeFor[S]()
	ft := st // the type at the dotted field path
	for _, name := range strings.Split(field, ".") {
		sf, ok := ft.FieldByName(name)
		if !ok {
			ft = nil
			break
		}
		ft = sf.Type
	}
	return fndBadTagCase{
		name: name, kind: kind, owner: st.Name(), field: field, raw: raw, tagsErr: tagsErr,
		ptrType: reflect.PointerTo(st), fieldType: ft,
		holderName: reflect.TypeFor[fndHold[*S]]().Name(),
		target:     func() any { return new(S) },
		holder:     func() any { return new(fndHold[*S]) },
		pkgPop:     func() error { return container.Populate(new(S)) },
		register:   func(c *container.Container) error { return container.Provide[*S](c, nil) },
		provide: func(c *container.Container) error {
			return container.Provide[*S](c, func() *S { return new(S) })
		},
		provideI: func(c *container.Container) error {
			// A constructor of *S registered under an interface *S
			// implements: the tags of the constructor's result are checked.
			return container.Provide[fndTaggedI](c, func() *S { return new(S) })
		},
		resolve: func(c *container.Container) error {
			_, err := container.Resolve[*S](context.Background(), c)
			return err
		},
	}
}

func fndBadTagCases() []fndBadTagCase {
	bt, ue := container.ErrBadTag, container.ErrBadTag
	return []fndBadTagCase{
		fndBadCase[fndBadUnknown]("unknown option after the first item", "F", "private,bogus", bt, true),
		fndBadCase[fndBadMisspeltOption]("misspelt option as the first item", "F", "optinal", bt, true),
		fndBadCase[fndBadTypo]("misspelt name=", "F", "nmae=db", bt, true),
		fndBadCase[fndBadEmptyName]("empty name", "F", "name=", bt, true),
		fndBadCase[fndBadPrivName]("private with name", "F", "private,name=db", bt, true),
		fndBadCase[fndBadInlinePtr]("inline on a pointer", "F", "inline", bt, true),
		fndBadCase[fndBadInlineOpt]("inline with another option", "F", "inline,optional", bt, true),
		fndBadCase[fndBadDupOpt]("option twice", "F", "optional,optional", bt, true),
		fndBadCase[fndBadMap]("map without private or name", "F", "", bt, true),
		fndBadCase[fndBadFactoryInt]("factory on an int", "F", "factory", bt, true),
		fndBadCase[fndBadFactoryFunc]("factory on a non-factory func", "F", "factory", bt, true),
		fndBadCase[fndBadInlineNested]("bad tag inside an inline struct", "Cfg.F", "optinal", bt, true),
		fndBadCase[fndUnexp]("unexported pointer field", "db", "", ue, false),
		fndBadCase[fndUnexpOptional]("unexported optional interface", "g", "optional", ue, false),
		fndBadCase[fndUnexpInline]("unexported inline field", "cfg", "inline", ue, false),
	}
}

// fndCheckBadTag checks the error of a bad struct type reached at path
// prefix (the owner itself or a holder field).
func fndCheckBadTag(t *testing.T, tc fndBadTagCase, err error, op, prefix string) {
	t.Helper()
	ce := fndCheckErr(t, err, fndWant{
		kind: tc.kind, op: op,
		// The path leads to the instance whose type is bad, and may go on
		// to the offending field.
		paths:  []string{prefix, prefix + "." + tc.field},
		anyTag: true,
	})
	if ce == nil {
		return
	}
	if ce.Path == prefix {
		assert.Equal(t, tc.ptrType, ce.Type, "Type at the instance path")
	} else {
		assert.Equal(t, tc.fieldType, ce.Type, "Type at the field path")
		assert.Equal(t, tc.raw, ce.Tag, "Tag at the field path")
	}
	// The message names the struct, the field and the tag.
	msg := err.Error()
	assert.Contains(t, msg, tc.owner)
	assert.Contains(t, msg, tc.field)
	if tc.raw != "" {
		assert.Contains(t, msg, tc.raw)
	}
	if tc.tagsErr {
		var te *tags.Error
		if assert.True(t, errors.As(err, &te), "errors.As(*tags.Error) on %v", err) {
			assert.Equal(t, tc.owner, te.Struct)
			assert.Equal(t, tc.field, te.Field)
			assert.Equal(t, tc.raw, te.Tag)
			assert.NotEmpty(t, te.Reason)
		}
	} else {
		var fe *attribute.FieldError
		if assert.True(t, errors.As(err, &fe), "errors.As(*attribute.FieldError) on %v", err) {
			assert.Equal(t, tc.owner, fe.Struct)
			assert.Equal(t, tc.field, fe.Field)
			assert.NotEmpty(t, fe.Hint)
		}
	}
}

func TestFoundation_BadTagsAtPopulate(t *testing.T) {
	ctx := context.Background()
	for _, tc := range fndBadTagCases() {
		t.Run(tc.name, func(t *testing.T) {
			c, log := fndNewLogged(t)
			// As the Populate target.
			tg := tc.target()
			before := fndSnapshot(tg)
			var err error
			require.NotPanics(t, func() { err = c.Populate(ctx, tg) })
			fndCheckBadTag(t, tc, err, "populate", tc.owner)
			fndRequireUntouched(t, before, tg)

			// One level down.
			h := tc.holder()
			require.NotPanics(t, func() { err = c.Populate(ctx, h) })
			fndCheckBadTag(t, tc, err, "populate", tc.holderName+".X")
			fndRequireUntouched(t, fndSnapshot(tc.holder()), h)

			// Through the package-level Populate and Resolve.
			require.NotPanics(t, func() { err = tc.pkgPop() })
			fndCheckBadTag(t, tc, err, "populate", tc.owner)
			require.NotPanics(t, func() { err = tc.resolve(c) })
			fndCheckBadTag(t, tc, err, "resolve", tc.owner)
			assert.Empty(t, log.Seen())

			// The same error every time (cached plans are not mutated).
			require.NotPanics(t, func() { err = c.Populate(ctx, tc.target()) })
			fndCheckBadTag(t, tc, err, "populate", tc.owner)
		})
	}
}

func TestFoundation_BadTagsAtRegistration(t *testing.T) {
	for _, tc := range fndBadTagCases() {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			regs := []struct {
				name string
				fn   func(c *container.Container) error
			}{
				{"Provide nil", tc.register},
				{"Provide", tc.provide},
				{"Provide under an interface it implements", tc.provideI},
			}
			for _, r := range regs {
				t.Run(r.name, func(t *testing.T) {
					var err error
					require.NotPanics(t, func() { err = r.fn(c) })
					require.Error(t, err)
					require.ErrorIs(t, err, tc.kind)
					var ce *container.Error
					require.ErrorAs(t, err, &ce)
					assert.Equal(t, "register", ce.Op)
					msg := err.Error()
					assert.Contains(t, msg, tc.owner)
					assert.Contains(t, msg, tc.field)
					if tc.tagsErr {
						var te *tags.Error
						assert.True(t, errors.As(err, &te), "errors.As(*tags.Error) on %v", err)
					}
				})
			}
			// Nothing was registered: an interface lookup finds nothing,
			// and the interface whose registration failed reports that
			// failure.
			_, err := container.Resolve[any](context.Background(), c)
			require.ErrorIs(t, err, container.ErrNotFound)
			_, err = container.Resolve[fndTaggedI](context.Background(), c)
			require.ErrorIs(t, err, tc.kind)
			assert.Contains(t, err.Error(), "its registration failed")
		})
	}
}

// A tagged unexported field is ErrBadTag whose cause is
// attribute.ErrUnexportedField, not a *tags.Error: the tag itself is valid.
func TestFoundation_UnexportedFieldNamed(t *testing.T) {
	var u fndUnexp
	err := container.Populate(&u)
	require.ErrorIs(t, err, container.ErrBadTag)
	require.ErrorIs(t, err, attribute.ErrUnexportedField)
	var te *tags.Error
	assert.False(t, errors.As(err, &te), "the tag is valid; the field is the problem: %v", err)
	assert.Contains(t, err.Error(), "fndUnexp.db")
	assert.Nil(t, u.Pub, "nothing is injected into a type that cannot be planned")
}

// facebookgo's grammar: a bare first item that is not an option is a name,
// alone or followed by options.
type fndBareNames struct {
	DB       *fndDB `inject:"db"`
	Named    *fndDB `inject:"name=db"`
	Optional *fndDB `inject:"db,optional"`
	Missing  *fndDB `inject:"nodb,optional"`
	Dsn      string `inject:"dsn"`
}

type fndBareMissing struct {
	DB *fndDB `inject:"nodb"`
}

func TestFoundation_BareNameTags(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	db := &fndDB{Name: "named"}
	require.NoError(t, container.Supply(c, db, container.Named("db")))
	require.NoError(t, container.Supply(c, "postgres://", container.Named("dsn")))
	require.NoError(t, container.Supply(c, &fndDB{Name: "unnamed"}))

	var app fndBareNames
	require.NoError(t, c.Populate(ctx, &app))
	assert.Same(t, db, app.DB, `inject:"db" is inject:"name=db"`)
	assert.Same(t, db, app.Named)
	assert.Same(t, db, app.Optional, `inject:"db,optional" is inject:"name=db,optional"`)
	assert.Nil(t, app.Missing, "an optional bare name that is not registered stays zero")
	assert.Equal(t, "postgres://", app.Dsn)

	var m fndBareMissing
	err := c.Populate(ctx, &m)
	fndCheckErr(t, err, fndWant{
		kind: container.ErrNotFound, op: "populate", path: "fndBareMissing.DB",
		typ: fndTypeOf[*fndDB](), tag: "nodb", needHint: true, msg: []string{`"nodb"`},
	})
	assert.Nil(t, m.DB)

	// The parsed tag is the same as with name=.
	for _, raw := range []string{"db", "db,optional"} {
		bare, err := tags.Parse(raw)
		require.NoError(t, err, raw)
		full, err := tags.Parse("name=" + raw)
		require.NoError(t, err, raw)
		bare.Raw, full.Raw = "", ""
		assert.Equal(t, full, bare, raw)
	}
}
