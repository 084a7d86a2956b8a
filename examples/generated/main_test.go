package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedEqualsReflective runs the program both ways: the generated
// populateApp and the container must build, initialise and close the
// graph identically.
func TestGeneratedEqualsReflective(t *testing.T) {
	var gen, refl strings.Builder
	require.NoError(t, run(context.Background(), &gen, false))
	require.NoError(t, run(context.Background(), &refl, true))
	assert.Equal(t, refl.String(), gen.String())
	assert.Equal(t, `open  *DB postgres://db
init  *SQLStore on postgres://db
init  *Users (metrics shared: true)
init  *App on :8080
serve [ada grace] (request 1)
close *DB postgres://db
`, gen.String())
}

// TestGeneratedCancelledContext: both ways report the context's error and
// build nothing.
func TestGeneratedCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, reflect := range []bool{false, true} {
		var out strings.Builder
		err := run(ctx, &out, reflect)
		require.ErrorIs(t, err, context.Canceled, "reflect=%v", reflect)
		assert.Empty(t, out.String(), "reflect=%v", reflect)
	}
}
