package main

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	assert.Contains(t, got, "repo *main.DbUserRepository -> user-10 (via connection #1)")
	assert.Contains(t, got, "with a cancelled context: context.Canceled=true, nothing opened")
	assert.Contains(t, got, "before Close: connection #3 closed=false\n  close connection #3\n  after Close:  connection #3 closed=true")
	assert.Contains(t, got, "resolving from the closed container: ErrClosed=true")
	assert.Contains(t, got, "close connection #4\n  request B:")
}

// The generator translation: the cleanup runs with the container's Close,
// and the repository received the same connection.
func TestGeneratorCleanup(t *testing.T) {
	ctx := context.Background()
	log := &Log{w: new(bytes.Buffer)}
	c, err := newContainer(log, connectionFactoryGen)
	require.NoError(t, err)
	repo, err := container.Resolve[UserRepository](ctx, c)
	require.NoError(t, err)
	conn := repo.(*DbUserRepository).conn
	assert.False(t, conn.Closed)
	require.NoError(t, c.Close(ctx))
	assert.True(t, conn.Closed)
	_, err = repo.GetUser(ctx, 1)
	assert.EqualError(t, err, "connection closed")
}

func Example() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// function factory:
	//   open connection #1 (plain function)
	//   repo *main.DbUserRepository -> user-10 (via connection #1)
	// ctx-taking factory (async):
	//   with a cancelled context: context.Canceled=true, nothing opened
	//   open connection #2 (ctx-taking constructor)
	//   repo *main.DbUserRepository -> user-10 (via connection #2)
	// factory with cleanup (generator):
	//   open connection #3 (constructor with cleanup)
	//   repo *main.DbUserRepository -> user-10 (via connection #3)
	//   before Close: connection #3 closed=false
	//   close connection #3
	//   after Close:  connection #3 closed=true
	//   resolving from the closed container: ErrClosed=true
	// factory with ctx cleanup (async generator), Scoped:
	//   request A:
	//   open connection #4 (ctx-taking constructor with ctx cleanup)
	//   repo *main.DbUserRepository -> user-10 (via connection #4)
	//   close connection #4
	//   request B:
	//   open connection #5 (ctx-taking constructor with ctx cleanup)
	//   repo *main.DbUserRepository -> user-10 (via connection #5)
	//   close connection #5
}

// Pair needs the repository and the connection in one graph.
type Pair struct {
	Repo UserRepository `inject:""`
	Conn *Connection    `inject:""`
}

// clean_ioc's default lifespan is once_per_graph: one Connection within a
// resolve, a new one for the next resolve (container.PerGraph). Resolved
// on the root, the cleanups belong to the root.
func TestOncePerGraph(t *testing.T) {
	ctx := context.Background()
	log := &Log{w: new(bytes.Buffer)}
	c, err := newContainer(log, connectionFactoryGen, container.PerGraph)
	require.NoError(t, err)
	var p1, p2 Pair
	require.NoError(t, c.Populate(ctx, &p1))
	require.NoError(t, c.Populate(ctx, &p2))
	assert.Same(t, p1.Conn, p1.Repo.(*DbUserRepository).conn, "shared within one graph")
	assert.NotSame(t, p1.Conn, p2.Conn, "a new one for the next graph")
	require.NoError(t, c.Close(ctx))
	assert.True(t, p1.Conn.Closed)
	assert.True(t, p2.Conn.Closed)
}

// clean_ioc: finalizers of transient registrations go to the scope that
// resolved them (a transient generator resolved twice gets two); those of
// singletons go to the container, even when first resolved in a scope.
func TestCleanupOwnership(t *testing.T) {
	ctx := context.Background()
	log := &Log{w: new(bytes.Buffer)}

	c, err := newContainer(log, connectionFactoryGen, container.Transient)
	require.NoError(t, err)
	s := c.NewScope()
	a, err := container.Resolve[*Connection](ctx, s)
	require.NoError(t, err)
	b, err := container.Resolve[*Connection](ctx, s)
	require.NoError(t, err)
	require.NotSame(t, a, b)
	require.NoError(t, s.Close(ctx))
	assert.True(t, a.Closed && b.Closed, "both transient connections close with their scope")
	require.NoError(t, c.Close(ctx))

	c, err = newContainer(log, connectionFactoryGen) // Singleton
	require.NoError(t, err)
	s = c.NewScope()
	single, err := container.Resolve[*Connection](ctx, s)
	require.NoError(t, err)
	require.NoError(t, s.Close(ctx))
	assert.False(t, single.Closed, "a singleton outlives the scope that first asked for it")
	require.NoError(t, c.Close(ctx))
	assert.True(t, single.Closed, "and closes with its container")
}
