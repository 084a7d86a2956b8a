package container_test

// Shared helpers of the lifecycle tests (scopes, cleanup, rollback, Run).
// Every identifier declared here starts with "lc".

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Test types that stand for resources have a "_ byte" field: pointers to
// distinct zero-sized values may be equal, which would defeat the identity
// checks (NotSame, per-instance close counts).

// lcLog is a concurrency-safe event log shared by the instances of one
// test (registered with container.Supply and injected by type). It also
// counts, per instance, how many times it was closed.
type lcLog struct {
	mu      sync.Mutex
	events  []string
	closes  map[any]int
	created []any
}

func lcNewLog() *lcLog { return &lcLog{closes: map[any]int{}} }

// add appends an event.
func (l *lcLog) add(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, fmt.Sprintf(format, args...))
}

// open records that v (called name) was created.
func (l *lcLog) open(v any, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.created = append(l.created, v)
	l.events = append(l.events, "open:"+name)
}

// closed records that v (called name) was closed.
func (l *lcLog) closed(v any, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closes == nil {
		l.closes = map[any]int{}
	}
	l.closes[v]++
	l.events = append(l.events, "close:"+name)
}

// all returns a copy of every event.
func (l *lcLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.events)
}

// with returns the events starting with prefix, prefix removed.
func (l *lcLog) with(prefix string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.events {
		if s, ok := strings.CutPrefix(e, prefix); ok {
			out = append(out, s)
		}
	}
	return out
}

// closeCount returns how many times v was closed.
func (l *lcLog) closeCount(v any) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closes[v]
}

// createdList returns every instance recorded with open, in order.
func (l *lcLog) createdList() []any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.created)
}

// lcReverse returns a reversed copy of s.
func lcReverse[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// lcRequireEachClosedOnce fails unless every instance recorded with open
// was closed exactly once.
func lcRequireEachClosedOnce(t *testing.T, l *lcLog) {
	t.Helper()
	for _, v := range l.createdList() {
		require.Equalf(t, 1, l.closeCount(v), "%T %p: closed %d times, want 1", v, v, l.closeCount(v))
	}
}

// lcAssertNotAmong fails if v is identical (==, pointer identity) to an
// element of list. testify's NotContains compares deeply, which treats two
// distinct instances with equal fields as the same.
func lcAssertNotAmong(t *testing.T, list []any, v any, msgAndArgs ...any) bool {
	t.Helper()
	for _, x := range list {
		if x == v {
			return assert.Fail(t, fmt.Sprintf("%T %p is one of the instances of the failed call", v, v), msgAndArgs...)
		}
	}
	return true
}
