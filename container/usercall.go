package container

import (
	"fmt"
	"runtime/debug"
)

// PanicError is the cause of an [Error] of kind [ErrPanic]: user code (a
// constructor, Init, a registered method, a cleanup, an OnClose callback,
// the function given to Invoke or Run) panicked or called
// runtime.Goexit. The panic is recovered where the user code was called;
// whatever the call had built is rolled back and the container stays
// usable.
type PanicError struct {
	// Value is the value passed to panic (nil after runtime.Goexit).
	Value any
	// Stack is the stack of the goroutine at the panic.
	Stack []byte
	// Goexit reports that the user code called runtime.Goexit (t.FailNow
	// in a test, say) instead of returning; that goroutine went on
	// exiting, and the callers sharing its result got this error.
	Goexit bool
}

func (e *PanicError) Error() string {
	if e.Goexit {
		return "runtime.Goexit called"
	}
	return fmt.Sprintf("panic: %v", e.Value)
}

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Is reports whether target is ErrPanic.
func (e *PanicError) Is(target error) bool { return target == ErrPanic }

// callUser runs fn, which calls user code, and turns a panic in it into a
// *PanicError carrying the value and the stack. runtime.Goexit cannot be
// stopped; it unwinds through the callers' deferred functions, which
// release everything the call holds (see attempt.do and attempt.lead).
func callUser(fn func() error) (err error) {
	normal := false
	defer func() {
		if normal {
			return
		}
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	err = fn()
	normal = true
	return err
}

// panicErr wraps a recovered panic of user code as an *Error of kind
// ErrPanic; other errors are returned as they are.
func panicErr(err error, what string, b *binding) error {
	pe, ok := err.(*PanicError)
	if !ok {
		return err
	}
	e := &Error{Kind: ErrPanic, Err: pe, Detail: what + " panicked"}
	if pe.Goexit {
		e.Detail = what + " called runtime.Goexit"
	}
	if b != nil {
		e.Type = b.typ()
	}
	return e
}

// goexitErr is what the callers sharing a build get when its builder's
// goroutine exited in user code through runtime.Goexit.
func goexitErr(b *binding) error {
	return &Error{Kind: ErrPanic, Type: b.typ(), Err: &PanicError{Goexit: true},
		Detail: "the goroutine building " + b.describe() + " called runtime.Goexit"}
}

// internalErr reports a panic that escaped this package's own code (r is
// the recovered value; nil means runtime.Goexit in user code).
func internalErr(r any) error {
	if r == nil {
		return &Error{Kind: ErrPanic, Err: &PanicError{Goexit: true}, Detail: "runtime.Goexit called in user code"}
	}
	return &Error{Kind: ErrPanic, Err: &PanicError{Value: r, Stack: debug.Stack()},
		Detail: "internal error in tagwire", Hint: "please report it with this stack"}
}
