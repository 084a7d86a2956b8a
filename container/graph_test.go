package container_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type grDB struct{ DSN string }

func newGrDB(dsn string) *grDB { return &grDB{DSN: dsn} }

type grWorker struct {
	DB *grDB `inject:""`
}

type grStore interface{ Get() string }

type grPG struct {
	DB *grDB `inject:""`
}

func (*grPG) Get() string { return "" }

type grOpt struct{}

type grAPI struct {
	Store grStore                      `inject:""`
	W1    *grWorker                    `inject:"private"`
	W2    *grWorker                    `inject:"private"`
	New   container.Factory[*grWorker] `inject:"factory"`
	Opt   *grOpt                       `inject:"name=absent,optional"`
}

func (*grAPI) Init(db *grDB) error { return nil }

type grApp struct {
	Addr string `inject:"name=addr"`
	API  *grAPI `inject:""`
}

func grContainer(t *testing.T) *container.Container {
	t.Helper()
	c := container.New()
	require.NoError(t, container.Supply(c, ":8080", container.Named("addr")))
	require.NoError(t, container.Supply(c, "postgres://db", container.Named("dsn")))
	require.NoError(t, container.Provide[*grDB](c, newGrDB, container.Arg(0, container.Dep[string](container.Named("dsn")))))
	require.NoError(t, container.Provide[*grPG](c, nil, container.As[grStore]()))
	require.NoError(t, container.Provide[*grWorker](c, nil, container.Transient))
	return c
}

func TestGraph_NodesAndEdges(t *testing.T) {
	c := grContainer(t)
	g, err := c.Graph(context.Background(), (*grApp)(nil))
	require.NoError(t, err)

	type node struct{ typ, name, life, source, fn string }
	var nodes []node
	for i, n := range g.Nodes {
		require.Equal(t, i, n.ID)
		nodes = append(nodes, node{n.Type, n.Name, n.Lifetime, n.Source, n.Func})
	}
	assert.Equal(t, []node{
		{"*container_test.grApp", "", "", "target", ""},
		{"string", "addr", "Singleton", "value", ""},
		{"*container_test.grDB", "", "Singleton", "constructor", "container_test.newGrDB"},
		{"string", "dsn", "Singleton", "value", ""},
		{"*container_test.grPG", "", "Singleton", "zero value", ""},
		{"*container_test.grAPI", "", "Singleton", "unregistered", ""},
		{"*container_test.grWorker", "", "Transient", "zero value", ""}, // W1's instance
		{"*container_test.grWorker", "", "Transient", "zero value", ""}, // W2's instance
		{"container.Factory[*container_test.grWorker]", "", "", "factory", ""},
		{"*container_test.grWorker", "", "Transient", "zero value", ""}, // the registration the factory builds
	}, nodes)
	assert.Equal(t, []container.GraphEdge{
		{From: 0, To: 1, Field: "Addr", Path: "grApp.Addr", Tag: "name=addr"},
		{From: 2, To: 3, Field: "[container_test.newGrDB arg 0]", Path: "grApp.API.Store.DB[container_test.newGrDB arg 0]"},
		{From: 4, To: 2, Field: "DB", Path: "grApp.API.Store.DB"},
		{From: 5, To: 4, Field: "Store", Path: "grApp.API.Store"},
		{From: 6, To: 2, Field: "DB", Path: "grApp.API.W1.DB"},
		{From: 5, To: 6, Field: "W1", Path: "grApp.API.W1", Tag: "private"},
		{From: 7, To: 2, Field: "DB", Path: "grApp.API.W2.DB"},
		{From: 5, To: 7, Field: "W2", Path: "grApp.API.W2", Tag: "private"},
		{From: 8, To: 9, Field: "builds"},
		{From: 5, To: 8, Field: "New", Path: "grApp.API.New", Tag: "factory"},
		{From: 5, To: 2, Field: "[Init arg 0]", Path: "grApp.API[Init arg 0]"},
		{From: 0, To: 5, Field: "API", Path: "grApp.API"},
	}, g.Edges, "the optional field whose name is absent has no edge")

	// JSON: the documented schema, stable.
	js, err := json.Marshal(g)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(js), `{"nodes":[{"id":0,"type":"*container_test.grApp","source":"target"},{"id":1,"type":"string","name":"addr","lifetime":"Singleton","source":"value"},`), string(js))
	assert.Contains(t, string(js), `"edges":[{"from":0,"to":1,"field":"Addr","path":"grApp.Addr","tag":"name=addr"},`)
	var back container.Graph
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, g.Edges, back.Edges)
}

func TestGraph_Explain(t *testing.T) {
	g, err := grContainer(t).Graph(context.Background(), (*grApp)(nil))
	require.NoError(t, err)
	assert.Equal(t, `*container_test.grDB (Singleton, constructor container_test.newGrDB)
  injected into grApp.API.Store.DB
  injected into grApp.API.W1.DB
  injected into grApp.API.W2.DB
  injected into grApp.API[Init arg 0]
  pulls in:
    [container_test.newGrDB arg 0]: string named dsn (Singleton, value)
`, g.Explain(reflect.TypeFor[*grDB]()))
	assert.Equal(t, `*container_test.grAPI (Singleton, unregistered)
  injected into grApp.API
  pulls in:
    Store: *container_test.grPG (Singleton, zero value)
      DB: *container_test.grDB (Singleton, constructor container_test.newGrDB)
        [container_test.newGrDB arg 0]: string named dsn (Singleton, value)
    W1: *container_test.grWorker (Transient, zero value)
      DB: *container_test.grDB (Singleton, constructor container_test.newGrDB) (shown above)
    W2: *container_test.grWorker (Transient, zero value)
      DB: *container_test.grDB (Singleton, constructor container_test.newGrDB) (shown above)
    New: container.Factory[*container_test.grWorker] (factory)
      builds: *container_test.grWorker (Transient, zero value)
    [Init arg 0]: *container_test.grDB (Singleton, constructor container_test.newGrDB) (shown above)
`, g.Explain(reflect.TypeFor[*grAPI]()))
	assert.Equal(t, "int is not in the graph\n", g.Explain(reflect.TypeFor[int]()))
}

func TestGraph_DOT(t *testing.T) {
	c := container.New()
	require.NoError(t, container.Supply(c, "postgres://db", container.Named("dsn")))
	require.NoError(t, container.Provide[*grDB](c, newGrDB, container.Arg(0, container.Dep[string](container.Named("dsn")))))
	require.NoError(t, container.Provide[*grWorker](c, nil, container.Transient))
	_, err := container.Override[*grWorker](c, func() *grWorker { return &grWorker{} }, container.Scoped)
	require.NoError(t, err)
	s := c.NewScope()
	defer s.Close(context.Background())
	type app struct {
		W *grWorker `inject:""`
	}
	g, err := s.Graph(context.Background(), (*app)(nil))
	require.NoError(t, err)
	var dot bytes.Buffer
	require.NoError(t, g.WriteDOT(&dot))
	assert.Equal(t, `digraph tagwire {
	rankdir=LR;
	node [fontname="Helvetica", fontsize=11];
	edge [fontname="Helvetica", fontsize=9];
	n0 [label="*container_test.grDB\ncontainer_test.newGrDB()", shape=box, style="rounded,filled", fillcolor="#d8e8ff"];
	n1 [label="string\nname=dsn\n(value)", shape=note, style="filled", fillcolor="#fff4cc"];
	n2 [label="*container_test.grWorker\ncontainer_test.TestGraph_DOT.func1()", shape=hexagon, style="filled,dashed", fillcolor="#ffe0c0"];
	n3 [label="*container_test.app", shape=box, style="bold,filled", fillcolor="#ffffff"];
	n0 -> n1 [label="[container_test.newGrDB arg 0]"];
	n2 -> n0 [label="DB"];
	n3 -> n2 [label="W"];
}
`, dot.String())
}

// TestGraph_WithProblems: the graph leaves out what failed and the error
// says what that was.
func TestGraph_WithProblems(t *testing.T) {
	c := container.New()
	type app struct {
		Addr string `inject:"name=addr"`
		DB   *grDB  `inject:""`
	}
	g, err := c.Graph(context.Background(), (*app)(nil))
	require.ErrorIs(t, err, container.ErrNotFound)
	var e *container.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "app.Addr", e.Path)
	require.Len(t, g.Edges, 1)
	assert.Equal(t, "app.DB", g.Edges[0].Path)
	assert.Equal(t, "unregistered", g.Nodes[g.Edges[0].To].Source)
}

// TestGraph_AllRegistrations: with no targets the graph covers every
// registration, shared instances once.
func TestGraph_AllRegistrations(t *testing.T) {
	c := grContainer(t)
	g, err := c.Graph(context.Background())
	require.NoError(t, err)
	var types []string
	for _, n := range g.Nodes {
		types = append(types, n.Type+" "+n.Name)
	}
	assert.Equal(t, []string{"string addr", "string dsn", "*container_test.grDB ", "*container_test.grPG ", "*container_test.grWorker "}, types)
}
