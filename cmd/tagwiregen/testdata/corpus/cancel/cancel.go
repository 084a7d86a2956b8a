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
