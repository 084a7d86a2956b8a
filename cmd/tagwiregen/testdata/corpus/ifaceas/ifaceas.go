// Package ifaceas: interface fields resolved by an As registration, a
// second interface resolved by the unique registration implementing it,
// the same instance under its own type, AutoClose with Close() error.
package ifaceas

import (
	"errors"

	"github.com/tagwire/tagwire/container"
)

type Store interface{ Get(k string) string }

type Sizer interface{ Size() int }

type Logger struct{ Prefix string }

type MemStore struct {
	Log  *Logger `inject:""`
	data map[string]string
}

func (s *MemStore) Init() error {
	s.data = map[string]string{"k": "v"}
	return step("init MemStore")
}
func (s *MemStore) Get(k string) string { return s.data[k] }
func (s *MemStore) Size() int           { return len(s.data) }
func (s *MemStore) Close() error        { return step("close MemStore") }

type Cache struct {
	Store Store `inject:""`
	Hits  int
}

func (c *Cache) Init() error { return step("init Cache") }

type App struct {
	Store Store     `inject:""`
	Mem   *MemStore `inject:""`
	Size  Sizer     `inject:""`
	Cache *Cache    `inject:""`
	Log   *Logger   `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container, prefix string) error {
	return errors.Join(
		container.Supply(c, &Logger{Prefix: prefix}),
		container.Provide[*MemStore](c, nil, container.As[Store](), container.AutoClose()),
	)
}
