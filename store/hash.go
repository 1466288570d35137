package store

import (
	"encoding/hex"
	"fmt"

	"github.com/storywatch/storywatch"
)

// A version's text hash (storywatch.Version.TextHash) is not stored: it is
// recomputed from the text read back, so it can never disagree with it, and
// the 8 bytes it would take are saved on every version. What is stored is
// hash16, its first 16 bits as a signed integer (SQLite keeps it in 2
// bytes): enough to pick out the few versions a revert lookup must decode.

// hash16 is the stored prefix of a text hash, false if h is not one (at
// least 4 hex digits).
func hash16(h string) (int16, bool) {
	if len(h) < 4 {
		return 0, false
	}
	b, err := hex.DecodeString(h[:4])
	if err != nil {
		return 0, false
	}
	return int16(uint16(b[0])<<8 | uint16(b[1])), true
}

// versionHash is the hash of v's text, refusing a hash the caller set that
// is not that one: the store answers for the hash it hands back.
func versionHash(v *storywatch.Version) (string, error) {
	h := v.TextHash()
	if v.Hash != "" && v.Hash != h {
		return "", fmt.Errorf("version hash %q is not the hash of its text (%s): %w", v.Hash, h, storywatch.ErrInvalid)
	}
	return h, nil
}
