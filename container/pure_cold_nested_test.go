package container_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tagwire/tagwire/container"
)

type rcS struct{ N int } // an implicit Singleton, no fields

type rcTarget struct {
	S *rcS `inject:""`
}

type rcOuter struct{}

// TestPureCold_AJoiningCallCommitsNothing: a nested Populate (with the
// constructor's ctx) joins the running call and is undone with it. The
// cold pure path, which commits the Singletons it makes at once, leaves
// such a call to the general path: after the outer call fails, the
// implicit Singleton is built again, as the general path (forced by an
// observer) does.
func TestPureCold_AJoiningCallCommitsNothing(t *testing.T) {
	for _, general := range []bool{true, false} {
		c := pathContainer(general)
		var seen *rcS
		if err := container.Provide[*rcOuter](c, func(ctx context.Context) (*rcOuter, error) {
			var tg rcTarget
			if err := c.Populate(ctx, &tg); err != nil {
				return nil, err
			}
			seen = tg.S
			return nil, errors.New("outer fails")
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := container.Resolve[*rcOuter](context.Background(), c); err == nil {
			t.Fatal("want an error")
		}
		again, err := container.Resolve[*rcS](context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		if again == seen {
			t.Errorf("general=%v: the Singleton the failed call built was kept", general)
		}
	}
}
