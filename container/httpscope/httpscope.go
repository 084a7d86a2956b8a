package httpscope

import (
	"context"
	"net/http"

	"github.com/tagwire/tagwire/container"
)

// Middleware returns middleware that runs each request in a new scope of c.
// In the scope, the request is supplied as *http.Request and its context as
// context.Context; the handler's request carries the scope in its context
// (see [container.NewContext]), so that Resolve, Populate, Invoke and
// factory calls on c given r.Context() resolve in it.
//
// The scope is closed when the handler returns or panics, with a context
// that keeps the request's values but not its cancellation: a client that
// goes away does not stop the request's cleanups. When c is closed (the
// service is shutting down) the middleware answers 503 Service Unavailable
// without calling the handler.
func Middleware(c *container.Container) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			scope := c.NewScope()
			if scope == nil {
				http.Error(w, "no container", http.StatusInternalServerError)
				return
			}
			defer scope.Close(context.WithoutCancel(r.Context()))
			ctx := container.NewContext(r.Context(), scope)
			r = r.WithContext(ctx)
			if err := supply(scope, r); err != nil {
				http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// supply registers the request and its context in the request's scope.
func supply(scope *container.Container, r *http.Request) error {
	if err := container.Supply(scope, r); err != nil {
		return err
	}
	return container.Provide[context.Context](scope, r.Context())
}
