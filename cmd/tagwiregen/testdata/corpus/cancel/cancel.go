// Package cancel: the context is cancelled during the build (by an Init
// the harness's Cancel knob reaches), before a constructor whose
// arguments are resolved, before an Init, and before a later field; the
// cleanups of a rollback get a context that has not ended
// (context.WithoutCancel, container/attempt.go rollback).
package cancel

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type Store struct {
	Log *Log `inject:""`
}

func (s *Store) Init() error { return step("init Store") }

type Repo struct {
	S *Store
}

// NewRepo's cleanup records whether the context it is given has ended.
func NewRepo(s *Store) (*Repo, func(context.Context) error, error) {
	if err := step("new Repo"); err != nil {
		return nil, nil, err
	}
	return &Repo{S: s}, func(ctx context.Context) error {
		return step(fmt.Sprintf("cleanup Repo (ctx.Err: %v)", ctx.Err()))
	}, nil
}

func (r *Repo) Init(ctx context.Context) error { return step("init Repo") }

type Other struct {
	Log *Log `inject:""`
}

func (o *Other) Init() error { return step("init Other") }

type App struct {
	Repo  *Repo  `inject:""`
	Other *Other `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return errors.Join(
		container.Provide[*Store](c, nil),
		container.Provide[*Repo](c, NewRepo),
	)
}

// Trace records constructor calls, Init calls and cleanups, in order.
var Trace []string

// FailAt makes the events it names fail, comma-separated: "err:<event>"
// (an error), "panic:<event>", "cancel:<event>" (calls Cancel),
// "nil:<event>" (a constructor returns nil). The harness sets it.
var FailAt string

// Cancel cancels the context of the running call; the harness sets it.
var Cancel func()

// step records the event ev and fails as FailAt says.
func step(ev string) error {
	Trace = append(Trace, ev)
	for _, f := range strings.Split(FailAt, ",") {
		switch f {
		case "err:" + ev:
			return errors.New("failed: " + ev)
		case "panic:" + ev:
			panic("panicked: " + ev)
		case "cancel:" + ev:
			if Cancel != nil {
				Cancel()
			}
		}
	}
	return nil
}

// nilAt reports whether FailAt asks the constructor event ev to return nil.
func nilAt(ev string) bool {
	return strings.Contains(","+FailAt+",", ",nil:"+ev+",")
}

// seq numbers the events named prefix: prefix#1, prefix#2, ...
func seq(prefix string) string {
	n := 1
	for _, e := range Trace {
		if strings.HasPrefix(e, prefix+"#") {
			n++
		}
	}
	return fmt.Sprintf("%s#%d", prefix, n)
}
