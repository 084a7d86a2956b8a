package httpscope_test

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind (servers
// and their connections are closed by each test's cleanup).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The scope closes after the handler returns, while the server finishes
// the response, so tests wait for the cleanups (bounded; never a timing
// assertion).
const (
	timeoutWait = 5 * time.Second
	tick        = time.Millisecond
)
