package xmlvalid

import (
	"fmt"
	"github.com/qgen-project/qgen/internal/xmltext"
	"regexp"
	"sort"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// xmlDeclVersion matches the start of the XML declaration's content.
var xmlDeclVersion = regexp.MustCompile(`^version[ \t\r\n]*=[ \t\r\n]*("1\.[0-9]+"|'1\.[0-9]+')`)

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
		if r == utf8.RuneError && n == 1 || !xmltext.IsChar(r) {
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
