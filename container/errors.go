package container

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/suggest"
	"github.com/tagwire/tagwire/method"
	"github.com/tagwire/tagwire/tags"
)

// Kind classifies an [*Error], like syscall.Errno: test with errors.Is,
// as in errors.Is(err, container.ErrNotFound). Every error this package
// returns is an *Error whose Kind is one of these, except that a cancelled
// or expired context is reported with the context's own error as Kind.
type Kind uint8

const (
	// ErrNotFound: nothing is registered or constructible for a type or
	// name; also an unknown key of a Keyed factory, and an abstract
	// registration resolved before an implementation was supplied.
	ErrNotFound Kind = iota + 1
	// ErrAmbiguous: several registrations match where one is needed.
	ErrAmbiguous
	// ErrCycle: a dependency cycle that cannot be satisfied (through
	// constructors, Init parameters or private fields).
	ErrCycle
	// ErrBadTag: an invalid inject tag, or a tag on an unexported field
	// (the cause is a *tags.Error or an *attribute.FieldError).
	ErrBadTag
	// ErrBadSignature: a constructor, factory, Init or registered method
	// of a shape that cannot be called.
	ErrBadSignature
	// ErrTypeMismatch: a value of the wrong type: a registration whose
	// value or result cannot be the registered type, a named value of
	// another type, an override of the wrong type, a registration made
	// AsFactory injected as a product.
	ErrTypeMismatch
	// ErrDuplicate: a name or key registered twice for the same type.
	ErrDuplicate
	// ErrBadInput: an argument that cannot be used: a nil, non-pointer or
	// non-struct target, an option the call does not take, an override
	// that matches nothing or needs a fresh instance, positional arguments
	// that do not fit, a factory that was never injected.
	ErrBadInput
	// ErrConstructor: a constructor or factory function returned an error
	// (or a nil value).
	ErrConstructor
	// ErrInit: an Init method or a registered method returned an error.
	ErrInit
	// ErrNoScope: a Scoped registration resolved outside any scope.
	ErrNoScope
	// ErrClosed: the container or scope has been closed.
	ErrClosed
	// ErrCleanup: a cleanup failed or did not finish before the deadline.
	ErrCleanup
	// ErrPanic: user code panicked (or called runtime.Goexit); the
	// *PanicError in the chain has the value and the stack.
	ErrPanic
)

var kindText = [...]string{
	ErrNotFound:     "not found",
	ErrAmbiguous:    "ambiguous",
	ErrCycle:        "dependency cycle",
	ErrBadTag:       "bad tag",
	ErrBadSignature: "bad signature",
	ErrTypeMismatch: "type mismatch",
	ErrDuplicate:    "duplicate registration",
	ErrBadInput:     "bad input",
	ErrConstructor:  "constructor failed",
	ErrInit:         "init failed",
	ErrNoScope:      "no scope",
	ErrClosed:       "container closed",
	ErrCleanup:      "cleanup failed",
	ErrPanic:        "panic in user code",
}

func (k Kind) Error() string {
	if int(k) < len(kindText) && kindText[k] != "" {
		return kindText[k]
	}
	return fmt.Sprintf("container.Kind(%d)", uint8(k))
}

// Error is the error type of this package. It names where the failure
// happened (Path: the chain of fields and parameters from the root object),
// the Go type and tag there, what went wrong (Kind, Err) and how to fix it
// (Hint).
//
// Error unwraps to both Kind and Err, so errors.Is matches the sentinel
// and the underlying cause, and errors.As finds nested typed errors such as
// *tags.Error.
type Error struct {
	// Op is the operation: "populate", "resolve", "invoke", "factory",
	// "register", "override" or "close".
	Op string
	// Path is the dotted path from the root object to the failing field,
	// e.g. "App.API.Store.DB"; constructor and method parameters appear as
	// "[NewStore arg 1]".
	Path string
	// Type is the Go type being resolved where the failure happened.
	Type reflect.Type
	// Tag is the inject tag of the failing field, if any.
	Tag string
	// Kind classifies the failure: a [Kind] (ErrNotFound, ErrCycle, ...),
	// or the context's error when a context ended.
	Kind error
	// Detail describes this failure in words.
	Detail string
	// Err is the underlying cause (a constructor's error, a *tags.Error,
	// ...), or nil.
	Err error
	// Hint says how to fix the problem, or is empty.
	Hint string

	segs []string // path segments, innermost first, until finished
	site site     // where a dry call met the problem
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("tagwire: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(" ")
	}
	path := e.Path
	if path == "" {
		path = e.pathString()
	}
	if path != "" {
		b.WriteString(path)
		b.WriteString(" ")
	}
	if e.Type != nil || e.Tag != "" {
		b.WriteString("(")
		if e.Type != nil {
			b.WriteString(e.Type.String())
		}
		if e.Tag != "" {
			if e.Type != nil {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "tag inject:%q", e.Tag)
		}
		b.WriteString(") ")
	}
	if b.Len() > len("tagwire: ") {
		s := strings.TrimSuffix(b.String(), " ")
		b.Reset()
		b.WriteString(s)
		b.WriteString(": ")
	}
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Err != nil && e.Err != e.Kind {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Hint != "" && (e.Err == nil || !strings.Contains(e.Err.Error(), e.Hint)) {
		b.WriteString(" (fix: ")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns Kind and Err.
func (e *Error) Unwrap() []error {
	if e.Err == nil || e.Err == e.Kind {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func (e *Error) pathString() string {
	var b strings.Builder
	for i := len(e.segs) - 1; i >= 0; i-- {
		s := e.segs[i]
		if b.Len() > 0 && !strings.HasPrefix(s, "[") {
			b.WriteString(".")
		}
		b.WriteString(s)
	}
	return b.String()
}

// newErr makes an error for the current position; callers add path
// segments on the way out with at.
func newErr(kind error, t reflect.Type, detail, hint string) *Error {
	return &Error{Kind: kind, Type: t, Detail: detail, Hint: hint}
}

// withPath prepends a path segment to err (an *Error), filling Type and Tag when
// they are still unknown. Non-*Error values are returned unchanged.
func withPath(err error, seg string, t reflect.Type, tag string) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	if e.Path == "" {
		e.segs = append(e.segs, seg)
	}
	if e.Type == nil {
		e.Type = t
	}
	if e.Tag == "" && len(e.segs) == 1 {
		e.Tag = tag
	}
	return err
}

// finish fixes the path and operation of err at the API boundary.
func finish(err error, op string) error {
	e, ok := err.(*Error)
	if !ok || err == nil {
		return err
	}
	if e.Op == "" {
		e.Op = op
	}
	if e.Path == "" {
		e.Path = e.pathString()
		e.segs = nil
	}
	return e
}

// wrapPlanErr converts an error from attribute.For or method.InitOf into
// an *Error whose path ends at the offending field, with the field's tag
// and the fix hint of the lower-level error.
func wrapPlanErr(err error, t reflect.Type) *Error {
	e := &Error{Kind: ErrBadTag, Type: t, Err: err}
	var te *tags.Error
	var fe *attribute.FieldError
	var se *method.SignatureError
	switch {
	case errors.As(err, &te):
		e.Tag, e.Hint = te.Tag, te.Hint
		e.atField(t, te.Field)
	case errors.As(err, &fe):
		e.Tag, e.Hint = reflect.StructTag(fe.Tag).Get(tags.Key), fe.Hint
		e.atField(t, fe.Field)
	case errors.As(err, &se):
		e.Kind = ErrBadSignature
		e.Hint = "give Init one of the accepted signatures, or rename the method"
	}
	return e
}

// atField points e at the field named by the dotted path field of struct
// (or pointer to struct) type t, when it can be found.
func (e *Error) atField(t reflect.Type, field string) {
	if field == "" {
		return
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for _, name := range strings.Split(field, ".") {
		if t.Kind() != reflect.Struct {
			return
		}
		f, ok := t.FieldByName(name)
		if !ok {
			return
		}
		t = f.Type
	}
	e.segs, e.Type = []string{field}, t
}

// typeName renders t for paths: the bare name for named types, the
// pointer's element name for pointers to named types, else t.String().
func typeName(t reflect.Type) string {
	if t == nil {
		return "<nil>"
	}
	if t.Name() != "" {
		return t.Name()
	}
	if t.Kind() == reflect.Pointer && t.Elem().Name() != "" {
		return t.Elem().Name()
	}
	return t.String()
}

// nearest returns the candidate closest to s by edit distance, if close.
func nearest(s string, candidates []string) string {
	return suggest.Nearest(s, candidates, max(2, len(s)/3)+1)
}

// typeList renders types sorted, for candidate lists.
func typeList(ts []reflect.Type) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}

// snapshot returns a copy of err that the caller may extend with path
// segments while others read the original (an error shared by the callers
// of one build).
func snapshot(err error) error {
	if e, ok := err.(*Error); ok {
		return e.clone()
	}
	return err
}

// clone returns a copy of a cached error, so that adding path segments to
// one report does not change the cache.
func (e *Error) clone() *Error {
	c := *e
	c.segs = slices.Clone(e.segs)
	return &c
}
