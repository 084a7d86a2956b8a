module github.com/tagwire/tagwire/cmd/tagwiregen

go 1.26.0

require (
	github.com/stretchr/testify v1.12.1
	github.com/tagwire/tagwire v0.0.0
	golang.org/x/tools v0.52.0
)

require (
	github.com/fatih/structtag v1.2.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
)

replace github.com/tagwire/tagwire => ../..
