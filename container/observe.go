package container

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"time"
)

// An Observer is told what a container does, one [Event] at a time. Give
// one to [New] with [Observe]. Events come from the goroutine doing the
// work, with no lock held, so an Observer must be safe for concurrent use
// and should be quick; it may not call back into the container. With no
// Observer, the container pays nothing for events.
type Observer interface {
	Observe(Event)
}

// EventKind says what an [Event] reports.
type EventKind uint8

const (
	// Registered: a registration was made (Type, Key, Lifetime, Source).
	Registered EventKind = iota + 1
	// Built: an instance was built or a Populated value filled (Type,
	// Key, Lifetime, Source, Value, Duration including its dependencies).
	Built
	// Injected: a field was set (Owner, Field, Value, Type of the field,
	// Tag, and Key for a named field).
	Injected
	// Initialized: an Init method ran (Value, Duration).
	Initialized
	// Cleaned: an instance's cleanups ran (Type, Value, Err).
	Cleaned
	// Failed: a call failed (Op and the *Error in Err).
	Failed
)

var eventText = [...]string{Registered: "registered", Built: "built", Injected: "injected", Initialized: "initialized", Cleaned: "cleaned", Failed: "failed"}

func (k EventKind) String() string {
	if int(k) < len(eventText) && eventText[k] != "" {
		return eventText[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// Event is one thing a container did. Which fields are set depends on
// Kind (see the constants).
type Event struct {
	Kind EventKind
	// Type is the registered or injected type; Key its name or key.
	Type reflect.Type
	Key  any
	// Lifetime of the registration; Source how instances are made:
	// "constructor", "value", "zero value" (a struct built from its zero
	// value), "unregistered" (an implicit zero value), "abstract", "as"
	// (an interface standing for another registration).
	Lifetime Lifetime
	Source   string
	// Value is the instance; Owner the struct whose Field was set.
	Value any
	Owner any
	Field string
	Tag   string
	// Op is the failed call ("populate", "resolve", ...).
	Op       string
	Duration time.Duration
	Err      error
}

// Observe sets the [Observer] of the container made by [New].
func Observe(o Observer) Option {
	return option("Observe", func(s *optSet) error {
		if o == nil {
			return newErr(ErrBadInput, nil, "Observe(nil)", "")
		}
		s.obs = o
		return nil
	})
}

// emit tells c's observer about ev, if there is one. A panicking observer
// is ignored: reporting must not break the work reported on.
func (c *Container) emit(ev Event) {
	if o := c.root.obs; o != nil {
		_ = callUser(func() error { o.Observe(ev); return nil })
	}
}

// observed reports whether c's tree has an observer.
func (c *Container) observed() bool { return c.root.obs != nil }

// source names how b's instances are made, for events and graphs.
func (b *binding) source() string {
	switch b.kind {
	case kindValue:
		return "value"
	case kindCtor:
		return "constructor"
	case kindAlias:
		return "as"
	case kindAbstract:
		return "abstract"
	}
	if b.auto {
		return "unregistered"
	}
	return "zero value"
}

// LogEvents returns an [Observer] that writes each [Event] to l: failures
// (Failed, and Cleaned with an error) at level Error, everything else at
// level Debug, with the event's fields as attributes ("type", "key",
// "lifetime", "source", "owner", "field", "tag", "op", "duration", "err").
// A nil l means slog.Default().
func LogEvents(l *slog.Logger) Observer {
	if l == nil {
		l = slog.Default()
	}
	return slogObserver{l}
}

type slogObserver struct{ l *slog.Logger }

func (o slogObserver) Observe(ev Event) {
	level := slog.LevelDebug
	if ev.Err != nil {
		level = slog.LevelError
	}
	ctx := context.Background()
	if !o.l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	str := func(k, v string) {
		if v != "" {
			attrs = append(attrs, slog.String(k, v))
		}
	}
	if ev.Type != nil {
		str("type", ev.Type.String())
	}
	if ev.Key != nil {
		str("key", keyString(ev.Key))
	}
	if ev.Kind == Registered || ev.Kind == Built {
		str("lifetime", ev.Lifetime.String())
		str("source", ev.Source)
	}
	if ev.Owner != nil {
		str("owner", reflect.TypeOf(ev.Owner).String())
	}
	str("field", ev.Field)
	str("tag", ev.Tag)
	str("op", ev.Op)
	if ev.Duration > 0 {
		attrs = append(attrs, slog.Duration("duration", ev.Duration))
	}
	if ev.Err != nil {
		attrs = append(attrs, slog.Any("err", ev.Err))
	}
	o.l.LogAttrs(ctx, level, "tagwire "+ev.Kind.String(), attrs...)
}
