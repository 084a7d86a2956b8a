module github.com/tagwire/tagwire/bench/peers

go 1.26.0

require (
	github.com/codegangsta/inject v0.0.0-20150114235600-33e0aa1cb7c0
	github.com/google/wire v0.7.0
	github.com/samber/do/v2 v2.0.0
	github.com/tagwire/tagwire v0.0.0
	go.uber.org/dig v1.19.0
	go.uber.org/fx v1.24.0
)

require (
	github.com/fatih/structtag v1.2.0 // indirect
	github.com/google/subcommands v1.2.0 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	github.com/samber/go-type-to-string v1.8.0 // indirect
	github.com/tagwire/tagwire/cmd/tagwiregen v0.0.0 // indirect
	go.uber.org/multierr v1.10.0 // indirect
	go.uber.org/zap v1.26.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

replace github.com/tagwire/tagwire => ../..

replace github.com/tagwire/tagwire/cmd/tagwiregen => ../../cmd/tagwiregen

tool (
	github.com/google/wire/cmd/wire
	github.com/tagwire/tagwire/cmd/tagwiregen
)
