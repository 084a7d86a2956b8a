package container

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// Graph describes the object graph that Populate of some targets would
// build: one [GraphNode] per instance (a shared instance once, a Transient
// or private one per place it is injected) and one [GraphEdge] per
// injected field or parameter. Make one with [Container.Graph]; render it
// with [Graph.WriteDOT], [Graph.Explain], or encoding/json, whose output
// follows the json tags below and is stable: nodes and edges come in the
// order of the walk, which is deterministic (fields in declaration order;
// an instance's own injections before the edge that injects it; a node is
// listed when its first edge is).
type Graph struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
}

// A GraphNode is one instance of the graph.
type GraphNode struct {
	// ID is the node's index in Graph.Nodes.
	ID int `json:"id"`
	// Type is the Go type of the instance, e.g. "*store.DB".
	Type string `json:"type"`
	// Name is the name or key of a named registration, else empty.
	Name string `json:"name,omitempty"`
	// Lifetime is "Singleton", "Transient", "PerGraph" or "Scoped"; empty
	// for targets and factories.
	Lifetime string `json:"lifetime,omitempty"`
	// Source says where the value comes from: "target" (a Populate
	// target), "constructor", "value" (a registered value), "zero value"
	// (a registered struct built from its zero value), "unregistered" (a
	// struct built from its zero value without registration), "factory"
	// (a factory the field calls later), "abstract" (awaiting an
	// override).
	Source string `json:"source"`
	// Func is the constructor's name, for Source "constructor".
	Func string `json:"func,omitempty"`
	// Override reports a registration made with Override.
	Override bool `json:"override,omitempty"`

	t reflect.Type
}

// A GraphEdge is one injection: the instance To is set into a field (or
// passed as a parameter) of the instance From.
type GraphEdge struct {
	From int `json:"from"`
	To   int `json:"to"`
	// Field is the field ("Store", "Handlers[1]") or the parameter
	// ("[NewStore arg 0]", "[Init arg 1]") that receives the value.
	Field string `json:"field"`
	// Path is the full path from the root, as error messages give it
	// ("App.API.Store").
	Path string `json:"path"`
	// Tag is the field's inject tag.
	Tag string `json:"tag,omitempty"`
}

// Graph describes the graph Populate of targets would build, without
// building it: it makes the same walk as [Container.Validate] and returns
// the graph with Validate's error. The graph leaves out what failed; the
// error says what that was. Targets are as for Validate; with none, the
// graph covers every registration.
func (c *Container) Graph(ctx context.Context, targets ...any) (*Graph, error) {
	return c.check(ctx, targets, true)
}

// graphRec records a graph during dry calls.
type graphRec struct {
	g    Graph
	keys []any       // the key of each node
	ids  map[any]int // node by key: a *binding (shared), a *frame (a fresh instance or a target) or a *factoryShape
	seen map[GraphEdge]bool
}

func newGraphRec() *graphRec {
	return &graphRec{ids: map[any]int{}, seen: map[GraphEdge]bool{}}
}

// graphMark is what graphRec.save returns.
type graphMark struct{ nodes, edges int }

// save returns the recording's current extent.
func (r *graphRec) save() graphMark {
	if r == nil {
		return graphMark{}
	}
	return graphMark{len(r.g.Nodes), len(r.g.Edges)}
}

// restore forgets what was recorded after m.
func (r *graphRec) restore(m graphMark) {
	if r == nil {
		return
	}
	for _, k := range r.keys[m.nodes:] {
		delete(r.ids, k)
	}
	for _, e := range r.g.Edges[m.edges:] {
		delete(r.seen, e)
	}
	r.keys = r.keys[:m.nodes]
	r.g.Nodes = r.g.Nodes[:m.nodes]
	r.g.Edges = r.g.Edges[:m.edges]
}

// result returns the recorded graph, or nil when none was recorded.
func (r *graphRec) result() *Graph {
	if r == nil {
		return nil
	}
	g := r.g
	return &g
}

// node returns the id of the node with key k, making it with mk.
func (r *graphRec) node(k any, mk func() GraphNode) int {
	if id, ok := r.ids[k]; ok {
		return id
	}
	n := mk()
	n.ID = len(r.g.Nodes)
	r.g.Nodes = append(r.g.Nodes, n)
	r.keys = append(r.keys, k)
	r.ids[k] = n.ID
	return n.ID
}

// bindingNode returns the node of an instance of b: the one of its frame
// fr for an instance of its own, else b's shared one.
func (r *graphRec) bindingNode(fr *frame, b *binding, sc *Container) int {
	var k any = b
	if fr != nil {
		k = fr
	}
	return r.node(k, func() GraphNode {
		n := GraphNode{Type: shortType(b.typ()), Lifetime: b.life.String(), Source: b.source(), t: b.typ()}
		if key := b.key(); key != nil {
			n.Name = nameOf(key)
		}
		if b.kind == kindCtor {
			n.Func = b.r.ctor.shortName()
		}
		n.Override = sc.isOverride(b)
		return n
	})
}

// frameNode returns the node of the instance a frame builds or fills.
func (r *graphRec) frameNode(fr *frame) int {
	switch {
	case fr.b == nil:
		return r.node(fr, func() GraphNode { return GraphNode{Type: shortType(fr.t), Source: "target", t: fr.t} })
	case fr.fl != nil && fr.fl.target:
		return r.node(fr.b, func() GraphNode { return GraphNode{Type: shortType(fr.b.typ()), Source: "target", t: fr.b.typ()} })
	case fr.fl != nil:
		return r.bindingNode(nil, fr.b, fr.b.c)
	}
	return r.bindingNode(fr, fr.b, fr.b.c)
}

// factoryNode returns the node of a factory of shape fx, with an edge
// "builds" to the registration of its product, when it has one.
func (r *graphRec) factoryNode(fx *factoryShape, product *binding, sc *Container) int {
	id, ok := r.ids[fx]
	if ok {
		return id
	}
	id = r.node(fx, func() GraphNode {
		n := GraphNode{Type: shortType(fx.typ), Source: "factory", t: fx.typ}
		if fx.hasKey {
			n.Name = nameOf(fx.key)
		}
		return n
	})
	if product != nil {
		r.addEdge(GraphEdge{From: id, To: r.bindingNode(nil, product, sc), Field: "builds"})
	}
	return id
}

// link records the edge e from the instance at frame from to the node
// that to returns. Nothing is recorded for the roots of a call (from is
// nil), whose own node to makes.
func (r *graphRec) link(from *frame, e edge, to func() int) {
	seg := e.segment()
	if from == nil || seg == "" {
		to()
		return
	}
	path := pathOf(from)
	if seg[0] != '[' {
		path += "."
	}
	ge := GraphEdge{From: r.frameNode(from), Field: seg, Path: path + seg, Tag: e.tag}
	ge.To = to()
	r.addEdge(ge)
}

// addEdge records e once.
func (r *graphRec) addEdge(e GraphEdge) {
	if !r.seen[e] {
		r.seen[e] = true
		r.g.Edges = append(r.g.Edges, e)
	}
}

// importPaths matches the import paths that reflect writes into the names
// of generic types ("Factory[*example.com/app/store.DB]").
var importPaths = regexp.MustCompile(`[\w.~-]+(/[\w.~-]+)*/`)

// shortType renders t as Go source would in its package's importers:
// package names, no import paths.
func shortType(t reflect.Type) string { return importPaths.ReplaceAllString(t.String(), "") }

// nameOf renders a registration's name or key for a graph.
func nameOf(key any) string {
	if s, ok := key.(string); ok {
		return s
	}
	return fmt.Sprint(key)
}

// isOverride reports whether b is an override layer.
func (c *Container) isOverride(b *binding) bool {
	if b.r == nil {
		return false
	}
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	e := b.c.entryLocked(regKey{b.tid, b.key()})
	return e != nil && slices.Contains(e.over, b)
}

// WriteDOT writes g in the Graphviz DOT language: targets as bold boxes,
// Singletons as rounded boxes, Scoped instances as hexagons, PerGraph ones
// as octagons, Transient ones as ellipses, registered values as notes and
// factories as components; overrides are drawn dashed, and each edge is
// labelled with its field or parameter (and the name it asks for).
// Render it with `dot -Tsvg`.
func (g *Graph) WriteDOT(w io.Writer) error {
	var b strings.Builder
	b.WriteString("digraph tagwire {\n\trankdir=LR;\n\tnode [fontname=\"Helvetica\", fontsize=11];\n\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	for _, n := range g.Nodes {
		label := n.Type
		if n.Name != "" {
			label += "\\nname=" + n.Name
		}
		switch {
		case n.Func != "":
			label += "\\n" + n.Func + "()"
		case n.Source != "" && n.Source != "target":
			label += "\\n(" + n.Source + ")"
		}
		shape, style, fill := dotLook(n)
		if n.Override {
			style += ",dashed"
		}
		fmt.Fprintf(&b, "\tn%d [label=%s, shape=%s, style=%q, fillcolor=%q];\n", n.ID, dotQuote(label), shape, style, fill)
	}
	for _, e := range g.Edges {
		label := e.Field
		if e.Tag != "" {
			label += "\\n" + e.Tag
		}
		fmt.Fprintf(&b, "\tn%d -> n%d [label=%s];\n", e.From, e.To, dotQuote(label))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// dotLook returns a node's shape, style and fill colour.
func dotLook(n GraphNode) (shape, style, fill string) {
	switch {
	case n.Source == "target":
		return "box", "bold,filled", "#ffffff"
	case n.Source == "factory":
		return "component", "filled", "#e8e0f8"
	case n.Source == "value":
		return "note", "filled", "#fff4cc"
	}
	switch n.Lifetime {
	case "Scoped":
		return "hexagon", "filled", "#ffe0c0"
	case "PerGraph":
		return "octagon", "filled", "#d8f0d8"
	case "Transient":
		return "ellipse", "filled", "#eeeeee"
	}
	return "box", "rounded,filled", "#d8e8ff"
}

// dotQuote quotes s as a DOT string, keeping the \n line breaks in it.
func dotQuote(s string) string {
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}

// Explain describes in words where the instances of type t come from and
// everything they pull in, one line per injection, indented by depth. A
// shared instance met again is named and not expanded again.
func (g *Graph) Explain(t reflect.Type) string {
	var b strings.Builder
	out := make([][]GraphEdge, len(g.Nodes))
	in := make([][]GraphEdge, len(g.Nodes))
	for _, e := range g.Edges {
		out[e.From] = append(out[e.From], e)
		in[e.To] = append(in[e.To], e)
	}
	found := false
	for _, n := range g.Nodes {
		if n.t != t && n.Type != shortType(t) {
			continue
		}
		found = true
		fmt.Fprintf(&b, "%s\n", describeNode(n))
		for _, e := range in[n.ID] {
			fmt.Fprintf(&b, "  injected into %s\n", e.Path)
		}
		if len(out[n.ID]) > 0 {
			b.WriteString("  pulls in:\n")
			seen := map[int]bool{n.ID: true}
			g.explainTree(&b, out, n.ID, 2, seen)
		}
	}
	if !found {
		fmt.Fprintf(&b, "%v is not in the graph\n", t)
	}
	return b.String()
}

// explainTree writes the injections below node id.
func (g *Graph) explainTree(b *strings.Builder, out [][]GraphEdge, id, depth int, seen map[int]bool) {
	for _, e := range out[id] {
		n := g.Nodes[e.To]
		fmt.Fprintf(b, "%s%s: %s", strings.Repeat("  ", depth), e.Field, describeNode(n))
		if seen[n.ID] {
			b.WriteString(" (shown above)\n")
			continue
		}
		b.WriteString("\n")
		seen[n.ID] = true
		g.explainTree(b, out, n.ID, depth+1, seen)
	}
}

// describeNode renders a node for Explain.
func describeNode(n GraphNode) string {
	s := n.Type
	if n.Name != "" {
		s += " named " + n.Name
	}
	var how []string
	if n.Lifetime != "" {
		how = append(how, n.Lifetime)
	}
	switch {
	case n.Func != "":
		how = append(how, "constructor "+n.Func)
	default:
		how = append(how, n.Source)
	}
	if n.Override {
		how = append(how, "override")
	}
	return s + " (" + strings.Join(how, ", ") + ")"
}
