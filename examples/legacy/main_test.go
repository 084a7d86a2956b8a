package main

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	assert.Contains(t, got, "UserService.Mailer *main.SMTPMailer (the HealthCheck's instance: true)")
	assert.Contains(t, got, "App.Clock          main.fixedClock (the preset fake kept: 2024-05-20)")
	assert.Contains(t, got, "one *DB everywhere:            true")
	assert.Contains(t, got, "cycle Users.Orders == Orders:  true")
	assert.Contains(t, got, "cycle Orders.Users == Users:   true")
	// Dependencies first; in the UserService <-> OrderService cycle the
	// member reached first (UserService) is initialised last.
	assert.Contains(t, got, "init order: [SMTPMailer DB HealthCheck OrderService UserService App]")
	assert.Contains(t, got, "inject.Populate calls no Init: true")
	assert.Contains(t, got, "without HealthCheck: ErrNotFound=true, Users reset=true")
}

// The same wiring, checked on the objects rather than on the output.
func TestPopulateObjects(t *testing.T) {
	fake := fixedClock{time.Unix(0, 0)}
	app := App{Clock: fake}
	g, err := wire(&app)
	require.NoError(t, err)
	assert.Equal(t, Clock(fake), app.Clock)
	assert.Same(t, app.Users, app.Orders.Users)
	assert.Same(t, app.Orders, app.Users.Orders)
	assert.Same(t, app.Health.SMTP, app.Users.Mailer.(*SMTPMailer))
	assert.Equal(t, "legacy.db", app.Users.DB.Name, "Graph.Init runs the Init methods")
	objs := g.Objects()
	require.NotEmpty(t, objs)
	assert.Same(t, &app, objs[0].Value, "the provided object comes first")
	assert.Same(t, app.Users, objs[0].Fields["Users"].Value)
	assert.NotContains(t, objs[0].Fields, "Clock", "the preset field was not injected")

	var r Reports
	err = inject.Populate(&r)
	require.Error(t, err)
	assert.True(t, errors.Is(err, container.ErrNotFound))
	var e *container.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Reports.Users.Mailer", e.Path)
	assert.Nil(t, r.Users, "a failed Populate resets the fields it set")
}

func Example() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// wired:
	//   App.Health         *main.HealthCheck
	//   App.Users          *main.UserService
	//   App.Orders         *main.OrderService
	//   App.Clock          main.fixedClock (the preset fake kept: 2024-05-20)
	//   UserService.Mailer *main.SMTPMailer (the HealthCheck's instance: true)
	// shared instances:
	//   one *DB everywhere:            true
	//   cycle Users.Orders == Orders:  true
	//   cycle Orders.Users == Users:   true
	// init order: [SMTPMailer DB HealthCheck OrderService UserService App]
	// mail to ada via smtp.internal:25: welcome! you have 0 orders
	// objects:
	//   *main.App          fields: Health Orders Users
	//   *main.DB           fields: (none)
	//   *main.HealthCheck  fields: DB SMTP
	//   *main.OrderService fields: DB Users
	//   *main.SMTPMailer   fields: (none)
	//   *main.UserService  fields: DB Mailer Orders
	// inject.Populate calls no Init: true (SMTP host "")
	// without HealthCheck: ErrNotFound=true, Users reset=true
	//   populate Reports.Users.Mailer: not found: nothing registered or reachable implements main.Mailer
}
