package docsync

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const root = "../.."

// A block marked with this comment on the line before it shows code that
// is not tagwire's (another library's) or is not a program (an import
// line); it is not checked.
var skip = regexp.MustCompile(`^<!-- docsync: not compiled \(.+\) -->$`)

// markdownBlocks returns the ```go blocks of a markdown file that are not
// marked as not compiled.
func markdownBlocks(t *testing.T, name string) []string {
	data, err := os.ReadFile(filepath.Join(root, name))
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	var blocks []string
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```go" {
			continue
		}
		skipped := i > 0 && skip.MatchString(strings.TrimSpace(lines[i-1]))
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) != "```" {
			j++
		}
		if !skipped {
			blocks = append(blocks, strings.Join(lines[i+1:j], "\n"))
		}
		i = j
	}
	return blocks
}

// docBlocks returns the code blocks (indented lines) of a package's doc
// comment in doc.go, except the tables of tags (blocks whose first line
// starts with inject:).
func docBlocks(t *testing.T, pkg string) []string {
	data, err := os.ReadFile(filepath.Join(root, pkg, "doc.go"))
	require.NoError(t, err)
	var blocks []string
	var cur []string
	flush := func() {
		if len(cur) > 0 && !strings.HasPrefix(strings.TrimSpace(cur[0]), "inject:") {
			blocks = append(blocks, strings.Join(cur, "\n"))
		}
		cur = nil
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "//\t"); ok {
			cur = append(cur, rest)
			continue
		}
		if l == "//" && len(cur) > 0 {
			cur = append(cur, "")
			continue
		}
		flush()
	}
	flush()
	return blocks
}

// normalize removes the common indentation and surrounding blank lines of
// a block, so that a block in a doc and the same code inside a function
// compare equal.
func normalize(s string) string {
	lines := strings.Split(strings.Trim(s, "\n"), "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, "\t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		}
		lines[i] = strings.TrimRight(lines[i], " \t")
	}
	return strings.Join(lines, "\n")
}

// sources returns the normalized text of every Go test file under the
// given directories: where documented code must come from.
func sources(t *testing.T, dirs ...string) []string {
	var out []string
	for _, d := range dirs {
		err := filepath.WalkDir(filepath.Join(root, d), func(p string, e os.DirEntry, err error) error {
			// Example programs are compiled and run by their tests, so any of
			// their files counts; elsewhere only tests and Examples do.
			ok := strings.HasSuffix(p, "_test.go") || d == "examples" && strings.HasSuffix(p, ".go")
			if err != nil || e.IsDir() || !ok {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, normalizeAll(string(data)))
			return nil
		})
		require.NoError(t, err)
	}
	return out
}

// normalizeAll strips every line's leading tabs, so that a block found at
// any depth of indentation matches.
func normalizeAll(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(strings.TrimLeft(l, "\t"), " \t")
	}
	return strings.Join(lines, "\n")
}

func found(block string, srcs []string) bool {
	want := normalizeAll(normalize(block))
	for _, s := range srcs {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

func TestDocumentedCodeIsCompiled(t *testing.T) {
	srcs := sources(t, "examples", "container", "inject")
	docs := map[string][]string{
		"README.md":        markdownBlocks(t, "README.md"),
		"MIGRATING.md":     markdownBlocks(t, "MIGRATING.md"),
		"container/doc.go": docBlocks(t, "container"),
		"inject/doc.go":    docBlocks(t, "inject"),
	}
	for name, blocks := range docs {
		for i, b := range blocks {
			assert.Truef(t, found(b, srcs), "%s, Go block %d is not copied from a test or Example (keep them identical):\n%s", name, i+1, b)
		}
	}
}

func TestSkipMarkerIsRecognised(t *testing.T) {
	assert.True(t, skip.MatchString("<!-- docsync: not compiled (uber-go/dig) -->"))
	assert.False(t, skip.MatchString("<!-- docsync: not compiled -->"), "a reason is required")
	assert.Equal(t, "a\n\tb", normalize("\t\ta\n\t\t\tb\n"))
	assert.True(t, found("x := 1\nif x > 0 {\n\ty()\n}", []string{normalizeAll("func f() {\n\tx := 1\n\tif x > 0 {\n\t\ty()\n\t}\n}")}))
	assert.False(t, found("x := 2", []string{normalizeAll("x := 1")}))
}
