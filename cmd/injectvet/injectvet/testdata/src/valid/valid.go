// Package valid holds only correct tags, and registers every name it uses:
// the analyzer reports nothing.
package valid

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

type DB struct{}

type Logger struct{}

type Store interface{ Get() string }

type Env string

const primary Env = "primary"

type Config struct {
	Log *Logger `inject:""`
}

type base struct {
	Log *Logger `inject:""`
}

type plain struct{ N int }

type App struct {
	DB        *DB                                `inject:""`
	Named     *DB                                `inject:"name=primary"`
	Bare      *DB                                `inject:"replica"`
	Comma     *DB                                `inject:",optional"`
	Both      *DB                                `inject:"name=replica,optional"`
	Private   *DB                                `inject:"private,optional"`
	Store     Store                              `inject:"private"` // accepted by tagwire; reported only with -privateiface
	Config    Config                             `inject:"inline"`
	base      `inject:"inline"`                  // an unexported embedded struct may be walked
	plain                                        // no tagged fields: nothing to inline
	*Logger                                      // an embedded pointer is not walked
	New       func() (*DB, error)                `inject:"factory"`
	NewCtx    func(context.Context) (*DB, error) `inject:"factory,name=primary"`
	Fac       container.Factory[*DB]             `inject:""`
	Fac2      container.Factory[*DB]             `inject:"factory"`
	Keyed     container.Keyed[string, *DB]       `inject:"factory"`
	Cache     map[string]int                     `inject:"private"`
	Shards    map[string]*DB                     `inject:"name=shards"`
	Factories map[string]func() (*DB, error)     `inject:"factory"`
	Labeled   *DB                                `inject:"label=env:prod"`
	Other     *DB                                `json:"other" yaml:"other"`
	NoInject  *DB                                `noinject:"x" inject_:"y"`
	Broken    *DB                                `json:"x` // another library's malformed tag is not ours to judge
	Untagged  *DB
}

// Outer has no inject tags of its own: not seen as an injection target,
// so its untagged embedded Config is not reported.
type Outer struct {
	Config
}

// Box is generic: the kind of a type parameter depends on the
// instantiation, so no type check applies to T.
type Box[T any] struct {
	In   T                    `inject:"inline"`
	Make T                    `inject:"factory"`
	Ptr  *T                   `inject:""`
	M    map[string]T         `inject:"private"`
	Fac  container.Factory[T] `inject:""`
}

func Wire(ctx context.Context) error {
	c := container.New()
	_ = container.Provide[*DB](c, nil, container.Named(primary)) // a typed string constant
	_ = container.Supply(c, &DB{}, container.Named("replica"))
	restore, _ := container.Override[map[string]*DB](c, map[string]*DB{}, container.Named[string]("shards"))
	defer restore()
	var app App
	return c.Populate(ctx, &app)
}
