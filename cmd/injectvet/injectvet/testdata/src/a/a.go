// Package a has one field per diagnostic of the injectvet analyzer, and
// registrations, so that unknown names are reported.
package a

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

type DB struct{ DSN string }

type Logger struct{}

type Store interface{ Get() string }

type Config struct {
	Log *Logger `inject:""`
}

const dsnName = "dsn"

// Parse errors: the error of tags.Lookup, with its hint.
type Parse struct {
	Typo      *DB        `inject:"optinal"`            // want `^Parse\.Typo: inject:"optinal": unknown option "optinal" \(did you mean "optional"\?\)$`
	Colon     *DB        `inject:"name:db"`            // want `^Parse\.Colon: inject:"name:db": unknown option "name:db" \(did you mean "name=db"\?\)$`
	Twice     *DB        `inject:"optional,optional"`  // want `^Parse\.Twice: inject:"optional,optional": option "optional" given twice \(keep one\)$`
	Empty     *DB        `inject:"name="`              // want `^Parse\.Empty: inject:"name=": empty name \(write name=<registered name>, or inject:"" to resolve by type\)$`
	Comma     *DB        `inject:"optional,"`          // want `^Parse\.Comma: inject:"optional,": empty option between commas \(remove the extra comma\)$`
	PrivName  *DB        `inject:"private,name=db"`    // want `^Parse\.PrivName: inject:"private,name=db": "private" contradicts "name=" \(a named value is shared by definition; drop one of the two\)$`
	PrivFact  func() *DB `inject:"private,factory"`    // want `"private" contradicts "factory" \(a factory already builds a fresh instance per call; drop private\)$`
	InlineMix Config     `inject:"inline,optional"`    // want `"inline" cannot be combined with other options \(write inject:"inline" alone\)$`
	Label     *DB        `inject:"label=env"`          // want `label "env" is not key:value`
	Malformed *DB        `inject:"x`                   // want `^Parse\.Malformed: inject:"inject:\\"x": malformed struct tag: .* \(write key:"value" pairs separated by spaces\)$`
	WrongCase *DB        `Inject:""`                   // want `the key "Inject" is not "inject": struct tag keys are case-sensitive \(write inject:""\)$`
	TwoKeys   *DB        `inject:"" inject:"optional"` // want `the inject key appears more than once \(merge the options into one inject:"\.\.\."\)$`
	A, B      *DB        `inject:"privat"`             // want `^Parse\.A, B: inject:"privat": unknown option "privat" \(did you mean "private"\?\)$`
}

// Type errors: the checks of tags.ForField and of the field plan.
type Types struct {
	db          *DB             `inject:""`         // want `^Types\.db: inject:"": inject tag on unexported field db \(tagwire never writes unexported fields: export it as Db, receive the value in an Init method parameter, or remove the tag\)$`
	_           *DB             `inject:""`         // want `^Types\._: inject:"": inject tag on unexported field _ \(tagwire never writes unexported fields: receive the value in an Init method parameter, or remove the tag\)$`
	x, Y        *DB             `inject:"optional"` // want `Types\.x: inject:"optional": inject tag on unexported field x \(.*export it as X,`
	PtrInline   *Config         `inject:"inline"`   // want `^Types\.PtrInline: inject:"inline": "inline" on a field of type \*Config \(a pointer field is injected, not walked: use inject:""\)$`
	IntInline   int             `inject:"inline"`   // want `^Types\.IntInline: inject:"inline": "inline" on a field of type int \(inline walks into a struct value; remove it\)$`
	IfaceInline Store           `inject:"inline"`   // want `"inline" on a field of type Store`
	PtrFactory  *DB             `inject:"factory"`  // want `^Types\.PtrFactory: inject:"factory": "factory" on a field of type \*DB \(a factory field is a func such as func\(\) \(T, error\), a Factory\[T\] or a map of factories\)$`
	CtxFactory  context.Context `inject:"factory"`  // want `"factory" on a field of type context\.Context`
	SlcFactory  []func() *DB    `inject:"factory"`  // want `"factory" on a field of type \[\]func\(\) \*DB`
	Map         map[string]*DB  `inject:""`         // want `^Types\.Map: inject:"": a map field \(map\[string\]\*DB\) needs "private" or a name \(inject:"private" makes an empty map; inject:"name=x" injects the map registered as x\)$`
	MapOptional map[string]int  `inject:"optional"` // want `a map field \(map\[string\]int\) needs "private" or a name`
	priv        map[string]int  `inject:"optional"` // want `a map field` `inject tag on unexported field priv`
	Nested      struct {
		d *DB `inject:""` // want `^Types\.Nested\.d: inject:"": inject tag on unexported field d`
	} `inject:"inline"`
	*Logger `inject:"inline"` // want `^Types\.Logger: inject:"inline": "inline" on a field of type \*Logger \(a pointer field is injected, not walked: use inject:""\)$`
	Config                    // want `^Types\.Config: embedded struct with tagged fields is not inline \(tag the embedded field inject:"inline" so its tagged fields are filled\)$`
}

// Names: this package registers, so unknown names are reported.
type Names struct {
	Addr    string              `inject:"name=addr"`
	DSN     string              `inject:"name=dsn"`
	Typo    string              `inject:"name=adr"`              // want `^Names\.Typo: inject:"name=adr": nothing in package a is registered under the name "adr" \(did you mean "addr"\? or register one with container\.Supply\(c, v, container\.Named\("adr"\)\) or container\.Provide\)$`
	Bare    string              `inject:"primary"`               // want `nothing in package a is registered under the name "primary" \(register one with`
	Opt     *DB                 `inject:"name=replica,optional"` // want `under the name "replica"`
	Resolve *DB                 `inject:"name=resolved"`
	Factory func() (*DB, error) `inject:"factory,name=dsn"`
}

func Wire(ctx context.Context) error {
	c := container.New()
	if err := container.Supply(c, ":8080", container.Named("addr")); err != nil {
		return err
	}
	if err := container.Provide[string](c, func() string { return "postgres://" }, container.Named(dsnName)); err != nil {
		return err
	}
	if err := container.Supply(c, 1, container.Named(42)); err != nil { // an int key: never a tag's name
		return err
	}
	_, err := container.Resolve[*DB](ctx, c, container.Named[string]("resolved"))
	return err
}
