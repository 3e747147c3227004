package xmlvalid

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// encodingDecl finds the encoding pseudo-attribute of a leading XML
// declaration, before decoding: every encoding accepted is ASCII-compatible
// there.
var encodingDecl = regexp.MustCompile(`^<\?xml[ \t\r\n][^?]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']`)

// xmlDeclVersion matches the start of the XML declaration's content.
var xmlDeclVersion = regexp.MustCompile(`^version[ \t\r\n]*=[ \t\r\n]*("1\.[0-9]+"|'1\.[0-9]+')`)

// decodeDocument returns the document as UTF-8: without a UTF-8 byte-order
// mark, UTF-16 (with a byte-order mark) decoded, ISO-8859-1 converted. The
// same encodings as dtdparse reads (whose decoder is not exported).
func decodeDocument(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if enc := declaredEncoding(b); enc != "" && !isUTF8Name(enc) {
			return nil, fmt.Errorf("the document starts with a UTF-8 byte-order mark but declares encoding=%q", enc)
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
			return nil, fmt.Errorf("the document is UTF-16 (it has a UTF-16 byte-order mark) but declares encoding=%q", enc)
		}
		return text, nil
	case bytes.HasPrefix(b, []byte{0, '<', 0, '?'}), bytes.HasPrefix(b, []byte{'<', 0, '?', 0}):
		return nil, fmt.Errorf("the document looks like UTF-16 without a byte-order mark, which qgen does not read")
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
		return nil, fmt.Errorf("the document declares encoding=%q but has no UTF-16 byte-order mark", enc)
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

// firstIllegal returns the offset of the first byte of text that is not
// UTF-8 or not an XML character (production [2] Char), or len(text).
// encoding/xml checks character data but not names, comments or processing
// instructions, so the whole text is checked once here.
func firstIllegal(text []byte) int {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && n == 1 || !isChar(r) {
			return i
		}
		i += n
	}
	return len(text)
}

// illegalMessage describes the illegal character at the start of rest.
func illegalMessage(rest []byte) string {
	r, n := utf8.DecodeRune(rest)
	if r == utf8.RuneError && n <= 1 {
		return fmt.Sprintf("invalid UTF-8 (byte 0x%02X)", rest[0])
	}
	return fmt.Sprintf("character %U is not allowed in XML", r)
}

// isChar reports whether r matches the Char production [2].
func isChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// pos returns the position of offset off of the text. Lines end at "\n",
// "\r\n" and a lone "\r"; columns count characters.
func (r *run) pos(off int) lexer.Position {
	if r.lines == nil {
		r.lines = lineStarts(r.text)
	}
	off = max(0, min(off, len(r.text)))
	i := sort.Search(len(r.lines), func(i int) bool { return r.lines[i] > off }) - 1
	// Problems come mostly in document order: count the characters from
	// the previous position when it is earlier on the same line, so that
	// many problems on one long line do not cost quadratic time.
	var col int
	if c := &r.lastPos; c.Line == i+1 && c.Offset <= off {
		col = c.Column + utf8.RuneCount(r.text[c.Offset:off])
	} else {
		col = utf8.RuneCount(r.text[r.lines[i]:off]) + 1
	}
	r.lastPos = lexer.Position{Filename: r.file, Offset: off, Line: i + 1, Column: col}
	return r.lastPos
}

// offsetAt returns the offset of line and column (as pos counts them),
// clamped to the text.
func (r *run) offsetAt(line, col int) int {
	if r.lines == nil {
		r.lines = lineStarts(r.text)
	}
	line = max(1, min(line, len(r.lines)))
	off := r.lines[line-1]
	end := len(r.text)
	if line < len(r.lines) {
		end = r.lines[line]
	}
	for c := 1; c < col && off < end; c++ {
		_, n := utf8.DecodeRune(r.text[off:end])
		off += n
	}
	return off
}

func lineStarts(text []byte) []int {
	starts := []int{0}
	for i, c := range text {
		if c == '\n' || c == '\r' && (i+1 == len(text) || text[i+1] != '\n') {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isSpaceBytes reports whether b is all white space (or empty).
func isSpaceBytes(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// firstNonSpace returns the index of the first byte of b that is not white
// space, or len(b).
func firstNonSpace(b []byte) int {
	for i, c := range b {
		if !isSpace(c) {
			return i
		}
	}
	return len(b)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}
