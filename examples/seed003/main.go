// Command seed003 translates dependency-injector 0.10's "Factory
// providers" page (seed 003, the di. namespace) to tagwire. The Python
// snippets quoted below come from the example files that page includes.
//
// The four injection kinds of 0.10 and their tagwire options:
//
//	di.Arg(value)              container.Args(value, ...)      positional constructor arguments
//	di.KwArg('name', value)    container.Field("Name", value)  Go parameters have no names: a keyword
//	                                                           injection becomes a field injection
//	di.Attribute('name', v)    container.Field("Name", v)      (or an inject:"" tag on the field)
//	di.Method('set_x', v)      container.Method("SetX", v)
//
// Values are passed as they are; providers (container.Dep[T]()) are
// evaluated on every build, like "all injectable values are provided as
// is, except of providers". A di.Factory makes a new object on every call,
// so each registration standing for one is Transient.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tagwire/tagwire/container"
)

// Seq numbers photos and cards so the output shows which are fresh. Every
// container registers it with container.Provide[*Seq](c, nil): built from
// its zero value, one shared instance. The constructors take it as a
// parameter, and a parameter is never filled with an unregistered struct
// built implicitly.
type Seq struct{ photos, cards int }

// Photo is class Photo(object).
type Photo struct{ ID int }

// CreditCard is class CreditCard(object).
type CreditCard struct{ ID int }

// NewPhoto is photos_factory = di.Factory(Photo).
func NewPhoto(seq *Seq) *Photo { seq.photos++; return &Photo{ID: seq.photos} }

// NewCreditCard is credit_cards_factory = di.Factory(CreditCard).
func NewCreditCard(seq *Seq) *CreditCard { seq.cards++; return &CreditCard{ID: seq.cards} }

// User is the class every example builds.
type User struct {
	ID         int
	MainPhoto  *Photo
	CreditCard *CreditCard

	calls []string // the order of method injections
}

func (u *User) String() string {
	var parts []string
	if u.ID != 0 {
		parts = append(parts, fmt.Sprintf("id=%d", u.ID))
	}
	if u.MainPhoto != nil {
		parts = append(parts, fmt.Sprintf("main_photo=Photo#%d", u.MainPhoto.ID))
	}
	if u.CreditCard != nil {
		parts = append(parts, fmt.Sprintf("credit_card=CreditCard#%d", u.CreditCard.ID))
	}
	return "User(" + strings.Join(parts, ", ") + ")"
}

// NewUserWithPhoto is User.__init__(self, main_photo).
func NewUserWithPhoto(mainPhoto *Photo) *User { return &User{MainPhoto: mainPhoto} }

// NewUser is User.__init__(self) with nothing to inject.
func NewUser() *User { return &User{} }

// NewUserWithID is User.__init__(self, id, main_photo, credit_card) with
// the id only: the photo and card become field injections.
func NewUserWithID(id int) *User { return &User{ID: id} }

// SetMainPhoto is def set_main_photo(self, photo).
func (u *User) SetMainPhoto(photo *Photo) {
	u.calls = append(u.calls, "SetMainPhoto")
	u.MainPhoto = photo
}

// SetCreditCard is def set_credit_card(self, credit_card).
func (u *User) SetCreditCard(card *CreditCard) {
	u.calls = append(u.calls, fmt.Sprintf("SetCreditCard(main photo already set: %t)", u.MainPhoto != nil))
	u.CreditCard = card
}

// userFactory registers Photo, CreditCard and User (with opts) on a new
// container and returns the container and the users factory.
func userFactory(ctx context.Context, ctor any, opts ...container.Option) (*container.Container, container.Factory[*User], error) {
	c := container.New()
	err := errors.Join(
		container.Provide[*Seq](c, nil),
		container.Provide[*Photo](c, NewPhoto, container.Transient),
		container.Provide[*CreditCard](c, NewCreditCard, container.Transient),
		container.Provide[*User](c, ctor, append([]container.Option{container.Transient}, opts...)...),
	)
	if err != nil {
		return nil, container.Factory[*User]{}, err
	}
	users, err := container.Resolve[container.Factory[*User]](ctx, c)
	return c, users, err
}

// twoUsers builds two users and reports whether they got fresh photos.
func twoUsers(ctx context.Context, w io.Writer, users container.Factory[*User]) error {
	user1, err := users.New(ctx)
	if err != nil {
		return err
	}
	user2, err := users.New(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  user1 = %v\n  user2 = %v\n", user1, user2)
	fmt.Fprintf(w, "  user1 is not user2: %t; user1.main_photo is not user2.main_photo: %t\n",
		user1 != user2, user1.MainPhoto != user2.MainPhoto)
	return nil
}

// argInjections is factory_init_args.py:
//
//	photos_factory = di.Factory(Photo)
//	users_factory = di.Factory(User, di.Arg(photos_factory))
//	user1 = users_factory()  # Same as: user1 = User(Photo())
func argInjections(ctx context.Context, w io.Writer) error {
	_, users, err := userFactory(ctx, NewUserWithPhoto, container.Args(container.Dep[*Photo]()))
	if err != nil {
		return err
	}
	return twoUsers(ctx, w, users)
}

// kwArgInjections is factory_init_kwargs.py:
//
//	users_factory = di.Factory(User, di.KwArg('main_photo', photos_factory))
//	user1 = users_factory()  # Same as: user1 = User(main_photo=Photo())
func kwArgInjections(ctx context.Context, w io.Writer) error {
	_, users, err := userFactory(ctx, NewUser, container.Field("MainPhoto", container.Dep[*Photo]()))
	if err != nil {
		return err
	}
	return twoUsers(ctx, w, users)
}

// attributeInjections is factory_attribute_injections.py:
//
//	users_factory = di.Factory(User,
//	                           di.Attribute('main_photo', photos_factory),
//	                           di.Attribute('credit_card', credit_cards_factory))
//
// Attributes are set right after the object is created. (Inside the
// codebase the same thing is usually written as inject:"" tags on the
// fields; Field injects from outside the struct.)
func attributeInjections(ctx context.Context, w io.Writer) error {
	_, users, err := userFactory(ctx, NewUser,
		container.Field("MainPhoto", container.Dep[*Photo]()),
		container.Field("CreditCard", container.Dep[*CreditCard]()))
	if err != nil {
		return err
	}
	return twoUsers(ctx, w, users)
}

// methodInjections is factory_method_injections.py:
//
//	users_factory = di.Factory(User,
//	                           di.Method('set_main_photo', photos_factory),
//	                           di.Method('set_credit_card', credit_cards_factory))
//	user1 = users_factory()
//	# Same as: user1 = User()
//	#          user1.set_main_photo(Photo())
//	#          user1.set_credit_card(CreditCard())
func methodInjections(ctx context.Context, w io.Writer) error {
	_, users, err := userFactory(ctx, NewUser,
		container.Method("SetMainPhoto", container.Dep[*Photo]()),
		container.Method("SetCreditCard", container.Dep[*CreditCard]()))
	if err != nil {
		return err
	}
	if err := twoUsers(ctx, w, users); err != nil {
		return err
	}
	u, err := users.New(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  method calls, in the order given: %s\n", strings.Join(u.calls, ", "))
	return nil
}

// contextPriority is factory_init_injections_and_contexts.py:
//
//	users_factory = di.Factory(User,
//	                           di.KwArg('main_photo', photos_factory),
//	                           di.KwArg('credit_card', credit_cards_factory))
//	user1 = users_factory(1)
//	# Same as: user1 = User(1, main_photo=Photo(), credit_card=CreditCard())
//
//	# Context keyword arguments have priority on KwArg injections priority:
//	user3 = users_factory(3, main_photo=main_photo_mock, credit_card=credit_card_mock)
//
// Positional context arguments (container.Args at call time) are passed
// after the registered ones; keyword context arguments (container.Field
// at call time) win over the keyword injections they replace. 0.10 still
// evaluated the replaced injection; tagwire does not (3.x behaviour).
func contextPriority(ctx context.Context, w io.Writer) error {
	c, users, err := userFactory(ctx, NewUserWithID,
		container.Field("MainPhoto", container.Dep[*Photo]()),
		container.Field("CreditCard", container.Dep[*CreditCard]()))
	if err != nil {
		return err
	}
	for _, id := range []int{1, 2} {
		u, err := users.New(ctx, container.Args(id))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  user%d = %v\n", id, u)
	}
	mainPhotoMock, creditCardMock := &Photo{ID: 100}, &CreditCard{ID: 100}
	user3, err := users.New(ctx, container.Args(3),
		container.Field("MainPhoto", mainPhotoMock), container.Field("CreditCard", creditCardMock))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  user3 = %v\n", user3)
	fmt.Fprintf(w, "  user3.main_photo is main_photo_mock: %t; user3.credit_card is credit_card_mock: %t\n",
		user3.MainPhoto == mainPhotoMock, user3.CreditCard == creditCardMock)
	seq, err := container.Resolve[*Seq](ctx, c)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  photos built: %d, credit cards built: %d (none for user3)\n", seq.photos, seq.cards)
	return nil
}

// LazyUser is the User of factory_delegation.py:
//
//	class User(object):
//	    def __init__(self, photos_factory):
//	        self.photos_factory = photos_factory
//	    @property
//	    def main_photo(self):
//	        if not self._main_photo:
//	            self._main_photo = self.photos_factory()
//
//	users_factory = di.Factory(User, photos_factory=di.Delegate(photos_factory))
//
// di.Delegate(photos_factory) is an inject:"factory" tag: the field gets
// the factory, not a photo.
type LazyUser struct {
	PhotosFactory func() (*Photo, error) `inject:"factory"`

	mainPhoto *Photo
}

// MainPhoto builds the photo on first use.
func (u *LazyUser) MainPhoto() (*Photo, error) {
	if u.mainPhoto == nil {
		p, err := u.PhotosFactory()
		if err != nil {
			return nil, err
		}
		u.mainPhoto = p
	}
	return u.mainPhoto, nil
}

// delegation is factory_delegation.py.
func delegation(ctx context.Context, w io.Writer) error {
	c := container.New()
	if err := errors.Join(
		container.Provide[*Seq](c, nil),
		container.Provide[*Photo](c, NewPhoto, container.Transient),
		container.Provide[*LazyUser](c, nil, container.Transient),
	); err != nil {
		return err
	}
	users, err := container.Resolve[container.Factory[*LazyUser]](ctx, c)
	if err != nil {
		return err
	}
	user1, err := users.New(ctx)
	if err != nil {
		return err
	}
	user2, err := users.New(ctx)
	if err != nil {
		return err
	}
	seq, err := container.Resolve[*Seq](ctx, c)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  photos built before anyone asks: %d\n", seq.photos)
	p1, err := user1.MainPhoto()
	if err != nil {
		return err
	}
	p2, err := user2.MainPhoto()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  user1.main_photo = Photo#%d, user2.main_photo = Photo#%d\n", p1.ID, p2.ID)
	return nil
}

func run(w io.Writer) error {
	ctx := context.Background()
	for _, part := range []struct {
		title string
		fn    func(context.Context, io.Writer) error
	}{
		{"di.Arg -> container.Args", argInjections},
		{"di.KwArg -> container.Field", kwArgInjections},
		{"di.Attribute -> container.Field", attributeInjections},
		{"di.Method -> container.Method", methodInjections},
		{"context args: Args appended, call-time Field wins over KwArg", contextPriority},
		{"di.Delegate -> inject:\"factory\"", delegation},
	} {
		fmt.Fprintf(w, "%s:\n", part.title)
		if err := part.fn(ctx, w); err != nil {
			return fmt.Errorf("%s: %w", part.title, err)
		}
	}
	return nil
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
