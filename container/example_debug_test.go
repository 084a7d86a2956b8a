package container_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"reflect"

	"github.com/tagwire/tagwire/container"
)

// A named value: Named on the registration, name= in the tag.
func ExampleNamed() {
	type Config struct {
		Addr    string `inject:"name=addr"`
		Retries int    `inject:"name=retries"`
	}
	c := container.New()
	err := errors.Join(
		container.Supply(c, ":8080", container.Named("addr")),
		container.Supply(c, 3, container.Named("retries")),
	)
	var cfg Config
	if err == nil {
		err = c.Populate(context.Background(), &cfg)
	}
	fmt.Println(cfg.Addr, cfg.Retries, err)
	// Output: :8080 3 <nil>
}

// As makes a registration answer for an interface too: fields of the
// interface type get the same instance.
func ExampleAs() {
	type Service struct {
		Store Store `inject:""`
	}
	c := container.New()
	err := errors.Join(
		container.Supply(c, &DB{DSN: "mem://"}),
		container.Provide[*PGStore](c, nil, container.As[Store]()),
	)
	var s Service
	if err == nil {
		err = c.Populate(context.Background(), &s)
	}
	fmt.Println(s.Store.Get("7"), err)
	// Output: 7@mem:// <nil>
}

// A constructor's parameters are resolved by type; a cleanup it returns
// runs when the container closes. Init methods run after the fields are
// set, dependencies first.
func ExampleProvide() {
	ctx := context.Background()
	c := container.New()
	err := errors.Join(
		container.Supply(c, &Logger{Prefix: "log: "}),
		container.Provide[*DB](c, NewDB, container.Args("postgres://main")),
	)
	var api struct {
		DB  *DB  `inject:""`
		API *API `inject:""` // Init logs "api ready"
	}
	if err == nil {
		err = container.Provide[*PGStore](c, nil, container.As[Store]())
	}
	if err == nil {
		err = c.Populate(ctx, &api)
	}
	fmt.Println(api.DB.DSN, err)
	fmt.Println(c.Close(ctx))
	// Output:
	// log: api ready
	// postgres://main <nil>
	// closing postgres://main
	// <nil>
}

// Validate checks a graph without building it, and reports every problem
// at once, each as Populate would report it.
func ExampleContainer_Validate() {
	type Server struct {
		Addr  string `inject:"name=adr"`
		Store Store  `inject:""`
		API   *API   `inject:""`
	}
	c := container.New()
	if err := container.Supply(c, ":8080", container.Named("addr")); err != nil {
		fmt.Println(err)
		return
	}
	err := c.Validate(context.Background(), (*Server)(nil))
	fmt.Println(errors.Is(err, container.ErrNotFound))
	fmt.Println(err)
	// Output:
	// true
	// tagwire: validate Server.Addr (string, tag inject:"name=adr"): not found: nothing is registered under the key "adr" (fix: did you mean "addr"? or register one with container.Supply(c, v, container.Named("adr")) or container.Provide)
	// tagwire: validate Server.Store (container_test.Store): not found: nothing registered or reachable implements container_test.Store (fix: register an implementation with container.Provide[*Impl](c, NewImpl, container.As[container_test.Store]()) or container.Provide[container_test.Store](c, NewImpl); without registrations, the implementation must be reachable from the object being populated through a tagged *Impl field)
	// tagwire: validate Server.API.Store (container_test.Store): not found: nothing registered or reachable implements container_test.Store (fix: register an implementation with container.Provide[*Impl](c, NewImpl, container.As[container_test.Store]()) or container.Provide[container_test.Store](c, NewImpl); without registrations, the implementation must be reachable from the object being populated through a tagged *Impl field)
}

// Graph describes what Populate would build; WriteDOT renders it for
// Graphviz (dot -Tsvg).
func ExampleGraph_WriteDOT() {
	type Service struct {
		DB *DB `inject:""`
	}
	c := container.New()
	if err := container.Provide[*DB](c, NewDB, container.Args("postgres://db")); err != nil {
		fmt.Println(err)
		return
	}
	g, err := c.Graph(context.Background(), (*Service)(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := g.WriteDOT(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// digraph tagwire {
	// 	rankdir=LR;
	// 	node [fontname="Helvetica", fontsize=11];
	// 	edge [fontname="Helvetica", fontsize=9];
	// 	n0 [label="*container_test.Service", shape=box, style="bold,filled", fillcolor="#ffffff"];
	// 	n1 [label="*container_test.DB\ncontainer_test.NewDB()", shape=box, style="rounded,filled", fillcolor="#d8e8ff"];
	// 	n0 -> n1 [label="DB"];
	// }
}

// Explain says where a type's instances come from and what they pull in.
func ExampleGraph_Explain() {
	c := container.New()
	err := errors.Join(
		container.Supply(c, &Logger{}),
		container.Supply(c, ":8080", container.Named("addr")),
		container.Supply(c, "postgres://db", container.Named("dsn")),
		container.Provide[*DB](c, NewDB, container.Arg(0, container.Dep[string](container.Named("dsn")))),
		container.Provide[*PGStore](c, nil, container.As[Store]()),
	)
	var g *container.Graph
	if err == nil {
		g, err = c.Graph(context.Background(), (*App)(nil))
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(g.Explain(reflect.TypeFor[*DB]()))
	// Output:
	// *container_test.DB (Singleton, constructor container_test.NewDB)
	//   injected into App.API.Store.DB
	//   pulls in:
	//     [container_test.NewDB arg 0]: string named dsn (Singleton, value)
}

// LogEvents sends what the container does to log/slog.
func ExampleLogEvents() {
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{} // for a stable output
			}
			return a
		},
	})
	c := container.New(container.Observe(container.LogEvents(slog.New(h))))
	if err := container.Supply(c, &Logger{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// level=DEBUG msg="tagwire registered" type=*container_test.Logger lifetime=Singleton source=value
}
