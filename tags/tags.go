package tags

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/fatih/structtag"

	"github.com/tagwire/tagwire/internal/suggest"
)

// Key is the struct tag key read by tagwire.
const Key = "inject"

// ErrInvalid is wrapped by every error this package returns.
var ErrInvalid = errors.New("invalid inject tag")

// Tag is a parsed `inject` tag value.
type Tag struct {
	// Raw is the tag value exactly as written, without the key and quotes.
	Raw string
	// Name is the value of the name= option, or "" when resolving by type.
	Name string
	// Private asks for a fresh instance for this field only.
	Private bool
	// Optional leaves the field at its zero value when nothing is registered.
	Optional bool
	// Inline walks into a struct-valued field instead of injecting it.
	Inline bool
	// Factory injects a factory for the field's target type.
	Factory bool
	// Label is the value of the label= option, "key:value": the field
	// takes the registration of its type that carries that label.
	Label string
}

// String returns the canonical form of the tag value: the options in the
// fixed order name=, private, inline, factory, label=, optional. Parse(t.String())
// yields t again, except for Raw.
func (t Tag) String() string {
	var opts []string
	if t.Name != "" {
		opts = append(opts, "name="+t.Name)
	}
	if t.Private {
		opts = append(opts, "private")
	}
	if t.Inline {
		opts = append(opts, "inline")
	}
	if t.Factory {
		opts = append(opts, "factory")
	}
	if t.Label != "" {
		opts = append(opts, "label="+t.Label)
	}
	if t.Optional {
		opts = append(opts, "optional")
	}
	return strings.Join(opts, ",")
}

// Error describes an invalid tag. It wraps [ErrInvalid].
type Error struct {
	// Struct is the Go type that declares the field ("" when unknown).
	Struct string
	// Field is the field name ("" when unknown).
	Field string
	// Tag is the offending tag value (or the whole struct tag when it
	// could not be split into keys).
	Tag string
	// Reason says what is wrong.
	Reason string
	// Hint says how to fix it ("" when there is nothing to add).
	Hint string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("tags: ")
	if e.Struct != "" || e.Field != "" {
		b.WriteString(e.Struct)
		if e.Field != "" {
			b.WriteString(".")
			b.WriteString(e.Field)
		}
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "inject:%q: %s", e.Tag, e.Reason)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns [ErrInvalid].
func (e *Error) Unwrap() error { return ErrInvalid }

var known = []string{"name=", "private", "optional", "inline", "factory", "label="}

// Parse parses an inject tag value such as "name=db,optional".
// Errors are [*Error] values without Struct and Field.
func Parse(value string) (Tag, error) {
	t := Tag{Raw: value}
	if value == "" {
		return t, nil
	}
	fail := func(reason, hint string) (Tag, error) {
		return Tag{}, &Error{Tag: value, Reason: reason, Hint: hint}
	}
	items := strings.Split(value, ",")
	if items[0] == "" && len(items) > 1 {
		items = items[1:] // ",optional" reads like encoding/json's ",omitempty"
	}
	seen := map[string]bool{}
	for i, it := range items {
		key := it
		if strings.HasPrefix(it, "label=") {
			key = "label="
		}
		if strings.HasPrefix(it, "name=") || i == 0 && bareName(it) {
			key = "name="
			if !strings.HasPrefix(it, "name=") {
				it = "name=" + it // facebookgo's inject:"db", like encoding/json's first item
			}
		}
		if it == "" {
			return fail("empty option between commas", "remove the extra comma")
		}
		if seen[key] {
			return fail(fmt.Sprintf("option %q given twice", strings.TrimSuffix(key, "=")), "")
		}
		seen[key] = true
		switch key {
		case "name=":
			t.Name = it[len("name="):]
			if t.Name == "" {
				return fail("empty name", `write name=<registered name>, or inject:"" to resolve by type`)
			}
		case "private":
			t.Private = true
		case "optional":
			t.Optional = true
		case "inline":
			t.Inline = true
		case "factory":
			t.Factory = true
		case "label=":
			t.Label = it[len("label="):]
			if k, v, ok := strings.Cut(t.Label, ":"); !ok || k == "" || v == "" {
				return fail(fmt.Sprintf("label %q is not key:value", t.Label), `write label=env:prod`)
			}
		default:
			return fail(fmt.Sprintf("unknown option %q", it), hintFor(it))
		}
	}
	switch {
	case t.Private && t.Name != "":
		return fail(`"private" contradicts "name="`, "a named value is shared by definition; drop one of the two")
	case t.Private && t.Factory:
		return fail(`"private" contradicts "factory"`, "a factory already builds a fresh instance per call; drop private")
	case t.Label != "" && (t.Name != "" || t.Private || t.Factory):
		return fail(`"label=" cannot be combined with "name=", "private" or "factory"`, "a label picks among the registrations of the field's type; drop the other option")
	case t.Inline && len(items) > 1:
		return fail(`"inline" cannot be combined with other options`, `write inject:"inline" alone`)
	}
	return t, nil
}

// bareName reports whether the first item of a tag is a name written
// without name= (facebookgo/inject's inject:"db"): anything that is not an
// option, not a key=value pair, and not one edit or a case change away
// from an option (a typo such as "optinal" is reported, not taken as a
// name).
func bareName(it string) bool {
	if it == "" || strings.Contains(it, "=") || strings.TrimSpace(it) != it {
		return false
	}
	if l := strings.ToLower(it); strings.HasPrefix(l, "name") && len(l) > 4 && strings.ContainsRune(": ", rune(l[4])) {
		return false // "name:db", "name db": a misspelt name=
	}
	for _, k := range known {
		if it == strings.TrimSuffix(k, "=") {
			return false
		}
	}
	names := make([]string, len(known))
	for i, k := range known {
		names[i] = strings.TrimSuffix(k, "=")
	}
	return suggest.Nearest(it, names, 2) == "" // one edit or a case change is a typo
}

// hintFor returns a hint for an unknown option.
func hintFor(opt string) string {
	if i := strings.IndexAny(opt, ":= "); i > 0 && strings.EqualFold(strings.TrimSpace(opt[:i]), "name") {
		return fmt.Sprintf("did you mean %q?", "name="+strings.TrimSpace(strings.TrimLeft(opt[i+1:], ":= ")))
	}
	if strings.TrimSpace(opt) != opt {
		return "options take no spaces"
	}
	names := make([]string, len(known))
	for i, k := range known {
		names[i] = strings.TrimSuffix(k, "=")
	}
	if best := suggest.Nearest(opt, names, 3); best != "" {
		if best == "name" {
			best = "name="
		}
		return fmt.Sprintf("did you mean %q?", best)
	}
	if !strings.Contains(opt, "=") {
		return fmt.Sprintf("to resolve a named value write %q; known options: name=, private, optional, inline, factory, label=", "name="+opt)
	}
	return "known options: name=, private, optional, inline, factory, label="
}

// Lookup finds and parses the inject key of a struct tag. ok is false when
// the tag has no inject key. A struct tag that mentions the key but cannot
// be parsed, or that repeats the key, is an error.
func Lookup(st reflect.StructTag) (t Tag, ok bool, err error) {
	raw := string(st)
	if !strings.Contains(strings.ToLower(raw), Key) {
		return Tag{}, false, nil
	}
	parsed, perr := structtag.Parse(raw)
	if perr != nil {
		if _, has := st.Lookup(Key); !has && !mentionsKey(raw) {
			return Tag{}, false, nil // another library's malformed tag; not ours to judge
		}
		return Tag{}, false, &Error{Tag: raw, Reason: "malformed struct tag: " + perr.Error(), Hint: "write key:\"value\" pairs separated by spaces"}
	}
	n := 0
	var value string
	for _, tg := range parsed.Tags() {
		switch {
		case tg.Key == Key:
			n++
			// Not tg.Value(): it drops a trailing empty option ("optional,").
			value = strings.Join(append([]string{tg.Name}, tg.Options...), ",")
		case strings.EqualFold(tg.Key, Key):
			return Tag{}, false, &Error{Tag: raw, Reason: fmt.Sprintf("the key %q is not %q: struct tag keys are case-sensitive", tg.Key, Key),
				Hint: fmt.Sprintf("write %s:%q", Key, tg.Value())}
		}
	}
	switch n {
	case 0:
		return Tag{}, false, nil
	case 1:
		t, err = Parse(value)
		return t, err == nil, err
	default:
		return Tag{}, false, &Error{Tag: raw, Reason: "the inject key appears more than once", Hint: "merge the options into one inject:\"...\""}
	}
}

// mentionsKey reports whether raw contains "inject:" as a key of its own,
// not as the tail of another key such as "noinject:".
func mentionsKey(raw string) bool {
	for i := 0; ; {
		j := strings.Index(raw[i:], Key+":")
		if j < 0 {
			return false
		}
		j += i
		if j == 0 {
			return true
		}
		switch c := raw[j-1]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-', c == '.':
		default:
			return true
		}
		i = j + 1
	}
}

// ForField parses the inject tag of field f declared in struct type owner
// and checks it against the field's type. ok is false when the field has
// no inject tag. Errors name the struct, the field and the tag.
func ForField(owner reflect.Type, f reflect.StructField) (t Tag, ok bool, err error) {
	t, ok, err = Lookup(f.Tag)
	if err == nil && ok {
		err = checkType(t, f.Type)
	}
	if err != nil {
		var te *Error
		if errors.As(err, &te) {
			te.Struct, te.Field = typeName(owner), f.Name
		}
		return Tag{}, false, err
	}
	return t, ok, nil
}

func checkType(t Tag, ft reflect.Type) error {
	fail := func(reason, hint string) error { return &Error{Tag: t.Raw, Reason: reason, Hint: hint} }
	switch {
	case t.Inline && ft.Kind() != reflect.Struct:
		hint := "inline walks into a struct value; remove it"
		if ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct {
			hint = `a pointer field is injected, not walked: use inject:""`
		}
		return fail(fmt.Sprintf(`"inline" on a field of type %s`, ft), hint)
	case t.Factory:
		switch ft.Kind() {
		case reflect.Func, reflect.Struct, reflect.Map:
		default:
			return fail(fmt.Sprintf(`"factory" on a field of type %s`, ft),
				"a factory field is a func such as func() (T, error), a Factory[T] or a map of factories")
		}
	case ft.Kind() == reflect.Map && !t.Private && t.Name == "":
		return fail(fmt.Sprintf("a map field (%s) needs \"private\" or a name", ft),
			`inject:"private" makes an empty map; inject:"name=x" injects the map registered as x`)
	}
	return nil
}

// typeName renders a struct type for messages: "Server", or the full
// string for unnamed types.
func typeName(t reflect.Type) string {
	if t == nil {
		return ""
	}
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}
