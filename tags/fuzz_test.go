package tags_test

import (
	"errors"
	"reflect"
	"strconv"
	"testing"

	"github.com/tagwire/tagwire/tags"
)

// FuzzParse checks that Parse never panics, that every accepted value
// survives a round trip through its canonical form, that every rejection is
// a *tags.Error wrapping ErrInvalid, and that Lookup on a struct tag holding
// the value agrees with Parse. Seeds live in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, value string) {
		tag, err := tags.Parse(value)
		if err != nil {
			var te *tags.Error
			if !errors.As(err, &te) {
				t.Fatalf("Parse(%q): error %T %v is not a *tags.Error", value, err, err)
			}
			if !errors.Is(err, tags.ErrInvalid) {
				t.Fatalf("Parse(%q): error %v does not wrap ErrInvalid", value, err)
			}
			if te.Tag != value || te.Struct != "" || te.Field != "" || te.Reason == "" {
				t.Fatalf("Parse(%q): error fields %+v", value, *te)
			}
			if tag != (tags.Tag{}) {
				t.Fatalf("Parse(%q): failed but returned %+v", value, tag)
			}
		} else {
			if tag.Raw != value {
				t.Fatalf("Parse(%q).Raw = %q", value, tag.Raw)
			}
			canon := tag.String()
			if (canon == "") != (value == "") {
				t.Fatalf("Parse(%q).String() = %q", value, canon)
			}
			again, err := tags.Parse(canon)
			if err != nil {
				t.Fatalf("Parse(%q).String() = %q does not parse: %v", value, canon, err)
			}
			if again.Raw != canon {
				t.Fatalf("Parse(%q).Raw = %q", canon, again.Raw)
			}
			again.Raw = tag.Raw
			if again != tag {
				t.Fatalf("round trip of %q through %q: got %+v, want %+v", value, canon, again, tag)
			}
			if s := again.String(); s != canon {
				t.Fatalf("String not idempotent: %q then %q", canon, s)
			}
		}

		// The same value inside a struct tag must give the same answer.
		st := reflect.StructTag(tags.Key + ":" + strconv.Quote(value))
		ltag, ok, lerr := tags.Lookup(st)
		if (lerr == nil) != (err == nil) {
			t.Fatalf("Lookup(%s) error %v, Parse(%q) error %v", st, lerr, value, err)
		}
		if lerr == nil && (!ok || ltag != tag) {
			t.Fatalf("Lookup(%s) = %+v, %v; Parse(%q) = %+v", st, ltag, ok, value, tag)
		}
		if lerr != nil && lerr.Error() != err.Error() {
			t.Fatalf("Lookup(%s) error %q, Parse(%q) error %q", st, lerr, value, err)
		}
	})
}
