package xmltext

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
)

// encodingDecl finds the encoding pseudo-attribute of a leading XML
// declaration, before decoding: every encoding accepted is ASCII-compatible
// there.
var encodingDecl = regexp.MustCompile(`^<\?xml[ \t\r\n][^?]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']`)

// Decode returns the input as UTF-8: without a UTF-8 byte-order
// mark, UTF-16 (with a byte-order mark) decoded, ISO-8859-1 converted. The
// same encodings as dtdparse reads.
func Decode(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if enc := declaredEncoding(b); enc != "" && !isUTF8Name(enc) {
			return nil, fmt.Errorf("the input starts with a UTF-8 byte-order mark but declares encoding=%q", enc)
		}
		return b, nil
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		if len(b)%2 != 0 {
			return nil, fmt.Errorf("UTF-16 input has an odd number of bytes")
		}
		u := make([]uint16, 0, len(b)/2-1)
		for i := 2; i+1 < len(b); i += 2 {
			if b[0] == 0xFE {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			} else {
				u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
			}
		}
		text := []byte(string(utf16.Decode(u)))
		if enc := declaredEncoding(text); enc != "" && !strings.HasPrefix(strings.ToUpper(enc), "UTF-16") && !strings.EqualFold(enc, "UTF16") {
			return nil, fmt.Errorf("the input is UTF-16 (it has a UTF-16 byte-order mark) but declares encoding=%q", enc)
		}
		return text, nil
	case bytes.HasPrefix(b, []byte{0, '<', 0, '?'}), bytes.HasPrefix(b, []byte{'<', 0, '?', 0}):
		return nil, fmt.Errorf("the input looks like UTF-16 without a byte-order mark, which qgen does not read")
	}
	enc := declaredEncoding(b)
	switch {
	case enc == "" || isUTF8Name(enc) || strings.EqualFold(enc, "US-ASCII") || strings.EqualFold(enc, "ASCII"):
		return b, nil
	case strings.EqualFold(enc, "ISO-8859-1") || strings.EqualFold(enc, "latin1"):
		rs := make([]rune, len(b))
		for i, c := range b {
			rs[i] = rune(c)
		}
		return []byte(string(rs)), nil
	case strings.HasPrefix(strings.ToUpper(enc), "UTF-16"):
		return nil, fmt.Errorf("the input declares encoding=%q but has no UTF-16 byte-order mark", enc)
	}
	return nil, fmt.Errorf("unsupported encoding %q: qgen reads UTF-8, UTF-16 (with a byte-order mark), ISO-8859-1 and US-ASCII", enc)
}

func declaredEncoding(b []byte) string {
	m := encodingDecl.FindSubmatch(b)
	if m == nil {
		return ""
	}
	return string(m[1])
}

func isUTF8Name(enc string) bool {
	return strings.EqualFold(enc, "UTF-8") || strings.EqualFold(enc, "UTF8")
}
