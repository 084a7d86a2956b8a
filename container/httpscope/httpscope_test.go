package httpscope_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/container/httpscope"
)

// journal records what happened, across requests.
type journal struct {
	mu    sync.Mutex
	lines []string
}

func (j *journal) add(format string, args ...any) {
	j.mu.Lock()
	j.lines = append(j.lines, fmt.Sprintf(format, args...))
	j.mu.Unlock()
}

func (j *journal) take() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := j.lines
	j.lines = nil
	return out
}

// conn and tx are Scoped: one per request; tx depends on conn.
type conn struct{ id int }

type tx struct {
	Conn *conn           `inject:""`
	Req  *http.Request   `inject:""`
	Ctx  context.Context `inject:""`
}

type fixture struct {
	c      *container.Container
	j      *journal
	srv    *httptest.Server
	client *http.Client
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	j := &journal{}
	c := container.New()
	n := 0
	var mu sync.Mutex
	require.NoError(t, container.Provide[*conn](c, func() (*conn, func()) {
		mu.Lock()
		n++
		cn := &conn{id: n}
		mu.Unlock()
		return cn, func() { j.add("close conn %d", cn.id) }
	}, container.Scoped))
	require.NoError(t, container.Provide[*tx](c, nil, container.Scoped,
		container.OnClose(func(_ context.Context, t *tx) error { j.add("close tx on conn %d", t.Conn.id); return nil })))

	mux := http.NewServeMux()
	mux.HandleFunc("/tx", func(w http.ResponseWriter, r *http.Request) {
		a, err := container.Resolve[*tx](r.Context(), c)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		b, _ := container.Resolve[*tx](r.Context(), c)
		j.add("handler: conn %d, same tx %v, request %v, ctx %v", a.Conn.id, a == b, a.Req.URL.Path, a.Ctx == r.Context() || a.Ctx != nil)
		fmt.Fprintf(w, "%d", a.Conn.id)
	})
	mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
		if _, err := container.Resolve[*tx](r.Context(), c); err != nil {
			t.Error(err)
		}
		panic(http.ErrAbortHandler) // net/http's own quiet abort
	})
	srv := httptest.NewUnstartedServer(httpscope.Middleware(c)(mux))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		require.NoError(t, c.Close(context.Background()))
	})
	return &fixture{c: c, j: j, srv: srv, client: srv.Client()}
}

func (f *fixture) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := f.client.Get(f.srv.URL + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestMiddleware_PerRequestInstancesAndCleanup(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= 3; i++ {
		code, body := f.get(t, "/tx")
		require.Equal(t, http.StatusOK, code, body)
		assert.Equal(t, fmt.Sprint(i), body, "each request gets its own conn")
		// The scope closes once the handler has returned, which may be
		// after the client has read the response: wait for its cleanups.
		assert.Eventually(t, func() bool {
			f.j.mu.Lock()
			defer f.j.mu.Unlock()
			return len(f.j.lines) == 3
		}, timeoutWait, tick)
		assert.Equal(t, []string{
			fmt.Sprintf("handler: conn %d, same tx true, request /tx, ctx true", i),
			fmt.Sprintf("close tx on conn %d", i), // dependents first
			fmt.Sprintf("close conn %d", i),
		}, f.j.take())
	}
}

func TestMiddleware_ConcurrentRequestsAreIsolated(t *testing.T) {
	f := newFixture(t)
	const n = 20
	var wg sync.WaitGroup
	bodies := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, bodies[i] = f.get(t, "/tx")
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, b := range bodies {
		assert.False(t, seen[b], "conn %s served two requests", b)
		seen[b] = true
	}
	assert.Eventually(t, func() bool {
		f.j.mu.Lock()
		defer f.j.mu.Unlock()
		return len(f.j.lines) == 3*n
	}, timeoutWait, tick)
}

func TestMiddleware_PanickingHandlerStillCleansUp(t *testing.T) {
	f := newFixture(t)
	_, err := f.client.Get(f.srv.URL + "/panic")
	require.Error(t, err, "the server aborts the response")
	assert.Eventually(t, func() bool {
		f.j.mu.Lock()
		defer f.j.mu.Unlock()
		return len(f.j.lines) == 2
	}, timeoutWait, tick)
	assert.Equal(t, []string{"close tx on conn 1", "close conn 1"}, f.j.take())
}

func TestMiddleware_ClosedContainer(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.c.Close(context.Background()))
	code, _ := f.get(t, "/tx")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Empty(t, f.j.take(), "the handler did not run")
}

func TestMiddleware_OutsideTheMiddleware(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Provide[*conn](c, func() *conn { return &conn{} }, container.Scoped))
	_, err := container.Resolve[*conn](context.Background(), c)
	require.ErrorIs(t, err, container.ErrNoScope, "Scoped needs the request's scope")
	var h http.Handler = httpscope.Middleware(c)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := container.Resolve[*conn](r.Context(), c)
		assert.NoError(t, err)
		got, err := container.Resolve[*http.Request](r.Context(), c)
		assert.NoError(t, err)
		assert.Same(t, r, got, "the request the handler sees is the one supplied")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	require.NoError(t, c.Close(context.Background()))
}
