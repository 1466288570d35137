package store

import (
	"encoding/hex"
	"strings"
)

// Version hashes are hex digests (64 characters for SHA-256); stored as
// bytes they take half the room. Anything else is kept verbatim.
const (
	hashHex  = 0
	hashText = 1
)

func encodeHash(h string) []byte {
	if h != "" && len(h)%2 == 0 && strings.ToLower(h) == h {
		if b, err := hex.DecodeString(h); err == nil {
			return append([]byte{hashHex}, b...)
		}
	}
	return append([]byte{hashText}, h...)
}

func decodeHash(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if b[0] == hashHex {
		return hex.EncodeToString(b[1:])
	}
	return string(b[1:])
}
