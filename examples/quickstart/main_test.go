package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	start := time.Now()
	require.NoError(t, run(context.Background(), &out))
	assert.Less(t, time.Since(start), time.Second, "the example must finish by itself, quickly")

	got := out.String()
	lines := strings.Split(strings.TrimSpace(got), "\n")

	// What went into each field.
	assert.Contains(t, got, "App.Store        *main.MemStore")
	assert.Contains(t, got, "Handler.Users    *main.UserRepo")
	assert.Contains(t, got, "(same as App.Config: true)")
	assert.Contains(t, got, "(the registered value: true)")
	assert.Contains(t, got, "addr=127.0.0.1:8080 dsn=mem://users")

	// Construction order: dependencies first.
	assert.Equal(t, []string{
		"init  *main.MemStore (dsn mem://users, 2 users)",
		"new   *main.UserRepo (store *main.MemStore)",
		"init  *main.Handler (routes for 127.0.0.1:8080)",
	}, lines[1:4])

	// Responses, and one fresh RequestLog per request from the factory.
	assert.Contains(t, got, `GET /users/1 -> 200 "user 1: ada"`)
	assert.Contains(t, got, `GET /users/42 -> 404 "no such user"`)
	assert.Contains(t, got, `POST /users?name=linus -> 201 "created user 3: linus"`)
	assert.Contains(t, got, `GET /users/3 -> 200 "user 3: linus"`)
	assert.Contains(t, got, "access #4 GET /users/3 -> 200")

	// Cleanup in the exact reverse order of construction, after run.
	assert.Equal(t, []string{
		"shutdown (reverse order of construction):",
		"close *main.Handler",
		"close *main.UserRepo (cleanup returned by NewUserRepo)",
		"close *main.MemStore",
		"done",
	}, lines[len(lines)-5:])
}

func TestMainExits(t *testing.T) {
	// main itself returns (no listener left open, no signal wait).
	stdout := os.Stdout
	devnull, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer devnull.Close()
	os.Stdout = devnull
	defer func() { os.Stdout = stdout }()
	done := make(chan struct{})
	go func() { main(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("main did not return")
	}
}

func Example() {
	if err := run(context.Background(), os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// populate (construction and Init order):
	// init  *main.MemStore (dsn mem://users, 2 users)
	// new   *main.UserRepo (store *main.MemStore)
	// init  *main.Handler (routes for 127.0.0.1:8080)
	// wired:
	//   App.Config       *main.Config addr=127.0.0.1:8080 dsn=mem://users
	//   App.Store        *main.MemStore
	//   App.Handler      *main.Handler
	//   Handler.Config   *main.Config (same as App.Config: true)
	//   Handler.Users    *main.UserRepo
	//   Handler.Log      *main.Logger (the registered value: true)
	//   Handler.NewEntry inject.Factory[*main.RequestLog] (injected: true)
	// serve:
	//   access #1 GET /users/1 -> 200
	//   GET /users/1 -> 200 "user 1: ada"
	//   access #2 GET /users/42 -> 404
	//   GET /users/42 -> 404 "no such user"
	//   access #3 POST /users -> 201
	//   POST /users?name=linus -> 201 "created user 3: linus"
	//   access #4 GET /users/3 -> 200
	//   GET /users/3 -> 200 "user 3: linus"
	// shutdown (reverse order of construction):
	// close *main.Handler
	// close *main.UserRepo (cleanup returned by NewUserRepo)
	// close *main.MemStore
	// done
}

// The handler's factory is called from concurrent requests; the container
// is documented as safe for concurrent use.
func TestConcurrentRequests(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	log := &Logger{w: &out}
	c := container.New(container.AutoClose())
	require.NoError(t, errors.Join(
		container.Supply(c, "127.0.0.1:0", container.Named("addr")),
		container.Supply(c, "mem://test", container.Named("dsn")),
		container.Supply(c, log),
		container.Provide[*MemStore](c, nil, container.As[Store]()),
		container.Provide[*UserRepo](c, NewUserRepo),
	))
	var app App
	require.NoError(t, c.Populate(ctx, &app))

	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			app.Handler.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("/users/%d", 1+i%2), nil))
			assert.Equal(t, http.StatusOK, rec.Code)
		}()
	}
	wg.Wait()
	require.NoError(t, c.Close(ctx))
	assert.Contains(t, out.String(), "access #32 ")
	assert.True(t, strings.HasSuffix(out.String(), "close *main.Handler\nclose *main.UserRepo (cleanup returned by NewUserRepo)\nclose *main.MemStore\n"))
}

// TestGraph: -graph writes the graph that README.md shows; the committed
// DOT file is what the command prints today (the SVG next to it is
// rendered from it with Graphviz: dot -Tsvg).
func TestGraph(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, graph(context.Background(), &out))
	want, err := os.ReadFile("../../docs/quickstart-graph.dot")
	require.NoError(t, err)
	// Under go test, package main is named after its directory.
	got := strings.ReplaceAll(out.String(), "quickstart.", "main.")
	assert.Equal(t, string(want), got,
		"regenerate: go run ./examples/quickstart -graph > docs/quickstart-graph.dot && dot -Tsvg docs/quickstart-graph.dot > docs/quickstart-graph.svg")
	assert.Contains(t, got, `n3 -> n4 [label="Store"];`, "App.Store: the interface field gets the *MemStore")
}

// TestValidateAgreesWithPopulate: the quick start's graph validates, and
// with any one registration removed, Validate fails exactly when Populate
// does, reporting first the problem Populate fails with (same kind, same
// path). (Without *UserRepo's constructor, *UserRepo is built from its
// zero value: both succeed.)
func TestValidateAgreesWithPopulate(t *testing.T) {
	ctx := context.Background()
	c, err := wire(&Logger{w: io.Discard})
	require.NoError(t, err)
	require.NoError(t, c.Validate(ctx, (*App)(nil)))

	for _, tc := range []struct {
		name   string
		remove func(*container.Container) bool
	}{
		{"addr", func(c *container.Container) bool { return container.Unregister[string](c, container.Named("addr")) }},
		{"dsn", func(c *container.Container) bool { return container.Unregister[string](c, container.Named("dsn")) }},
		{"logger", func(c *container.Container) bool { return container.Unregister[*Logger](c) }},
		{"store", func(c *container.Container) bool { return container.Unregister[*MemStore](c) }},
		{"repo", func(c *container.Container) bool { return container.Unregister[*UserRepo](c) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vc, err := wire(&Logger{w: io.Discard})
			require.NoError(t, err)
			pc, err := wire(&Logger{w: io.Discard})
			require.NoError(t, err)
			require.True(t, tc.remove(vc))
			require.True(t, tc.remove(pc))

			verr := vc.Validate(ctx, (*App)(nil))
			perr := pc.Populate(ctx, &App{})
			defer func() {
				require.NoError(t, pc.Close(ctx))
				require.NoError(t, vc.Close(ctx))
			}()
			if errors.Is(perr, container.ErrPanic) || errors.Is(perr, container.ErrConstructor) || errors.Is(perr, container.ErrInit) {
				// User code failed first (without the Logger, MemStore.Init
				// gets a zero *Logger and panics writing to it): Validate
				// cannot know that, and still reports the graph's problem.
				require.Error(t, verr)
				return
			}
			require.Equal(t, perr == nil, verr == nil, "Populate: %v\nValidate: %v", perr, verr)
			if perr == nil {
				return
			}
			var ve, pe *container.Error
			require.ErrorAs(t, perr, &pe)
			require.ErrorAs(t, verr.(interface{ Unwrap() []error }).Unwrap()[0], &ve)
			assert.Equal(t, pe.Kind, ve.Kind)
			assert.Equal(t, pe.Path, ve.Path)
		})
	}
}
