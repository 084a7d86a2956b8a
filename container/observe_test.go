package container_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// obsRec records events as one line each: kind, then the fields the kind
// documents, durations left out.
type obsRec struct {
	mu  sync.Mutex
	log []string
}

func (r *obsRec) Observe(ev container.Event) {
	var s string
	switch ev.Kind {
	case container.Registered:
		s = fmt.Sprintf("registered %v key=%v %v %s", ev.Type, ev.Key, ev.Lifetime, ev.Source)
	case container.Built:
		s = fmt.Sprintf("built %v %v %s", ev.Type, ev.Lifetime, ev.Source)
	case container.Injected:
		s = fmt.Sprintf("injected %T.%s (%v, tag %q, key=%v)", ev.Owner, ev.Field, ev.Type, ev.Tag, ev.Key)
	case container.Initialized:
		s = fmt.Sprintf("initialized %v", ev.Type)
	case container.Cleaned:
		s = fmt.Sprintf("cleaned %v err=%v", ev.Type, ev.Err != nil)
	case container.Failed:
		s = fmt.Sprintf("failed %s %v", ev.Op, errors.Is(ev.Err, container.ErrNotFound))
	}
	r.mu.Lock()
	r.log = append(r.log, s)
	r.mu.Unlock()
}

func (r *obsRec) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.log
	r.log = nil
	return out
}

type obsDB struct{}

func newObsDB() (*obsDB, func()) { return &obsDB{}, func() {} }

type obsAPI struct {
	DB *obsDB `inject:""`
}

func (*obsAPI) Init() error { return nil }

type obsApp struct {
	API  *obsAPI `inject:""`
	Name string  `inject:"name=name"`
}

type obsBroken struct {
	Missing *obsDB `inject:"name=nope"`
}

// TestObserve_ExactSequence: every kind of event, in the order the work is
// done, for a small graph.
func TestObserve_ExactSequence(t *testing.T) {
	ctx := context.Background()
	rec := &obsRec{}
	c := container.New(container.Observe(rec))
	require.NoError(t, container.Supply(c, "svc", container.Named("name")))
	require.NoError(t, container.Provide[*obsDB](c, newObsDB))
	assert.Equal(t, []string{
		"registered string key=name Singleton value",
		"registered *container_test.obsDB key=<nil> Singleton constructor",
	}, rec.take())

	var app obsApp
	require.NoError(t, c.Populate(ctx, &app))
	assert.Equal(t, []string{
		"built *container_test.obsDB Singleton constructor",
		`injected *container_test.obsAPI.DB (*container_test.obsDB, tag "", key=<nil>)`,
		"initialized *container_test.obsAPI",
		"built *container_test.obsAPI Singleton unregistered",
		`injected *container_test.obsApp.API (*container_test.obsAPI, tag "", key=<nil>)`,
		`injected *container_test.obsApp.Name (string, tag "name=name", key=name)`,
	}, rec.take())

	err := c.Populate(ctx, &obsBroken{})
	require.ErrorIs(t, err, container.ErrNotFound)
	assert.Equal(t, []string{"failed populate true"}, rec.take())

	require.NoError(t, c.Close(ctx))
	assert.Equal(t, []string{"cleaned *container_test.obsDB err=false"}, rec.take())
}

// TestObserve_ValidateIsSilent: a dry walk reports nothing to the observer.
func TestObserve_ValidateIsSilent(t *testing.T) {
	rec := &obsRec{}
	c := container.New(container.Observe(rec))
	require.NoError(t, container.Provide[*obsDB](c, newObsDB))
	require.NoError(t, container.Supply(c, "svc", container.Named("name")))
	rec.take()
	require.Error(t, c.Validate(context.Background(), &obsBroken{}))
	require.NoError(t, c.Validate(context.Background(), (*obsApp)(nil), &obsAPI{}))
	_, err := c.Graph(context.Background(), &obsAPI{})
	require.NoError(t, err)
	assert.Empty(t, rec.take())
}

// TestLogEvents writes events through log/slog: failures at Error, the
// rest at Debug, fields as attributes.
func TestLogEvents(t *testing.T) {
	var buf bytes.Buffer
	h := slog.NewTextHandler(&buf, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	})
	ctx := context.Background()
	c := container.New(container.Observe(container.LogEvents(slog.New(h))))
	require.NoError(t, container.Provide[*obsDB](c, newObsDB))
	_, err := container.Resolve[*obsDB](ctx, c)
	require.NoError(t, err)
	require.Error(t, c.Populate(ctx, &obsBroken{}))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, `level=DEBUG msg="tagwire registered" type=*container_test.obsDB lifetime=Singleton source=constructor`, lines[0])
	assert.Equal(t, `level=DEBUG msg="tagwire built" type=*container_test.obsDB lifetime=Singleton source=constructor`, lines[1])
	assert.True(t, strings.HasPrefix(lines[2], `level=ERROR msg="tagwire failed" op=populate err="tagwire: populate obsBroken.Missing`), lines[2])

	// Below the handler's level, nothing is formatted.
	buf.Reset()
	quiet := container.New(container.Observe(container.LogEvents(slog.New(slog.NewTextHandler(&buf, nil)))))
	require.NoError(t, container.Provide[*obsDB](quiet, newObsDB))
	assert.Empty(t, buf.String())
}

// obsPanics panics on every event.
type obsPanics struct{ n atomic.Int32 }

func (o *obsPanics) Observe(container.Event) {
	o.n.Add(1)
	panic("observer panic")
}

// TestObserve_PanickingObserverIsIgnored: a panic in the observer (user
// code) neither fails nor disturbs the work it reports on.
func TestObserve_PanickingObserverIsIgnored(t *testing.T) {
	o := &obsPanics{}
	c := container.New(container.Observe(o))
	require.NoError(t, container.Provide[*obsDB](c, newObsDB))
	require.NoError(t, container.Supply(c, "svc", container.Named("name")))
	var app obsApp
	require.NoError(t, c.Populate(context.Background(), &app))
	assert.NotNil(t, app.API.DB)
	require.NoError(t, c.Close(context.Background()))
	assert.Greater(t, o.n.Load(), int32(5), "every event reached the observer")
}
