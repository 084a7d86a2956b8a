// Command quickstart wires a small HTTP user service with tagwire and
// exercises it in-process.
//
// What it shows:
//
//   - named values (the listen address and the DSN) registered with
//     container.Supply + container.Named and read by inject:"name=..." tags;
//   - a ready value (the Logger) registered with container.Supply;
//   - an interface (Store) provided by its in-memory implementation, built
//     from its zero value (container.Provide with nil) and also provided as
//     the interface with container.As;
//   - a repository built by its one constructor (container.Provide), which
//     also returns a cleanup;
//   - an HTTP handler wired with struct tags, with an Init method and a
//     factory field (inject.Factory) that builds a fresh request-log entry
//     per request, with call-time overrides (container.Field);
//   - an Init method that takes a dependency parameter (MemStore.Init);
//   - container.Run: Populate, run, then Close in reverse order;
//   - with -graph, the graph of App in Graphviz's DOT language, made by
//     Container.Graph without building anything.
//
// The requests are served by calling the handler with an
// httptest.ResponseRecorder: no network listener is opened, and the
// program ends by itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
)

// ---------------------------------------------------------------------------
// Domain types. They use the inject facade for Factory fields and
// container.Field for call-time overrides; the wiring lives in run.

// Config holds the service settings, filled from named values.
type Config struct {
	Addr string `inject:"name=addr"` // container.Supply(c, "...", container.Named("addr"))
	DSN  string `inject:"name=dsn"`
}

// Logger writes one line per call. It is registered as a ready value, so
// the container never populates, initialises or closes it.
type Logger struct {
	mu sync.Mutex
	w  io.Writer
}

// Printf writes a line.
func (l *Logger) Printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format+"\n", args...)
}

// Store is what the repository needs from storage.
type Store interface {
	Get(id string) (string, bool)
	Put(id, name string)
	Len() int
}

// MemStore is the in-memory Store, registered with
// container.Provide[*MemStore](c, nil, container.As[Store]()).
// It is built from its zero value: DSN comes from its tag, and Init (which
// takes the Logger as a parameter, resolved by type) finishes it.
type MemStore struct {
	DSN string `inject:"name=dsn"`

	log  *Logger
	data map[string]string
}

// Init runs after the tagged fields are set. Its parameter is a dependency.
func (s *MemStore) Init(log *Logger) {
	s.log = log
	s.data = map[string]string{"1": "ada", "2": "grace"}
	log.Printf("init  *main.MemStore (dsn %s, %d users)", s.DSN, len(s.data))
}

// Get returns the user called id.
func (s *MemStore) Get(id string) (string, bool) { n, ok := s.data[id]; return n, ok }

// Put stores a user.
func (s *MemStore) Put(id, name string) { s.data[id] = name }

// Len is the number of users.
func (s *MemStore) Len() int { return len(s.data) }

// Close is called when the container closes (the container is made with
// container.AutoClose()).
func (s *MemStore) Close() error {
	s.log.Printf("close *main.MemStore")
	return nil
}

// UserRepo is the repository. It has one constructor.
type UserRepo struct {
	store Store
	log   *Logger
}

// NewUserRepo is registered with container.Provide[*UserRepo]. Its
// parameters are resolved by type; the cleanup it returns runs when the
// container closes.
func NewUserRepo(store Store, log *Logger) (*UserRepo, func(), error) {
	log.Printf("new   *main.UserRepo (store %T)", store)
	r := &UserRepo{store: store, log: log}
	return r, func() { log.Printf("close *main.UserRepo (cleanup returned by NewUserRepo)") }, nil
}

// Find returns the user called id.
func (r *UserRepo) Find(id string) (string, bool) { return r.store.Get(id) }

// Create adds a user and returns its id.
func (r *UserRepo) Create(name string) string {
	id := fmt.Sprint(r.store.Len() + 1)
	r.store.Put(id, name)
	return id
}

// Counter numbers the requests. It is an unregistered struct type, so the
// container makes one shared instance of it.
type Counter struct{ n atomic.Int64 }

// Next returns the next number.
func (c *Counter) Next() int64 { return c.n.Add(1) }

// RequestLog is one access-log entry. Handler builds a fresh one per
// request through its factory field; Method and Path are call-time
// overrides (container.Field), Seq and Log are injected.
type RequestLog struct {
	Method string
	Path   string
	Seq    *Counter `inject:""`
	Log    *Logger  `inject:""`

	n int64
}

// Init numbers the entry.
func (e *RequestLog) Init() { e.n = e.Seq.Next() }

// Done logs the entry.
func (e *RequestLog) Done(status int) {
	e.Log.Printf("  access #%d %s %s -> %d", e.n, e.Method, e.Path, status)
}

// Handler serves the user API. It is wired with tags.
type Handler struct {
	Config   *Config                     `inject:""`
	Users    *UserRepo                   `inject:""`
	Log      *Logger                     `inject:""`
	NewEntry inject.Factory[*RequestLog] `inject:"factory"`

	mux *http.ServeMux
}

// Init builds the routes once the fields are set.
func (h *Handler) Init(ctx context.Context) error {
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("GET /users/{id}", h.get)
	h.mux.HandleFunc("POST /users", h.create)
	h.Log.Printf("init  *main.Handler (routes for %s)", h.Config.Addr)
	return nil
}

// ServeHTTP logs every request with a fresh RequestLog.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	entry, err := h.NewEntry.New(r.Context(), container.Field("Method", r.Method), container.Field("Path", r.URL.Path))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	h.mux.ServeHTTP(sw, r)
	entry.Done(sw.status)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	name, ok := h.Users.Find(r.PathValue("id"))
	if !ok {
		http.Error(w, "no such user", http.StatusNotFound)
		return
	}
	fmt.Fprintf(w, "user %s: %s", r.PathValue("id"), name)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		http.Error(w, "name is required", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, "created user %s: %s", h.Users.Create(name), name)
}

// Close runs first at shutdown: the handler is the last thing built.
func (h *Handler) Close() { h.Log.Printf("close *main.Handler") }

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// App is the root object that container.Run populates.
type App struct {
	Config  *Config  `inject:""`
	Store   Store    `inject:""` // an interface: gets the *MemStore provided As[Store]
	Handler *Handler `inject:""`
}

// ---------------------------------------------------------------------------
// Wiring.

// wire registers what the service cannot build from zero values.
func wire(log *Logger) (*container.Container, error) {
	// AutoClose: every instance the container builds that has a Close
	// method is closed with the container (values given to Supply are
	// not: the caller owns them).
	c := container.New(container.AutoClose())
	return c, errors.Join(
		container.Supply(c, "127.0.0.1:8080", container.Named("addr")),
		container.Supply(c, "mem://users", container.Named("dsn")),
		container.Supply(c, log),
		container.Provide[*MemStore](c, nil, container.As[Store]()),
		container.Provide[*UserRepo](c, NewUserRepo),
	)
}

// graph writes the graph of App in Graphviz's DOT language, without
// building anything: the picture in README.md is
//
//	go run ./examples/quickstart -graph | dot -Tsvg > docs/quickstart.svg
func graph(ctx context.Context, w io.Writer) error {
	c, err := wire(&Logger{w: io.Discard})
	if err != nil {
		return err
	}
	g, err := c.Graph(ctx, (*App)(nil))
	if err != nil {
		return err
	}
	return g.WriteDOT(w)
}

// run wires the service, serves a few requests in-process and shuts down,
// writing everything it does to w.
func run(ctx context.Context, w io.Writer) error {
	log := &Logger{w: w}
	c, err := wire(log)
	if err != nil {
		return err
	}

	var app App
	log.Printf("populate (construction and Init order):")
	err = container.Run(ctx, c, &app, func(ctx context.Context) error {
		log.Printf("wired:")
		log.Printf("  App.Config       %T addr=%s dsn=%s", app.Config, app.Config.Addr, app.Config.DSN)
		log.Printf("  App.Store        %T", app.Store)
		log.Printf("  App.Handler      %T", app.Handler)
		log.Printf("  Handler.Config   %T (same as App.Config: %t)", app.Handler.Config, app.Handler.Config == app.Config)
		log.Printf("  Handler.Users    %T", app.Handler.Users)
		log.Printf("  Handler.Log      %T (the registered value: %t)", app.Handler.Log, app.Handler.Log == log)
		log.Printf("  Handler.NewEntry inject.Factory[*main.RequestLog] (injected: %t)", app.Handler.NewEntry != inject.Factory[*RequestLog]{})

		log.Printf("serve:")
		for _, req := range []struct{ method, target string }{
			{http.MethodGet, "/users/1"},
			{http.MethodGet, "/users/42"},
			{http.MethodPost, "/users?name=linus"},
			{http.MethodGet, "/users/3"},
		} {
			rec := httptest.NewRecorder()
			r := httptest.NewRequestWithContext(ctx, req.method, req.target, nil)
			app.Handler.ServeHTTP(rec, r)
			log.Printf("  %s %s -> %d %q", req.method, req.target, rec.Code, strings.TrimSpace(rec.Body.String()))
		}
		log.Printf("shutdown (reverse order of construction):")
		return nil
	})
	if err != nil {
		return err
	}
	log.Printf("done")
	return nil
}

func main() {
	dot := flag.Bool("graph", false, "write the graph of App in DOT to stdout, and build nothing")
	flag.Parse()
	do := run
	if *dot {
		do = graph
	}
	if err := do(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
