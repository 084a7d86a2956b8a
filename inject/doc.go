// Package inject is the small vocabulary that code declaring injectable
// structs imports: the factory field types, the call-time overrides, the
// error kinds, and the one-line Populate. It is a facade over package
// [github.com/tagwire/tagwire/container]: every name here is an alias of
// (or forwards to) the container's, so values and errors are
// interchangeable between the two.
//
// Domain packages import inject:
//
//	type Handler struct {
//	    Store    Store                  `inject:""`
//	    NewSess  inject.Factory[*Session] `inject:"factory"`
//	}
//	sess, err := h.NewSess.New(ctx, inject.Set("User", u))
//
// and main wires them with container:
//
//	c := container.New()
//	container.Provide[Store](c, NewPGStore)
//	err := c.Populate(ctx, &handler)
//
// A codebase without constructors or registrations needs only
//
//	err := inject.Populate(&app)
//
// which behaves like facebookgo/inject's Populate.
package inject
