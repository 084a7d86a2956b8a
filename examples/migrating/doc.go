// Package migrating holds the code of MIGRATING.md as runnable examples:
// every Go block of that file is copied verbatim from an Example function
// here (the test in internal/docsync checks that they stay identical).
package migrating
