// Package attribute computes, caches and applies per-type injection plans
// for struct fields ("attribute injection").
//
// A [Plan] lists the tagged fields of one struct type in declaration order,
// with the fields of `inject:"inline"` struct values flattened into it, each
// with its byte offset, type id and parsed [tags.Tag]. Plans are computed
// once per type, the first time the type is seen, and cached for the life of
// the process, the way encoding/json caches its field lists; errors are
// cached too. After that, filling a struct is a loop over a slice: no tag
// parsing, no map access, no reflect.Value.Field walks.
//
// Fields are written through precomputed offsets. Pointer-shaped fields
// (pointers, maps, chans, funcs) and empty interfaces are stored directly;
// every other kind goes through reflect. Only exported fields are ever
// written: a tagged unexported field is an error ([ErrUnexportedField]), not
// a silent skip and not an unsafe write.
//
// This package knows nothing about containers; it answers "which fields,
// where, wanting what" and performs the writes.
package attribute
