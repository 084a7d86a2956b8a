// Command injectvet checks tagwire's `inject` struct tags: malformed or
// contradictory tags, tags on unexported fields, "inline" and "factory" on
// fields of the wrong type, and names that nothing in the package
// registers. The checks are those of package
// github.com/tagwire/tagwire/cmd/injectvet/injectvet.
//
// Install it from a clone of the repository:
//
//	cd cmd/injectvet && go install .
//
// Run it on its own,
//
//	injectvet ./...
//
// or as a go vet tool, alone or next to vet's own analyzers:
//
//	go vet -vettool=$(which injectvet) ./...
//
// Add -privateiface (in both modes) to also report inject:"private" on
// interface fields. injectvet -h prints every check and flag.
package main
