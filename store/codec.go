package store

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Codecs of a version row (versions.codec) and of a facts row (facts.codec).
const (
	// codecFull: every blob a plain zstd frame, no dictionary. The first
	// layout; rows written with it stay readable.
	codecFull = "zstd"
	// codecFullText: parts and facts plain zstd; the raw HTML is compressed
	// with the version's own text as dictionary.
	codecFullText = "zstd-full"
	// codecDelta: parts and facts compressed with the previous version's
	// bytes as dictionary; the HTML with the previous HTML followed by this
	// version's text. base_version names the version it depends on.
	codecDelta = "zstd-delta"
)

// compressor encodes and decodes blobs, optionally against a raw dictionary
// (zstd "patch-from": dictionary id 0, so no id is written in the frame).
type compressor struct {
	level zstd.EncoderLevel
	dec   sync.Pool // *zstd.Decoder without dictionary
}

func newCompressor(level int) *compressor {
	return &compressor{level: zstd.EncoderLevel(level)}
}

func (c *compressor) encode(src, dict []byte) ([]byte, error) {
	opts := []zstd.EOption{
		zstd.WithEncoderLevel(c.level),
		zstd.WithEncoderConcurrency(1),
		// The row's hash already guards the content; 4 bytes per blob saved.
		zstd.WithEncoderCRC(false),
		zstd.WithZeroFrames(true),
	}
	if len(dict) > 0 {
		opts = append(opts, zstd.WithEncoderDictRaw(0, dict))
		opts = append(opts, zstd.WithWindowSize(windowFor(len(dict)+len(src))))
	}
	enc, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		return nil, fmt.Errorf("zstd encoder: %w", err)
	}
	defer enc.Close()
	return enc.EncodeAll(src, nil), nil
}

func (c *compressor) decode(blob, dict []byte) ([]byte, error) {
	if len(dict) == 0 {
		d, _ := c.dec.Get().(*zstd.Decoder)
		if d == nil {
			var err error
			d, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
			if err != nil {
				return nil, fmt.Errorf("zstd decoder: %w", err)
			}
		}
		out, err := d.DecodeAll(blob, nil)
		c.dec.Put(d)
		if err != nil {
			return nil, fmt.Errorf("zstd decode: %w", err)
		}
		return out, nil
	}
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderDictRaw(0, dict))
	if err != nil {
		return nil, fmt.Errorf("zstd decoder: %w", err)
	}
	defer d.Close()
	out, err := d.DecodeAll(blob, nil)
	if err != nil {
		return nil, fmt.Errorf("zstd decode with dictionary: %w", err)
	}
	return out, nil
}

// windowFor returns a zstd window (a power of two) that reaches back over
// the whole dictionary, so every part of the previous version can be copied.
func windowFor(n int) int {
	w := zstd.MinWindowSize
	for w < n && w < zstd.MaxWindowSize {
		w <<= 1
	}
	return w
}
