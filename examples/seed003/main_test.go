package main

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	assert.Contains(t, got, "di.Arg -> container.Args:\n  user1 = User(main_photo=Photo#1)\n  user2 = User(main_photo=Photo#2)")
	assert.Contains(t, got, "di.KwArg -> container.Field:\n  user1 = User(main_photo=Photo#1)")
	assert.Contains(t, got, "di.Attribute -> container.Field:\n  user1 = User(main_photo=Photo#1, credit_card=CreditCard#1)")
	assert.Contains(t, got, "method calls, in the order given: SetMainPhoto, SetCreditCard(main photo already set: true)")
	assert.Contains(t, got, "user1 = User(id=1, main_photo=Photo#1, credit_card=CreditCard#1)")
	assert.Contains(t, got, "photos built before anyone asks: 0")
	assert.Contains(t, got, "user1.main_photo = Photo#1, user2.main_photo = Photo#2")
	assert.Contains(t, got, "user1 = User(id=1, main_photo=Photo#1, credit_card=CreditCard#1)\n  user2 = User(id=2, ")
	// The context-priority lines are checked by TestContextPriority and
	// Example_contextPriority.
}

// Context keyword arguments (call-time Field) win over KwArg injections
// (registration Field), and the replaced providers are not evaluated
// (3.x semantics; 0.10 evaluated them). Regression test: broken up to
// 283433e, fixed in f36df68 (see also examples/seed002).
func TestContextPriority(t *testing.T) {
	ctx := context.Background()
	c, users, err := userFactory(ctx, NewUserWithID,
		container.Field("MainPhoto", container.Dep[*Photo]()),
		container.Field("CreditCard", container.Dep[*CreditCard]()))
	require.NoError(t, err)
	mainPhotoMock, creditCardMock := &Photo{ID: 100}, &CreditCard{ID: 100}
	user3, err := users.New(ctx, container.Args(3),
		container.Field("MainPhoto", mainPhotoMock), container.Field("CreditCard", creditCardMock))
	require.NoError(t, err)
	assert.Equal(t, 3, user3.ID, "call-time Args fill the constructor's parameters")
	assert.Same(t, mainPhotoMock, user3.MainPhoto, "call-time Field must win over registration Field")
	assert.Same(t, creditCardMock, user3.CreditCard, "call-time Field must win over registration Field")
	seq, err := container.Resolve[*Seq](ctx, c)
	require.NoError(t, err)
	assert.Zero(t, seq.photos, "the replaced Field provider must not be evaluated")
	assert.Zero(t, seq.cards, "the replaced Field provider must not be evaluated")
}

// Method injections run after Field injections, so a method sees the
// attributes ("A method can see attributes that were already injected").
func TestMethodAfterField(t *testing.T) {
	ctx := context.Background()
	_, users, err := userFactory(ctx, NewUser,
		container.Method("SetCreditCard", container.Dep[*CreditCard]()),
		container.Field("MainPhoto", container.Dep[*Photo]()))
	require.NoError(t, err)
	u, err := users.New(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"SetCreditCard(main photo already set: true)"}, u.calls)
}

// Injections naming what does not exist fail at registration.
func TestBadInjections(t *testing.T) {
	c := container.New()
	err := container.Provide[*User](c, NewUser, container.Method("SetPhoto", container.Dep[*Photo]()))
	assert.ErrorIs(t, err, container.ErrBadSignature)
	err = container.Provide[*User](c, NewUser, container.Field("Photo", container.Dep[*Photo]()))
	assert.ErrorIs(t, err, container.ErrBadInput)
	err = container.Provide[*User](c, NewUser, container.Field("MainPhoto", container.Dep[*CreditCard]()))
	assert.ErrorIs(t, err, container.ErrTypeMismatch)
	err = container.Provide[*User](c, NewUserWithPhoto, container.Args("not a photo"))
	assert.ErrorIs(t, err, container.ErrTypeMismatch)
}

func Example_argInjections() {
	_ = argInjections(context.Background(), os.Stdout)
	// Output:
	//   user1 = User(main_photo=Photo#1)
	//   user2 = User(main_photo=Photo#2)
	//   user1 is not user2: true; user1.main_photo is not user2.main_photo: true
}

func Example_kwArgInjections() {
	_ = kwArgInjections(context.Background(), os.Stdout)
	// Output:
	//   user1 = User(main_photo=Photo#1)
	//   user2 = User(main_photo=Photo#2)
	//   user1 is not user2: true; user1.main_photo is not user2.main_photo: true
}

func Example_attributeInjections() {
	_ = attributeInjections(context.Background(), os.Stdout)
	// Output:
	//   user1 = User(main_photo=Photo#1, credit_card=CreditCard#1)
	//   user2 = User(main_photo=Photo#2, credit_card=CreditCard#2)
	//   user1 is not user2: true; user1.main_photo is not user2.main_photo: true
}

func Example_methodInjections() {
	_ = methodInjections(context.Background(), os.Stdout)
	// Output:
	//   user1 = User(main_photo=Photo#1, credit_card=CreditCard#1)
	//   user2 = User(main_photo=Photo#2, credit_card=CreditCard#2)
	//   user1 is not user2: true; user1.main_photo is not user2.main_photo: true
	//   method calls, in the order given: SetMainPhoto, SetCreditCard(main photo already set: true)
}

func Example_contextPriority() {
	_ = contextPriority(context.Background(), os.Stdout)
	// Output:
	//   user1 = User(id=1, main_photo=Photo#1, credit_card=CreditCard#1)
	//   user2 = User(id=2, main_photo=Photo#2, credit_card=CreditCard#2)
	//   user3 = User(id=3, main_photo=Photo#100, credit_card=CreditCard#100)
	//   user3.main_photo is main_photo_mock: true; user3.credit_card is credit_card_mock: true
	//   photos built: 2, credit cards built: 2 (none for user3)
}

func Example_delegation() {
	_ = delegation(context.Background(), os.Stdout)
	// Output:
	//   photos built before anyone asks: 0
	//   user1.main_photo = Photo#1, user2.main_photo = Photo#2
}
