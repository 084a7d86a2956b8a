// Package ifacenamedreach: an interface field resolved by the unique
// unregistered implementation the root reaches; a second implementation
// reached only through a name= field is not a candidate (attribute.Plan.Reach
// skips named fields), so the container picks *Fast.
package ifacenamedreach

import (
	"github.com/tagwire/tagwire/container"
)

type Service interface{ Serve() string }

type Fast struct{ N int }

func (f *Fast) Serve() string { return "fast" }
func (f *Fast) Init() error   { return step("init Fast") }

type Slow struct{ N int }

func (s *Slow) Serve() string { return "slow" }

type App struct {
	Svc  Service `inject:""`
	Fast *Fast   `inject:""`
	Slow *Slow   `inject:"name=slow"`
}

func wiring(c *container.Container) error {
	return container.Supply(c, &Slow{N: 2}, container.Named("slow"))
}
