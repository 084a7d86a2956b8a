// Package injectvet defines an analyzer that checks tagwire's `inject`
// struct tags at build time, so that the mistakes tagwire would report on
// the first Populate are reported by go vet instead.
//
// The tag grammar is not re-implemented: every tag is parsed with
// [github.com/tagwire/tagwire/tags.Lookup], the parser tagwire itself uses.
// The checks that depend on the field's type mirror
// [github.com/tagwire/tagwire/tags.ForField] and the field plan of package
// [github.com/tagwire/tagwire/attribute], on go/types instead of reflect.
// Messages keep the wording of the tags package:
//
//	Struct.Field: inject:"tag": what is wrong (how to fix it)
//
// [Analyzer]'s Doc (printed by `injectvet -h`) lists the checks. The
// command github.com/tagwire/tagwire/cmd/injectvet runs the analyzer on its
// own or as a go vet tool.
package injectvet
