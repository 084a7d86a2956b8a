// Package docsync has no code: its test checks that every Go block in the
// repository's documentation (README.md, MIGRATING.md and the package
// documentation of container and inject) is copied verbatim from code that
// compiles and runs in the test suite, so that the documentation stays
// true as written.
package docsync
