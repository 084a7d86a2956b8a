// A look-alike of tagwire for the injectvet tests. analysistest loads the
// test packages in GOPATH mode, where this file is ignored;
// ../../../../../../testdata/vet (the go vet -vettool test) replaces
// github.com/tagwire/tagwire with this directory, a module.
module github.com/tagwire/tagwire

go 1.26
