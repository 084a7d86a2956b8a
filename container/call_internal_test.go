package container

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type dcA struct{ n int }
type dcB struct{ a *dcA }

func TestDirectCallsWork(t *testing.T) {
	require.True(t, directWorks, "the startup self-check of direct calls passed on this platform")
}

func TestDirectOfClassifiesShapes(t *testing.T) {
	cases := []struct {
		name string
		fn   any
		want direct
	}{
		{"no params", func() *dcA { return nil }, 1},
		{"one pointer", func(*dcA) *dcB { return nil }, 2},
		{"four pointer-shaped", func(*dcA, map[string]int, chan int, func()) *dcB { return nil }, 5},
		{"ctx and pointers", func(context.Context, *dcA) *dcB { return nil }, 2 | 8},
		{"error result", func(*dcA) (*dcB, error) { return nil, nil }, 2 | 16},
		{"ctx, error", func(context.Context, *dcA, *dcA) (*dcB, error) { return nil, nil }, 3 | 8 | 16},
		{"five pointers: reflect", func(*dcA, *dcA, *dcA, *dcA, *dcA) *dcB { return nil }, 0},
		{"a value param: reflect", func(int) *dcB { return nil }, 0},
		{"an interface param: reflect", func(error) *dcB { return nil }, 0},
		{"ctx not first: reflect", func(*dcA, context.Context) *dcB { return nil }, 0},
		{"value result: reflect", func(*dcA) dcB { return dcB{} }, 0},
		{"interface result: reflect", func(*dcA) any { return nil }, 0},
		{"cleanup result: reflect", func() (*dcA, func(), error) { return nil, nil, nil }, 0},
		{"variadic: reflect", func(...*dcA) *dcB { return nil }, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, directOf(reflect.TypeOf(tc.fn)))
		})
	}
}

// Every direct class is called with the right arguments in the right
// order and gives the results a plain call gives.
func TestCallDirectEveryClass(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, 100)
	boom := errors.New("boom")
	xs := []*dcA{{1}, {2}, {3}, {4}}
	sum := func(c context.Context, as ...*dcA) *dcA {
		n := 0
		for _, a := range as {
			n = n*10 + a.n // order matters: digits in argument order
		}
		if c != nil {
			n += c.Value(key{}).(int) * 10000
		}
		return &dcA{n: n}
	}
	fns := []any{
		func() *dcA { return sum(nil) },
		func(a *dcA) *dcA { return sum(nil, a) },
		func(a, b *dcA) *dcA { return sum(nil, a, b) },
		func(a, b, c *dcA) *dcA { return sum(nil, a, b, c) },
		func(a, b, c, d *dcA) *dcA { return sum(nil, a, b, c, d) },
		func(x context.Context) *dcA { return sum(x) },
		func(x context.Context, a *dcA) *dcA { return sum(x, a) },
		func(x context.Context, a, b *dcA) *dcA { return sum(x, a, b) },
		func(x context.Context, a, b, c *dcA) *dcA { return sum(x, a, b, c) },
		func(x context.Context, a, b, c, d *dcA) *dcA { return sum(x, a, b, c, d) },
		func() (*dcA, error) { return sum(nil), nil },
		func(a *dcA) (*dcA, error) { return sum(nil, a), boom },
		func(a, b *dcA) (*dcA, error) { return sum(nil, a, b), nil },
		func(a, b, c *dcA) (*dcA, error) { return sum(nil, a, b, c), boom },
		func(a, b, c, d *dcA) (*dcA, error) { return sum(nil, a, b, c, d), nil },
		func(x context.Context) (*dcA, error) { return sum(x), nil },
		func(x context.Context, a *dcA) (*dcA, error) { return sum(x, a), boom },
		func(x context.Context, a, b *dcA) (*dcA, error) { return sum(x, a, b), nil },
		func(x context.Context, a, b, c *dcA) (*dcA, error) { return sum(x, a, b, c), boom },
		func(x context.Context, a, b, c, d *dcA) (*dcA, error) { return sum(x, a, b, c, d), nil },
	}
	for _, fn := range fns {
		ft := reflect.TypeOf(fn)
		d := directOf(ft)
		require.NotZero(t, d, "%v", ft)
		// The plain call, through reflect.
		var in []reflect.Value
		var a [maxDirect]p
		n := 0
		for i := range ft.NumIn() {
			if ft.In(i) == ctxType {
				in = append(in, reflect.ValueOf(ctx))
				continue
			}
			in = append(in, reflect.ValueOf(xs[n]))
			a[n] = dataOf(xs[n])
			n++
		}
		want := reflect.ValueOf(fn).Call(in)
		got, err := callDirect(d, dataOf(fn), ctx, &a)
		v := ifaceOf(ft.Out(0), got)
		assert.Equal(t, want[0].Interface(), v, "%v", ft)
		if ft.NumOut() == 2 {
			wantErr, _ := want[1].Interface().(error)
			assert.Equal(t, wantErr, err, "%v", ft)
		} else {
			assert.NoError(t, err)
		}
	}
}

// A constructor called directly and one called through reflect build the
// same graph, with the context and the error handled alike.
func TestDirectAndReflectConstructorsAgree(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "v")
	boom := errors.New("boom")
	for _, failing := range []bool{false, true} {
		c := New()
		require.NoError(t, Instance(c, &dcA{n: 5}))
		require.NoError(t, Provide[*dcB](c, func(ctx context.Context, a *dcA) (*dcB, error) {
			if failing {
				return nil, boom
			}
			assert.Equal(t, "v", ctx.Value(key{}))
			return &dcB{a: a}, nil
		}))
		require.NotZero(t, directOf(reflect.TypeFor[func(context.Context, *dcA) (*dcB, error)]()))
		b, err := Resolve[*dcB](ctx, c)
		if failing {
			assert.ErrorIs(t, err, boom)
			assert.ErrorIs(t, err, ErrConstructor)
			assert.Nil(t, b)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, 5, b.a.n)
	}
}
