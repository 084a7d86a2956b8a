// Command httpservice serves HTTP with a tagwire scope per request
// (package container/httpscope), and shows what that buys: every request
// gets its own Scoped instances, built on first use and cleaned up, in
// reverse dependency order, as soon as its handler returns.
//
// What it shows:
//
//   - a Singleton (*DB) shared by every request, closed with the container;
//   - two Scoped types: *Tx (one transaction per request, rolled back by
//     its cleanup unless committed) and *Audit (which depends on the
//     request's *Tx and on the *http.Request the middleware supplies);
//   - a handler that resolves the request's *Audit from r.Context();
//   - httpscope.Middleware opening and closing the scopes.
//
// It listens on a random local port, sends three requests to itself,
// shuts down and exits.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/container/httpscope"
)

// Log collects what the service does, one line per event.
type Log struct {
	mu sync.Mutex
	w  io.Writer
}

// Printf writes a line.
func (l *Log) Printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format+"\n", args...)
}

// DB is shared by all requests.
type DB struct {
	Log  *Log `inject:""`
	txns atomic.Int64
}

// Begin starts a transaction.
func (db *DB) Begin() *Tx { return &Tx{ID: db.txns.Add(1), log: db.Log} }

// Close runs when the container closes.
func (db *DB) Close() { db.Log.Printf("close DB after %d transactions", db.txns.Load()) }

// Tx is one request's transaction.
type Tx struct {
	ID        int64
	committed bool
	log       *Log
}

// NewTx is the Scoped constructor of *Tx: its cleanup rolls back what was
// not committed.
func NewTx(db *DB) (*Tx, func()) {
	tx := db.Begin()
	return tx, func() {
		if !tx.committed {
			tx.log.Printf("  tx %d rolled back", tx.ID)
		}
	}
}

// Commit ends the transaction.
func (tx *Tx) Commit() {
	tx.committed = true
	tx.log.Printf("  tx %d committed", tx.ID)
}

// Audit records one request; it is Scoped and built from its zero value.
type Audit struct {
	Tx  *Tx           `inject:""`
	Req *http.Request `inject:""` // supplied by httpscope.Middleware
	Log *Log          `inject:""`
}

// Close runs when the request's scope closes, before the Tx's cleanup
// (Audit depends on Tx).
func (a *Audit) Close() error {
	a.Log.Printf("  audit: %s %s in tx %d", a.Req.Method, a.Req.URL.Path, a.Tx.ID)
	return nil
}

// Handler resolves the request's Audit from the request's context.
type Handler struct {
	C *container.Container `inject:""`
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	audit, err := container.Resolve[*Audit](r.Context(), h.C)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if r.Method == http.MethodPost {
		audit.Tx.Commit()
	}
	fmt.Fprintf(w, "tx %d", audit.Tx.ID)
}

// App is the root object.
type App struct {
	Handler *Handler `inject:""`
}

// wire registers the service.
func wire(log *Log) (*container.Container, error) {
	c := container.New(container.AutoClose())
	return c, errors.Join(
		container.Supply(c, log),
		container.Provide[*DB](c, nil),
		container.Provide[*Tx](c, NewTx, container.Scoped),
		container.Provide[*Audit](c, nil, container.Scoped),
	)
}

// serve starts the service on a local port and returns its URL and a
// function that stops it and closes the container.
func serve(ctx context.Context, log *Log) (url string, stop func() error, err error) {
	c, err := wire(log)
	if err != nil {
		return "", nil, err
	}
	var app App
	if err := c.Populate(ctx, &app); err != nil {
		return "", nil, errors.Join(err, c.Close(ctx))
	}
	srv := httptest.NewServer(httpscope.Middleware(c)(app.Handler))
	return srv.URL, func() error {
		srv.Close()
		return c.Close(ctx)
	}, nil
}

func run(ctx context.Context, w io.Writer) error {
	log := &Log{w: w}
	url, stop, err := serve(ctx, log)
	if err != nil {
		return err
	}
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodGet} {
		req, _ := http.NewRequestWithContext(ctx, method, url+"/orders", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return errors.Join(err, stop())
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		log.Printf("%s /orders -> %d %q", method, resp.StatusCode, body)
	}
	http.DefaultClient.CloseIdleConnections()
	return stop()
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
