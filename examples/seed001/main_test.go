package main

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	assert.Contains(t, got, "factory-built IFoo (*main.Foo): I was built in a factory!")
	assert.Contains(t, got, "ErrTypeMismatch: true")
	// The constructor's name is main.incorrectCreateFoo under go run and
	// seed001.incorrectCreateFoo in the test binary.
	assert.Regexp(t, `resolve IFoo: type mismatch: \w+\.incorrectCreateFoo returned a string, which is not a main\.IFoo`, got)
	assert.Contains(t, got, "default\nI was built by Bar!\n")
	assert.Contains(t, got, "foo1 and foo2 are distinct (Transient): true")
	assert.Contains(t, got, "ErrBadInput: true")
	assert.Contains(t, got, `the hint suggests "Text": true`)
}

// PyJudo checks the returned type only in a top-level get; tagwire checks
// it on every build, nested ones included.
type NeedsFoo struct {
	Foo IFoo `inject:""`
}

func TestTypeCheckNested(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Provide[IFoo](c, incorrectCreateFoo))
	var n NeedsFoo
	err := c.Populate(context.Background(), &n)
	require.ErrorIs(t, err, container.ErrTypeMismatch)
	var e *container.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "NeedsFoo.Foo", e.Path)
	assert.Nil(t, n.Foo)
}

// BarField is Bar with the factory as a tagged field instead of a
// constructor parameter.
type BarField struct {
	FooFactory inject.Factory[IFoo] `inject:""`
	Tagged     inject.Factory[IFoo] `inject:"factory"`
}

func TestFactoryField(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[IFoo](c, NewFoo, container.Transient))
	var b BarField
	require.NoError(t, c.Populate(ctx, &b))
	for _, f := range []inject.Factory[IFoo]{b.FooFactory, b.Tagged} {
		foo, err := f.New(ctx, container.Field("Text", "x"))
		require.NoError(t, err)
		assert.Equal(t, "x", foo.Foo())
	}
}

// BarUntagged has a Factory field with no inject tag at all.
type BarUntagged struct {
	FooFactory inject.Factory[IFoo]
}

// Only tagged fields are injected (container/doc.go, "Factories": for
// Factory[T] a plain inject:"" tag is enough; untagged fields are never
// touched): an untagged Factory field stays zero, and calling it reports
// ErrBadInput instead of panicking.
func TestFactoryFieldUntaggedIsNotInjected(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[IFoo](c, NewFoo, container.Transient))
	var b BarUntagged
	require.NoError(t, c.Populate(ctx, &b))
	_, err := b.FooFactory.New(ctx)
	assert.ErrorIs(t, err, container.ErrBadInput)
}

func Example_registerFactory() {
	_ = registerFactory(context.Background(), os.Stdout, container.New())
	// Output:
	// factory-built IFoo (*main.Foo): I was built in a factory!
}

func Example_factoryDependency() {
	_ = factoryDependency(context.Background(), os.Stdout, container.New())
	// Output:
	// default
	// I was built by Bar!
	// foo1 and foo2 are distinct (Transient): true
	// ErrBadInput: true
	// Error: factory IFoo: bad input: main.Foo has no exported field "Txt"
	// the hint suggests "Text": true
}
