module github.com/tagwire/tagwire

go 1.26

require github.com/fatih/structtag v1.2.0

require go.uber.org/goleak v1.3.0

require (
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
