// Package privateiface is checked with -privateiface.
package privateiface

type Store interface{ Get() string }

type PG struct{}

func (*PG) Get() string { return "" }

type App struct {
	Store  Store       `inject:"private"`          // want `^App\.Store: inject:"private": "private" on a field of interface type Store \(facebookgo/inject rejects it, and tagwire fails when the implementation is a supplied value; drop "private", or make the field the concrete pointer type\)$`
	Any    interface{} `inject:"private,optional"` // want `"private" on a field of interface type interface\{\}`
	Shared Store       `inject:""`
	PG     *PG         `inject:"private"`
}

type Box[T Store] struct {
	V T `inject:"private"` // a type parameter is not an interface field
}
