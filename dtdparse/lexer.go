package dtdparse

import (
	"fmt"
	"github.com/qgen-project/qgen/internal/xmltext"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types produced by the DTD lexer. They are the symbols of the
// participle grammar in grammar.go.
const (
	// TokS is white space (the S production).
	TokS lexer.TokenType = iota + 1
	// TokName is a name token (Nmtoken); the grammar checks where a Name is required.
	TokName
	// TokKeyword is #PCDATA, #REQUIRED, #IMPLIED or #FIXED.
	TokKeyword
	// TokLiteral is a quoted literal, quotes included.
	TokLiteral
	// TokPERef is a parameter-entity reference %name; (the value is the whole reference).
	TokPERef
	// TokPercent is the '%' of a parameter-entity declaration.
	TokPercent
	// TokPunct is one of ( ) | , ? * + > [.
	TokPunct
	// TokDeclOpen is <!ELEMENT, <!ATTLIST, <!ENTITY or <!NOTATION.
	TokDeclOpen
	// TokCondOpen is the <![ that opens a conditional section.
	TokCondOpen
	// TokCondClose is the ]]> that closes a conditional section.
	TokCondClose
	// TokComment is a comment, delimiters included.
	TokComment
	// TokPI is a processing instruction (or text declaration), delimiters included.
	TokPI
)

var symbols = map[string]lexer.TokenType{
	"EOF":      lexer.EOF,
	"S":        TokS,
	"Name":     TokName,
	"Keyword":  TokKeyword,
	"Literal":  TokLiteral,
	"PERef":    TokPERef,
	"Percent":  TokPercent,
	"Punct":    TokPunct,
	"DeclOpen": TokDeclOpen,
	"CondOpen": TokCondOpen,
	"CondEnd":  TokCondClose,
	"Comment":  TokComment,
	"PI":       TokPI,
}

// Lexer is the participle lexer definition of DTD text. Lexing alone does
// not expand parameter entities or skip IGNORE sections; Parse does both.
var Lexer lexer.Definition = definition{}

type definition struct{}

func (definition) Symbols() map[string]lexer.TokenType { return symbols }

func (d definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexBytes(filename, b)
}

func (definition) LexBytes(filename string, b []byte) (lexer.Lexer, error) {
	text, err := decode(filename, b)
	if err != nil {
		return nil, err
	}
	return &tokenStream{sc: newScanner(filename, text, lexer.Position{Filename: filename, Line: 1, Column: 1})}, nil
}

func (d definition) LexString(filename string, s string) (lexer.Lexer, error) {
	return d.LexBytes(filename, []byte(s))
}

// tokenStream adapts the scanner to participle's lexer.Lexer.
type tokenStream struct{ sc *scanner }

func (t *tokenStream) Next() (lexer.Token, error) {
	tok, d := t.sc.next()
	if d != nil {
		return tok, d
	}
	return tok, nil
}

// scanner turns DTD text into tokens. It keeps line and column (in
// characters) as it goes. A scanner over entity replacement text may pin every
// token to one position (the reference), since replacement text has no place
// of its own in the file.
type scanner struct {
	src      string
	off      int
	pos      lexer.Position
	pinned   bool // every token reports pos as it was at the start
	filename string
}

func newScanner(filename, src string, start lexer.Position) *scanner {
	return &scanner{src: src, pos: start, filename: filename}
}

// advance moves over n bytes, keeping line and column.
func (s *scanner) advance(n int) {
	if s.pinned {
		s.off += n
		return
	}
	end := s.off + n
	for i := s.off; i < end; i++ {
		c := s.src[i]
		if c == '\n' {
			s.pos.Line++
			s.pos.Column = 1
		} else if c < 0x80 || c >= 0xC0 {
			s.pos.Column++
		}
	}
	s.pos.Offset += n
	s.off = end
}

func (s *scanner) errorf(pos lexer.Position, format string, args ...any) *Diagnostic {
	return &Diagnostic{Severity: Error, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (s *scanner) tok(typ lexer.TokenType, n int) lexer.Token {
	t := lexer.Token{Type: typ, Value: s.src[s.off : s.off+n], Pos: s.pos}
	s.advance(n)
	return t
}

// next returns the next token. On a lexical error it returns the error and
// moves past the offending text where that is sound; an unterminated
// construct moves to the end of the input.
func (s *scanner) next() (lexer.Token, *Diagnostic) {
	if s.off >= len(s.src) {
		return lexer.Token{Type: lexer.EOF, Pos: s.pos}, nil
	}
	rest := s.src[s.off:]
	c := rest[0]
	switch {
	case xmltext.IsSpace(c):
		n := 1
		for n < len(rest) && xmltext.IsSpace(rest[n]) {
			n++
		}
		return s.tok(TokS, n), nil
	case c == '<':
		return s.markup(rest)
	case c == '"' || c == '\'':
		end := strings.IndexByte(rest[1:], c)
		if end < 0 {
			pos := s.pos
			s.advance(len(rest))
			return lexer.Token{Type: lexer.EOF, Pos: s.pos}, s.errorf(pos, "unterminated literal: no closing %c for the quote that starts here", c)
		}
		if d := s.checkChars(rest[1:end+1], 1); d != nil {
			s.advance(end + 2)
			return s.next2(d)
		}
		return s.tok(TokLiteral, end+2), nil
	case c == '%':
		if len(rest) > 1 && xmltext.IsSpace(rest[1]) {
			return s.tok(TokPercent, 1), nil
		}
		n := s.nameLen(rest[1:])
		if n == 0 {
			pos := s.pos
			s.advance(1)
			return s.next2(s.errorf(pos, "expected a parameter-entity name after '%%', found %s", describeAt(rest[1:])))
		}
		if 1+n >= len(rest) || rest[1+n] != ';' {
			pos := s.pos
			s.advance(1 + n)
			return s.next2(s.errorf(pos, "expected ';' to end the parameter-entity reference %s, found %s", rest[:1+n], describeAt(rest[1+n:])))
		}
		if r, _ := utf8.DecodeRuneInString(rest[1:]); !xmltext.IsNameStartChar(r) {
			pos := s.pos
			s.advance(n + 2)
			return s.next2(s.errorf(pos, "%q is not a valid name in the parameter-entity reference %s", rest[1:1+n], rest[:n+2]))
		}
		return s.tok(TokPERef, n+2), nil
	case c == '#':
		n := s.nameLen(rest[1:])
		switch rest[:1+n] {
		case "#PCDATA", "#REQUIRED", "#IMPLIED", "#FIXED":
			return s.tok(TokKeyword, 1+n), nil
		}
		pos := s.pos
		s.advance(1 + n)
		return s.next2(s.errorf(pos, "unknown keyword %q: a content model takes #PCDATA; an attribute default is #REQUIRED, #IMPLIED, #FIXED \"value\" or a quoted value", rest[:1+n]))
	case c == ']':
		if strings.HasPrefix(rest, "]]>") {
			return s.tok(TokCondClose, 3), nil
		}
		pos := s.pos
		s.advance(1)
		return s.next2(s.errorf(pos, "unexpected ']' (a conditional section ends with ']]>')"))
	case strings.IndexByte("()|,?*+>[", c) >= 0:
		return s.tok(TokPunct, 1), nil
	}
	if n := s.nameLen(rest); n > 0 {
		return s.tok(TokName, n), nil
	}
	pos := s.pos
	r, size := utf8.DecodeRuneInString(rest)
	s.advance(size)
	if !xmltext.IsChar(r) || r == utf8.RuneError && size == 1 {
		return s.next2(s.errorf(pos, "illegal character %s in DTD", describeRune(r, rest)))
	}
	return s.next2(s.errorf(pos, "unexpected character %q", r))
}

// next2 returns an error together with the position where scanning resumes.
func (s *scanner) next2(d *Diagnostic) (lexer.Token, *Diagnostic) {
	return lexer.Token{Type: lexer.EOF, Pos: s.pos}, d
}

// nameLen returns the length in bytes of the run of name characters at the
// start of s.
func (s *scanner) nameLen(str string) int {
	n := 0
	for n < len(str) {
		c := str[n]
		if c < 0x80 {
			if !xmltext.IsNameChar(rune(c)) {
				return n
			}
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(str[n:])
		if !xmltext.IsNameChar(r) {
			return n
		}
		n += size
	}
	return n
}

// checkChars reports the first character of text that is not a legal XML
// Char; skip is the number of bytes of the token before text.
func (s *scanner) checkChars(text string, skip int) *Diagnostic {
	for i := 0; i < len(text); {
		c := text[i]
		if c >= 0x20 && c < 0x80 || c == '\n' || c == '\t' || c == '\r' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !xmltext.IsChar(r) || r == utf8.RuneError && size == 1 {
			return s.errorf(s.posAfter(skip+i), "illegal character %s", describeRune(r, text[i:]))
		}
		i += size
	}
	return nil
}

// posAfter returns the position n bytes ahead of the scanner.
func (s *scanner) posAfter(n int) lexer.Position {
	if s.pinned {
		return s.pos
	}
	p := s.pos
	end := s.off + n
	for i := s.off; i < end && i < len(s.src); i++ {
		c := s.src[i]
		if c == '\n' {
			p.Line++
			p.Column = 1
		} else if c < 0x80 || c >= 0xC0 {
			p.Column++
		}
	}
	p.Offset += n
	return p
}

func (s *scanner) markup(rest string) (lexer.Token, *Diagnostic) {
	switch {
	case strings.HasPrefix(rest, "<!--"):
		end := strings.Index(rest[4:], "--")
		if end < 0 {
			pos := s.pos
			s.advance(len(rest))
			return s.next2(s.errorf(pos, "unterminated comment: no '-->' for the '<!--' that starts here"))
		}
		if !strings.HasPrefix(rest[4+end:], "-->") {
			pos := s.posAfter(4 + end)
			if close := strings.Index(rest[4:], "-->"); close >= 0 {
				s.advance(4 + close + 3)
			} else {
				s.advance(len(rest))
			}
			return s.next2(s.errorf(pos, "'--' is not allowed inside a comment"))
		}
		if d := s.checkChars(rest[4:4+end], 4); d != nil {
			s.advance(4 + end + 3)
			return s.next2(d)
		}
		return s.tok(TokComment, 4+end+3), nil
	case strings.HasPrefix(rest, "<!["):
		return s.tok(TokCondOpen, 3), nil
	case strings.HasPrefix(rest, "<!"):
		n := s.nameLen(rest[2:])
		switch rest[:2+n] {
		case "<!ELEMENT", "<!ATTLIST", "<!ENTITY", "<!NOTATION":
			return s.tok(TokDeclOpen, 2+n), nil
		}
		pos := s.pos
		// Skip the unknown declaration up to its '>', but not into the next
		// markup.
		skip := 2 + n
		if end := strings.IndexAny(rest[skip:], "<>"); end >= 0 && rest[skip+end] == '>' {
			skip += end + 1
		}
		s.advance(skip)
		if n == 0 {
			return s.next2(s.errorf(pos, "expected ELEMENT, ATTLIST, ENTITY, NOTATION, '--' or '[' after '<!', found %s (a comment starts with '<!--')", describeAt(rest[2:])))
		}
		hint := ""
		switch kw := rest[2 : 2+n]; {
		case kw == "DOCTYPE":
			hint = " (a DOCTYPE belongs in the XML document that uses the DTD)"
		case strings.EqualFold(kw, "ELEMENT") || strings.EqualFold(kw, "ATTLIST") || strings.EqualFold(kw, "ENTITY") || strings.EqualFold(kw, "NOTATION"):
			hint = " (keywords are case-sensitive: write <!" + strings.ToUpper(kw) + ")"
		case strings.HasPrefix(kw, "ELEMENT") || strings.HasPrefix(kw, "ATTLIST") || strings.HasPrefix(kw, "ENTITY") || strings.HasPrefix(kw, "NOTATION"):
			hint = " (white space is required after the keyword)"
		}
		return s.next2(s.errorf(pos, "expected <!ELEMENT, <!ATTLIST, <!ENTITY, <!NOTATION, a comment or a conditional section, found %q%s", rest[:2+n], hint))
	case strings.HasPrefix(rest, "<?"):
		end := strings.Index(rest[2:], "?>")
		if end >= 0 {
			end += 2
		}
		if end < 0 {
			pos := s.pos
			s.advance(len(rest))
			return s.next2(s.errorf(pos, "unterminated processing instruction: no '?>' for the '<?' that starts here"))
		}
		if d := s.checkChars(rest[2:end], 2); d != nil {
			s.advance(end + 2)
			return s.next2(d)
		}
		return s.tok(TokPI, end+2), nil
	}
	pos := s.pos
	if n := s.nameLen(rest[1:]); n > 0 {
		// A tag pasted from a document: skip it whole.
		skip := 1 + n
		if end := strings.IndexAny(rest[skip:], "<>"); end >= 0 && rest[skip+end] == '>' {
			skip += end + 1
		}
		s.advance(skip)
		return s.next2(s.errorf(pos, "unexpected tag <%s: element tags belong in XML documents; a DTD holds only declarations, comments, processing instructions and conditional sections", rest[1:1+n]))
	}
	s.advance(1)
	return s.next2(s.errorf(pos, "unexpected '<' %s (a DTD holds only declarations, comments, processing instructions and conditional sections)", describeAt(rest[1:])))
}

// skipIgnored moves past the contents of an IGNORE section, nested sections
// included, and the ]]> that closes it. It reports false when the input ends
// first, and the first character of the section that is not an XML Char
// (ignored text must still be characters).
func (s *scanner) skipIgnored() (bool, *Diagnostic) {
	depth := 1
	i := s.off
	for i < len(s.src) {
		j := strings.IndexAny(s.src[i:], "<]")
		if j < 0 {
			break
		}
		i += j
		switch {
		case strings.HasPrefix(s.src[i:], "<!["):
			depth++
			i += 3
		case strings.HasPrefix(s.src[i:], "]]>"):
			depth--
			i += 3
			if depth == 0 {
				d := s.checkChars(s.src[s.off:i], 0)
				s.advance(i - s.off)
				return true, d
			}
		default:
			i++
		}
	}
	s.advance(len(s.src) - s.off)
	return false, nil
}

// describeAt names what starts s, for "found ..." in messages.
func describeAt(s string) string {
	if s == "" {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(s)
	if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
		return "white space"
	}
	return fmt.Sprintf("%q", r)
}

func describeRune(r rune, s string) string {
	if r == utf8.RuneError {
		return fmt.Sprintf("(invalid UTF-8 byte 0x%02X)", s[0])
	}
	return fmt.Sprintf("U+%04X", r)
}
