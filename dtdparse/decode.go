package dtdparse

import (
	"github.com/qgen-project/qgen/diag"

	"bytes"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/alecthomas/participle/v2/lexer"
)

// encodingDecl finds the encoding pseudo-attribute of a leading text
// declaration, before decoding: every encoding we accept is ASCII-compatible
// there.
var encodingDecl = regexp.MustCompile(`^<\?xml[ \t\r\n][^?]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']`)

// decode turns the bytes of a DTD file into UTF-8 text with line ends
// normalised to "\n" (XML 1.0 section 2.11). It understands a UTF-8 byte-order
// mark, UTF-16 with a byte-order mark, and ISO-8859-1 / US-ASCII declared in a
// text declaration. Other encodings are refused with an error.
func decode(filename string, b []byte) (string, error) {
	start := lexer.Position{Filename: filename, Line: 1, Column: 1}
	var text string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		text = string(b[3:])
		if enc := declaredEncoding(text); enc != "" && !isUTF8Name(enc) {
			return "", ErrorList{{Severity: Error, Pos: start, Msg: "the file starts with a UTF-8 byte-order mark but its text declaration says encoding=\"" + enc + "\"", Source: firstLine(text)}}
		}
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		if len(b)%2 != 0 {
			return "", ErrorList{{Severity: Error, Pos: start, Msg: "UTF-16 input has an odd number of bytes"}}
		}
		u := make([]uint16, 0, len(b)/2-1)
		for i := 2; i+1 < len(b); i += 2 {
			if b[0] == 0xFE {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			} else {
				u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
			}
		}
		text = string(utf16.Decode(u))
		if enc := declaredEncoding(text); enc != "" && !strings.HasPrefix(strings.ToUpper(enc), "UTF-16") && !strings.EqualFold(enc, "UTF16") {
			return "", ErrorList{{Severity: Error, Pos: start, Msg: "the file is UTF-16 (it has a UTF-16 byte-order mark) but its text declaration says encoding=\"" + enc + "\"", Source: firstLine(text)}}
		}
	default:
		text = string(b)
		enc := declaredEncoding(text)
		switch {
		case enc == "" || isUTF8Name(enc):
		case strings.EqualFold(enc, "ISO-8859-1") || strings.EqualFold(enc, "latin1") || strings.EqualFold(enc, "US-ASCII") || strings.EqualFold(enc, "ASCII"):
			rs := make([]rune, len(b))
			for i, c := range b {
				rs[i] = rune(c)
			}
			text = string(rs)
		case strings.HasPrefix(strings.ToUpper(enc), "UTF-16"):
			return "", ErrorList{{Severity: Error, Pos: start, Msg: "the text declaration says encoding=\"" + enc + "\" but the file has no UTF-16 byte-order mark", Source: firstLine(text)}}
		default:
			return "", ErrorList{{Severity: Error, Pos: start, Msg: "unsupported encoding \"" + enc + "\": qgen reads UTF-8, UTF-16 (with a byte-order mark), ISO-8859-1 and US-ASCII", Source: firstLine(text)}}
		}
	}
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	// Invalid UTF-8 is reported by the scanner, where it is.
	return text, nil
}

func declaredEncoding(text string) string {
	m := encodingDecl.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return m[1]
}

func isUTF8Name(enc string) bool {
	return strings.EqualFold(enc, "UTF-8") || strings.EqualFold(enc, "UTF8")
}

func firstLine(text string) string { return diag.SourceLine(text, 1) }
