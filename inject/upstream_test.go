// The test suite of github.com/facebookgo/inject (inject_test.go and
// common_test.go at f23751c), ported to tagwire's facade: the same types and
// the same behaviour assertions. Where upstream compares exact error text,
// the port checks that an error happened, its tagwire kind (errors.Is), and
// that the message names the field and type involved. Upstream's Objects()
// is randomly ordered and tagwire's is not, so object lists are compared as
// sets. Tests named TestFacade_ are tagwire's own: the drop-in guarantees
// the facade must keep.
package inject_test

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
	injecttesta "github.com/tagwire/tagwire/inject/internal/injecttesta"
	injecttestb "github.com/tagwire/tagwire/inject/internal/injecttestb"
)

// requireErrorKind asserts that err happened, is of the tagwire kind, and
// that its message names each of mentions (as a whole word).
func requireErrorKind(t *testing.T, err error, kind error, mentions ...string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, kind, "error: %v", err)
	for _, m := range mentions {
		re := regexp.MustCompile(`(^|\W)` + regexp.QuoteMeta(m) + `($|\W)`)
		assert.Regexp(t, re, err.Error(), "the error should name %q", m)
	}
}

// testLogger is useful when debugging tests.
type testLogger struct {
	t *testing.T
}

func (t testLogger) Debugf(f string, args ...interface{}) {
	t.t.Logf(f, args...)
}

type Answerable interface {
	Answer() int
}

type TypeAnswerStruct struct {
	answer  int
	private int
}

func (t *TypeAnswerStruct) Answer() int {
	return t.answer
}

type TypeNestedStruct struct {
	A *TypeAnswerStruct `inject:""`
}

func (t *TypeNestedStruct) Answer() int {
	return t.A.Answer()
}

func TestRequireTag(t *testing.T) {
	var v struct {
		A *TypeAnswerStruct
		B *TypeNestedStruct `inject:""`
	}

	require.NoError(t, inject.Populate(&v))
	assert.Nil(t, v.A, "v.A is not nil")
	assert.NotNil(t, v.B, "v.B is nil")
}

type TypeWithNonPointerInject struct {
	A int `inject:""`
}

func TestErrorOnNonPointerInject(t *testing.T) {
	var a TypeWithNonPointerInject
	err := inject.Populate(&a)
	// upstream: "found inject tag on unsupported field A in type
	// *inject_test.TypeWithNonPointerInject". Nothing provides an int.
	requireErrorKind(t, err, container.ErrNotFound, "A", "TypeWithNonPointerInject")
}

type TypeWithNonPointerStructInject struct {
	A *int `inject:""`
}

func TestErrorOnNonPointerStructInject(t *testing.T) {
	var a TypeWithNonPointerStructInject
	err := inject.Populate(&a)
	// upstream: "found inject tag on unsupported field A in type
	// *inject_test.TypeWithNonPointerStructInject". Nothing provides an *int.
	requireErrorKind(t, err, container.ErrNotFound, "A", "TypeWithNonPointerStructInject")
}

func TestInjectSimple(t *testing.T) {
	var v struct {
		A *TypeAnswerStruct `inject:""`
		B *TypeNestedStruct `inject:""`
	}

	require.NoError(t, inject.Populate(&v))
	require.NotNil(t, v.A, "v.A is nil")
	require.NotNil(t, v.B, "v.B is nil")
	require.NotNil(t, v.B.A, "v.B.A is nil")
	assert.Same(t, v.A, v.B.A, "got different instances of A")
}

func TestDoesNotOverwrite(t *testing.T) {
	a := &TypeAnswerStruct{}
	var v struct {
		A *TypeAnswerStruct `inject:""`
		B *TypeNestedStruct `inject:""`
	}
	v.A = a
	require.NoError(t, inject.Populate(&v))
	assert.Same(t, a, v.A, "original A was lost")
	assert.NotNil(t, v.B, "v.B is nil")
}

func TestPrivate(t *testing.T) {
	var v struct {
		A *TypeAnswerStruct `inject:"private"`
		B *TypeNestedStruct `inject:""`
	}

	require.NoError(t, inject.Populate(&v))
	require.NotNil(t, v.A, "v.A is nil")
	require.NotNil(t, v.B, "v.B is nil")
	require.NotNil(t, v.B.A, "v.B.A is nil")
	assert.NotSame(t, v.A, v.B.A, "got the same A")
}

// malformedTagged returns a pointer to a new struct whose one field A
// (*TypeAnswerStruct) carries the struct tag tag. Upstream declared these
// types in source; go vet rejects such tags there, so they are built at run
// time.
func malformedTagged(tag string) any {
	t := reflect.StructOf([]reflect.StructField{
		{Name: "A", Type: reflect.TypeFor[*TypeAnswerStruct](), Tag: reflect.StructTag(tag)},
	})
	return reflect.New(t).Interface()
}

func TestTagWithJustColon(t *testing.T) {
	a := malformedTagged("inject:")
	err := inject.Populate(a)
	// upstream: "unexpected tag format `inject:` for field A in type
	// *inject_test.TypeWithJustColon"
	requireErrorKind(t, err, container.ErrBadTag, "A", "inject:")
}

func TestTagWithOpenQuote(t *testing.T) {
	a := malformedTagged(`inject:"`)
	err := inject.Populate(a)
	// upstream: "unexpected tag format `inject:\"` for field A in type
	// *inject_test.TypeWithOpenQuote"
	requireErrorKind(t, err, container.ErrBadTag, "A", "inject:")
}

func TestProvideWithFields(t *testing.T) {
	var g inject.Graph
	a := &TypeAnswerStruct{}
	err := g.Provide(&inject.Object{Value: a, Fields: map[string]*inject.Object{}})
	// upstream: "fields were specified on object
	// *inject_test.TypeAnswerStruct when it was provided"
	requireErrorKind(t, err, container.ErrBadInput, "TypeAnswerStruct")
	assert.Contains(t, err.Error(), "fields")
}

func TestProvideNonPointer(t *testing.T) {
	var g inject.Graph
	var i int
	err := g.Provide(&inject.Object{Value: i})
	// upstream: "expected unnamed object value to be a pointer to a struct
	// but got type int with value 0"
	requireErrorKind(t, err, container.ErrBadInput, "int")
}

func TestProvideNonPointerStruct(t *testing.T) {
	var g inject.Graph
	var i *int
	err := g.Provide(&inject.Object{Value: i})
	// upstream: "expected unnamed object value to be a pointer to a struct
	// but got type *int with value <nil>"
	requireErrorKind(t, err, container.ErrBadInput, "*int")
}

func TestProvideTwoOfTheSame(t *testing.T) {
	var g inject.Graph
	a := TypeAnswerStruct{}
	require.NoError(t, g.Provide(&inject.Object{Value: &a}))

	err := g.Provide(&inject.Object{Value: &a})
	// upstream: "provided two unnamed instances of type
	// *github.com/facebookgo/inject_test.TypeAnswerStruct"
	requireErrorKind(t, err, container.ErrDuplicate, "TypeAnswerStruct")
}

func TestProvideTwoOfTheSameWithPopulate(t *testing.T) {
	a := TypeAnswerStruct{}
	err := inject.Populate(&a, &a)
	// upstream: "provided two unnamed instances of type
	// *github.com/facebookgo/inject_test.TypeAnswerStruct"
	requireErrorKind(t, err, container.ErrDuplicate, "TypeAnswerStruct")
}

func TestProvideTwoWithTheSameName(t *testing.T) {
	var g inject.Graph
	const name = "foo"
	a := TypeAnswerStruct{}
	require.NoError(t, g.Provide(&inject.Object{Value: &a, Name: name}))

	err := g.Provide(&inject.Object{Value: &a, Name: name})
	// upstream: "provided two instances named foo"
	requireErrorKind(t, err, container.ErrDuplicate, "foo")
}

func TestNamedInstanceWithDependencies(t *testing.T) {
	var g inject.Graph
	a := &TypeNestedStruct{}
	require.NoError(t, g.Provide(&inject.Object{Value: a, Name: "foo"}))

	var c struct {
		A *TypeNestedStruct `inject:"foo"`
	}
	require.NoError(t, g.Provide(&inject.Object{Value: &c}))
	require.NoError(t, g.Populate())

	require.Same(t, a, c.A)
	assert.NotNil(t, c.A.A, "c.A.A was not injected")
}

func TestTwoNamedInstances(t *testing.T) {
	var g inject.Graph
	a := &TypeAnswerStruct{}
	b := &TypeAnswerStruct{}
	require.NoError(t, g.Provide(&inject.Object{Value: a, Name: "foo"}))
	require.NoError(t, g.Provide(&inject.Object{Value: b, Name: "bar"}))

	var c struct {
		A *TypeAnswerStruct `inject:"foo"`
		B *TypeAnswerStruct `inject:"bar"`
	}
	require.NoError(t, g.Provide(&inject.Object{Value: &c}))
	require.NoError(t, g.Populate())

	assert.Same(t, a, c.A, "did not find expected c.A")
	assert.Same(t, b, c.B, "did not find expected c.B")
}

type TypeWithMissingNamed struct {
	A *TypeAnswerStruct `inject:"foo"`
}

func TestTagWithMissingNamed(t *testing.T) {
	var a TypeWithMissingNamed
	err := inject.Populate(&a)
	// upstream: "did not find object named foo required by field A in type
	// *inject_test.TypeWithMissingNamed"
	requireErrorKind(t, err, container.ErrNotFound, "foo", "A", "TypeWithMissingNamed")
}

func TestCompleteProvides(t *testing.T) {
	var g inject.Graph
	var v struct {
		A *TypeAnswerStruct `inject:""`
	}
	require.NoError(t, g.Provide(&inject.Object{Value: &v, Complete: true}))
	require.NoError(t, g.Populate())
	assert.Nil(t, v.A, "v.A was not nil")
}

func TestCompleteNamedProvides(t *testing.T) {
	var g inject.Graph
	var v struct {
		A *TypeAnswerStruct `inject:""`
	}
	require.NoError(t, g.Provide(&inject.Object{Value: &v, Complete: true, Name: "foo"}))
	require.NoError(t, g.Populate())
	assert.Nil(t, v.A, "v.A was not nil")
}

type TypeInjectInterfaceMissing struct {
	Answerable Answerable `inject:""`
}

func TestInjectInterfaceMissing(t *testing.T) {
	var v TypeInjectInterfaceMissing
	err := inject.Populate(&v)
	// upstream: "found no assignable value for field Answerable in type
	// *inject_test.TypeInjectInterfaceMissing"
	requireErrorKind(t, err, container.ErrNotFound, "Answerable", "TypeInjectInterfaceMissing")
}

type TypeInjectInterface struct {
	Answerable Answerable        `inject:""`
	A          *TypeAnswerStruct `inject:""`
}

func TestInjectInterface(t *testing.T) {

	var v TypeInjectInterface
	require.NoError(t, inject.Populate(&v))
	require.NotNil(t, v.Answerable)
	if v.Answerable != v.A {
		t.Fatalf("expected the same but got Answerable = %T %+v / A = %T %+v",
			v.Answerable, v.Answerable, v.A, v.A)
	}
}

type TypeWithInvalidNamedType struct {
	A *TypeNestedStruct `inject:"foo"`
}

func TestInvalidNamedInstanceType(t *testing.T) {
	var g inject.Graph
	a := &TypeAnswerStruct{}
	require.NoError(t, g.Provide(&inject.Object{Value: a, Name: "foo"}))

	var c TypeWithInvalidNamedType
	require.NoError(t, g.Provide(&inject.Object{Value: &c}))

	err := g.Populate()
	// upstream: "object named foo of type *inject_test.TypeNestedStruct is
	// not assignable to field A (*inject_test.TypeAnswerStruct) in type
	// *inject_test.TypeWithInvalidNamedType"
	requireErrorKind(t, err, container.ErrTypeMismatch, "foo", "A", "TypeWithInvalidNamedType")
	assert.Nil(t, c.A)
}

type TypeWithInjectOnPrivateField struct {
	a *TypeAnswerStruct `inject:""`
}

func TestInjectOnPrivateField(t *testing.T) {
	var a TypeWithInjectOnPrivateField
	err := inject.Populate(&a)
	// upstream: "inject requested on unexported field a in type
	// *inject_test.TypeWithInjectOnPrivateField"
	requireErrorKind(t, err, container.ErrBadTag, "a", "TypeWithInjectOnPrivateField")
}

type TypeWithInjectOnPrivateInterfaceField struct {
	a Answerable `inject:""`
}

func TestInjectOnPrivateInterfaceField(t *testing.T) {
	// Upstream declares TypeWithInjectOnPrivateInterfaceField but populates
	// a TypeWithInjectOnPrivateField (a copy-paste slip); the port tests
	// the declared type, which facebookgo rejects the same way.
	var a TypeWithInjectOnPrivateInterfaceField
	err := inject.Populate(&a)
	// upstream: "inject requested on unexported field a in type
	// *inject_test.TypeWithInjectOnPrivateInterfaceField"
	requireErrorKind(t, err, container.ErrBadTag, "a", "TypeWithInjectOnPrivateInterfaceField")
}

type TypeInjectPrivateInterface struct {
	Answerable Answerable        `inject:"private"`
	B          *TypeNestedStruct `inject:""`
}

func TestInjectPrivateInterface(t *testing.T) {

	var v TypeInjectPrivateInterface
	err := inject.Populate(&v)
	// upstream: "found private inject tag on interface field Answerable in
	// type *inject_test.TypeInjectPrivateInterface". tagwire resolves an
	// interface field to its unique implementation, private or not; here
	// two types reachable from v implement Answerable (*TypeNestedStruct
	// through B, *TypeAnswerStruct through B.A).
	requireErrorKind(t, err, container.ErrAmbiguous, "Answerable", "TypeInjectPrivateInterface",
		"TypeAnswerStruct", "TypeNestedStruct")
}

type TypeInjectTwoSatisfyInterface struct {
	Answerable Answerable        `inject:""`
	A          *TypeAnswerStruct `inject:""`
	B          *TypeNestedStruct `inject:""`
}

func TestInjectTwoSatisfyInterface(t *testing.T) {

	var v TypeInjectTwoSatisfyInterface
	err := inject.Populate(&v)
	// upstream: "found two assignable values for field Answerable in type
	// *inject_test.TypeInjectTwoSatisfyInterface. one type
	// *inject_test.TypeAnswerStruct with value &{0 0} and another type
	// *inject_test.TypeNestedStruct with value ..."
	requireErrorKind(t, err, container.ErrAmbiguous, "Answerable", "TypeInjectTwoSatisfyInterface",
		"TypeAnswerStruct", "TypeNestedStruct")
}

type TypeInjectNamedTwoSatisfyInterface struct {
	Answerable Answerable        `inject:""`
	A          *TypeAnswerStruct `inject:""`
	B          *TypeNestedStruct `inject:""`
}

func TestInjectNamedTwoSatisfyInterface(t *testing.T) {

	var g inject.Graph
	var v TypeInjectNamedTwoSatisfyInterface
	require.NoError(t, g.Provide(&inject.Object{Name: "foo", Value: &v}))

	err := g.Populate()
	// upstream: "found two assignable values for field Answerable in type
	// *inject_test.TypeInjectNamedTwoSatisfyInterface. one type
	// *inject_test.TypeAnswerStruct with value &{0 0} and another type
	// *inject_test.TypeNestedStruct with value ..."
	requireErrorKind(t, err, container.ErrAmbiguous, "Answerable", "TypeInjectNamedTwoSatisfyInterface",
		"TypeAnswerStruct", "TypeNestedStruct")
}

type TypeWithInjectNamedOnPrivateInterfaceField struct {
	a Answerable `inject:""`
}

// Difference (MIGRATING.md): tagwire checks a provided object's tags when
// it is provided, facebookgo when it populates; the error is the same.
func TestInjectNamedOnPrivateInterfaceField(t *testing.T) {
	var g inject.Graph
	var v TypeWithInjectNamedOnPrivateInterfaceField
	err := g.Provide(&inject.Object{Name: "foo", Value: &v})
	// upstream: "inject requested on unexported field a in type
	// *inject_test.TypeWithInjectNamedOnPrivateInterfaceField"
	requireErrorKind(t, err, container.ErrBadTag, "a", "TypeWithInjectNamedOnPrivateInterfaceField")
}

type TypeWithNonPointerNamedInject struct {
	A int `inject:"foo"`
}

func TestErrorOnNonPointerNamedInject(t *testing.T) {
	var g inject.Graph
	require.NoError(t, g.Provide(&inject.Object{Name: "foo", Value: 42}))

	var v TypeWithNonPointerNamedInject
	require.NoError(t, g.Provide(&inject.Object{Value: &v}))
	require.NoError(t, g.Populate())
	assert.Equal(t, 42, v.A)
}

func TestInjectInline(t *testing.T) {
	var v struct {
		Inline struct {
			A *TypeAnswerStruct `inject:""`
			B *TypeNestedStruct `inject:""`
		} `inject:"inline"`
	}

	require.NoError(t, inject.Populate(&v))
	require.NotNil(t, v.Inline.A, "v.Inline.A is nil")
	require.NotNil(t, v.Inline.B, "v.Inline.B is nil")
	require.NotNil(t, v.Inline.B.A, "v.Inline.B.A is nil")
	assert.Same(t, v.Inline.A, v.Inline.B.A, "got different instances of A")
}

func TestInjectInlineOnPointer(t *testing.T) {
	var v struct {
		Inline *struct {
			A *TypeAnswerStruct `inject:""`
			B *TypeNestedStruct `inject:""`
		} `inject:""`
	}

	require.NoError(t, inject.Populate(&v))
	require.NotNil(t, v.Inline, "v.Inline is nil")
	require.NotNil(t, v.Inline.A, "v.Inline.A is nil")
	require.NotNil(t, v.Inline.B, "v.Inline.B is nil")
	require.NotNil(t, v.Inline.B.A, "v.Inline.B.A is nil")
	assert.Same(t, v.Inline.A, v.Inline.B.A, "got different instances of A")
}

func TestInjectInvalidInline(t *testing.T) {
	var v struct {
		A *TypeAnswerStruct `inject:"inline"`
	}

	err := inject.Populate(&v)
	// upstream: `inline requested on non inlined field A in type *struct {
	// A *inject_test.TypeAnswerStruct "inject:\"inline\"" }`
	requireErrorKind(t, err, container.ErrBadTag, "A", "inline")
}

func TestInjectInlineMissing(t *testing.T) {
	var v struct {
		Inline struct {
			B *TypeNestedStruct `inject:""`
		} `inject:""`
	}

	err := inject.Populate(&v)
	// upstream: `inline struct on field Inline in type *struct { Inline
	// struct { B *inject_test.TypeNestedStruct "inject:\"\"" } "inject:\"\""
	// } requires an explicit "inline" tag`
	// tagwire resolves a struct-valued field by type, so with nothing
	// registered for it the error is ErrNotFound, with a hint to tag it
	// inline.
	requireErrorKind(t, err, container.ErrNotFound, "Inline", "inline")
}

type TypeWithInlineStructWithPrivate struct {
	Inline struct {
		A *TypeAnswerStruct `inject:""`
		B *TypeNestedStruct `inject:""`
	} `inject:"private"`
}

func TestInjectInlinePrivate(t *testing.T) {
	var v TypeWithInlineStructWithPrivate
	err := inject.Populate(&v)
	// upstream: "cannot use private inject on inline struct on field Inline
	// in type *inject_test.TypeWithInlineStructWithPrivate"
	// tagwire resolves a struct-valued field by type, private or not: with
	// nothing registered for it the error is ErrNotFound.
	requireErrorKind(t, err, container.ErrNotFound, "Inline", "TypeWithInlineStructWithPrivate")
}

type TypeWithStructValue struct {
	Inline TypeNestedStruct `inject:"inline"`
}

func TestInjectWithStructValue(t *testing.T) {
	var v TypeWithStructValue
	require.NoError(t, inject.Populate(&v))
	assert.NotNil(t, v.Inline.A, "v.Inline.A is nil")
}

type TypeWithNonpointerStructValue struct {
	Inline TypeNestedStruct `inject:"inline"`
}

func TestInjectWithNonpointerStructValue(t *testing.T) {
	var v TypeWithNonpointerStructValue
	var g inject.Graph
	require.NoError(t, g.Provide(&inject.Object{Value: &v}))
	require.NoError(t, g.Populate())
	require.NotNil(t, v.Inline.A, "v.Inline.A is nil")
	// facebookgo's objects: the provided *TypeWithNonpointerStructValue, the
	// inline field as a private *TypeNestedStruct (a named, non-embedded
	// inline field is an object of its own), and the created
	// *TypeAnswerStruct.
	assert.Len(t, g.Objects(), 3, "objects: %v", g.Objects())
}

func TestPrivateIsFollowed(t *testing.T) {
	var v struct {
		A *TypeNestedStruct `inject:"private"`
	}

	require.NoError(t, inject.Populate(&v))
	require.NotNil(t, v.A, "v.A is nil")
	assert.NotNil(t, v.A.A, "v.A.A is nil")
}

func TestDoesNotOverwriteInterface(t *testing.T) {
	a := &TypeAnswerStruct{}
	var v struct {
		A Answerable        `inject:""`
		B *TypeNestedStruct `inject:""`
	}
	v.A = a
	require.NoError(t, inject.Populate(&v))
	assert.Same(t, a, v.A, "original A was lost")
	assert.NotNil(t, v.B, "v.B is nil")
}

func TestInterfaceIncludingPrivate(t *testing.T) {

	var v struct {
		A Answerable        `inject:""`
		B *TypeNestedStruct `inject:"private"`
		C *TypeAnswerStruct `inject:""`
	}
	require.NoError(t, inject.Populate(&v))
	require.NotNil(t, v.A, "v.A is nil")
	require.NotNil(t, v.B, "v.B is nil")
	require.NotNil(t, v.C, "v.C is nil")
	assert.True(t, v.A == Answerable(v.C), "v.A != v.C")
	assert.False(t, v.A == Answerable(v.B), "v.A == v.B")
}

func TestInjectMap(t *testing.T) {
	var v struct {
		A map[string]int `inject:"private"`
	}
	require.NoError(t, inject.Populate(&v))
	assert.NotNil(t, v.A, "v.A is nil")
}

type TypeInjectWithMapWithoutPrivate struct {
	A map[string]int `inject:""`
}

func TestInjectMapWithoutPrivate(t *testing.T) {
	var v TypeInjectWithMapWithoutPrivate
	err := inject.Populate(&v)
	// upstream: "inject on map field A in type
	// *inject_test.TypeInjectWithMapWithoutPrivate must be named or private"
	requireErrorKind(t, err, container.ErrBadTag, "A", "TypeInjectWithMapWithoutPrivate")
}

type TypeForObjectString struct {
	A *TypeNestedStruct `inject:"foo"`
	B *TypeNestedStruct `inject:""`
}

func TestObjectString(t *testing.T) {
	var g inject.Graph
	a := &TypeNestedStruct{}
	require.NoError(t, g.Provide(&inject.Object{Value: a, Name: "foo"}))

	var c TypeForObjectString
	require.NoError(t, g.Provide(&inject.Object{Value: &c}))
	require.NoError(t, g.Populate())

	var actual []string
	for _, o := range g.Objects() {
		actual = append(actual, fmt.Sprint(o))
	}

	assert.ElementsMatch(t, []string{
		"*inject_test.TypeForObjectString",
		"*inject_test.TypeNestedStruct",
		"*inject_test.TypeNestedStruct named foo",
		"*inject_test.TypeAnswerStruct",
	}, actual)
}

type TypeForGraphObjects struct {
	TypeNestedStruct `inject:"inline"`
	A                *TypeNestedStruct `inject:"foo"`
	E                struct {
		B *TypeNestedStruct `inject:""`
	} `inject:"inline"`
}

func TestGraphObjects(t *testing.T) {
	var g inject.Graph
	err := g.Provide(
		&inject.Object{Value: &TypeNestedStruct{}, Name: "foo"},
		&inject.Object{Value: &TypeForGraphObjects{}},
	)
	require.NoError(t, err)
	require.NoError(t, g.Populate())

	var actual []string
	for _, o := range g.Objects() {
		actual = append(actual, fmt.Sprint(o))
	}

	assert.ElementsMatch(t, []string{
		"*inject_test.TypeAnswerStruct",
		"*inject_test.TypeForGraphObjects",
		"*inject_test.TypeNestedStruct named foo",
		"*inject_test.TypeNestedStruct",
		`*struct { B *inject_test.TypeNestedStruct "inject:\"\"" }`,
	}, actual)
}

// logger records the lines it receives. (Upstream's logger failed the test
// from inside Debugf on the first unexpected line; tagwire calls the
// Logger from its observer, so the lines are collected and checked after.)
type logger struct {
	mu    sync.Mutex
	lines []string
}

func (l *logger) Debugf(f string, v ...interface{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(f, v...))
}

func (l *logger) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// match returns the index of the first line that matches the regular
// expression re, or -1.
func (l *logger) match(re string) int {
	r := regexp.MustCompile(re)
	for i, line := range l.Lines() {
		if r.MatchString(line) {
			return i
		}
	}
	return -1
}

type TypeForLoggingInterface interface {
	Foo()
}

type TypeForLoggingCreated struct{}

func (t TypeForLoggingCreated) Foo() {}

type TypeForLoggingEmbedded struct {
	TypeForLoggingCreated      *TypeForLoggingCreated  `inject:""`
	TypeForLoggingInterface    TypeForLoggingInterface `inject:""`
	TypeForLoggingCreatedNamed *TypeForLoggingCreated  `inject:"name_for_logging"`
	Map                        map[string]string       `inject:"private"`
}

type TypeForLogging struct {
	TypeForLoggingEmbedded `inject:"inline"`
	TypeForLoggingCreated  *TypeForLoggingCreated `inject:""`
}

func TestInjectLogging(t *testing.T) {

	// upstream expects exactly, in this order:
	//	provided *inject_test.TypeForLoggingCreated named name_for_logging
	//	provided *inject_test.TypeForLogging
	//	provided embedded *inject_test.TypeForLoggingEmbedded
	//	created *inject_test.TypeForLoggingCreated
	//	assigned newly created *inject_test.TypeForLoggingCreated to field TypeForLoggingCreated in *inject_test.TypeForLogging
	//	assigned existing *inject_test.TypeForLoggingCreated to field TypeForLoggingCreated in *inject_test.TypeForLoggingEmbedded
	//	assigned *inject_test.TypeForLoggingCreated named name_for_logging to field TypeForLoggingCreatedNamed in *inject_test.TypeForLoggingEmbedded
	//	made map for field Map in *inject_test.TypeForLoggingEmbedded
	//	assigned existing *inject_test.TypeForLoggingCreated to interface field TypeForLoggingInterface in *inject_test.TypeForLoggingEmbedded
	// The wording is not facebookgo's; the port checks that there is a line
	// for each provided and created object and for each field set, naming
	// the object, the field and the struct it is in, and that objects are
	// provided before anything is created or assigned.
	l := &logger{}
	g := inject.Graph{Logger: l}
	var v TypeForLogging

	err := g.Provide(
		&inject.Object{Value: &TypeForLoggingCreated{}, Name: "name_for_logging"},
		&inject.Object{Value: &v},
	)
	require.NoError(t, err)
	require.NoError(t, g.Populate())
	t.Logf("log:\n%s", strings.Join(l.Lines(), "\n"))

	require.Same(t, v.TypeForLoggingCreated, v.TypeForLoggingEmbedded.TypeForLoggingCreated)
	require.NotNil(t, v.TypeForLoggingCreated)
	require.NotNil(t, v.TypeForLoggingEmbedded.TypeForLoggingCreatedNamed)
	require.NotNil(t, v.Map)
	require.Same(t, v.TypeForLoggingCreated, v.TypeForLoggingInterface)

	lines := l.Lines()
	require.GreaterOrEqual(t, len(lines), 2)
	assert.Equal(t, "provided *inject_test.TypeForLoggingCreated named name_for_logging", lines[0])
	assert.Equal(t, "provided *inject_test.TypeForLogging", lines[1])
	assert.NotEqual(t, -1, l.match(`^created \*inject_test\.TypeForLoggingCreated$`),
		"a line for the created *TypeForLoggingCreated")

	// A field of the inline embedded struct may be named in the embedded
	// struct (facebookgo) or by its path in the outer one (tagwire).
	inEmbedded := func(field string) string {
		return `field (TypeForLoggingEmbedded\.` + field + ` in \*inject_test\.TypeForLogging|` +
			field + ` in \*inject_test\.TypeForLoggingEmbedded)$`
	}
	for what, re := range map[string]string{
		"outer TypeForLoggingCreated":    `TypeForLoggingCreated.* field TypeForLoggingCreated in \*inject_test\.TypeForLogging$`,
		"embedded TypeForLoggingCreated": `TypeForLoggingCreated.* ` + inEmbedded("TypeForLoggingCreated"),
		"TypeForLoggingCreatedNamed":     `TypeForLoggingCreated named name_for_logging.* ` + inEmbedded("TypeForLoggingCreatedNamed"),
		"Map":                            inEmbedded("Map"),
		"TypeForLoggingInterface":        `TypeForLoggingCreated.* ` + inEmbedded("TypeForLoggingInterface"),
	} {
		i := l.match(re)
		if assert.NotEqual(t, -1, i, "a line for field %s", what) {
			assert.Greater(t, i, 1, "field %s assigned after the objects were provided", what)
		}
	}
}

type TypeForNamedWithUnnamedDepSecond struct{}

type TypeForNamedWithUnnamedDepFirst struct {
	TypeForNamedWithUnnamedDepSecond *TypeForNamedWithUnnamedDepSecond `inject:""`
}

type TypeForNamedWithUnnamed struct {
	TypeForNamedWithUnnamedDepFirst *TypeForNamedWithUnnamedDepFirst `inject:""`
}

func TestForNamedWithUnnamed(t *testing.T) {
	var g inject.Graph
	var v TypeForNamedWithUnnamed

	require.NoError(t, g.Provide(&inject.Object{Value: &v, Name: "foo"}))
	require.NoError(t, g.Populate())
	require.NotNil(t, v.TypeForNamedWithUnnamedDepFirst, "expected TypeForNamedWithUnnamedDepFirst to be populated")
	assert.NotNil(t, v.TypeForNamedWithUnnamedDepFirst.TypeForNamedWithUnnamedDepSecond,
		"expected TypeForNamedWithUnnamedDepSecond to be populated")
}

func TestForSameNameButDifferentPackage(t *testing.T) {
	var g inject.Graph
	err := g.Provide(
		&inject.Object{Value: &injecttesta.Foo{}},
		&inject.Object{Value: &injecttestb.Foo{}},
	)
	require.NoError(t, err)
	require.NoError(t, g.Populate())
}

// ---------------------------------------------------------------------------
// The drop-in guarantees of the facade.

type TypeTransportUser struct {
	Transport    *http.Transport   `inject:""`
	RoundTripper http.RoundTripper `inject:""`
}

type TypeNamedTransportUser struct {
	Transport    *http.Transport   `inject:"transport"`
	RoundTripper http.RoundTripper `inject:"transport"`
}

// An object is registered under its dynamic type: http.DefaultTransport,
// an http.RoundTripper variable holding a *http.Transport, fills
// *http.Transport fields as well as http.RoundTripper fields, with the same
// object.
func TestFacade_DynamicType(t *testing.T) {
	tr, ok := http.DefaultTransport.(*http.Transport)
	require.True(t, ok)

	t.Run("unnamed", func(t *testing.T) {
		var g inject.Graph
		var u TypeTransportUser
		require.NoError(t, g.Provide(
			&inject.Object{Value: &u},
			&inject.Object{Value: http.DefaultTransport},
		))
		require.NoError(t, g.Populate())
		assert.Same(t, tr, u.Transport)
		assert.Same(t, tr, u.RoundTripper)
	})

	t.Run("named", func(t *testing.T) {
		var g inject.Graph
		var u TypeNamedTransportUser
		require.NoError(t, g.Provide(
			&inject.Object{Value: &u},
			&inject.Object{Value: http.DefaultTransport, Name: "transport"},
		))
		require.NoError(t, g.Populate())
		assert.Same(t, tr, u.Transport)
		assert.Same(t, tr, u.RoundTripper)
	})

	t.Run("package Populate", func(t *testing.T) {
		var u TypeTransportUser
		require.NoError(t, inject.Populate(&u, http.DefaultTransport))
		assert.Same(t, tr, u.Transport)
		assert.Same(t, tr, u.RoundTripper)
	})
}

type TypeDepOne struct {
	A *TypeAnswerStruct `inject:""`
}

type TypeDepTwo struct {
	One *TypeDepOne `inject:""`
}

type TypePopulateRoot struct {
	One *TypeDepOne `inject:""`
	Two *TypeDepTwo `inject:""`
}

// inject.Populate(&a, dep1, dep2) makes dep1 and dep2 the dependencies of
// their types, everywhere in the graph, and populates them too.
func TestFacade_PopulateWithDependencies(t *testing.T) {
	dep1 := &TypeDepOne{}
	dep2 := &TypeDepTwo{}
	var a TypePopulateRoot
	require.NoError(t, inject.Populate(&a, dep1, dep2))

	assert.Same(t, dep1, a.One, "a.One is not dep1")
	assert.Same(t, dep2, a.Two, "a.Two is not dep2")
	assert.Same(t, dep1, dep2.One, "dep2.One is not dep1: a second instance was made")
	require.NotNil(t, dep1.A, "dep1's own field was not populated")

	// A dependency given before the object that needs it works the same.
	dep1b := &TypeDepOne{}
	var b TypePopulateRoot
	require.NoError(t, inject.Populate(dep1b, &b))
	assert.Same(t, dep1b, b.One)
	require.NotNil(t, b.Two)
	assert.Same(t, dep1b, b.Two.One)
}

type TypeCompleteUser struct {
	N *TypeNestedStruct `inject:""`
}

// A provided pointer to a struct has its own tagged fields populated, even
// when nothing refers to it, unless it is Complete; a Complete object is
// used as it is where it is injected.
func TestFacade_ProvidedObjectsArePopulated(t *testing.T) {
	t.Run("unnamed", func(t *testing.T) {
		var g inject.Graph
		n := &TypeNestedStruct{}
		require.NoError(t, g.Provide(&inject.Object{Value: n}))
		require.NoError(t, g.Populate())
		assert.NotNil(t, n.A)
	})

	t.Run("named", func(t *testing.T) {
		var g inject.Graph
		n := &TypeNestedStruct{}
		require.NoError(t, g.Provide(&inject.Object{Value: n, Name: "n"}))
		require.NoError(t, g.Populate())
		assert.NotNil(t, n.A)
	})

	t.Run("complete", func(t *testing.T) {
		var g inject.Graph
		n := &TypeNestedStruct{}
		var u TypeCompleteUser
		require.NoError(t, g.Provide(
			&inject.Object{Value: n, Complete: true},
			&inject.Object{Value: &u},
		))
		require.NoError(t, g.Populate())
		assert.Same(t, n, u.N, "the Complete object is the dependency")
		assert.Nil(t, n.A, "a Complete object is not populated")
	})

	t.Run("complete named", func(t *testing.T) {
		var g inject.Graph
		n := &TypeNestedStruct{}
		var u struct {
			N *TypeNestedStruct `inject:"n"`
		}
		require.NoError(t, g.Provide(
			&inject.Object{Value: n, Name: "n", Complete: true},
			&inject.Object{Value: &u},
		))
		require.NoError(t, g.Populate())
		assert.Same(t, n, u.N)
		assert.Nil(t, n.A, "a Complete object is not populated")
	})
}

type TypeAnswerUser struct {
	Answerable Answerable `inject:""`
}

// A value provided under its concrete type fills interface fields it
// implements.
func TestFacade_ConcreteSatisfiesInterface(t *testing.T) {
	var g inject.Graph
	a := &TypeAnswerStruct{answer: 42}
	var u TypeAnswerUser
	require.NoError(t, g.Provide(
		&inject.Object{Value: &u},
		&inject.Object{Value: a},
	))
	require.NoError(t, g.Populate())
	require.NotNil(t, u.Answerable)
	assert.Same(t, a, u.Answerable)
	assert.Equal(t, 42, u.Answerable.Answer())

	// and so does one given to the package Populate
	var u2 TypeAnswerUser
	a2 := &TypeAnswerStruct{answer: 7}
	require.NoError(t, inject.Populate(&u2, a2))
	assert.Same(t, a2, u2.Answerable)
}

type TypeWithInit struct {
	A     *TypeAnswerStruct `inject:""`
	calls atomic.Int32
	sawA  bool
}

func (t *TypeWithInit) Init() {
	t.calls.Add(1)
	t.sawA = t.A != nil
}

type TypeWithInitUser struct {
	I1 *TypeWithInit `inject:""`
	I2 *TypeWithInit `inject:""`
}

// Init methods are never called by default, as facebookgo never calls
// one; with Graph.Init they are called exactly once per object, after its
// fields are set.
func TestFacade_Init(t *testing.T) {
	t.Run("default", func(t *testing.T) {
		var g inject.Graph
		provided := &TypeWithInit{}
		var u TypeWithInitUser
		require.NoError(t, g.Provide(&inject.Object{Value: provided, Name: "p"}, &inject.Object{Value: &u}))
		require.NoError(t, g.Populate())
		require.NotNil(t, u.I1)
		assert.Zero(t, provided.calls.Load(), "Init called on a provided object")
		assert.Zero(t, u.I1.calls.Load(), "Init called on a created object")
	})

	t.Run("package Populate", func(t *testing.T) {
		var u TypeWithInitUser
		require.NoError(t, inject.Populate(&u))
		require.NotNil(t, u.I1)
		assert.Zero(t, u.I1.calls.Load(), "Init called by inject.Populate")
	})

	t.Run("Graph.Init", func(t *testing.T) {
		g := inject.Graph{Init: true}
		provided := &TypeWithInit{}
		var u TypeWithInitUser
		require.NoError(t, g.Provide(&inject.Object{Value: provided, Name: "p"}, &inject.Object{Value: &u}))
		require.NoError(t, g.Populate())
		require.NotNil(t, u.I1)
		require.Same(t, u.I1, u.I2)
		assert.EqualValues(t, 1, provided.calls.Load(), "Init calls on the provided object")
		assert.True(t, provided.sawA, "Init ran before the fields were set")
		assert.EqualValues(t, 1, u.I1.calls.Load(), "Init calls on the created object")
		assert.True(t, u.I1.sawA, "Init ran before the fields were set")

		// a second Populate calls no Init again
		require.NoError(t, g.Populate())
		assert.EqualValues(t, 1, provided.calls.Load())
		assert.EqualValues(t, 1, u.I1.calls.Load())
	})

	t.Run("Graph.Init on a provided unnamed object", func(t *testing.T) {
		g := inject.Graph{Init: true}
		provided := &TypeWithInit{}
		var u TypeWithInitUser
		require.NoError(t, g.Provide(&inject.Object{Value: provided}, &inject.Object{Value: &u}))
		require.NoError(t, g.Populate())
		assert.Same(t, provided, u.I1)
		assert.Same(t, provided, u.I2)
		assert.EqualValues(t, 1, provided.calls.Load())
	})
}

type TypeForObjects struct {
	A    *TypeAnswerStruct `inject:""`
	B    *TypeNestedStruct `inject:""`
	P    *TypeAnswerStruct `inject:"private"`
	Ans  Answerable        `inject:"ans"`
	Port int               `inject:"port"`
	In   struct {
		N *TypeNestedStruct `inject:""`
	} `inject:"inline"`
	None *TypeAnswerStruct
}

// Objects lists every object provided or created, provided ones first in
// the order provided, each with the fields injected into it; private
// instances are objects too, and so is a named inline struct field (its
// address), which holds the fields injected into it, as in facebookgo.
func TestFacade_Objects(t *testing.T) {
	var g inject.Graph
	var v TypeForObjects
	named := &TypeNestedStruct{}
	ov := &inject.Object{Value: &v}
	oNamed := &inject.Object{Value: named, Name: "ans"}
	oPort := &inject.Object{Value: 8080, Name: "port"}
	require.NoError(t, g.Provide(ov, oNamed, oPort))
	require.NoError(t, g.Populate())

	objects := g.Objects()
	require.GreaterOrEqual(t, len(objects), 3)
	assert.Same(t, ov, objects[0])
	assert.Same(t, oNamed, objects[1])
	assert.Same(t, oPort, objects[2])

	byValue := map[any]*inject.Object{}
	var strs []string
	var oIn *inject.Object
	for _, o := range objects {
		if strings.HasPrefix(o.String(), "*struct {") {
			oIn = o // the object of the inline field In
			continue
		}
		strs = append(strs, o.String())
		if _, ok := o.Value.(int); !ok {
			byValue[o.Value] = o
		}
	}
	assert.ElementsMatch(t, []string{
		"*inject_test.TypeForObjects",
		"*inject_test.TypeNestedStruct named ans",
		"int named port",
		"*inject_test.TypeAnswerStruct",
		"*inject_test.TypeAnswerStruct", // the private one
		"*inject_test.TypeNestedStruct",
	}, strs)

	require.NotNil(t, v.A)
	require.NotNil(t, v.B)
	require.NotNil(t, v.P)
	require.Same(t, v.A, v.B.A)
	require.Same(t, v.A, named.A)
	require.Same(t, v.B, v.In.N)
	require.NotSame(t, v.A, v.P)
	oA, oB, oP := byValue[v.A], byValue[v.B], byValue[v.P]
	require.NotNil(t, oA, "the created *TypeAnswerStruct is not listed")
	require.NotNil(t, oB, "the created *TypeNestedStruct is not listed")
	require.NotNil(t, oP, "the private *TypeAnswerStruct is not listed")
	assert.Equal(t, "", oA.Name)
	assert.False(t, oA.Complete)

	want := map[string]*inject.Object{"A": oA, "B": oB, "P": oP, "Ans": oNamed, "Port": oPort}
	assert.Equal(t, want, ov.Fields)
	require.NotNil(t, oIn, "the inline field's object is listed")
	assert.Same(t, &v.In, oIn.Value)
	assert.Equal(t, map[string]*inject.Object{"N": oB}, oIn.Fields)
	for name, o := range want {
		assert.Same(t, o, ov.Fields[name], "Fields[%q]", name)
	}
	assert.Equal(t, map[string]*inject.Object{"A": oA}, oB.Fields)
	assert.Same(t, oA, oB.Fields["A"])
	assert.Equal(t, map[string]*inject.Object{"A": oA}, oNamed.Fields)
	assert.Same(t, oA, oNamed.Fields["A"])
	assert.Empty(t, oA.Fields)
	assert.Empty(t, oP.Fields)
	assert.Empty(t, oPort.Fields)
	assert.Equal(t, 8080, v.Port)
	assert.Same(t, named, v.Ans)
}

type TypeForFacadeLogger struct {
	A *TypeAnswerStruct `inject:""`
	B *TypeNestedStruct `inject:""`
}

// The Logger receives Debugf lines: one per object provided, per object
// created and per field assigned.
func TestFacade_Logger(t *testing.T) {
	l := &logger{}
	g := inject.Graph{Logger: l}
	var v TypeForFacadeLogger
	require.NoError(t, g.Provide(&inject.Object{Value: &v}))
	require.NoError(t, g.Populate())
	lines := l.Lines()
	t.Logf("log:\n%s", strings.Join(lines, "\n"))

	require.NotEmpty(t, lines)
	assert.Equal(t, "provided *inject_test.TypeForFacadeLogger", lines[0])
	for _, re := range []string{
		`^created \*inject_test\.TypeAnswerStruct$`,
		`^created \*inject_test\.TypeNestedStruct$`,
		`TypeAnswerStruct.* field A in \*inject_test\.TypeForFacadeLogger$`,
		`TypeNestedStruct.* field B in \*inject_test\.TypeForFacadeLogger$`,
		`TypeAnswerStruct.* field A in \*inject_test\.TypeNestedStruct$`,
	} {
		assert.NotEqual(t, -1, l.match(re), "no line matches %s", re)
	}
	assert.Len(t, lines, 6, "one provided, two created, three assigned")

	// testLogger passes the lines to t.Logf.
	g2 := inject.Graph{Logger: testLogger{t}}
	var v2 TypeForFacadeLogger
	require.NoError(t, g2.Provide(&inject.Object{Value: &v2}))
	require.NoError(t, g2.Populate())
}

type TypeCompleteWithBadTags struct {
	a *TypeAnswerStruct `inject:""`
	M map[string]int    `inject:""`
}

// facebookgo never looks at the tags of a Complete object: it is used as
// it is, whatever its tags say.
func TestFacade_CompleteObjectTagsNotChecked(t *testing.T) {

	var g inject.Graph
	obj := &TypeCompleteWithBadTags{M: map[string]int{"x": 1}}
	var u struct {
		C *TypeCompleteWithBadTags `inject:""`
	}
	require.NoError(t, g.Provide(
		&inject.Object{Value: obj, Complete: true},
		&inject.Object{Value: &u},
	))
	require.NoError(t, g.Populate())
	assert.Same(t, obj, u.C)
	assert.Nil(t, obj.a)
}

// facebookgo's tag is a name unless it is "", "inline" or "private": the
// whole value, spaces and all (its documentation's example is
// inject:"dev logger").
func TestFacade_BareNames(t *testing.T) {
	check := func(t *testing.T, name string, v any, field func() *TypeAnswerStruct) {
		t.Helper()
		var g inject.Graph
		a := &TypeAnswerStruct{answer: 1}
		require.NoError(t, g.Provide(
			&inject.Object{Value: a, Name: name},
			&inject.Object{Value: v},
		))
		require.NoError(t, g.Populate())
		assert.Same(t, a, field())
	}
	t.Run("dev logger", func(t *testing.T) {
		var v struct {
			A *TypeAnswerStruct `inject:"dev logger"`
		}
		check(t, "dev logger", &v, func() *TypeAnswerStruct { return v.A })
	})
	t.Run("db", func(t *testing.T) {
		var v struct {
			A *TypeAnswerStruct `inject:"db"`
		}
		check(t, "db", &v, func() *TypeAnswerStruct { return v.A })
	})
	// Difference (MIGRATING.md): tagwire's own options (optional, factory)
	// and commas are not names; name= writes such a name.
	t.Run("name=optional", func(t *testing.T) {
		var v struct {
			A *TypeAnswerStruct `inject:"name=optional"`
		}
		check(t, "optional", &v, func() *TypeAnswerStruct { return v.A })
	})
	t.Run("optional is the option", func(t *testing.T) {
		var v struct {
			A *TypeAnswerStruct `inject:"optional"`
		}
		require.NoError(t, inject.Populate(&v))
		assert.NotNil(t, v.A, "a created instance, as for inject:\"\"")
	})
	t.Run("comma separates options", func(t *testing.T) {
		var v struct {
			A *TypeAnswerStruct `inject:"db,primary"`
		}
		err := inject.Populate(&v)
		requireErrorKind(t, err, container.ErrBadTag, "primary")
	})
}

type TypeEmpty struct{}

type TypeWithEmpty struct {
	E *TypeEmpty `inject:""`
}

// Objects of a zero-size type are objects of their own like any other:
// Go may give every pointer to a zero-size value the same address, but the
// one created for an unnamed field is not the one provided under a name.
func TestFacade_ZeroSizeObjects(t *testing.T) {

	l := &logger{}
	g := inject.Graph{Logger: l}
	var v TypeWithEmpty
	oNamed := &inject.Object{Value: &TypeEmpty{}, Name: "e"}
	ov := &inject.Object{Value: &v}
	require.NoError(t, g.Provide(oNamed, ov))
	require.NoError(t, g.Populate())
	t.Logf("log:\n%s", strings.Join(l.Lines(), "\n"))

	require.NotNil(t, v.E)
	var strs []string
	for _, o := range g.Objects() {
		strs = append(strs, o.String())
	}
	assert.ElementsMatch(t, []string{
		"*inject_test.TypeEmpty named e",
		"*inject_test.TypeWithEmpty",
		"*inject_test.TypeEmpty",
	}, strs)
	if assert.NotNil(t, ov.Fields["E"]) {
		assert.NotSame(t, oNamed, ov.Fields["E"], "the unnamed field's object is the named one")
		assert.Equal(t, "", ov.Fields["E"].Name)
	}
	assert.NotEqual(t, -1, l.match(`^created \*inject_test\.TypeEmpty$`), "no line for the created *TypeEmpty")
	assert.Equal(t, -1, l.match(`named e to field E `), "the log names the named object for the unnamed field")
}

// Objects may be provided after a Populate, and a second Populate fills
// them from the same graph: the instances created by the first are shared.
func TestFacade_ProvideAfterPopulate(t *testing.T) {
	var g inject.Graph
	var a struct {
		A *TypeAnswerStruct `inject:""`
	}
	require.NoError(t, g.Provide(&inject.Object{Value: &a}))
	require.NoError(t, g.Populate())
	require.NotNil(t, a.A)

	n := &TypeNestedStruct{}
	var b struct {
		A *TypeAnswerStruct `inject:""`
	}
	require.NoError(t, g.Provide(&inject.Object{Value: &b, Name: "b"}, &inject.Object{Value: n}))
	require.NoError(t, g.Populate())
	assert.Same(t, a.A, b.A)
	assert.Same(t, a.A, n.A)
	assert.Len(t, g.Objects(), 4)
}
