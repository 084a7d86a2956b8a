package container_test

// Injection kinds given at registration (seed 003, catalogue E 39-45):
// Args, Field and Method with plain values and Dep providers, the order of
// a build, and bad options.

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type facPhoto struct{ ID int64 }

type facCreditCard struct{ ID int64 }

type facUser struct {
	UID        int
	MainPhoto  *facPhoto
	CreditCard *facCreditCard

	photoSeenByMethod *facPhoto
	cardBeforeInit    bool
	inits             int
}

func (u *facUser) SetCreditCard(c *facCreditCard) {
	u.CreditCard = c
	u.photoSeenByMethod = u.MainPhoto
}

func (u *facUser) SetCtx(ctx context.Context, s string) error {
	if s == "fail" {
		return facErrBoom
	}
	return nil
}

func (u *facUser) Init() {
	u.inits++
	u.cardBeforeInit = u.CreditCard != nil
}

type facUserFactory struct {
	New container.Factory[*facUser] `inject:""`
}

// facPhotos registers *facPhoto with a counting constructor.
func facPhotos(t *testing.T, c *container.Container, opts ...container.Option) *atomic.Int64 {
	t.Helper()
	n := new(atomic.Int64)
	facMust(t, container.Provide[*facPhoto](c, func() *facPhoto { return &facPhoto{ID: n.Add(1)} }, opts...))
	return n
}

func facTwoUsers(t *testing.T, c *container.Container) (*facUser, *facUser) {
	t.Helper()
	var h facUserFactory
	require.NoError(t, c.Populate(t.Context(), &h))
	u1, err := h.New.New(t.Context())
	require.NoError(t, err)
	u2, err := h.New.New(t.Context())
	require.NoError(t, err)
	require.NotSame(t, u1, u2)
	return u1, u2
}

func TestFactories_Args_ProvidersEvaluatedPerBuildValuesShared(t *testing.T) {
	plain := &facPhoto{ID: 100}
	cases := []struct {
		name      string
		photoOpts []container.Option
		arg       any
		same      bool
	}{
		{"Dep of a Transient", []container.Option{container.Transient}, container.Dep[*facPhoto](), false},
		{"Dep of a Singleton", nil, container.Dep[*facPhoto](), true},
		{"plain value", []container.Option{container.Transient}, plain, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := facNew(t)
			facPhotos(t, c, tc.photoOpts...)
			facMust(t, container.Provide[*facUser](c, func(uid int, p *facPhoto) *facUser {
				return &facUser{UID: uid, MainPhoto: p}
			}, container.Args(7, tc.arg), container.Transient))
			u1, u2 := facTwoUsers(t, c)
			assert.Equal(t, 7, u1.UID)
			require.NotNil(t, u1.MainPhoto)
			assert.Equal(t, tc.same, u1.MainPhoto == u2.MainPhoto)
			if tc.arg == plain {
				assert.Same(t, plain, u1.MainPhoto)
			}
		})
	}
}

func TestFactories_Args_DepWithName(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Supply(c, "postgres://primary", container.Named("dsn")))
	facMust(t, container.Supply(c, "postgres://replica", container.Named("replica")))
	facMust(t, container.Provide[*facConn](c, func(dsn string) *facConn { return &facConn{DSN: dsn} },
		container.Args(container.Dep[string](container.Named("dsn")))))
	assert.Equal(t, "postgres://primary", facResolve[*facConn](t, ctx, c).DSN)
}

func TestFactories_Field_AttributeInjection(t *testing.T) {
	plain := &facPhoto{ID: 100}
	cases := []struct {
		name      string
		photoOpts []container.Option
		value     any
		same      bool
	}{
		{"Dep of a Transient: a fresh Photo per User", []container.Option{container.Transient}, container.Dep[*facPhoto](), false},
		{"Dep of a Singleton", nil, container.Dep[*facPhoto](), true},
		{"plain value shared", []container.Option{container.Transient}, plain, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := facNew(t)
			facPhotos(t, c, tc.photoOpts...)
			facMust(t, container.Provide[*facUser](c, nil, container.Transient, container.Field("MainPhoto", tc.value)))
			u1, u2 := facTwoUsers(t, c)
			require.NotNil(t, u1.MainPhoto)
			require.NotNil(t, u2.MainPhoto)
			assert.Equal(t, tc.same, u1.MainPhoto == u2.MainPhoto)
			if tc.value == plain {
				assert.Same(t, plain, u1.MainPhoto)
			}
		})
	}
}

func TestFactories_Field_AlwaysSetsEvenNonZero(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	fromField := &facPhoto{ID: 2}
	facMust(t, container.Provide[*facUser](c, func() *facUser {
		return &facUser{MainPhoto: &facPhoto{ID: 1}}
	}, container.Field("MainPhoto", fromField)))
	assert.Same(t, fromField, facResolve[*facUser](t, ctx, c).MainPhoto)
}

func TestFactories_Method_AfterFieldsBeforeInit(t *testing.T) {
	c := facNew(t)
	facPhotos(t, c, container.Transient)
	var cards atomic.Int64
	facMust(t, container.Provide[*facCreditCard](c, func() *facCreditCard { return &facCreditCard{ID: cards.Add(1)} }, container.Transient))
	facMust(t, container.Provide[*facUser](c, nil, container.Transient,
		container.Field("MainPhoto", container.Dep[*facPhoto]()),
		container.Method("SetCreditCard", container.Dep[*facCreditCard]()),
		container.Method("SetCtx", "ok"),
	))
	u1, u2 := facTwoUsers(t, c)
	for _, u := range []*facUser{u1, u2} {
		require.NotNil(t, u.CreditCard)
		assert.Same(t, u.MainPhoto, u.photoSeenByMethod, "the method sees the injected fields")
		assert.True(t, u.cardBeforeInit, "the method ran before Init")
		assert.Equal(t, 1, u.inits)
	}
	assert.NotSame(t, u1.CreditCard, u2.CreditCard, "a provider argument is evaluated per call")
}

func TestFactories_Method_ErrorAbortsBuild(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[*facUser](c, nil, container.Transient, container.Method("SetCtx", "fail")))
	_, err := container.Resolve[*facUser](ctx, c)
	facRequireKind(t, err, container.ErrInit)
	require.ErrorIs(t, err, facErrBoom)
}

// The order of one build, logged.

type facOrdLog struct{ events []string }

func (l *facOrdLog) add(s string) { l.events = append(l.events, s) }

type facOrdArgA struct{}
type facOrdArgB struct{}
type facOrdF1 struct{}
type facOrdF2 struct{}
type facOrdInl struct{}
type facOrdExtra struct{}
type facOrdCard struct{}
type facOrdInitDep struct{}

type facOrdInline struct {
	In *facOrdInl `inject:""`
}

type facOrdered struct {
	F1     *facOrdF1    `inject:""`
	Inline facOrdInline `inject:"inline"`
	F2     *facOrdF2    `inject:""`
	Extra  *facOrdExtra
	log    *facOrdLog
}

func (o *facOrdered) SetCard(ctx context.Context, c *facOrdCard) error {
	if ctx == nil {
		return errors.New("no context")
	}
	o.log.add("method SetCard")
	return nil
}

func (o *facOrdered) Init(d *facOrdInitDep) { o.log.add("Init") }

func facOrdProvide[T any](t *testing.T, c *container.Container, log *facOrdLog, name string) {
	t.Helper()
	facMust(t, container.Provide[*T](c, func() *T {
		log.add(name)
		return new(T)
	}, container.Transient))
}

func TestFactories_Order_ArgsConstructFieldsFieldOptionMethodInit(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	log := &facOrdLog{}
	facOrdProvide[facOrdArgA](t, c, log, "arg A")
	facOrdProvide[facOrdArgB](t, c, log, "arg B")
	facOrdProvide[facOrdF1](t, c, log, "field F1")
	facOrdProvide[facOrdInl](t, c, log, "inline field In")
	facOrdProvide[facOrdF2](t, c, log, "field F2")
	facOrdProvide[facOrdExtra](t, c, log, "registration Field Extra")
	facOrdProvide[facOrdCard](t, c, log, "method argument")
	facOrdProvide[facOrdInitDep](t, c, log, "Init argument")
	facMust(t, container.Provide[*facOrdered](c, func(a *facOrdArgA, b *facOrdArgB) *facOrdered {
		log.add("construct")
		return &facOrdered{log: log}
	},
		container.Transient,
		container.Field("Extra", container.Dep[*facOrdExtra]()),
		container.Method("SetCard", container.Dep[*facOrdCard]()),
	))

	o := facResolve[*facOrdered](t, ctx, c)
	require.NotNil(t, o.Extra)
	assert.Equal(t, []string{
		"arg A", "arg B", "construct",
		"field F1", "inline field In", "field F2",
		"registration Field Extra",
		"method argument", "method SetCard",
		"Init argument", "Init",
	}, log.events)
}

// A call-time Field wins over a registration Field, which is then not
// evaluated (doc.go: "An override wins and the injection it replaces is
// not evaluated"; catalogue 41).
func TestFactories_CallTimeField_WinsOverRegistrationField(t *testing.T) {
	c := facNew(t)
	photos := facPhotos(t, c, container.Transient)
	facMust(t, container.Provide[*facUser](c, nil, container.Transient, container.Field("MainPhoto", container.Dep[*facPhoto]())))
	var h facUserFactory
	require.NoError(t, c.Populate(t.Context(), &h))
	mine := &facPhoto{ID: 42}
	u, err := h.New.New(t.Context(), container.Field("MainPhoto", mine))
	require.NoError(t, err)
	assert.Same(t, mine, u.MainPhoto, "the call-time override wins")
	assert.Equal(t, int64(0), photos.Load(), "the replaced Field injection is not evaluated")
}

// A Use that matches a registration Method's parameter type is accepted by
// validation, so it must be applied: an override is never silently dropped
// (catalogue 31).
func TestFactories_Use_NotSilentlyIgnoredForMethodArguments(t *testing.T) {
	c := facNew(t)
	var cards atomic.Int64
	facMust(t, container.Provide[*facCreditCard](c, func() *facCreditCard { return &facCreditCard{ID: cards.Add(1)} }, container.Transient))
	facMust(t, container.Provide[*facUser](c, nil, container.Transient, container.Method("SetCreditCard", container.Dep[*facCreditCard]())))
	var h facUserFactory
	require.NoError(t, c.Populate(t.Context(), &h))
	fake := &facCreditCard{ID: -1}
	u, err := h.New.New(t.Context(), container.Use(fake))
	if err != nil {
		facRequireKind(t, err, container.ErrBadInput)
		return
	}
	assert.Same(t, fake, u.CreditCard, "Use was accepted, so it must replace the method's dependency")
	assert.Equal(t, int64(0), cards.Load())
}

func TestFactories_RegistrationOptions_Errors(t *testing.T) {
	userCtor := func() *facUser { return &facUser{} }
	cases := []struct {
		name string
		reg  func(c *container.Container) error
		kind error
	}{
		{"Field naming no field", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Field("Nope", 1))
		}, container.ErrBadInput},
		{"Field naming an unexported field", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Field("inits", 1))
		}, container.ErrBadInput},
		{"Field given twice", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Field("UID", 1), container.Field("UID", 2))
		}, container.ErrBadInput},
		{"Field of the wrong type", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Field("MainPhoto", 5))
		}, container.ErrTypeMismatch},
		{"Field with a provider of the wrong type", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Field("MainPhoto", container.Dep[*facCreditCard]()))
		}, container.ErrTypeMismatch},
		{"Field on a non-struct product", func(c *container.Container) error {
			return container.Provide[facNum](c, func() facNum { return 1 }, container.Field("X", 1))
		}, container.ErrBadInput},
		{"Field on Supply", func(c *container.Container) error {
			return container.Supply(c, &facUser{}, container.Field("UID", 1))
		}, container.ErrBadInput},
		{"Field on a registered value", func(c *container.Container) error {
			return container.Provide[*facUser](c, &facUser{}, container.Field("UID", 1))
		}, container.ErrBadInput},
		{"Method that does not exist", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Method("SetNope", 1))
		}, container.ErrBadSignature},
		{"Method with too few values", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Method("SetCreditCard"))
		}, container.ErrBadSignature},
		{"Method with too many values", func(c *container.Container) error {
			return container.Provide[*facUser](c, userCtor, container.Method("SetCreditCard", &facCreditCard{}, 2))
		}, container.ErrBadSignature},
		{"Method value of the wrong type", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Method("SetCreditCard", "card"))
		}, container.ErrTypeMismatch},
		{"Method provider of the wrong type", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Method("SetCreditCard", container.Dep[*facPhoto]()))
		}, container.ErrTypeMismatch},
		{"Args on a zero-value registration", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Args(1))
		}, container.ErrBadInput},
		{"Args on Supply", func(c *container.Container) error {
			return container.Supply(c, &facUser{}, container.Args(1))
		}, container.ErrBadInput},
		{"Args given twice", func(c *container.Container) error {
			return container.Provide[*facUser](c, func(int) *facUser { return nil }, container.Args(1), container.Args(2))
		}, container.ErrBadInput},
		{"Args beyond the parameters", func(c *container.Container) error {
			return container.Provide[*facUser](c, func(int) *facUser { return nil }, container.Args(1, 2))
		}, container.ErrBadInput},
		{"Args of the wrong type", func(c *container.Container) error {
			return container.Provide[*facUser](c, func(int) *facUser { return nil }, container.Args("one"))
		}, container.ErrTypeMismatch},
		{"two lifetimes", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Transient, container.Scoped)
		}, container.ErrBadInput},
		{"unknown lifetime", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Lifetime(9))
		}, container.ErrBadInput},
		{"Transient Supply", func(c *container.Container) error {
			return container.Supply(c, &facUser{}, container.Transient)
		}, container.ErrBadInput},
		{"empty name", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Named(""))
		}, container.ErrBadInput},
		{"two names", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.Named("a"), container.Named("b"))
		}, container.ErrBadInput},
		{"nil option", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, nil)
		}, container.ErrBadInput},
		{"lifetime on an abstract registration", func(c *container.Container) error {
			return container.Provide[facIFoo](c, nil, container.Transient)
		}, container.ErrBadInput},
		{"AsFactory on an abstract registration", func(c *container.Container) error {
			return container.Provide[facIFoo](c, nil, container.AsFactory())
		}, container.ErrBadInput},
		{"As an interface the registration does not implement", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.As[facIFoo]())
		}, container.ErrTypeMismatch},
		{"As on a non-interface", func(c *container.Container) error {
			return container.Provide[*facUser](c, nil, container.As[*facFoo]())
		}, container.ErrBadInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			c := facNew(t)
			e := facRequireKind(t, tc.reg(c), tc.kind)
			assert.Equal(t, "register", e.Op)
			// The failed registration is what resolving *facUser reports
			// (never a zero value), until a registration succeeds.
			if _, err := container.Resolve[*facUser](ctx, c); err != nil {
				require.ErrorIs(t, err, tc.kind)
				assert.Contains(t, err.Error(), "its registration failed")
				facMust(t, container.Provide[*facUser](c, nil))
			}
			u := facResolve[*facUser](t, ctx, c)
			assert.Nil(t, u.MainPhoto, "nothing of the failed registration took effect")
			assert.Equal(t, 0, u.UID)
		})
	}
}
