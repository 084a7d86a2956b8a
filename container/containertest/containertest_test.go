package containertest_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/container/containertest"
)

// recorder is a TB that keeps what Valid reports.
type recorder struct{ errs []string }

func (*recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

type db struct{}

type app struct {
	DB   *db    `inject:"name=main"`
	Addr string `inject:"name=addr"`
}

func TestValid(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Supply(c, ":80", container.Named("addr")))

	r := &recorder{}
	assert.False(t, containertest.Valid(r, c, (*app)(nil)))
	require.Len(t, r.errs, 1)
	assert.Contains(t, r.errs[0], `validate app.DB (*containertest_test.db, tag inject:"name=main"): not found`)

	require.NoError(t, container.Supply(c, &db{}, container.Named("main")))
	r = &recorder{}
	assert.True(t, containertest.Valid(r, c, (*app)(nil)))
	assert.Empty(t, r.errs)

	// Several problems: one report each.
	r = &recorder{}
	assert.False(t, containertest.Valid(r, container.New(), (*app)(nil)))
	assert.Len(t, r.errs, 2)

	// A bad target: one report.
	r = &recorder{}
	assert.False(t, containertest.Valid(r, c, 42))
	require.Len(t, r.errs, 1)
	assert.Contains(t, r.errs[0], "bad input")

	// The one-line form in a real test.
	containertest.Valid(t, c, (*app)(nil))
}
