package tags_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/tags"
)

const knownOptions = "known options: name=, private, optional, inline, factory, label="

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want tags.Tag // Raw is filled in from in
	}{
		{"", tags.Tag{}},
		{"name=db", tags.Tag{Name: "db"}},
		{"private", tags.Tag{Private: true}},
		{"optional", tags.Tag{Optional: true}},
		{"inline", tags.Tag{Inline: true}},
		{"factory", tags.Tag{Factory: true}},
		{"name=db,optional", tags.Tag{Name: "db", Optional: true}},
		{"optional,name=db", tags.Tag{Name: "db", Optional: true}},
		{"private,optional", tags.Tag{Private: true, Optional: true}},
		{"optional,private", tags.Tag{Private: true, Optional: true}},
		{"factory,optional", tags.Tag{Factory: true, Optional: true}},
		{"name=db,factory", tags.Tag{Name: "db", Factory: true}},
		{"optional,factory,name=db", tags.Tag{Name: "db", Factory: true, Optional: true}},
		// A leading empty element is allowed, as in encoding/json.
		{",optional", tags.Tag{Optional: true}},
		{",name=db", tags.Tag{Name: "db"}},
		{",inline", tags.Tag{Inline: true}},
		{",private,optional", tags.Tag{Private: true, Optional: true}},
		// Everything after "name=" up to the next comma is the name.
		{"name=a=b", tags.Tag{Name: "a=b"}},
		{"name=private", tags.Tag{Name: "private"}},
		{"name=name=", tags.Tag{Name: "name="}},
		{"name=db.primary", tags.Tag{Name: "db.primary"}},
		{"name=数据库", tags.Tag{Name: "数据库"}},
		// facebookgo/inject's grammar: a bare first item that is not an
		// option is the name, as the first item of a json tag is.
		{"db", tags.Tag{Name: "db"}},
		{"required", tags.Tag{Name: "required"}},
		{"dev logger", tags.Tag{Name: "dev logger"}},
		// Two edits from an option is a name; resolving it suggests the
		// option if nothing is registered under it.
		{"factroy", tags.Tag{Name: "factroy"}},
		{"db,optional", tags.Tag{Name: "db", Optional: true}},
		{"primary,factory", tags.Tag{Name: "primary", Factory: true}},
		// label= picks a registration by one of its labels.
		{"label=env:prod", tags.Tag{Label: "env:prod"}},
		{"label=env:prod,optional", tags.Tag{Label: "env:prod", Optional: true}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := tags.Parse(tt.in)
			require.NoError(t, err)
			want := tt.want
			want.Raw = tt.in
			assert.Equal(t, want, got)
		})
	}
}

func TestParseErrors(t *testing.T) {
	const (
		emptyElem = "empty option between commas"
		removeCom = "remove the extra comma"
		emptyName = "empty name"
		emptyHint = `write name=<registered name>, or inject:"" to resolve by type`
		noSpaces  = "options take no spaces"
		inlineMix = `"inline" cannot be combined with other options`
		inlineFix = `write inject:"inline" alone`
	)
	tests := []struct {
		in     string
		reason string
		hint   string
	}{
		// Misspelled options get the nearest known option.
		{"optinal", `unknown option "optinal"`, `did you mean "optional"?`},
		{"Optional", `unknown option "Optional"`, `did you mean "optional"?`},
		{"OPTIONAL", `unknown option "OPTIONAL"`, `did you mean "optional"?`},
		{"privat", `unknown option "privat"`, `did you mean "private"?`},
		{"inlined", `unknown option "inlined"`, `did you mean "inline"?`},
		{"nam", `unknown option "nam"`, `did you mean "name="?`},
		{"name=db,optinal", `unknown option "optinal"`, `did you mean "optional"?`},
		// name written with the wrong separator or case.
		{"name:db", `unknown option "name:db"`, `did you mean "name=db"?`},
		{"Name=db", `unknown option "Name=db"`, `did you mean "name=db"?`},
		{"NAME:db", `unknown option "NAME:db"`, `did you mean "name=db"?`},
		{"name db", `unknown option "name db"`, `did you mean "name=db"?`},
		{"name: db", `unknown option "name: db"`, `did you mean "name=db"?`},
		{"name = db", `unknown option "name = db"`, `did you mean "name=db"?`},
		{"name :db", `unknown option "name :db"`, `did you mean "name=db"?`},
		// Spaces.
		{" optional", `unknown option " optional"`, noSpaces},
		{"optional ", `unknown option "optional "`, noSpaces},
		{"name=db, optional", `unknown option " optional"`, noSpaces},
		// Labels.
		{"label=env", `label "env" is not key:value`, "write label=env:prod"},
		{"label=:prod", `label ":prod" is not key:value`, "write label=env:prod"},
		{"label=env:prod,name=db", `"label=" cannot be combined with "name=", "private" or "factory"`, "a label picks among the registrations of the field's type; drop the other option"},
		// A bare word after the first item is not a name.
		{"optional,db", `unknown option "db"`, `to resolve a named value write "name=db"; ` + knownOptions},
		{"db,required", `unknown option "required"`, `to resolve a named value write "name=required"; ` + knownOptions},
		// A bare first word close to an option is a typo, not a name.
		{"privat", `unknown option "privat"`, `did you mean "private"?`},
		{"foo=bar", `unknown option "foo=bar"`, knownOptions},
		{"omitempty=true", `unknown option "omitempty=true"`, knownOptions},
		// Duplicates.
		{"optional,optional", `option "optional" given twice`, ""},
		{"private,optional,private", `option "private" given twice`, ""},
		{"inline,inline", `option "inline" given twice`, ""},
		{"factory,factory", `option "factory" given twice`, ""},
		{"name=a,name=b", `option "name" given twice`, ""},
		{"name=a,optional,name=a", `option "name" given twice`, ""},
		// Empty names.
		{"name=", emptyName, emptyHint},
		{"name=,optional", emptyName, emptyHint},
		{",name=", emptyName, emptyHint},
		// Empty elements.
		{",", emptyElem, removeCom},
		{",,", emptyElem, removeCom},
		{",,optional", emptyElem, removeCom},
		{"optional,", emptyElem, removeCom},
		{"optional,,", emptyElem, removeCom},
		{"name=db,,optional", emptyElem, removeCom},
		{",optional,", emptyElem, removeCom},
		// Contradictions.
		{"private,name=db", `"private" contradicts "name="`, "a named value is shared by definition; drop one of the two"},
		{"name=db,private", `"private" contradicts "name="`, "a named value is shared by definition; drop one of the two"},
		{"private,factory", `"private" contradicts "factory"`, "a factory already builds a fresh instance per call; drop private"},
		{"factory,private,optional", `"private" contradicts "factory"`, "a factory already builds a fresh instance per call; drop private"},
		{"inline,optional", inlineMix, inlineFix},
		{"optional,inline", inlineMix, inlineFix},
		{"inline,name=db", inlineMix, inlineFix},
		{"inline,private", inlineMix, inlineFix},
		{"private,inline", inlineMix, inlineFix},
		{"inline,factory", inlineMix, inlineFix},
		{",inline,optional", inlineMix, inlineFix},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := tags.Parse(tt.in)
			require.Error(t, err)
			assert.Equal(t, tags.Tag{}, got, "a failed parse returns the zero Tag")
			require.ErrorIs(t, err, tags.ErrInvalid)
			var te *tags.Error
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.in, te.Tag)
			assert.Empty(t, te.Struct)
			assert.Empty(t, te.Field)
			assert.Equal(t, tt.reason, te.Reason)
			assert.Equal(t, tt.hint, te.Hint)

			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "tags: inject:"+fmt.Sprintf("%q", tt.in)+": "), msg)
			assert.Contains(t, msg, tt.reason)
			if tt.hint != "" {
				assert.Contains(t, msg, "("+tt.hint+")")
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err  tags.Error
		want string
	}{
		{
			tags.Error{Tag: "optinal", Reason: `unknown option "optinal"`, Hint: `did you mean "optional"?`},
			`tags: inject:"optinal": unknown option "optinal" (did you mean "optional"?)`,
		},
		{
			tags.Error{Struct: "Server", Field: "DB", Tag: "name=", Reason: "empty name"},
			`tags: Server.DB: inject:"name=": empty name`,
		},
		{
			tags.Error{Struct: "Server", Tag: "x", Reason: "r", Hint: "h"},
			`tags: Server: inject:"x": r (h)`,
		},
		{
			tags.Error{Field: "DB", Tag: `a"b`, Reason: "r"},
			`tags: .DB: inject:"a\"b": r`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			err := tt.err
			assert.Equal(t, tt.want, err.Error())
			assert.ErrorIs(t, &err, tags.ErrInvalid)
		})
	}
}

func TestTagString(t *testing.T) {
	tests := []struct {
		tag  tags.Tag
		want string
	}{
		{tags.Tag{}, ""},
		{tags.Tag{Raw: "ignored"}, ""},
		{tags.Tag{Name: "db"}, "name=db"},
		{tags.Tag{Private: true}, "private"},
		{tags.Tag{Optional: true}, "optional"},
		{tags.Tag{Inline: true}, "inline"},
		{tags.Tag{Factory: true}, "factory"},
		{tags.Tag{Name: "db", Optional: true}, "name=db,optional"},
		{tags.Tag{Private: true, Optional: true}, "private,optional"},
		{tags.Tag{Name: "db", Factory: true, Optional: true}, "name=db,factory,optional"},
		{tags.Tag{Factory: true, Optional: true}, "factory,optional"},
		{tags.Tag{Name: "a=b"}, "name=a=b"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.tag.String())
			// The canonical form parses back to the same tag.
			back, err := tags.Parse(tt.tag.String())
			require.NoError(t, err)
			back.Raw = tt.tag.Raw
			assert.Equal(t, tt.tag, back)
		})
	}
}

func TestTagStringCanonical(t *testing.T) {
	// Every accepted spelling maps to one canonical form.
	for in, want := range map[string]string{
		"optional,name=db":         "name=db,optional",
		",optional,name=db":        "name=db,optional",
		"optional,private":         "private,optional",
		"optional,factory,name=db": "name=db,factory,optional",
		",inline":                  "inline",
		"":                         "",
	} {
		got, err := tags.Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got.String(), in)
		again, err := tags.Parse(got.String())
		require.NoError(t, err)
		assert.Equal(t, want, again.String(), "String is idempotent for %q", in)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		st   reflect.StructTag
		want tags.Tag
		ok   bool
	}{
		{"empty struct tag", ``, tags.Tag{}, false},
		{"other keys only", `json:"id,omitempty" yaml:"id"`, tags.Tag{}, false},
		{"by type", `inject:""`, tags.Tag{}, true},
		{"named", `inject:"name=db"`, tags.Tag{Raw: "name=db", Name: "db"}, true},
		{"with other keys", `json:"db" inject:"name=db,optional" yaml:"-"`, tags.Tag{Raw: "name=db,optional", Name: "db", Optional: true}, true},
		{"leading comma", `inject:",optional"`, tags.Tag{Raw: ",optional", Optional: true}, true},
		{"extra spaces", `json:"x"   inject:"private"`, tags.Tag{Raw: "private", Private: true}, true},
		// reflect accepts a missing space between pairs; so do we.
		{"missing space", `json:"x"inject:"optional"`, tags.Tag{Raw: "optional", Optional: true}, true},
		{"escaped value", `inject:"name=a\"b"`, tags.Tag{Raw: `name=a"b`, Name: `a"b`}, true},
		{"key containing inject", `injection:"x"`, tags.Tag{}, false},
		{"key ending in inject", `noinject:"name=db"`, tags.Tag{}, false},
		{"value mentioning inject", `doc:"inject:\"name=x\""`, tags.Tag{}, false},
		// Malformed tags of other libraries that happen to contain the
		// word are not ours to judge.
		{"malformed other key", `json:id`, tags.Tag{}, false},
		{"malformed other value mentions inject", `doc:"how to inject`, tags.Tag{}, false},
		{"malformed other key ending in inject", `json:"x" noinject:yes`, tags.Tag{}, false},
		{"malformed other key with dash", `x-inject:yes`, tags.Tag{}, false},
		{"malformed other key with dot", `a.inject:yes`, tags.Tag{}, false},
		{"malformed other key with underscore", `my_inject:yes`, tags.Tag{}, false},
		{"malformed other key and inject word", `xinject:a noinject:b`, tags.Tag{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := tags.Lookup(tt.st)
			require.NoError(t, err)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLookupErrors(t *testing.T) {
	const malformedHint = `write key:"value" pairs separated by spaces`
	tests := []struct {
		name   string
		st     reflect.StructTag
		tag    string // wanted Error.Tag
		reason string // prefix of Error.Reason
		hint   string
	}{
		// Bad values, reported with the value.
		{"unknown option", `inject:"optinal"`, "optinal", `unknown option "optinal"`, `did you mean "optional"?`},
		{"bad value among other keys", `json:"a" inject:"name:db"`, "name:db", `unknown option "name:db"`, `did you mean "name=db"?`},
		{"trailing comma", `inject:"optional,"`, "optional,", "empty option between commas", "remove the extra comma"},
		{"name and trailing comma", `inject:"name=db,"`, "name=db,", "empty option between commas", "remove the extra comma"},
		{"lone comma", `inject:","`, ",", "empty option between commas", "remove the extra comma"},
		{"double comma", `inject:"name=db,,optional"`, "name=db,,optional", "empty option between commas", "remove the extra comma"},
		// The key given twice, reported with the whole struct tag.
		{"duplicate key", `inject:"" inject:"optional"`, `inject:"" inject:"optional"`, "the inject key appears more than once", `merge the options into one inject:"..."`},
		{"duplicate key apart", `inject:"name=a" json:"x" inject:"name=a"`, `inject:"name=a" json:"x" inject:"name=a"`, "the inject key appears more than once", `merge the options into one inject:"..."`},
		// A key that differs only in case would be silently ignored.
		{"capitalised key", `Inject:""`, `Inject:""`, `the key "Inject" is not "inject"`, `write inject:""`},
		{"upper-case key with value", `json:"x" INJECT:"name=db"`, `json:"x" INJECT:"name=db"`, `the key "INJECT" is not "inject"`, `write inject:"name=db"`},
		// Malformed struct tags that mention inject, reported with the
		// whole struct tag.
		{"unquoted value", `inject:name`, `inject:name`, "malformed struct tag: ", malformedHint},
		{"unterminated value", `inject:"name=db`, `inject:"name=db`, "malformed struct tag: ", malformedHint},
		{"unquoted after other key", `json:"x" inject:private`, `json:"x" inject:private`, "malformed struct tag: ", malformedHint},
		{"malformed other key after inject", `inject:"" json:x`, `inject:"" json:x`, "malformed struct tag: ", malformedHint},
		{"malformed other key before inject", `json:x inject:""`, `json:x inject:""`, "malformed struct tag: ", malformedHint},
		{"mentioned after another key ending in inject", `noinject:"a" inject:b`, `noinject:"a" inject:b`, "malformed struct tag: ", malformedHint},
		{"mentioned after a quote", `json:"x"inject:y`, `json:"x"inject:y`, "malformed struct tag: ", malformedHint},
		{"mentioned after a comma", `json:"x",inject:y`, `json:"x",inject:y`, "malformed struct tag: ", malformedHint},
		{"bad escape", `inject:"\q"`, `inject:"\q"`, "malformed struct tag: ", malformedHint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := tags.Lookup(tt.st)
			require.Error(t, err)
			assert.False(t, ok)
			assert.Equal(t, tags.Tag{}, got)
			require.ErrorIs(t, err, tags.ErrInvalid)
			var te *tags.Error
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.tag, te.Tag)
			assert.True(t, strings.HasPrefix(te.Reason, tt.reason), "reason %q, want prefix %q", te.Reason, tt.reason)
			assert.Equal(t, tt.hint, te.Hint)
			assert.Empty(t, te.Struct)
			assert.Empty(t, te.Field)
		})
	}
}

// Types for ForField.

type inner struct{ N int }

type fields struct {
	Untagged    int
	ByType      *inner                   `inject:""`
	Named       *inner                   `json:"n" inject:"name=db"`
	InlineOK    inner                    `inject:"inline"`
	InlinePtr   *inner                   `inject:"inline"`
	InlineInt   int                      `inject:"inline"`
	InlineMap   map[string]int           `inject:"inline"`
	InlineIface fmt.Stringer             `inject:"inline"`
	FactFunc    func() (*inner, error)   `inject:"factory"`
	FactStruct  struct{ F func() int }   `inject:"factory,optional"`
	FactMap     map[string]func() *inner `inject:"factory"`
	FactInt     int                      `inject:"factory"`
	FactPtr     *inner                   `inject:"factory"`
	FactSlice   []func() *inner          `inject:"factory"`
	MapBare     map[string]int           `inject:""`
	MapOptional map[string]int           `inject:"optional"`
	MapPrivate  map[string]int           `inject:"private"`
	MapNamed    map[string]int           `inject:"name=m,optional"`
	BadOption   *inner                   `inject:"optinal"`
	Twice       *inner                   `inject:"" inject:"optional"`
	Private     *inner                   `inject:"private,optional"`
	Slice       []int                    `inject:"name=s"`
	Iface       fmt.Stringer             `inject:"optional"`
}

// synthetic holds fields whose struct tags go vet would reject in a
// declaration.
var synthetic = map[string]reflect.StructField{
	"Malformed":   {Name: "Malformed", Type: reflect.TypeFor[*inner](), Tag: `inject:name`},
	"OtherBroken": {Name: "OtherBroken", Type: reflect.TypeFor[*inner](), Tag: `json:x`},
}

func field(t *testing.T, owner reflect.Type, name string) reflect.StructField {
	t.Helper()
	if sf, ok := synthetic[name]; ok {
		return sf
	}
	sf, ok := owner.FieldByName(name)
	require.True(t, ok, "no field %s", name)
	return sf
}

func TestForField(t *testing.T) {
	owner := reflect.TypeFor[fields]()
	tests := []struct {
		field string
		want  tags.Tag
		ok    bool
	}{
		{"Untagged", tags.Tag{}, false},
		{"OtherBroken", tags.Tag{}, false},
		{"ByType", tags.Tag{}, true},
		{"Named", tags.Tag{Raw: "name=db", Name: "db"}, true},
		{"InlineOK", tags.Tag{Raw: "inline", Inline: true}, true},
		{"FactFunc", tags.Tag{Raw: "factory", Factory: true}, true},
		{"FactStruct", tags.Tag{Raw: "factory,optional", Factory: true, Optional: true}, true},
		{"FactMap", tags.Tag{Raw: "factory", Factory: true}, true},
		{"MapPrivate", tags.Tag{Raw: "private", Private: true}, true},
		{"MapNamed", tags.Tag{Raw: "name=m,optional", Name: "m", Optional: true}, true},
		{"Private", tags.Tag{Raw: "private,optional", Private: true, Optional: true}, true},
		{"Slice", tags.Tag{Raw: "name=s", Name: "s"}, true},
		{"Iface", tags.Tag{Raw: "optional", Optional: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			got, ok, err := tags.ForField(owner, field(t, owner, tt.field))
			require.NoError(t, err)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestForFieldErrors(t *testing.T) {
	owner := reflect.TypeFor[fields]()
	const (
		walkHint    = "inline walks into a struct value; remove it"
		factoryHint = "a factory field is a func such as func() (T, error), a Factory[T] or a map of factories"
		mapHint     = `inject:"private" makes an empty map; inject:"name=x" injects the map registered as x`
	)
	tests := []struct {
		field  string
		tag    string
		reason string
		hint   string
	}{
		{"InlinePtr", "inline", `"inline" on a field of type *tags_test.inner`, `a pointer field is injected, not walked: use inject:""`},
		{"InlineInt", "inline", `"inline" on a field of type int`, walkHint},
		{"InlineMap", "inline", `"inline" on a field of type map[string]int`, walkHint},
		{"InlineIface", "inline", `"inline" on a field of type fmt.Stringer`, walkHint},
		{"FactInt", "factory", `"factory" on a field of type int`, factoryHint},
		{"FactPtr", "factory", `"factory" on a field of type *tags_test.inner`, factoryHint},
		{"FactSlice", "factory", `"factory" on a field of type []func() *tags_test.inner`, factoryHint},
		{"MapBare", "", `a map field (map[string]int) needs "private" or a name`, mapHint},
		{"MapOptional", "optional", `a map field (map[string]int) needs "private" or a name`, mapHint},
		{"BadOption", "optinal", `unknown option "optinal"`, `did you mean "optional"?`},
		{"Malformed", "inject:name", "malformed struct tag: ", `write key:"value" pairs separated by spaces`},
		{"Twice", `inject:"" inject:"optional"`, "the inject key appears more than once", `merge the options into one inject:"..."`},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			got, ok, err := tags.ForField(owner, field(t, owner, tt.field))
			require.Error(t, err)
			assert.False(t, ok)
			assert.Equal(t, tags.Tag{}, got)
			require.ErrorIs(t, err, tags.ErrInvalid)
			var te *tags.Error
			require.ErrorAs(t, err, &te)
			assert.Equal(t, "fields", te.Struct)
			assert.Equal(t, tt.field, te.Field)
			assert.Equal(t, tt.tag, te.Tag)
			assert.True(t, strings.HasPrefix(te.Reason, tt.reason), "reason %q, want prefix %q", te.Reason, tt.reason)
			assert.Equal(t, tt.hint, te.Hint)

			msg := err.Error()
			assert.Contains(t, msg, "fields."+tt.field+": ")
			assert.Contains(t, msg, fmt.Sprintf("inject:%q", tt.tag))
			assert.Contains(t, msg, tt.reason)
		})
	}
}

func TestForFieldUnnamedOwner(t *testing.T) {
	owner := reflect.TypeOf(struct {
		M map[int]int `inject:""`
	}{})
	_, _, err := tags.ForField(owner, owner.Field(0))
	var te *tags.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "struct { M map[int]int \"inject:\\\"\\\"\" }", te.Struct)
	assert.Equal(t, "M", te.Field)
	assert.Contains(t, err.Error(), te.Struct+".M: ")
}

func TestForFieldDoesNotMutateSharedState(t *testing.T) {
	// Two errors for different owners must not see each other's names.
	type a struct {
		X int `inject:"optinal"`
	}
	type b struct {
		Y int `inject:"optinal"`
	}
	_, _, errA := tags.ForField(reflect.TypeFor[a](), reflect.TypeFor[a]().Field(0))
	_, _, errB := tags.ForField(reflect.TypeFor[b](), reflect.TypeFor[b]().Field(0))
	var ea, eb *tags.Error
	require.True(t, errors.As(errA, &ea))
	require.True(t, errors.As(errB, &eb))
	assert.Equal(t, "a", ea.Struct)
	assert.Equal(t, "X", ea.Field)
	assert.Equal(t, "b", eb.Struct)
	assert.Equal(t, "Y", eb.Field)
}
