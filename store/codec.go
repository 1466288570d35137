package store

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// A version is one row with one blob, versions.data: a zstd frame of its
// container,
//
//	parts JSON 0x00 facts JSON 0x00 changes JSON 0x00 raw HTML
//
// (encoding/json never writes a 0x00 byte, and the HTML, last, is whatever
// follows the third). One frame and not one per part: each frame of a few
// hundred bytes pays its own header and entropy tables, and within one frame
// later parts match earlier ones for free — the facts' evidence and the
// changes quote the text, the HTML holds the text's new sentences.
// The changes are those of the check that stored the version.

// Codecs of a version row (versions.codec): which container the frame is
// compressed against (zstd "patch-from" with a raw dictionary). Small
// integers: SQLite stores 0 and 1 in the record header alone.
const (
	// codecFull: no dictionary.
	codecFull = 0
	// codecDelta: the container of version n-1 (after frameVocabulary).
	codecDelta = 1
	// codecKey: the container of the previous anchor (after frameVocabulary) (the last version
	// before n that is not a codecDelta one). Every fullEvery-th version is
	// a key, every keysPerFull-th anchor a full copy, so full copies, which
	// cost as much as dozens of deltas, are rare while reading any version
	// still decodes a bounded number of blobs.
	codecKey = 3
)

// keysPerFull is how many anchors (keys and full copies) make one full copy.
// Reading a version decodes at most keysPerFull anchors and fullEvery-1
// deltas.
const keysPerFull = 8

// frameVocabulary starts the dictionary of every delta and key, before
// the container it is compressed against: change records in their stored
// form, so that a kind the previous version's changes lack still costs a
// match and not its keys and phrases as literals. Stored blobs depend on it
// byte for byte (TestFrameVocabularyFrozen): never edit it, only a new
// codec may use another.
const frameVocabulary = `[{"k":"text_changed","f":"text","ns":[1,0,2,0,14,3,0.0215],"e":8},` +
	`{"k":"headline_changed","s":"headline: \"\u0001\" → \"\u0002\"","f":"headline","or":"h","nr":"h","e":7},` +
	`{"k":"figure_changed","s":"killed 2 → 4 (+2)","f":"killed","d":2,"or":"f.0","nr":"f.0","e":3},` +
	`{"k":"figure_changed","s":"injured at least 20 → at least 30 (+10)","f":"injured","d":10,"or":"f.1","nr":"f.1","e":3},` +
	`{"k":"figure_added","s":"new figure: hospitalized 12","f":"hospitalized","nr":"f.2","e":2},` +
	`{"k":"figure_removed","s":"figure dropped: missing 3","f":"missing","or":"f.3","e":1},` +
	`{"k":"person_identified","s":"victim identified: , 48, police officer","f":"person","nr":"p.0","e":2},` +
	`{"k":"person_identified","s":"suspect named: ","f":"person","nr":"p.1","e":2},` +
	`{"k":"person_updated","s":"status of  injured → dead","f":"person.status","eor":"p.0","enr":"p.0","e":5},` +
	`{"k":"person_updated","s":"age of  → ","f":"person.age","o":40,"n":41,"eor":"p.0","enr":"p.0"},` +
	`{"k":"person_removed","s":"no longer mentioned:  (witness)","f":"person","or":"p.2","e":1},` +
	`{"k":"claim_added","s":"responsibility claimed by ","f":"claim","nr":"c.0","e":2},` +
	`{"k":"claim_removed","s":"claim dropped: ","f":"claim","or":"c.0","e":1},` +
	`{"k":"correction_added","s":"correction: ","f":"correction","en":""},` +
	`{"k":"silent_edit","s":"silent edit: text changed but the updated line and dateModified did not"},` +
	`{"k":"revert","s":"text reverted to version ","o":2},{"k":"suspect_version","s":"suspect extraction: ","fv":1}]`

// frameDictionary is what a delta or key is compressed against: the
// vocabulary, then the base container, nearest for the shortest offsets.
func frameDictionary(base []byte) []byte {
	return append(append(make([]byte, 0, len(frameVocabulary)+len(base)), frameVocabulary...), base...)
}

// container is one version decoded: raw is the whole container (what the
// next version is compressed against), the others are slices of it.
type container struct {
	raw, doc, facts, changes, html []byte
}

func packContainer(doc, facts, changes, html []byte) []byte {
	b := make([]byte, 0, len(doc)+len(facts)+len(changes)+len(html)+3)
	b = append(append(b, doc...), 0)
	b = append(append(b, facts...), 0)
	b = append(append(b, changes...), 0)
	return append(b, html...)
}

func unpackContainer(raw []byte) (container, error) {
	c := container{raw: raw}
	rest := raw
	for _, part := range []*[]byte{&c.doc, &c.facts, &c.changes} {
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return c, fmt.Errorf("version container: %d of 3 separators", countSeparators(raw))
		}
		*part, rest = rest[:i:i], rest[i+1:]
	}
	c.html = rest
	return c, nil
}

func countSeparators(raw []byte) int { return min(bytes.Count(raw, []byte{0}), 3) }

// compressor encodes and decodes blobs, optionally against a raw dictionary
// (zstd "patch-from": dictionary id 0, so no id is written in the frame).
// Encoders and decoders are pooled: building one allocates megabytes of
// match tables, far more than a version costs to compress.
type compressor struct {
	level zstd.EncoderLevel
	enc   sync.Pool // *zstd.Encoder without dictionary
	encD  sync.Pool // *zstd.Encoder that last had a dictionary
	dec   sync.Pool // *zstd.Decoder
}

// window bounds how far back a match may reach; dictionaries (previous
// version plus text) larger than this compress less well, never wrongly.
// Every pooled encoder keeps and clears a history of this size on each
// dictionary reset, so it is sized for articles (a few hundred KB of HTML),
// not for the largest page; decoders accept up to maxWindow.
const (
	window    = 1 << 20
	maxWindow = 8 << 20
)

func newCompressor(level int) *compressor {
	return &compressor{level: zstd.EncoderLevel(level)}
}

func (c *compressor) encode(src, dict []byte) ([]byte, error) {
	// Two pools: switching an encoder between "with" and "without"
	// dictionary rebuilds its tables, which is what pooling avoids.
	pool := &c.enc
	if len(dict) > 0 {
		pool = &c.encD
	}
	enc, _ := pool.Get().(*zstd.Encoder)
	if enc == nil {
		opts := []zstd.EOption{
			zstd.WithEncoderLevel(c.level),
			zstd.WithEncoderConcurrency(1),
			zstd.WithWindowSize(window),
			// The row's hash already guards the content; 4 bytes per blob saved.
			zstd.WithEncoderCRC(false),
			zstd.WithZeroFrames(true),
		}
		if len(dict) > 0 {
			opts = append(opts, zstd.WithEncoderDictRaw(0, dict))
		}
		var err error
		if enc, err = zstd.NewWriter(nil, opts...); err != nil {
			return nil, fmt.Errorf("zstd encoder: %w", err)
		}
	} else if len(dict) > 0 {
		if err := enc.ResetWithOptions(nil, zstd.WithEncoderDictRaw(0, dict)); err != nil {
			return nil, fmt.Errorf("zstd encoder: %w", err)
		}
	}
	out := enc.EncodeAll(src, nil)
	pool.Put(enc)
	// Every frame starts with the same 4-byte magic number: not stored.
	return bytes.TrimPrefix(out, zstdMagic), nil
}

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

func (c *compressor) decode(blob, dict []byte) ([]byte, error) {
	d, _ := c.dec.Get().(*zstd.Decoder)
	if d == nil {
		var err error
		d, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(maxWindow))
		if err != nil {
			return nil, fmt.Errorf("zstd decoder: %w", err)
		}
	}
	if len(dict) > 0 {
		if err := d.ResetWithOptions(nil, zstd.WithDecoderDictRaw(0, dict)); err != nil {
			return nil, fmt.Errorf("zstd decoder: %w", err)
		}
	}
	// A frame header descriptor never equals the magic's first byte (its
	// reserved bit is set there), so stripped and whole frames are told apart.
	if !bytes.HasPrefix(blob, zstdMagic) {
		blob = append(append(make([]byte, 0, len(blob)+4), zstdMagic...), blob...)
	}
	out, err := d.DecodeAll(blob, nil)
	if len(dict) > 0 {
		// Forget the dictionary: a frame without one must not pick it up.
		if rerr := d.ResetWithOptions(nil, zstd.WithDecoderDictDelete(0)); rerr != nil {
			return nil, fmt.Errorf("zstd decoder: %w", rerr)
		}
	}
	c.dec.Put(d)
	if err != nil {
		return nil, fmt.Errorf("zstd decode: %w", err)
	}
	return out, nil
}
