// A module for cmd/injectvet's tests, which run injectvet on it on its own
// and as a go vet tool. tagwire is replaced with the look-alike that the
// analyzer's tests use, so the module builds without a network or go.sum.
module example.com/vet

go 1.26

require github.com/tagwire/tagwire v0.0.0

replace github.com/tagwire/tagwire => ../../injectvet/testdata/src/github.com/tagwire/tagwire
