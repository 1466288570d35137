package scraper

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// maxPrescan bounds how far into the page we look for a <meta> charset.
// x/net/html/charset stops at 1024 bytes, but news pages often put several
// kilobytes of inline script before it.
const maxPrescan = 256 << 10

// decodeHTML converts body to UTF-8. Order: BOM, Content-Type charset,
// <meta> anywhere in the head; without any declaration a body that is valid
// UTF-8 is UTF-8, otherwise the sniffed encoding (windows-1252 by default).
// It returns the decoded body and the name of the encoding used.
func decodeHTML(body []byte, contentType string) ([]byte, string, error) {
	enc, name := detectCharset(body, contentType)
	if enc == nil || name == "utf-8" {
		if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
			body = body[3:]
		}
		if !utf8.Valid(body) {
			body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
		return body, "utf-8", nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, name, fmt.Errorf("decode %s: %w", name, err)
	}
	return out, name, nil
}

func detectCharset(body []byte, contentType string) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return nil, "utf-8"
	case bytes.HasPrefix(body, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(body, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	label := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	if label == "" {
		label = metaCharset(body)
	}
	if enc, name := lookupCharset(label); name != "" {
		// A page declaring a legacy charset whose non-ASCII bytes form valid
		// UTF-8 was converted by its CMS without the declaration being
		// fixed; real legacy-encoded text is almost never valid UTF-8.
		if enc != nil && hasHighBytes(body) && utf8.Valid(body) {
			return nil, "utf-8"
		}
		return enc, name
	}
	if utf8.Valid(body) {
		return nil, "utf-8"
	}
	enc, name, _ := charset.DetermineEncoding(body, "text/html")
	return enc, name
}

func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.TrimSpace(strings.Trim(label, `"'`))
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, _ := htmlindex.Name(enc)
	if name == "utf-8" {
		return nil, name
	}
	// A UTF-16 label inside an ASCII-compatible document is a lie (WHATWG).
	if name == "utf-16be" || name == "utf-16le" {
		return nil, "utf-8"
	}
	return enc, name
}

// metaCharset finds <meta charset> or <meta http-equiv=content-type> before
// the body starts.
func metaCharset(body []byte) string {
	if len(body) > maxPrescan {
		body = body[:maxPrescan]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				var cs, httpEquiv, content string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch string(k) {
					case "charset":
						cs = string(v)
					case "http-equiv":
						httpEquiv = strings.ToLower(string(v))
					case "content":
						content = string(v)
					}
				}
				if cs != "" {
					return cs
				}
				if httpEquiv == "content-type" {
					if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
						return params["charset"]
					}
				}
			}
		}
	}
}

func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
