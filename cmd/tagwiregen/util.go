package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

var errorType = types.Universe.Lookup("error").Type()

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// genErr is one problem found at generation time. Kind names the error
// kind the container reports for the same problem (ErrNotFound, ...), or
// "unsupported" for what tagwiregen does not generate.
type genErr struct {
	pos  token.Position
	kind string
	path string
	msg  string
}

func (e *genErr) Error() string {
	var b strings.Builder
	if e.pos.IsValid() {
		fmt.Fprintf(&b, "%s: ", e.pos)
	}
	if e.path != "" {
		fmt.Fprintf(&b, "%s: ", e.path)
	}
	if e.kind != "" {
		fmt.Fprintf(&b, "%s: ", e.kind)
	}
	b.WriteString(e.msg)
	return b.String()
}

// errList collects problems, each once, in the order found.
type errList struct {
	fset *token.FileSet
	list []*genErr
	seen map[string]bool
}

// add records a problem; kind "" means the declaration or usage is
// unsupported.
func (l *errList) add(pos token.Pos, kind, format string, args ...any) {
	l.addAt(pos, kind, "", fmt.Sprintf(format, args...))
}

func (l *errList) addAt(pos token.Pos, kind, path, msg string) {
	if kind == "" {
		kind = "unsupported"
	}
	e := &genErr{kind: kind, path: path, msg: msg}
	if l.fset != nil && pos.IsValid() {
		e.pos = l.fset.Position(pos)
	}
	l.push(e)
}

// push records e unless the same problem is already recorded.
func (l *errList) push(e *genErr) {
	key := e.Error()
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	if !l.seen[key] {
		l.seen[key] = true
		l.list = append(l.list, e)
	}
}

func (l *errList) err() error {
	if len(l.list) == 0 {
		return nil
	}
	sort.SliceStable(l.list, func(i, j int) bool {
		a, b := l.list[i].pos, l.list[j].pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Line < b.Line
	})
	var b strings.Builder
	for i, e := range l.list {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return fmt.Errorf("%s", b.String())
}

func exprText(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	if err := format.Node(&b, fset, e); err != nil {
		return fmt.Sprint(e)
	}
	return b.String()
}

func assignable(v, t types.Type) bool { return types.AssignableTo(v, t) }

// structOf returns the struct type under *S, or nil.
func structOf(t types.Type) (*types.Struct, types.Type) {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return nil, nil
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return nil, nil
	}
	return st, p.Elem()
}

func isPtrToStruct(t types.Type) bool { st, _ := structOf(t); return st != nil }

// isStd reports whether t is declared in the standard library. Packages of
// mod, the module of the package read, never are, whatever their path
// looks like.
func isStd(t types.Type, mod string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	path := n.Obj().Pkg().Path()
	if mod != "" && (path == mod || strings.HasPrefix(path, mod+"/")) {
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func relativeTo(p *types.Package) types.Qualifier {
	return func(q *types.Package) string {
		if q == p {
			return ""
		}
		return q.Name()
	}
}

// nilable reports whether the zero value of t compares with nil.
func nilable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Map, *types.Slice, *types.Signature, *types.Chan:
		return true
	}
	return false
}
