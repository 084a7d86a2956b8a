// Command legacy wires a constructor-less codebase the way
// facebookgo/inject does. Package inject is facebookgo/inject's API on
// tagwire's engine, so such a codebase changes its import path and nothing
// else:
//
//	var g inject.Graph
//	err := g.Provide(&inject.Object{Value: &app})
//	if err == nil {
//		err = g.Populate()
//	}
//
// or, for the one-liner, inject.Populate(&app). There are no
// registrations: every tagged pointer-to-struct field gets one shared
// instance of its type, built from its zero value and populated in turn.
// The codebase below has:
//
//   - plain structs with inject tags and no constructors;
//   - a pointer cycle: UserService and OrderService point at each other;
//   - an interface field (Mailer) filled with its unique implementation
//     among the types the graph reaches (*SMTPMailer);
//   - a fake preset on a field before Populate, which is left alone;
//   - Init methods, which run once the fields are set, dependencies first.
//     facebookgo/inject never calls methods, and neither does
//     inject.Populate: the graph opts in with Graph.Init;
//   - Graph.Objects, every object provided or created, with the fields
//     injected into each (what a facebookgo codebase's start and stop
//     loops run over).
//
// The errors are tagwire's: they match package container's error kinds
// with errors.Is.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
)

// trace records the Init order.
var trace []string

// DB is a shared database handle: every *DB field gets the same one.
type DB struct {
	Name string
}

// Init runs once.
func (d *DB) Init() {
	d.Name = "legacy.db"
	trace = append(trace, "DB")
}

// Clock tells the time. Production code would use a real clock; the test
// below presets a fake.
type Clock interface{ Now() time.Time }

// fixedClock is the fake.
type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// Mailer sends mail. Only *SMTPMailer implements it, so an interface field
// of type Mailer gets the *SMTPMailer instance.
type Mailer interface{ Send(to, body string) string }

// SMTPMailer is the only Mailer.
type SMTPMailer struct {
	Host string
}

// Init runs once.
func (m *SMTPMailer) Init() {
	m.Host = "smtp.internal:25"
	trace = append(trace, "SMTPMailer")
}

// Send pretends to send a message.
func (m *SMTPMailer) Send(to, body string) string {
	return fmt.Sprintf("mail to %s via %s: %s", to, m.Host, body)
}

// HealthCheck pings the concrete SMTP client. Its *SMTPMailer field is what
// makes the implementation part of the graph, so that Mailer fields can be
// filled with it.
type HealthCheck struct {
	SMTP *SMTPMailer `inject:""`
	DB   *DB         `inject:""`
}

// Init runs once.
func (h *HealthCheck) Init() { trace = append(trace, "HealthCheck") }

// UserService and OrderService point at each other. Pointer cycles through
// fields resolve to the shared instances.
type UserService struct {
	DB     *DB           `inject:""`
	Orders *OrderService `inject:""`
	Mailer Mailer        `inject:""`
}

// Init runs once.
func (s *UserService) Init() { trace = append(trace, "UserService") }

// Welcome mails a new user.
func (s *UserService) Welcome(name string) string {
	return s.Mailer.Send(name, fmt.Sprintf("welcome! you have %d orders", s.Orders.Count(name)))
}

// OrderService is the other half of the cycle.
type OrderService struct {
	DB    *DB          `inject:""`
	Users *UserService `inject:""`
}

// Init runs once.
func (s *OrderService) Init() { trace = append(trace, "OrderService") }

// Count returns a user's order count.
func (s *OrderService) Count(user string) int { return len(user) % 3 }

// App is the root.
type App struct {
	Health *HealthCheck  `inject:""`
	Users  *UserService  `inject:""`
	Orders *OrderService `inject:""`
	Clock  Clock         `inject:""` // preset below: Populate leaves it alone
}

// Init runs last: every field is ready.
func (a *App) Init() { trace = append(trace, "App") }

// Reports uses UserService but nothing in its graph reaches *SMTPMailer.
type Reports struct {
	Users *UserService `inject:""`
}

// wire populates app with a facebookgo-style graph. Graph.Init, set
// before the first Provide, makes the graph call the Init methods.
func wire(app *App) (*inject.Graph, error) {
	g := &inject.Graph{Init: true}
	if err := g.Provide(&inject.Object{Value: app}); err != nil {
		return nil, err
	}
	return g, g.Populate()
}

func run(w io.Writer) error {
	trace = nil
	app := App{Clock: fixedClock{time.Date(2024, 5, 20, 9, 0, 0, 0, time.UTC)}}

	// The whole wiring: one provided object, no registrations.
	g, err := wire(&app)
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "wired:")
	fmt.Fprintf(w, "  App.Health         %T\n", app.Health)
	fmt.Fprintf(w, "  App.Users          %T\n", app.Users)
	fmt.Fprintf(w, "  App.Orders         %T\n", app.Orders)
	fmt.Fprintf(w, "  App.Clock          %T (the preset fake kept: %s)\n", app.Clock, app.Clock.Now().Format(time.DateOnly))
	fmt.Fprintf(w, "  UserService.Mailer %T (the HealthCheck's instance: %t)\n", app.Users.Mailer, app.Users.Mailer == Mailer(app.Health.SMTP))
	fmt.Fprintln(w, "shared instances:")
	fmt.Fprintf(w, "  one *DB everywhere:            %t\n", app.Users.DB == app.Orders.DB && app.Orders.DB == app.Health.DB)
	fmt.Fprintf(w, "  cycle Users.Orders == Orders:  %t\n", app.Users.Orders == app.Orders)
	fmt.Fprintf(w, "  cycle Orders.Users == Users:   %t\n", app.Orders.Users == app.Users)
	fmt.Fprintf(w, "init order: %v\n", trace)
	fmt.Fprintln(w, app.Users.Welcome("ada"))

	// facebookgo's Objects: every object provided or created, each with
	// the fields the graph injected into it (sorted here: facebookgo's
	// order is random).
	fmt.Fprintln(w, "objects:")
	objs := g.Objects()
	slices.SortFunc(objs, func(a, b *inject.Object) int { return strings.Compare(a.String(), b.String()) })
	for _, o := range objs {
		fields := make([]string, 0, len(o.Fields))
		for name := range o.Fields {
			fields = append(fields, name)
		}
		slices.Sort(fields)
		if len(fields) == 0 {
			fields = append(fields, "(none)")
		}
		fmt.Fprintf(w, "  %-18s fields: %s\n", o, strings.Join(fields, " "))
	}

	// The one-liner is facebookgo's too: it calls no methods.
	trace = nil
	var hc HealthCheck
	if err := inject.Populate(&hc); err != nil {
		return err
	}
	fmt.Fprintf(w, "inject.Populate calls no Init: %t (SMTP host %q)\n", len(trace) == 0, hc.SMTP.Host)

	// The interface rule needs the implementation in the graph: without
	// HealthCheck nothing reaches *SMTPMailer, and nothing is guessed.
	var partial Reports
	err = inject.Populate(&partial)
	fmt.Fprintf(w, "without HealthCheck: ErrNotFound=%t, Users reset=%t\n  %s\n", errors.Is(err, container.ErrNotFound), partial.Users == nil, errLine(err))
	return nil
}

// errLine renders a tagwire error for the output as operation, path, kind
// and detail. The fix hint (Error.Hint) is left out: it is advice whose
// wording may change.
func errLine(err error) string {
	var e *container.Error
	if !errors.As(err, &e) {
		return fmt.Sprint(err)
	}
	return fmt.Sprintf("%s %s: %v: %s", e.Op, e.Path, e.Kind, e.Detail)
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
