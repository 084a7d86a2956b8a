// Command seed000 translates clean_ioc's "Factories" page (seed 000) to
// tagwire. The Python factory kinds map to Go constructor shapes:
//
//	def connection_factory(): ...                 func() *Connection
//	async def connection_factory(): ...           func(ctx context.Context) (*Connection, error)
//	def connection_factory(): ... yield ...       func() (*Connection, func(), error)
//	async def connection_factory(): ... yield ... func() (*Connection, func(context.Context) error, error)
//
// Go has no sync/async split: every Resolve takes a context, and a
// constructor that wants it declares a context.Context parameter. A
// generator's teardown (the code after yield) is the cleanup function the
// constructor returns; it runs when the container (or scope) that owns the
// instance closes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tagwire/tagwire/container"
)

// Log collects the output and numbers the connections.
type Log struct {
	w     io.Writer
	conns int
}

// Printf writes a line.
func (l *Log) Printf(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }

// Connection stands for a database connection.
type Connection struct {
	ID     int
	Via    string
	Closed bool
	log    *Log
}

func openConnection(log *Log, via string) *Connection {
	log.conns++
	c := &Connection{ID: log.conns, Via: via, log: log}
	log.Printf("  open connection #%d (%s)", c.ID, via)
	return c
}

// Close closes the connection.
func (c *Connection) Close() {
	c.Closed = true
	c.log.Printf("  close connection #%d", c.ID)
}

// CloseContext closes the connection, honouring ctx (the "await
// connection.close()" of the async generator).
func (c *Connection) CloseContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Close()
	return nil
}

// User is what the repository returns.
type User struct {
	ID   int
	Name string
}

// UserRepository is the service:
//
//	container.register(UserRepository, DbUserRepository)
type UserRepository interface {
	GetUser(ctx context.Context, id int) (User, error)
}

// DbUserRepository is the implementation:
//
//	class DbUserRepository:
//	    def __init__(self, connection: Connection):
type DbUserRepository struct {
	conn *Connection
}

// NewDbUserRepository is DbUserRepository.__init__: its parameter is
// resolved by type, like the Python type hint.
func NewDbUserRepository(conn *Connection) *DbUserRepository {
	return &DbUserRepository{conn: conn}
}

// GetUser is "## DB Logic to get user".
func (r *DbUserRepository) GetUser(ctx context.Context, id int) (User, error) {
	if r.conn.Closed {
		return User{}, errors.New("connection closed")
	}
	return User{ID: id, Name: fmt.Sprintf("user-%d (via connection #%d)", id, r.conn.ID)}, nil
}

// ---------------------------------------------------------------------------
// The four factories. "Factories can also have dependencies": each takes
// the *Log, resolved by type.

// connectionFactory is the plain function factory:
//
//	def connection_factory():
//	    ## DO initialisation to get the connection
//	    return Connection()
func connectionFactory(log *Log) *Connection {
	return openConnection(log, "plain function")
}

// connectionFactoryAsync is the coroutine factory:
//
//	async def connection_factory():
//	    ## Do some asyncio operations
//	    return Connection()
//
// In Go it takes the resolve call's context and may fail.
func connectionFactoryAsync(ctx context.Context, log *Log) (*Connection, error) {
	if err := ctx.Err(); err != nil { // a real dial would select on ctx.Done()
		return nil, err
	}
	return openConnection(log, "ctx-taking constructor"), nil
}

// connectionFactoryGen is the generator factory:
//
//	def connection_factory():
//	    connection = Connection()
//	    yield connection
//	    connection.close()
//
// The code after yield is the returned cleanup.
func connectionFactoryGen(log *Log) (*Connection, func(), error) {
	conn := openConnection(log, "constructor with cleanup")
	return conn, conn.Close, nil
}

// connectionFactoryAsyncGen is the async generator factory:
//
//	async def connection_factory():
//	    connection = Connection()
//	    yield connection
//	    await connection.close()
func connectionFactoryAsyncGen(ctx context.Context, log *Log) (*Connection, func(context.Context) error, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	conn := openConnection(log, "ctx-taking constructor with ctx cleanup")
	return conn, conn.CloseContext, nil
}

// newContainer registers the factory and the repository:
//
//	container = Container()
//	container.register(Connection, factory=connection_factory)
//	container.register(UserRepository, DbUserRepository)
func newContainer(log *Log, factory any, opts ...container.Option) (*container.Container, error) {
	c := container.New()
	return c, errors.Join(
		container.Supply(c, log),
		container.Provide[*Connection](c, factory, opts...),
		container.Provide[UserRepository](c, NewDbUserRepository, opts...),
	)
}

// getUser is
//
//	repo = container.resolve(UserRepository)   # or: await container.resolve_async(UserRepository)
//	user = repo.get_user(10)
func getUser(ctx context.Context, log *Log, r *container.Container) error {
	repo, err := container.Resolve[UserRepository](ctx, r)
	if err != nil {
		return err
	}
	user, err := repo.GetUser(ctx, 10)
	if err != nil {
		return err
	}
	log.Printf("  repo %T -> %s", repo, user.Name)
	return nil
}

func run(w io.Writer) error {
	ctx := context.Background()
	log := &Log{w: w}

	// ## Function
	log.Printf("function factory:")
	c, err := newContainer(log, connectionFactory)
	if err != nil {
		return err
	}
	if err := getUser(ctx, log, c); err != nil {
		return err
	}
	if err := c.Close(ctx); err != nil {
		return err
	}

	// ## Async Function (Coroutine)
	// "Async function factories must only run when using resolve_async":
	// in Go there is one Resolve, and it always carries a context.
	log.Printf("ctx-taking factory (async):")
	c, err = newContainer(log, connectionFactoryAsync)
	if err != nil {
		return err
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = container.Resolve[UserRepository](cancelled, c)
	log.Printf("  with a cancelled context: context.Canceled=%t, nothing opened", errors.Is(err, context.Canceled))
	if err := getUser(ctx, log, c); err != nil {
		return err
	}
	if err := c.Close(ctx); err != nil {
		return err
	}

	// ## Generator
	// "This enables you to run some teardown tasks then the scope or
	// container is ending."
	log.Printf("factory with cleanup (generator):")
	c, err = newContainer(log, connectionFactoryGen)
	if err != nil {
		return err
	}
	if err := getUser(ctx, log, c); err != nil {
		return err
	}
	conn, err := container.Resolve[*Connection](ctx, c)
	if err != nil {
		return err
	}
	log.Printf("  before Close: connection #%d closed=%t", conn.ID, conn.Closed)
	if err := c.Close(ctx); err != nil {
		return err
	}
	log.Printf("  after Close:  connection #%d closed=%t", conn.ID, conn.Closed)
	_, err = container.Resolve[UserRepository](ctx, c)
	log.Printf("  resolving from the closed container: ErrClosed=%t", errors.Is(err, container.ErrClosed))

	// ## Async Generator, in a scope: Scoped instances belong to the scope
	// that resolved them, and their teardown runs when that scope closes.
	log.Printf("factory with ctx cleanup (async generator), Scoped:")
	c, err = newContainer(log, connectionFactoryAsyncGen, container.Scoped)
	if err != nil {
		return err
	}
	for _, name := range []string{"request A", "request B"} {
		s := c.NewScope()
		log.Printf("  %s:", name)
		if err := getUser(ctx, log, s); err != nil {
			return err
		}
		if err := s.Close(ctx); err != nil {
			return err
		}
	}
	return c.Close(ctx)
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
