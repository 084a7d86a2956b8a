package suggest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"a", "", 1},
		{"", "abc", 3},
		{"same", "same", 0},
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"optinal", "optional", 1},   // deletion
		{"optionnal", "optional", 1}, // insertion
		{"optiomal", "optional", 1},  // substitution
		{"factroy", "factory", 2},    // a transposition costs two
		{"abc", "xyz", 3},
		{"Optional", "optional", 1}, // case-sensitive
		{"ab", "ba", 2},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			assert.Equal(t, tt.want, Distance(tt.a, tt.b))
			assert.Equal(t, tt.want, Distance(tt.b, tt.a), "symmetric")
		})
	}
}

func TestNearest(t *testing.T) {
	opts := []string{"name", "private", "optional", "inline", "factory"}
	tests := []struct {
		s     string
		cands []string
		limit int
		want  string
	}{
		{"optinal", opts, 3, "optional"},
		{"privat", opts, 3, "private"},
		{"nam", opts, 3, "name"},
		{"OPTIONAL", opts, 3, "optional"}, // case-insensitive
		{"Private", opts, 1, "private"},   // distance 0 after folding
		{"optional", opts, 3, ""},         // an exact match is no suggestion
		{"factroy", opts, 3, "factory"},   // distance 2 < 3
		{"factroy", opts, 2, ""},          // distance 2 is not below 2
		{"optinal", opts, 1, ""},          // distance 1 is not below 1
		{"optinal", opts, 0, ""},
		{"zzzzzzzz", opts, 3, ""},
		{"x", nil, 3, ""},
		{"", []string{"a", "b"}, 2, "a"}, // ties go to the first candidate
		{"ab", []string{"xb", "ay"}, 3, "xb"},
		{"ab", []string{"xy", "ay"}, 3, "ay"}, // the closest, not the first
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			assert.Equal(t, tt.want, Nearest(tt.s, tt.cands, tt.limit))
		})
	}
}
