// Package tags parses and validates the `inject` struct tag.
//
// It is the lowest layer of tagwire: it knows the tag grammar and nothing
// about containers. Higher layers ([github.com/tagwire/tagwire/attribute])
// call it once per struct type while they build a cached field plan, so a tag
// is never parsed on a hot path.
//
// # Grammar
//
// The tag value is a comma-separated list of options:
//
//	inject:""                 resolve the field by its type
//	inject:"name=db"          resolve the value registered under the name "db"
//	inject:"private"          a fresh instance for this field only
//	inject:"optional"         leave the zero value when nothing is registered
//	inject:"inline"           walk into a struct-valued field and fill its fields
//	inject:"factory"          inject a factory that builds the type on each call
//
// Options combine with commas ("name=db,optional"; a leading empty element,
// as in ",optional", is allowed for symmetry with encoding/json). Every option
// may appear at most once. These are errors, reported as an [*Error] that
// wraps [ErrInvalid] and names the struct, the field and the tag:
//
//   - an unknown option, or a misspelled one ("optinal", "name:db");
//   - an option given twice;
//   - an empty name ("name=") or an empty option between commas;
//   - contradictions: "private" with "name=", "factory" or "inline";
//     "inline" with anything else;
//   - type mismatches found by [ForField]: "inline" on a field that is not a
//     struct value (a pointer, say), "factory" on a field that is not a func,
//     a struct (such as a Factory[T]) or a map of factories, and a map field
//     that is neither "private", "factory" nor named.
//
// A struct tag that contains the inject key more than once is an error too.
package tags
