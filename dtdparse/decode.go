package dtdparse

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/internal/xmltext"
)

// decode turns the bytes of a DTD file into UTF-8 text with line ends
// normalised to "\n" (XML 1.0 section 2.11). It reads what xmltext.Decode
// reads: UTF-8 with or without a byte-order mark, UTF-16 with one, and
// ISO-8859-1 / US-ASCII declared in a text declaration; anything else is an
// error at the start of the file.
func decode(filename string, b []byte) (string, error) {
	utf8, err := xmltext.Decode(b)
	if err != nil {
		return "", ErrorList{{Severity: Error, Pos: lexer.Position{Filename: filename, Line: 1, Column: 1}, Msg: err.Error(), Source: diag.SourceLine(string(b), 1)}}
	}
	text := string(utf8)
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	// Invalid UTF-8 is reported by the scanner, where it is.
	return text, nil
}
