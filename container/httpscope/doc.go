// Package httpscope gives every HTTP request a scope of a tagwire
// container: the net/http integration of package container.
//
// [Middleware] opens a scope per request, supplies the request and its
// context in it, passes the handler a request whose context carries the
// scope, and closes the scope when the handler returns (or panics), so that
// the cleanups of the request's Scoped instances run in reverse dependency
// order before the next request reuses their resources. A handler resolves
// from the request's context, and gets the request's instances:
//
//	func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
//		tx, err := container.Resolve[*Tx](r.Context(), h.C) // the request's *Tx
//		...
//	}
//
// Failed cleanups are reported, like every cleanup, to the container's
// [container.Observer] as Cleaned events with their error; with
// [container.LogEvents] they are logged.
package httpscope
