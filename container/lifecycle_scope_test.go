package container_test

// Scopes: one Scoped instance per scope, isolation of sibling and nested
// scopes, ErrNoScope at the root, scope-local values, scopes carried by a
// context, the *Container field, and ownership of Singletons.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// lcSession is registered Scoped in these tests.
type lcSession struct {
	Log *lcLog `inject:""`
	n   int
}

// lcTwoSessions asks for the Scoped *lcSession twice.
type lcTwoSessions struct {
	A *lcSession `inject:""`
	B *lcSession `inject:""`
}

// lcRequest is a scope-local value.
type lcRequest struct{ ID string }

// lcUser is an interface registered only on a scope.
type lcUser interface{ UserName() string }

type lcUserImpl struct{ name string }

func (u lcUserImpl) UserName() string { return u.name }

// lcReqHandler is Scoped and reads scope-local values.
type lcReqHandler struct {
	Req   *lcRequest `inject:""`
	ReqID string     `inject:"name=reqid"`
	User  lcUser     `inject:""`
}

// lcSessUser is a Singleton that depends on the Scoped *lcSession.
type lcSessUser struct {
	Sess *lcSession `inject:""`
}

// lcSessMaker holds factories of the Scoped *lcSession.
type lcSessMaker struct {
	New  container.Factory[*lcSession]             `inject:""`
	Make func(context.Context) (*lcSession, error) `inject:"factory"`
}

// lcHolder receives the resolver that populates it.
type lcHolder struct {
	C *container.Container `inject:""`
}

// lcScopedHolder is registered Scoped and receives its scope.
type lcScopedHolder struct {
	C *container.Container `inject:""`
}

// lcPool is a root Singleton with a cleanup; lcPoolConn a Transient it
// depends on.
type lcPool struct{ Conn *lcPoolConn }

type lcPoolConn struct{ id int }

func lcScopedContainer(t *testing.T, opts ...container.Option) (*container.Container, *lcLog) {
	t.Helper()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	require.NoError(t, container.Provide[*lcSession](c, nil, append([]container.Option{container.Scoped}, opts...)...))
	return c, log
}

func TestLifecycle_ScopedOneInstancePerScope(t *testing.T) {
	ctx := context.Background()
	c, _ := lcScopedContainer(t)
	t.Cleanup(func() { _ = c.Close(ctx) })

	s1, s2 := c.NewScope(), c.NewScope()
	a1, err := container.Resolve[*lcSession](ctx, s1)
	require.NoError(t, err)
	require.NotNil(t, a1)
	a1again, err := container.Resolve[*lcSession](ctx, s1)
	require.NoError(t, err)
	assert.Same(t, a1, a1again, "one instance per scope")

	var two lcTwoSessions
	require.NoError(t, s1.Populate(ctx, &two))
	assert.Same(t, a1, two.A, "fields in the same scope share the Scoped instance")
	assert.Same(t, a1, two.B)

	b1, err := container.Resolve[*lcSession](ctx, s2)
	require.NoError(t, err)
	assert.NotSame(t, a1, b1, "sibling scopes get different instances")

	nested := s1.NewScope()
	n1, err := container.Resolve[*lcSession](ctx, nested)
	require.NoError(t, err)
	assert.NotSame(t, a1, n1, "a nested scope builds its own Scoped instance")
	assert.NotSame(t, b1, n1)
	n1again, err := container.Resolve[*lcSession](ctx, nested)
	require.NoError(t, err)
	assert.Same(t, n1, n1again)

	// Building in the child did not replace the parent's instance.
	a1third, err := container.Resolve[*lcSession](ctx, s1)
	require.NoError(t, err)
	assert.Same(t, a1, a1third, "the parent keeps its own instance after the child built one")
}

func TestLifecycle_ScopedProvideOneConstructorCallPerScope(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	calls := 0
	require.NoError(t, container.Provide[*lcSession](c, func() *lcSession {
		calls++
		return &lcSession{n: calls}
	}, container.Scoped))

	s1, s2 := c.NewScope(), c.NewScope()
	for range 3 {
		_, err := container.Resolve[*lcSession](ctx, s1)
		require.NoError(t, err)
		_, err = container.Resolve[*lcSession](ctx, s2)
		require.NoError(t, err)
	}
	assert.Equal(t, 2, calls, "the Scoped constructor runs once per scope")
	x1, _ := container.Resolve[*lcSession](ctx, s1)
	x2, _ := container.Resolve[*lcSession](ctx, s2)
	assert.NotEqual(t, x1.n, x2.n)
}

func TestLifecycle_ScopedAtRootIsErrNoScope(t *testing.T) {
	ctx := context.Background()
	c, _ := lcScopedContainer(t)
	t.Cleanup(func() { _ = c.Close(ctx) })

	for i := range 2 { // twice: the failure must not promote it to a Singleton
		v, err := container.Resolve[*lcSession](ctx, c)
		require.ErrorIsf(t, err, container.ErrNoScope, "attempt %d", i)
		assert.Nil(t, v)
	}
	var two lcTwoSessions
	require.ErrorIs(t, c.Populate(ctx, &two), container.ErrNoScope)
	assert.Nil(t, two.A)

	// A Singleton cannot capture a Scoped instance, even when first asked
	// for from a scope.
	s := c.NewScope()
	_, err := container.Resolve[*lcSessUser](ctx, s)
	require.ErrorIs(t, err, container.ErrNoScope, "a Singleton depending on a Scoped registration")

	// Resolving it in a scope works, and does not make the root see it.
	inScope, err := container.Resolve[*lcSession](ctx, s)
	require.NoError(t, err)
	require.NotNil(t, inScope)
	_, err = container.Resolve[*lcSession](ctx, c)
	require.ErrorIs(t, err, container.ErrNoScope, "no silent promotion after a scope built one")
}

func TestLifecycle_ScopeLocalValues(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	t.Cleanup(func() { _ = c.Close(ctx) })
	require.NoError(t, container.Provide[*lcReqHandler](c, nil, container.Scoped))

	s := c.NewScope()
	req := &lcRequest{ID: "r1"}
	require.NoError(t, container.Supply(s, req))
	require.NoError(t, container.Supply(s, "req-42", container.Named("reqid")))
	require.NoError(t, container.Provide[lcUser](s, lcUserImpl{"bob"}))
	child := s.NewScope()
	sibling := c.NewScope()

	// The scope and its children see the values.
	for name, sc := range map[string]*container.Container{"scope": s, "child": child} {
		got, err := container.Resolve[*lcRequest](ctx, sc)
		require.NoError(t, err, name)
		assert.Same(t, req, got, name)
		id, err := container.Resolve[string](ctx, sc, container.Named("reqid"))
		require.NoError(t, err, name)
		assert.Equal(t, "req-42", id, name)
		u, err := container.Resolve[lcUser](ctx, sc)
		require.NoError(t, err, name)
		assert.Equal(t, "bob", u.UserName(), name)
		h, err := container.Resolve[*lcReqHandler](ctx, sc)
		require.NoError(t, err, name)
		assert.Same(t, req, h.Req, name)
		assert.Equal(t, "req-42", h.ReqID, name)
		assert.Equal(t, "bob", h.User.UserName(), name)
	}

	// The parent and a sibling do not.
	for name, sc := range map[string]*container.Container{"root": c, "sibling": sibling} {
		_, err := container.Resolve[string](ctx, sc, container.Named("reqid"))
		require.ErrorIs(t, err, container.ErrNotFound, name)
		_, err = container.Resolve[lcUser](ctx, sc)
		require.ErrorIs(t, err, container.ErrNotFound, name)
		// An unregistered *struct is built from its zero value: a
		// different object, never the scope's value.
		got, err := container.Resolve[*lcRequest](ctx, sc)
		require.NoError(t, err, name)
		assert.NotSame(t, req, got, name)
		assert.Empty(t, got.ID, name)
	}
	_, err := container.Resolve[*lcReqHandler](ctx, sibling)
	require.ErrorIs(t, err, container.ErrNotFound, "the sibling has no reqid")
}

func TestLifecycle_ContextCarriesScope(t *testing.T) {
	ctx := context.Background()
	c, _ := lcScopedContainer(t)
	t.Cleanup(func() { _ = c.Close(ctx) })

	s := c.NewScope()
	sctx := container.NewContext(ctx, s)

	// The context carries the scope: the container a call with it resolves
	// in is the scope, and a context without one resolves in the root.
	got, err := container.Resolve[*container.Container](sctx, c)
	require.NoError(t, err)
	assert.Same(t, s, got)
	got, err = container.Resolve[*container.Container](ctx, c)
	require.NoError(t, err)
	assert.Same(t, c, got)

	inScope, err := container.Resolve[*lcSession](ctx, s)
	require.NoError(t, err)

	viaRoot, err := container.Resolve[*lcSession](sctx, c)
	require.NoError(t, err, "Resolve on the root with a scope context resolves in the scope")
	assert.Same(t, inScope, viaRoot)

	var two lcTwoSessions
	require.NoError(t, c.Populate(sctx, &two))
	assert.Same(t, inScope, two.A)

	// A value registered on the scope only is found from the root too.
	req := &lcRequest{ID: "r"}
	require.NoError(t, container.Supply(s, req))
	gotReq, err := container.Resolve[*lcRequest](sctx, c)
	require.NoError(t, err)
	assert.Same(t, req, gotReq)
	rootReq, err := container.Resolve[*lcRequest](ctx, c)
	require.NoError(t, err)
	assert.NotSame(t, req, rootReq, "without the context the root does not see it")

	require.NoError(t, c.Invoke(sctx, func(x *lcSession) { assert.Same(t, inScope, x) }))

	// Factories injected at the root build in the scope the call's context
	// carries.
	var mk lcSessMaker
	require.NoError(t, c.Populate(ctx, &mk))
	fromFactory, err := mk.New.New(sctx)
	require.NoError(t, err)
	assert.Same(t, inScope, fromFactory)
	fromFunc, err := mk.Make(sctx)
	require.NoError(t, err)
	assert.Same(t, inScope, fromFunc)
	_, err = mk.New.New(ctx)
	require.ErrorIs(t, err, container.ErrNoScope, "without the scope context the factory builds at the root")

	// A nested scope in the context wins over its ancestors.
	n := s.NewScope()
	nctx := container.NewContext(ctx, n)
	inNested, err := container.Resolve[*lcSession](nctx, c)
	require.NoError(t, err)
	assert.NotSame(t, inScope, inNested)
	fromS, err := container.Resolve[*lcSession](nctx, s)
	require.NoError(t, err)
	assert.Same(t, inNested, fromS, "a call on an ancestor (the parent scope) resolves in the context's scope")
}

func TestLifecycle_ContainerFieldReceivesResolver(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	t.Cleanup(func() { _ = c.Close(ctx) })
	require.NoError(t, container.Provide[*lcScopedHolder](c, nil, container.Scoped))
	s := c.NewScope()
	n := s.NewScope()

	var atRoot lcHolder
	require.NoError(t, c.Populate(ctx, &atRoot))
	assert.Same(t, c, atRoot.C)

	var inScope lcHolder
	require.NoError(t, s.Populate(ctx, &inScope))
	assert.Same(t, s, inScope.C)

	var viaCtx lcHolder
	require.NoError(t, c.Populate(container.NewContext(ctx, n), &viaCtx))
	assert.Same(t, n, viaCtx.C)

	for name, sc := range map[string]*container.Container{"scope": s, "nested": n} {
		h, err := container.Resolve[*lcScopedHolder](ctx, sc)
		require.NoError(t, err, name)
		assert.Same(t, sc, h.C, name)
	}

	// An unregistered type is the root's Singleton: populated by the root
	// even when first asked for in a scope.
	single, err := container.Resolve[*lcHolder](ctx, s)
	require.NoError(t, err)
	assert.Same(t, c, single.C)
}

func TestLifecycle_SingletonOwnedByRoot(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	conns := 0
	require.NoError(t, container.Provide[*lcPoolConn](c, func(l *lcLog) (*lcPoolConn, func(), error) {
		conns++
		pc := &lcPoolConn{id: conns}
		l.open(pc, "conn")
		return pc, func() { l.closed(pc, "conn") }, nil
	}, container.Transient))
	require.NoError(t, container.Provide[*lcPool](c, func(l *lcLog, pc *lcPoolConn) (*lcPool, func(context.Context) error, error) {
		p := &lcPool{Conn: pc}
		l.open(p, "pool")
		return p, func(context.Context) error { l.closed(p, "pool"); return nil }, nil
	}))

	s := c.NewScope()
	p1, err := container.Resolve[*lcPool](ctx, s)
	require.NoError(t, err)
	require.NoError(t, s.Close(ctx))
	assert.Empty(t, log.with("close:"), "a Singleton (and its Transient dependency) first asked in a scope is not the scope's")

	p2, err := container.Resolve[*lcPool](ctx, c)
	require.NoError(t, err)
	assert.Same(t, p1, p2, "the instance survives the scope")
	s2 := c.NewScope()
	p3, err := container.Resolve[*lcPool](ctx, s2)
	require.NoError(t, err)
	assert.Same(t, p1, p3)
	require.NoError(t, s2.Close(ctx))
	assert.Empty(t, log.with("close:"))

	require.NoError(t, c.Close(ctx))
	assert.Equal(t, []string{"open:conn", "open:pool", "close:pool", "close:conn"}, log.all())
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_SingletonRegisteredOnScopeBelongsToScope(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	s := c.NewScope()
	require.NoError(t, container.Provide[*lcPoolConn](s, func(l *lcLog) (*lcPoolConn, func(), error) {
		pc := &lcPoolConn{}
		l.open(pc, "conn")
		return pc, func() { l.closed(pc, "conn") }, nil
	}))
	child := s.NewScope()
	a, err := container.Resolve[*lcPoolConn](ctx, child)
	require.NoError(t, err)
	b, err := container.Resolve[*lcPoolConn](ctx, s)
	require.NoError(t, err)
	assert.Same(t, a, b, "a Singleton registered on a scope is one instance for it and its children")
	require.NoError(t, child.Close(ctx))
	assert.Empty(t, log.with("close:"), "owned by the scope that registered it, not the child that asked")
	require.NoError(t, s.Close(ctx))
	assert.Equal(t, []string{"conn"}, log.with("close:"))
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_TransientAndScopedCloseWithTheirScope(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	n := 0
	require.NoError(t, container.Provide[*lcPoolConn](c, func(l *lcLog) (*lcPoolConn, func(), error) {
		n++
		pc := &lcPoolConn{id: n}
		l.open(pc, "conn")
		return pc, func() { l.closed(pc, "conn") }, nil
	}, container.Transient))
	require.NoError(t, container.Provide[*lcSession](c, nil, container.Scoped,
		container.OnClose(func(_ context.Context, s *lcSession) error { s.Log.closed(s, "session"); return nil })))

	rootConn, err := container.Resolve[*lcPoolConn](ctx, c)
	require.NoError(t, err, "a Transient resolved on the root")

	s := c.NewScope()
	sess, err := container.Resolve[*lcSession](ctx, s)
	require.NoError(t, err)
	c1, err := container.Resolve[*lcPoolConn](ctx, s)
	require.NoError(t, err)
	c2, err := container.Resolve[*lcPoolConn](container.NewContext(ctx, s), c)
	require.NoError(t, err)
	require.NotSame(t, c1, c2)
	assert.Equal(t, []int{2, 3}, []int{c1.id, c2.id})

	require.NoError(t, s.Close(ctx))
	assert.Equal(t, []string{"conn", "conn", "session"}, log.with("close:"))
	assert.Equal(t, 1, log.closeCount(c2))
	assert.Equal(t, 1, log.closeCount(c1))
	assert.Equal(t, 1, log.closeCount(sess))
	assert.Equal(t, 0, log.closeCount(rootConn), "the root's Transient is not the scope's")

	require.NoError(t, c.Close(ctx))
	assert.Equal(t, 1, log.closeCount(rootConn), "a Transient resolved on the root is closed by the root")
	assert.Equal(t, 1, log.closeCount(sess), "closed once")
}

func TestLifecycle_PerGraphClosesWithItsScope(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	require.NoError(t, container.Provide[*lcPoolConn](c, func(l *lcLog) (*lcPoolConn, func(), error) {
		pc := &lcPoolConn{}
		l.open(pc, "conn")
		return pc, func() { l.closed(pc, "conn") }, nil
	}, container.PerGraph))
	s := c.NewScope()
	x, err := container.Resolve[*lcPoolConn](ctx, s)
	require.NoError(t, err)
	require.NoError(t, s.Close(ctx))
	assert.Equal(t, 1, log.closeCount(x))
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, 1, log.closeCount(x))
}
