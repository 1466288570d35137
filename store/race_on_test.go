//go:build race

package store

// raceBuild shrinks the heaviest property tests under the race detector,
// which slows compression tenfold.
const raceBuild = true
