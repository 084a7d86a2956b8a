package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExamples runs the generator on the Populate roots of every example
// program: each either generates, or is refused with errors that name the
// feature and the field, never half-generated.
func TestExamples(t *testing.T) {
	for _, tc := range []struct {
		dir, typ, decl, preset string
		want                   []string // substrings of the error; none: generates
	}{
		{dir: "generated", typ: "App", decl: "wiring"},
		{dir: "legacy", typ: "App", preset: "Clock"},
		{dir: "legacy", typ: "App", want: []string{"main.go:", "App.Clock: ErrNotFound: nothing implements Clock"}},
		{dir: "legacy", typ: "Reports", want: []string{"Reports.Users.Mailer: ErrNotFound: nothing implements Mailer"}},
		{dir: "quickstart", typ: "App", decl: "wire", want: []string{"declaration function wire must be func wire(c *container.Container, ...) error"}},
		{dir: "quickstart", typ: "App", want: []string{"App.Handler.NewEntry: unsupported: tag inject:\"factory\": factory fields are not generated", `App.Config.Addr: ErrNotFound: no value is registered under the name "addr"`}},
		{dir: "httpservice", typ: "App", want: []string{"App.Handler.C: unsupported: a *container.Container dependency"}},
		// seed002 registers inline (no declaration function); AsFactory is
		// not a generated option, so the func field finds nothing.
		{dir: "seed002", typ: "DelegatedUser", want: []string{"main.go:185:2: DelegatedUser.PhotosFactory: ErrNotFound: nothing is registered for func(context.Context) (*Photo, error)"}},
		{dir: "seed002", typ: "EagerUser"}, // *Photo built from its zero value, as Populate does without registrations
	} {
		t.Run(tc.dir+"/"+tc.typ, func(t *testing.T) {
			dir := filepath.Join("..", "..", "examples", tc.dir)
			before := listDir(t, dir)
			src, err := generate(config{dir: dir, typ: tc.typ, decl: tc.decl, fn: "populate" + tc.typ, out: "x_tagwire.go", preset: tc.preset})
			assert.Equal(t, before, listDir(t, dir), "generate writes nothing")
			if len(tc.want) == 0 {
				require.NoError(t, err)
				assert.Contains(t, string(src), "func populate"+tc.typ+"(ctx context.Context, target *"+tc.typ)
				return
			}
			require.Error(t, err)
			assert.Nil(t, src)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func listDir(t *testing.T, dir string) []string {
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
