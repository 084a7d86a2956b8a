package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Split(strings.TrimRight(s.b.String(), "\n"), "\n")
}

// TestRequestsGetTheirOwnScope sends real requests through the server,
// concurrently, and checks that each got its own transaction and that each
// request's cleanups ran, dependents first.
func TestRequestsGetTheirOwnScope(t *testing.T) {
	out := &syncBuffer{}
	ctx := context.Background()
	url, stop, err := serve(ctx, &Log{w: out})
	require.NoError(t, err)
	client := &http.Client{}

	const n = 8
	bodies := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			method := http.MethodGet
			if i%2 == 1 {
				method = http.MethodPost
			}
			req, _ := http.NewRequestWithContext(ctx, method, url+"/orders", nil)
			resp, err := client.Do(req)
			if !assert.NoError(t, err) {
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	client.CloseIdleConnections()
	require.NoError(t, stop()) // waits for the handlers; the scopes are closed by then

	slices.Sort(bodies)
	assert.Len(t, slices.Compact(slices.Clone(bodies)), n, "every request had its own transaction: %v", bodies)

	lines := out.lines()
	assert.Equal(t, fmt.Sprintf("close DB after %d transactions", n), lines[len(lines)-1])
	for id := 1; id <= n; id++ {
		audit := slices.IndexFunc(lines, func(l string) bool { return strings.HasSuffix(l, fmt.Sprintf(" in tx %d", id)) })
		end := slices.IndexFunc(lines, func(l string) bool {
			return l == fmt.Sprintf("  tx %d rolled back", id) || l == fmt.Sprintf("  tx %d committed", id)
		})
		require.GreaterOrEqual(t, audit, 0, "tx %d was audited: %q", id, lines)
		require.GreaterOrEqual(t, end, 0, "tx %d ended: %q", id, lines)
		if strings.HasSuffix(lines[end], "rolled back") {
			assert.Less(t, audit, end, "the Audit (a dependent) is closed before its Tx's cleanup")
		}
	}
}

// TestRun: the program runs by itself and exits.
func TestRun(t *testing.T) {
	out := &syncBuffer{}
	start := time.Now()
	require.NoError(t, run(context.Background(), out))
	assert.Less(t, time.Since(start), 5*time.Second)
	lines := out.lines()
	assert.Contains(t, lines, `POST /orders -> 200 "tx 2"`)
	assert.Contains(t, lines, "  tx 2 committed")
	assert.Contains(t, lines, "  tx 1 rolled back")
	assert.Equal(t, "close DB after 3 transactions", lines[len(lines)-1])
}
