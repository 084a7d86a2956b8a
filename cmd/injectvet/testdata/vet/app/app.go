// Package app is wired with tagwire, with a few mistakes in its tags.
package app

import "github.com/tagwire/tagwire/container"

type DB struct{ DSN string }

type Logger struct{}

type Store interface{ Get() string }

type Config struct {
	Log *Logger `inject:""`
}

type App struct {
	DB     *DB     `inject:"optinal"`
	log    *Logger `inject:""`
	Config *Config `inject:"inline"`
	NewDB  *DB     `inject:"factory"`
	Addr   string  `inject:"name=adr"`
	Store  Store   `inject:"private"`
}

func Wire(c *container.Container) error {
	return container.Supply(c, ":8080", container.Named("addr"))
}
