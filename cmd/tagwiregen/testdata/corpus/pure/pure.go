// Package pure: a graph that runs no user code (no constructor, no Init),
// which the generator fills without zero tests: shared instances, pointer
// cycles through fields, a private instance, a fresh map, named values, an
// optional field left zero and fields preset on the target.
package pure

import (
	"errors"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ Level int }

type A struct {
	B   *B   `inject:""`
	Log *Log `inject:""`
}

type B struct {
	A    *A             `inject:""`
	C    *C             `inject:""`
	Own  *C             `inject:"private"`
	Tags map[string]int `inject:"private"`
}

type C struct {
	Log  *Log   `inject:""`
	Name string `inject:"name=name"`
	Opt  *Thing `inject:"optional"` // left zero: nothing implements Missing
}

// Missing has no implementation in the graph.
type Missing interface{ Missing() }

type Thing struct {
	M Missing `inject:""`
}

type App struct {
	A   *A   `inject:""`
	B   *B   `inject:""`
	C   *C   `inject:""`
	Log *Log `inject:""`
}

func wiring(c *container.Container) error {
	return errors.Join(container.Supply(c, "pure", container.Named("name")))
}
