package qgenrt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Kind is the kind of a token returned by Scanner.Next.
type Kind uint8

// The token kinds.
const (
	// EOF is the end of a well-formed document, and the kind Next returns
	// with an error.
	EOF Kind = iota
	// StartElement is a start tag, or the first half of an empty-element
	// tag <a/>: Name and Attrs describe it.
	StartElement
	// EndElement is an end tag, or the second half of <a/>: Name gives it.
	EndElement
	// Text is character data: the text between two tags, with the CDATA
	// sections in it merged in and its comments and processing
	// instructions left out. Text gives it decoded.
	Text
)

func (k Kind) String() string {
	switch k {
	case EOF:
		return "EOF"
	case StartElement:
		return "StartElement"
	case EndElement:
		return "EndElement"
	case Text:
		return "Text"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Attr is an attribute of a start tag. Name and Value point into the
// Scanner's buffers and are valid until the next call of one of its methods.
type Attr struct{ Name, Value []byte }

// SyntaxError is a document that is not well-formed, or that uses what the
// Scanner does not support. Line and Col (both from 1) and Offset (bytes
// from 0) locate the problem as Scanner.Line, Col and Offset do.
type SyntaxError struct {
	Line, Col int
	Offset    int64
	Msg       string
}

// Error returns "line:col: msg".
func (e *SyntaxError) Error() string {
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// Scanner reads an XML document as a sequence of tokens, for decoders that
// fill structs without reflection. It covers the XML that the Qualys API
// sends: UTF-8 (or US-ASCII), elements, attributes, character data, CDATA
// sections, comments, processing instructions, the five predefined entities
// and character references, and a DOCTYPE, which it skips. Everything else
// is a *SyntaxError that says where and what: other encodings, references to
// entities that the DOCTYPE declares, and what XML 1.0 calls not
// well-formed (the markup declarations of a DOCTYPE's internal subset are
// the one part it does not check closely: see Checks).
//
// # Tokens
//
// Next returns StartElement, EndElement and Text tokens, then EOF. An
// empty-element tag <a/> is a StartElement followed by an EndElement (both
// at the tag's position). Text merges all the character data between two
// tags: plain text, CDATA sections, and references decoded; comments and
// processing instructions inside it are dropped, so <a>x<!-- -->y</a> has
// one Text, "xy". Line ends are normalised to "\n" (a "\r\n" pair and a lone
// "\r" both become "\n"), in text as in CDATA sections. White space
// between elements is Text too; no Text is empty. Outside the root element
// there are no tokens: white space, comments, processing instructions,
// the XML declaration and the DOCTYPE are checked and skipped.
//
// Attribute values are decoded and normalised as XML 1.0 (section 3.3.3)
// says for CDATA attributes: a literal tab, line feed, carriage return or
// "\r\n" pair becomes one space, while a character reference such as &#10;
// keeps its character.
//
// # Memory
//
// The Scanner reads its input in chunks into one buffer (64 KiB, which
// grows only to hold the largest single token: a start tag with its
// attributes, one Text with the comments inside it, or the DOCTYPE), so its
// memory depends on the largest token and on the nesting depth, not on the
// size of the document. Names, attribute values and text are slices of
// that buffer when they need no decoding, and of a scratch buffer when they
// do (references, CDATA sections, "\r", white space in attribute values);
// either way they are valid only until the next call of a method of the
// Scanner. Copy what must outlive that. Next reads from the input when its
// buffer runs out: one Read that returns data (so that a token that has
// arrived is returned without waiting for more; a token that needs more
// data again gets reads until the buffer holds twice what it had), the end
// of the input or a failure; a read error is returned as it is, once the data read before
// it is used up.
//
// # Positions
//
// Line, Col and Offset give where the current token starts: its first
// byte, the '<' of a tag, or the first byte of a Text (which may be a
// comment that the Text skips). Lines end at "\n", "\r\n" or a lone "\r";
// Col counts characters (code points), not bytes, from 1 (in an error
// after bytes that are not UTF-8, each such byte counts as one). They are
// worked out only when asked for, so a decoder that never asks pays
// nothing for them.
//
// # Checks
//
// The Scanner checks that names follow the XML 1.0 (fifth edition) Name
// production (':' is a plain name character: there is no namespace
// processing), that every end tag matches its start tag, the attribute
// syntax (quoted values, white space between attributes, no duplicate
// names, no '<' in a value), the references (only lt, gt, amp, apos, quot,
// and character references to XML characters), that all bytes are UTF-8 and
// all characters are XML characters (in comments, processing instructions
// and the DOCTYPE too), that "]]>" does not appear in text, that comments
// do not contain "--", that there is one root element and no text outside
// it, and that the document does not end inside an element (the error
// points at the innermost unclosed start tag).
//
// The XML declaration is allowed only at the very start (after an optional
// UTF-8 byte order mark): version 1.0, an encoding that is absent, UTF-8
// or US-ASCII (then every byte must be ASCII), and standalone yes or no.
// A processing instruction target "xml" elsewhere, in any case, is an
// error. The DOCTYPE may come once, before the root element; its syntax is
// checked (root name, SYSTEM or PUBLIC literals, and an internal subset made
// of markup declarations, comments, processing instructions and parameter
// entity references, where a markup declaration is checked only for its
// keyword, its quoted literals and its closing '>'), but its declarations
// are not read: entities declared there are unknown to the Scanner, default
// attribute values are not added, and that the root element has the
// DOCTYPE's name is not checked (it is a validity constraint; compare
// Doctype with the root's Name).
type Scanner struct {
	r    io.Reader
	buf  []byte
	end  int   // buf[:end] holds the data read
	pos  int   // start of the token being scanned: scanning restarts here after a fill
	next int   // end of the current token
	base int64 // offset of buf[0] in the input
	eof  bool  // the reader said io.EOF
	rerr error // a read error, returned when the data before it is used up
	err  error // the first error: Next returns it from then on

	state      uint8
	kind       Kind
	tokOff     int64
	name       []byte
	attrs      []Attr
	text       []byte
	textInBuf  bool // text is a slice of buf (else of scratch)
	scratch    []byte
	pendingEnd bool  // the last StartElement was <a/>: its EndElement comes next
	pin        int64 // offset fill must keep in the buffer, or -1
	fillTok    int64 // the offset of the token the last fill was for

	stack  []openElem
	closed openElem // the element the last EndElement closed
	// closedResolved says closed has its line and column worked out.
	closedResolved bool
	leafBuf        []byte // LeafText's text when a child element splits it
	names          []byte // names of the open elements that the buffer dropped, end to end
	archived       int    // stack[:archived] have their names in names
	resolved       int    // stack[:resolved] have their line and column worked out
	attrSet        map[string]struct{}

	doctype          string
	lastDoctype      string // kept by Reset, so that a DOCTYPE seen again costs no allocation
	docStart, docEnd int64  // the DOCTYPE's bytes, for the tests
	errInDoctype     bool   // the error was found inside the DOCTYPE, for the tests
	ascii            bool   // the document declared encoding="US-ASCII"

	// The position of offset synced: line, and col characters after the
	// line start; cr says the byte before synced is a "\r".
	synced    int64
	line, col int
	cr        bool
}

type openElem struct {
	off       int64 // of the start tag's '<'; the name follows it
	nameLen   int32
	arena     int32 // where the name is in names once the buffer has dropped it, else -1
	line, col int   // when resolved
}

const (
	stStart  = iota // nothing read yet: a byte order mark and the XML declaration may come
	stProlog        // before the root element
	stRoot          // inside the root element
	stEpilog        // after the root element
)

const defaultBufSize = 64 << 10

// errMore says the token being scanned goes past the data in the buffer.
var errMore = errors.New("qgenrt: scanner needs more input")

// NewScanner returns a Scanner that reads the document from r.
func NewScanner(r io.Reader) *Scanner { return newScannerSize(r, defaultBufSize) }

func newScannerSize(r io.Reader, size int) *Scanner {
	s := &Scanner{buf: make([]byte, max(size, 1))}
	s.Reset(r)
	return s
}

// Reset makes the Scanner read a new document from r, keeping its buffers.
// A zero Scanner is ready for use after Reset.
func (s *Scanner) Reset(r io.Reader) {
	buf := s.buf
	if buf == nil {
		buf = make([]byte, defaultBufSize)
	}
	*s = Scanner{r: r, buf: buf, scratch: s.scratch[:0], attrs: s.attrs[:0], stack: s.stack[:0], names: s.names[:0], leafBuf: s.leafBuf[:0],
		attrSet: s.attrSet, lastDoctype: s.lastDoctype, pin: -1, fillTok: -1, line: 1}
}

// Next scans the next token and returns its kind. At the end of a
// well-formed document it returns EOF and nil, and again on every later
// call. On an error (a *SyntaxError, or the reader's error) it returns EOF
// and the error, and the same on every later call.
func (s *Scanner) Next() (Kind, error) {
	if s.err != nil {
		s.kind = EOF
		return EOF, s.err
	}
	if s.pendingEnd {
		s.pendingEnd = false
		s.name = s.elemName(&s.stack[len(s.stack)-1])
		s.attrs, s.text, s.textInBuf = s.attrs[:0], nil, false
		s.pop()
		s.kind = EndElement
		return EndElement, nil
	}
	s.pos = s.next
	s.name, s.text, s.textInBuf = nil, nil, false
	s.attrs = s.attrs[:0]
	for {
		k, err := s.scan()
		if err == nil {
			s.kind = k
			return k, nil
		}
		if err == errMore {
			if err = s.fill(); err == nil {
				continue
			}
		}
		s.err = err
		s.kind = EOF
		s.name, s.text, s.attrs = nil, nil, s.attrs[:0]
		return EOF, err
	}
}

// Name returns the element name of the current StartElement or EndElement.
func (s *Scanner) Name() []byte { return s.name }

// Attrs returns the attributes of the current StartElement, in document
// order, with decoded values. The slice is reused by the next call.
func (s *Scanner) Attrs() []Attr { return s.attrs }

// Text returns the decoded character data of the current Text token.
func (s *Scanner) Text() []byte { return s.text }

// Doctype returns the root element name that the DOCTYPE gives, or "" when
// the document has no DOCTYPE (or the Scanner has not reached it yet).
func (s *Scanner) Doctype() string { return s.doctype }

// Depth returns how many elements are open: 1 after the root StartElement,
// 0 after its EndElement.
func (s *Scanner) Depth() int { return len(s.stack) }

// Offset returns the byte offset at which the current token starts.
func (s *Scanner) Offset() int64 { return s.tokOff }

// Line returns the line (from 1) on which the current token starts.
func (s *Scanner) Line() int {
	s.syncTo(s.tokOff)
	return s.line
}

// Col returns the column (in characters, from 1) at which the current token
// starts.
func (s *Scanner) Col() int {
	s.syncTo(s.tokOff)
	return s.col + 1
}

// SkipElement skips an element. After a StartElement it skips that
// element's content and its end tag; after another token, the rest of the
// innermost open element and its end tag. Either way the skipped content
// is checked as Next checks it, and the current token is then the skipped
// element's EndElement.
func (s *Scanner) SkipElement() error {
	if s.err != nil {
		return s.err
	}
	depth := len(s.stack)
	if depth == 0 {
		return errors.New("qgenrt: Scanner.SkipElement called outside of an element")
	}
	for len(s.stack) >= depth {
		if _, err := s.Next(); err != nil {
			return err
		}
	}
	return nil
}

// TextContent reads the content of a leaf element: called after a
// StartElement, it returns the element's text (the one Text token before
// its end tag, white space kept, nil when there is none) and leaves the
// Scanner on the element's EndElement. A child element is an error (a
// *SyntaxError at the child's start tag); the Scanner is then on the
// child's StartElement and may go on.
func (s *Scanner) TextContent() ([]byte, error) {
	if s.err == nil && s.kind != StartElement {
		return nil, errors.New("qgenrt: Scanner.TextContent called after a " + s.kind.String() + ", not a StartElement")
	}
	return s.LeafText(func() error {
		return s.errAt(int(s.tokOff-s.base), fmt.Sprintf("element <%s> has a child element <%s>; only text was expected",
			s.elemName(&s.stack[len(s.stack)-2]), s.name))
	})
}

// LeafText is TextContent for decoders that tolerate child elements in a
// leaf, as encoding/xml does for a string field: called after a
// StartElement, it returns the text directly inside the element, the
// pieces around child elements joined, and leaves the Scanner on the
// element's EndElement. At each child element's StartElement it calls
// child, which must consume the child (SkipElement) or return an error,
// which LeafText returns. The text is valid until the next call of a method
// of the Scanner.
func (s *Scanner) LeafText(child func() error) ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.kind != StartElement {
		return nil, errors.New("qgenrt: Scanner.LeafText called after a " + s.kind.String() + ", not a StartElement")
	}
	k, err := s.Next()
	if err != nil {
		return nil, err
	}
	var text []byte
	if k == Text {
		text = s.text
		inBuf, off := s.textInBuf, s.tokOff
		if inBuf {
			s.pin = off // keep the text in the buffer while the next tag is read
		} else {
			// The text is in scratch, where the next start tag decodes its
			// attribute values: give the tag the other buffer.
			s.scratch, s.leafBuf = s.leafBuf[:0], s.scratch
		}
		k, err = s.Next()
		s.pin = -1
		if err != nil {
			return nil, err
		}
		if inBuf { // the buffer may have moved
			i := int(off - s.base)
			text = s.buf[i : i+len(text) : i+len(text)]
		}
	}
	if k != StartElement {
		return text, nil // k is the element's EndElement
	}
	// A child element: the slow path, text gathered in leafBuf.
	s.leafBuf = append(s.leafBuf[:0], text...)
	for {
		if k == StartElement {
			if err := child(); err != nil {
				return nil, err
			}
		}
		if k, err = s.Next(); err != nil {
			return nil, err
		}
		switch k {
		case Text:
			s.leafBuf = append(s.leafBuf, s.text...)
			k = EOF // nothing to do for it below
		case EndElement:
			return s.leafBuf, nil
		}
	}
}

// ClosedPos returns the line and column of the start tag of the element
// that the current EndElement closed, for messages about that element as a
// whole.
func (s *Scanner) ClosedPos() (line, col int) {
	if !s.closedResolved {
		s.syncTo(s.closed.off)
		s.closed.line, s.closed.col = s.line, s.col+1
		s.closedResolved = true
	}
	return s.closed.line, s.closed.col
}

// AppendPath appends the names of the open elements to dst, from the root,
// separated by "/".
func (s *Scanner) AppendPath(dst []byte) []byte {
	for i := range s.stack {
		if i > 0 {
			dst = append(dst, '/')
		}
		dst = append(dst, s.elemName(&s.stack[i])...)
	}
	return dst
}

// scan scans the next token from s.pos.
func (s *Scanner) scan() (Kind, error) {
	for {
		if s.state != stRoot {
			return s.scanMisc()
		}
		b := s.buf[:s.end]
		i := s.pos
		if i >= len(b) {
			if !s.eof {
				return EOF, errMore
			}
			e := len(s.stack) - 1
			line, col := s.elemPos(e)
			return EOF, &SyntaxError{Line: line, Col: col, Offset: s.stack[e].off,
				Msg: "element <" + string(s.elemName(&s.stack[e])) + "> is not closed at the end of the input"}
		}
		if b[i] == '<' {
			if i+1 >= len(b) {
				return EOF, s.more(i, "markup")
			}
			switch b[i+1] {
			case '/':
				return s.scanEndTag(b, i)
			case '!', '?':
			default:
				return s.scanStartTag(b, i)
			}
		}
		ok, err := s.scanText(b, i)
		if err != nil {
			return EOF, err
		}
		if ok {
			return Text, nil
		}
		// Only comments and processing instructions: s.pos is past them.
	}
}

// scanMisc scans outside the root element: it skips white space, comments,
// processing instructions, the XML declaration and the DOCTYPE, and
// returns the root's StartElement or EOF.
func (s *Scanner) scanMisc() (Kind, error) {
	for {
		b := s.buf[:s.end]
		i := s.pos
		if s.state == stStart {
			if err := s.scanStart(b); err != nil {
				return EOF, err
			}
			continue
		}
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		s.pos = i
		if i >= len(b) {
			if !s.eof {
				return EOF, errMore
			}
			if s.state == stEpilog {
				s.tokOff, s.next = s.base+int64(i), i
				return EOF, nil
			}
			return EOF, s.errAt(i, "no root element")
		}
		if b[i] != '<' {
			if s.state == stEpilog {
				return EOF, s.errAt(i, "text after the root element")
			}
			return EOF, s.errAt(i, "text before the root element")
		}
		if i+1 >= len(b) {
			return EOF, s.more(i, "markup")
		}
		switch b[i+1] {
		case '?':
			j, err := s.skipPI(b, i)
			if err != nil {
				return EOF, err
			}
			s.pos = j
		case '!':
			kind, err := s.bang(b, i)
			if err != nil {
				return EOF, err
			}
			switch kind {
			case bangComment:
				j, err := s.skipComment(b, i)
				if err != nil {
					return EOF, err
				}
				s.pos = j
			case bangDoctype:
				if s.state == stEpilog {
					return EOF, s.errAt(i, "DOCTYPE after the root element")
				}
				if s.docEnd > 0 {
					return EOF, s.errAt(i, "DOCTYPE: a document has only one")
				}
				j, err := s.scanDoctype(b, i)
				if err != nil {
					if err != errMore {
						s.errInDoctype = true
					}
					return EOF, err
				}
				s.pos = j
			case bangCDATA:
				return EOF, s.errAt(i, "CDATA section outside the root element")
			default:
				return EOF, s.errAt(i, msgBadBang)
			}
		case '/':
			return EOF, s.errAt(i, "end tag outside the root element")
		default:
			if s.state == stEpilog {
				return EOF, s.errAt(i, "a second root element: a document has only one")
			}
			return s.scanStartTag(b, i)
		}
	}
}

const msgBadBang = `"<!" must start a comment, a CDATA section or the DOCTYPE`

// scanStart skips a byte order mark and the XML declaration at the start.
func (s *Scanner) scanStart(b []byte) error {
	i := s.pos
	ok, err := s.prefix(b, i, "\xEF\xBB\xBF")
	if err != nil {
		return err
	}
	if ok {
		i += 3
	}
	ok, err = s.prefix(b, i, "<?xml")
	if err != nil {
		return err
	}
	if ok {
		if i+5 >= len(b) {
			if !s.eof {
				return errMore
			}
		} else if c := b[i+5]; isSpace(c) || c == '?' {
			if i, err = s.scanXMLDecl(b, i); err != nil {
				return err
			}
		}
	}
	s.pos = i
	s.state = stProlog
	return nil
}

// scanXMLDecl checks the XML declaration at b[start:] and returns its end.
func (s *Scanner) scanXMLDecl(b []byte, start int) (int, error) {
	k := bytes.Index(b[start:], []byte("?>"))
	if k < 0 {
		return 0, s.more(start, "the XML declaration")
	}
	d := b[:start+k] // the pseudo-attributes are in d[start+5:]
	type pseudo struct {
		name, value []byte
		at          int
	}
	var got [4]pseudo
	n := 0
	p := start + 5
	for {
		sp := p
		for p < len(d) && isSpace(d[p]) {
			p++
		}
		if p == len(d) {
			break
		}
		if p == sp {
			return 0, s.errAt(p, "XML declaration: white space expected")
		}
		if n == len(got) {
			return 0, s.errAt(p, "XML declaration: too many pseudo-attributes")
		}
		at := p
		for p < len(d) && 'a' <= d[p] && d[p] <= 'z' {
			p++
		}
		name := d[at:p]
		for p < len(d) && isSpace(d[p]) {
			p++
		}
		if len(name) == 0 || p == len(d) || d[p] != '=' {
			return 0, s.errAt(at, "XML declaration: version, encoding or standalone expected")
		}
		p++
		for p < len(d) && isSpace(d[p]) {
			p++
		}
		if p == len(d) || d[p] != '"' && d[p] != '\'' {
			return 0, s.errAt(p, "XML declaration: quoted value expected")
		}
		q := d[p]
		p++
		v := p
		for p < len(d) && d[p] != q {
			p++
		}
		if p == len(d) {
			return 0, s.errAt(v-1, "XML declaration: unterminated value")
		}
		got[n] = pseudo{name, d[v:p], at}
		n++
		p++
	}
	i := 0
	if n == 0 || string(got[0].name) != "version" {
		return 0, s.errAt(start, "XML declaration: version is missing")
	}
	if string(got[0].value) != "1.0" {
		return 0, s.errAt(got[0].at, fmt.Sprintf("XML declaration: version %q is not supported (only 1.0)", got[0].value))
	}
	i++
	if i < n && string(got[i].name) == "encoding" {
		switch enc := got[i].value; {
		case bytes.EqualFold(enc, []byte("UTF-8")):
		case bytes.EqualFold(enc, []byte("US-ASCII")):
			s.ascii = true
		default:
			return 0, s.errAt(got[i].at, fmt.Sprintf("XML declaration: encoding %q is not supported (only UTF-8 and US-ASCII)", enc))
		}
		i++
	}
	if i < n && string(got[i].name) == "standalone" {
		if v := string(got[i].value); v != "yes" && v != "no" {
			return 0, s.errAt(got[i].at, fmt.Sprintf("XML declaration: standalone %q is neither yes nor no", v))
		}
		i++
	}
	if i < n {
		return 0, s.errAt(got[i].at, fmt.Sprintf("XML declaration: unexpected %q", got[i].name))
	}
	return start + k + 2, nil
}

const (
	bangOther = iota
	bangComment
	bangCDATA
	bangDoctype
)

// bang tells what the markup "<!" at b[i:] starts.
func (s *Scanner) bang(b []byte, i int) (int, error) {
	var lit string
	var kind int
	if i+2 < len(b) {
		switch b[i+2] {
		case '-':
			lit, kind = "<!--", bangComment
		case '[':
			lit, kind = "<![CDATA[", bangCDATA
		case 'D':
			lit, kind = "<!DOCTYPE", bangDoctype
		default:
			return bangOther, nil
		}
	} else if !s.eof {
		return 0, errMore
	} else {
		return bangOther, nil
	}
	ok, err := s.prefix(b, i, lit)
	if err != nil || !ok {
		return bangOther, err
	}
	return kind, nil
}

// prefix reports whether b[i:] starts with lit, asking for more input
// when it is too short to tell.
func (s *Scanner) prefix(b []byte, i int, lit string) (bool, error) {
	if len(b)-i >= len(lit) {
		return string(b[i:i+len(lit)]) == lit, nil
	}
	if string(b[i:]) != lit[:len(b)-i] {
		return false, nil
	}
	if !s.eof {
		return false, errMore
	}
	return false, nil
}

// scanStartTag scans the start tag at b[start:].
func (s *Scanner) scanStartTag(b []byte, start int) (Kind, error) {
	i := start + 1
	j, err := s.scanName(b, i, true)
	if err != nil {
		return EOF, err
	}
	if j == i {
		if i >= len(b) {
			return EOF, s.more(start, "a start tag")
		}
		return EOF, s.errAt(i, "element name expected after '<'")
	}
	name := b[i:j]
	i = j
	s.attrs = s.attrs[:0]
	s.scratch = s.scratch[:0]
	empty := false
	for {
		if i >= len(b) {
			return EOF, s.more(start, "a start tag")
		}
		c := b[i]
		if c == '>' {
			i++
			break
		}
		if c == '/' {
			if i+1 >= len(b) {
				return EOF, s.more(start, "a start tag")
			}
			if b[i+1] != '>' {
				return EOF, s.errAt(i, "'>' expected after '/' in a start tag")
			}
			i += 2
			empty = true
			break
		}
		if !isSpace(c) {
			if len(s.attrs) > 0 && (c >= utf8.RuneSelf || nameClass[c]&nStart != 0) {
				return EOF, s.errAt(i, "white space expected between attributes")
			}
			return EOF, s.errAt(i, fmt.Sprintf("%s in start tag <%s>", describe(b, i), name))
		}
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return EOF, s.more(start, "a start tag")
		}
		if c = b[i]; c == '>' || c == '/' {
			continue
		}
		an := i
		j, err := s.scanName(b, i, true)
		if err != nil {
			return EOF, err
		}
		if j == i {
			if i >= len(b) {
				return EOF, s.more(start, "a start tag")
			}
			return EOF, s.errAt(i, fmt.Sprintf("%s in start tag <%s>: attribute name expected", describe(b, i), name))
		}
		aname := b[an:j]
		if err := s.checkDuplicate(aname, an); err != nil {
			return EOF, err
		}
		i = j
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return EOF, s.more(start, "a start tag")
		}
		if b[i] != '=' {
			return EOF, s.errAt(i, fmt.Sprintf("'=' expected after attribute name %s", aname))
		}
		i++
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return EOF, s.more(start, "a start tag")
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return EOF, s.errAt(i, fmt.Sprintf("the value of attribute %s must be quoted", aname))
		}
		k := bytes.IndexByte(b[i+1:], q)
		if k < 0 {
			// No closing quote yet: fail now if a '<' shows the value is
			// broken, rather than reading on for the quote. The value up to
			// the '<' gives the error the whole value would give: its first
			// problem, the '<' at the latest.
			if lt := bytes.IndexByte(b[i+1:], '<'); lt >= 0 {
				_, err := s.attrValue(b[:i+2+lt], i+1)
				return EOF, err
			}
			return EOF, s.more(start, "a start tag")
		}
		v, err := s.attrValue(b[:i+1+k], i+1)
		if err != nil {
			return EOF, err
		}
		s.attrs = append(s.attrs, Attr{Name: aname, Value: v})
		i += 2 + k
	}
	s.stack = append(s.stack, openElem{off: s.base + int64(start), nameLen: int32(len(name)), arena: -1})
	s.state = stRoot
	s.name = name
	s.tokOff = s.base + int64(start)
	s.next = i
	s.pendingEnd = empty
	return StartElement, nil
}

// checkDuplicate fails when the start tag being scanned already has an
// attribute called name (at b[at]). Up to 16 attributes it compares
// names; from the 17th on it uses a set.
func (s *Scanner) checkDuplicate(name []byte, at int) error {
	const linear = 16
	n := len(s.attrs)
	dup := false
	if n < linear {
		for _, a := range s.attrs {
			if bytes.Equal(a.Name, name) {
				dup = true
				break
			}
		}
	} else {
		if n == linear {
			if s.attrSet == nil {
				s.attrSet = make(map[string]struct{})
			}
			clear(s.attrSet)
			for _, a := range s.attrs {
				s.attrSet[string(a.Name)] = struct{}{}
			}
		}
		if _, dup = s.attrSet[string(name)]; !dup {
			s.attrSet[string(name)] = struct{}{}
		}
	}
	if dup {
		return s.errAt(at, fmt.Sprintf("duplicate attribute %s", name))
	}
	return nil
}

// attrValue decodes the attribute value b[start:] (its quotes excluded).
func (s *Scanner) attrValue(b []byte, start int) ([]byte, error) {
	i := start
	for i < len(b) && attrClass[b[i]] == cOK {
		i++
	}
	if i == len(b) {
		return b[start:i:i], nil
	}
	st := len(s.scratch)
	s.scratch = append(s.scratch, b[start:i]...)
	for i < len(b) {
		run := i
		for i < len(b) && attrClass[b[i]] == cOK {
			i++
		}
		s.scratch = append(s.scratch, b[run:i]...)
		if i >= len(b) {
			break
		}
		switch c := b[i]; attrClass[c] {
		case cLT:
			return nil, s.errAt(i, "'<' is not allowed in an attribute value")
		case cAmp:
			var err error
			if s.scratch, i, err = s.appendRef(s.scratch, b, i, false); err != nil {
				return nil, err
			}
		case cWS:
			s.scratch = append(s.scratch, ' ')
			i++
		case cCR:
			s.scratch = append(s.scratch, ' ')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
		case cHigh:
			_, n, err := s.decodeRune(b, i, false, " in an attribute value")
			if err != nil {
				return nil, err
			}
			s.scratch = append(s.scratch, b[i:i+n]...)
			i += n
		default:
			return nil, s.errAt(i, fmt.Sprintf("character %U is not allowed in XML", rune(c)))
		}
	}
	return s.scratch[st:len(s.scratch):len(s.scratch)], nil
}

// appendRef decodes the reference at b[i] == '&', appends its character to
// dst and returns the index after it. open says b may continue past its
// end (in text; not in an attribute value, which ends at its quote).
func (s *Scanner) appendRef(dst, b []byte, i int, open bool) ([]byte, int, error) {
	j := i + 1
	if j >= len(b) {
		return dst, 0, s.refEnd(i, open)
	}
	if b[j] == '#' {
		j++
		base := uint32(10)
		if j < len(b) && b[j] == 'x' {
			base = 16
			j++
		}
		digits := j
		v := uint32(0)
		for ; j < len(b); j++ {
			c := b[j]
			var d uint32
			switch {
			case '0' <= c && c <= '9':
				d = uint32(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				d = uint32(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				d = uint32(c-'A') + 10
			default:
				d = 99
			}
			if d == 99 {
				break
			}
			if v = v*base + d; v > utf8.MaxRune {
				v = utf8.MaxRune + 1 // saturate
			}
		}
		if j >= len(b) {
			return dst, 0, s.refEnd(i, open)
		}
		if j == digits || b[j] != ';' {
			return dst, 0, s.errAt(i, "malformed character reference: &#N; or &#xH; expected")
		}
		if r := rune(v); !isChar(r) {
			ref := b[i : j+1]
			if len(ref) > 20 {
				ref = append(ref[:16:16], "...;"...)
			}
			return dst, 0, s.errAt(i, fmt.Sprintf("character reference %s is not an XML character", ref))
		}
		return utf8.AppendRune(dst, rune(v)), j + 1, nil
	}
	k, err := s.scanName(b, j, open)
	if err != nil {
		return dst, 0, err
	}
	if k == j {
		if k >= len(b) {
			return dst, 0, s.refEnd(i, open)
		}
		return dst, 0, s.errAt(i, "'&' must start a reference (&name; or &#N;); write & as &amp;")
	}
	if k >= len(b) {
		return dst, 0, s.refEnd(i, open)
	}
	if b[k] != ';' {
		return dst, 0, s.errAt(i, fmt.Sprintf("reference &%s is missing its ';'", b[j:k]))
	}
	var c byte
	switch string(b[j:k]) {
	case "lt":
		c = '<'
	case "gt":
		c = '>'
	case "amp":
		c = '&'
	case "apos":
		c = '\''
	case "quot":
		c = '"'
	default:
		return dst, 0, s.errAt(i, fmt.Sprintf("unknown entity &%s; (only lt, gt, amp, apos and quot are defined)", b[j:k]))
	}
	return append(dst, c), k + 1, nil
}

// refEnd is the error for a reference cut by the end of b.
func (s *Scanner) refEnd(i int, open bool) error {
	if open {
		return s.more(i, "a reference")
	}
	return s.errAt(i, "unterminated reference")
}

// scanEndTag scans the end tag at b[start:].
func (s *Scanner) scanEndTag(b []byte, start int) (Kind, error) {
	top := s.elemName(&s.stack[len(s.stack)-1])
	i := start + 2
	if j := i + len(top); j < len(b) && b[j] == '>' && bytes.Equal(b[i:j], top) {
		s.name = b[i:j]
		s.next = j + 1
	} else {
		j, err := s.scanName(b, i, true)
		if err != nil {
			return EOF, err
		}
		if j == i {
			if i >= len(b) {
				return EOF, s.more(start, "an end tag")
			}
			return EOF, s.errAt(i, "element name expected after '</'")
		}
		name := b[i:j]
		if !bytes.Equal(name, top) {
			line, col := s.elemPos(len(s.stack) - 1)
			return EOF, s.errAt(start, fmt.Sprintf("end tag </%s> does not match start tag <%s> at %d:%d", name, top, line, col))
		}
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j >= len(b) {
			return EOF, s.more(start, "an end tag")
		}
		if b[j] != '>' {
			return EOF, s.errAt(j, fmt.Sprintf("%s in end tag </%s>: '>' expected", describe(b, j), name))
		}
		s.name = name
		s.next = j + 1
	}
	s.tokOff = s.base + int64(start)
	s.pop()
	return EndElement, nil
}

// scanText scans character data from b[start:] up to the next tag. It
// reports false when it found only comments and processing instructions,
// having moved s.pos past them.
func (s *Scanner) scanText(b []byte, start int) (bool, error) {
	const spaces8 = 0x2020202020202020
	i, run := start, start
	dec := false // the text is being built in scratch
	s.scratch = s.scratch[:0]
	if i < len(b) && b[i] == '\n' {
		i++ // so that the indentation after it goes 8 spaces at a time
	}
	for {
		for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:]) == spaces8 {
			i += 8
		}
		for i < len(b) && textClass[b[i]] == cOK {
			i++
		}
		if i >= len(b) {
			if !s.eof {
				return false, errMore
			}
			break
		}
		c := b[i]
		cls := textClass[c]
		if cls == cLT {
			if i+1 < len(b) && b[i+1] != '!' && b[i+1] != '?' {
				break // a tag
			}
			if i+1 >= len(b) {
				if !s.eof {
					return false, errMore
				}
				break
			}
			var j int
			var err error
			switch b[i+1] {
			case '!':
				var kind int
				if kind, err = s.bang(b, i); err != nil {
					return false, err
				}
				switch kind {
				case bangComment:
					j, err = s.skipComment(b, i)
				case bangCDATA:
					s.scratch = append(s.scratch, b[run:i]...)
					dec, run = true, i
					j, err = s.cdata(b, i)
				default:
					if i == start {
						if kind == bangDoctype {
							return false, s.errAt(i, "DOCTYPE inside an element")
						}
						return false, s.errAt(i, msgBadBang)
					}
				}
			case '?':
				j, err = s.skipPI(b, i)
			}
			if err != nil {
				return false, err
			}
			if j == 0 { // a tag, or markup for the next call to report
				break
			}
			if !dec {
				dec = true
				s.scratch = append(s.scratch, b[run:i]...)
			} else if run < i {
				s.scratch = append(s.scratch, b[run:i]...)
			}
			i, run = j, j
			continue
		}
		switch cls {
		case cAmp:
			s.scratch = append(s.scratch, b[run:i]...)
			dec = true
			var err error
			if s.scratch, i, err = s.appendRef(s.scratch, b, i, true); err != nil {
				return false, err
			}
			run = i
		case cCR:
			if i+1 >= len(b) && !s.eof {
				return false, errMore
			}
			s.scratch = append(s.scratch, b[run:i]...)
			s.scratch = append(s.scratch, '\n')
			dec = true
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
			run = i
		case cRB:
			if i+2 >= len(b) && !s.eof {
				return false, errMore
			}
			if i+2 < len(b) && b[i+1] == ']' && b[i+2] == '>' {
				return false, s.errAt(i, `"]]>" is not allowed in text`)
			}
			i++
		case cHigh:
			_, n, err := s.decodeRune(b, i, true, "")
			if err != nil {
				return false, err
			}
			i += n
		default:
			return false, s.errAt(i, fmt.Sprintf("character %U is not allowed in XML", rune(c)))
		}
	}
	if dec {
		s.scratch = append(s.scratch, b[run:i]...)
		if len(s.scratch) == 0 {
			s.pos = i
			return false, nil
		}
		s.text, s.textInBuf = s.scratch, false
	} else {
		if i == start {
			// Cannot happen: the caller saw text or "<!" or "<?" here.
			return false, s.errAt(i, "internal error: empty text")
		}
		s.text, s.textInBuf = b[start:i:i], true
	}
	s.tokOff = s.base + int64(start)
	s.next = i
	return true, nil
}

// cdata appends the content of the CDATA section at b[start:] to scratch
// and returns the section's end.
func (s *Scanner) cdata(b []byte, start int) (int, error) {
	i := start + len("<![CDATA[")
	for {
		run := i
		for i < len(b) && cdataClass[b[i]] == cOK {
			i++
		}
		s.scratch = append(s.scratch, b[run:i]...)
		if i >= len(b) {
			return 0, s.more(start, "a CDATA section")
		}
		switch c := b[i]; cdataClass[c] {
		case cRB:
			if i+2 >= len(b) {
				return 0, s.more(start, "a CDATA section")
			}
			if b[i+1] == ']' && b[i+2] == '>' {
				return i + 3, nil
			}
			s.scratch = append(s.scratch, ']')
			i++
		case cCR:
			if i+1 >= len(b) {
				return 0, s.more(start, "a CDATA section")
			}
			s.scratch = append(s.scratch, '\n')
			i++
			if b[i] == '\n' {
				i++
			}
		case cHigh:
			_, n, err := s.decodeRune(b, i, true, "")
			if err != nil {
				return 0, err
			}
			s.scratch = append(s.scratch, b[i:i+n]...)
			i += n
		default:
			return 0, s.errAt(i, fmt.Sprintf("character %U is not allowed in XML", rune(c)))
		}
	}
}

// skipComment checks the comment at b[start:] and returns its end.
func (s *Scanner) skipComment(b []byte, start int) (int, error) {
	c := start + 4
	k := bytes.Index(b[c:], []byte("--"))
	if k < 0 {
		return 0, s.more(start, "a comment")
	}
	j := c + k
	if j+2 >= len(b) {
		return 0, s.more(start, "a comment")
	}
	if b[j+2] != '>' {
		return 0, s.errAt(j, `"--" is not allowed in a comment`)
	}
	if err := s.checkChars(b[:j], c, " in a comment"); err != nil {
		return 0, err
	}
	return j + 3, nil
}

// skipPI checks the processing instruction at b[start:] and returns its end.
func (s *Scanner) skipPI(b []byte, start int) (int, error) {
	t := start + 2
	j, err := s.scanName(b, t, true)
	if err != nil {
		return 0, err
	}
	if j == t {
		if t >= len(b) {
			return 0, s.more(start, "a processing instruction")
		}
		return 0, s.errAt(t, "processing instruction target expected after '<?'")
	}
	if target := b[t:j]; len(target) == 3 && bytes.EqualFold(target, []byte("xml")) {
		if string(target) == "xml" {
			return 0, s.errAt(start, "XML declaration not at the start of the document")
		}
		return 0, s.errAt(start, fmt.Sprintf("processing instruction target %s is reserved", target))
	}
	if j+1 >= len(b) {
		return 0, s.more(start, "a processing instruction")
	}
	if b[j] == '?' && b[j+1] == '>' {
		return j + 2, nil
	}
	if !isSpace(b[j]) {
		return 0, s.errAt(j, fmt.Sprintf("%s after processing instruction target %s: white space expected", describe(b, j), b[t:j]))
	}
	k := bytes.Index(b[j:], []byte("?>"))
	if k < 0 {
		return 0, s.more(start, "a processing instruction")
	}
	if err := s.checkChars(b[:j+k], j, " in a processing instruction"); err != nil {
		return 0, err
	}
	return j + k + 2, nil
}

// scanDoctype checks the DOCTYPE at b[start:] and returns its end.
func (s *Scanner) scanDoctype(b []byte, start int) (int, error) {
	i := start + len("<!DOCTYPE")
	if i >= len(b) {
		return 0, s.more(start, "the DOCTYPE")
	}
	if !isSpace(b[i]) {
		return 0, s.errAt(i, "DOCTYPE: white space expected after <!DOCTYPE")
	}
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	j, err := s.scanName(b, i, true)
	if err != nil {
		return 0, err
	}
	if j == i {
		if i >= len(b) {
			return 0, s.more(start, "the DOCTYPE")
		}
		return 0, s.errAt(i, "DOCTYPE: root element name expected")
	}
	name := b[i:j]
	i = j
	sp := i
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i >= len(b) {
		return 0, s.more(start, "the DOCTYPE")
	}
	if c := b[i]; c != '[' && c != '>' {
		if i == sp {
			return 0, s.errAt(i, "DOCTYPE: white space expected after the root element name")
		}
		if i, err = s.externalID(b, start, i); err != nil {
			return 0, err
		}
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, s.more(start, "the DOCTYPE")
		}
	}
	if b[i] == '[' {
		if i, err = s.intSubset(b, start, i+1); err != nil {
			return 0, err
		}
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, s.more(start, "the DOCTYPE")
		}
	}
	if b[i] != '>' {
		return 0, s.errAt(i, "DOCTYPE: '>' expected")
	}
	i++
	if err := s.checkChars(b[:i], start, " in the DOCTYPE"); err != nil {
		return 0, err
	}
	if s.doctype = s.lastDoctype; s.doctype != string(name) {
		s.doctype = string(name)
		s.lastDoctype = s.doctype
	}
	s.docStart, s.docEnd = s.base+int64(start), s.base+int64(i)
	return i, nil
}

// externalID checks SYSTEM "literal" or PUBLIC "pubid" "literal" at b[i:].
func (s *Scanner) externalID(b []byte, start, i int) (int, error) {
	var public bool
	if ok, err := s.prefix(b, i, "SYSTEM"); err != nil {
		return 0, err
	} else if !ok {
		if ok, err = s.prefix(b, i, "PUBLIC"); err != nil {
			return 0, err
		} else if !ok {
			return 0, s.errAt(i, "DOCTYPE: SYSTEM, PUBLIC, '[' or '>' expected")
		}
		public = true
	}
	i += 6
	n := 1
	if public {
		n = 2
	}
	for k := 0; k < n; k++ {
		sp := i
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, s.more(start, "the DOCTYPE")
		}
		if i == sp {
			return 0, s.errAt(i, "DOCTYPE: white space expected before a literal")
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return 0, s.errAt(i, "DOCTYPE: quoted literal expected")
		}
		e := bytes.IndexByte(b[i+1:], q)
		if e < 0 {
			return 0, s.more(start, "the DOCTYPE")
		}
		lit := b[i+1 : i+1+e]
		if public && k == 0 {
			for p, c := range lit {
				if !isPubidChar(c) {
					return 0, s.errAt(i+1+p, fmt.Sprintf("DOCTYPE: %s in a public identifier", describe(lit, p)))
				}
			}
		}
		i += 2 + e
	}
	return i, nil
}

// intSubset checks the internal subset at b[i:] (after its '[') and
// returns the index after its ']'. Declarations are checked only for
// where they end.
func (s *Scanner) intSubset(b []byte, start, i int) (int, error) {
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, s.more(start, "the DOCTYPE")
		}
		switch b[i] {
		case ']':
			return i + 1, nil
		case '%':
			j, err := s.scanName(b, i+1, true)
			if err != nil {
				return 0, err
			}
			if j >= len(b) {
				return 0, s.more(start, "the DOCTYPE")
			}
			if j == i+1 || b[j] != ';' {
				return 0, s.errAt(i, "DOCTYPE: malformed parameter entity reference")
			}
			i = j + 1
			continue
		case '<':
		default:
			return 0, s.errAt(i, fmt.Sprintf("DOCTYPE: %s in the internal subset", describe(b, i)))
		}
		if i+1 >= len(b) {
			return 0, s.more(start, "the DOCTYPE")
		}
		if b[i+1] == '?' {
			j, err := s.skipPI(b, i)
			if err != nil {
				return 0, err
			}
			i = j
			continue
		}
		if ok, err := s.prefix(b, i, "<!--"); err != nil {
			return 0, err
		} else if ok {
			j, err := s.skipComment(b, i)
			if err != nil {
				return 0, err
			}
			i = j
			continue
		}
		decl := false
		for _, kw := range [...]string{"<!ELEMENT", "<!ATTLIST", "<!ENTITY", "<!NOTATION"} {
			ok, err := s.prefix(b, i, kw)
			if err != nil {
				return 0, err
			}
			if ok {
				if i+len(kw) >= len(b) {
					return 0, s.more(start, "the DOCTYPE")
				}
				if isSpace(b[i+len(kw)]) {
					decl = true
					i += len(kw)
				}
				break
			}
		}
		if !decl {
			return 0, s.errAt(i, "DOCTYPE: markup declaration (<!ELEMENT, <!ATTLIST, <!ENTITY, <!NOTATION), comment or processing instruction expected")
		}
		// Skip to the '>' that is not inside a quoted literal.
		for {
			if i >= len(b) {
				return 0, s.more(start, "the DOCTYPE")
			}
			c := b[i]
			if c == '>' {
				i++
				break
			}
			if c == '"' || c == '\'' {
				e := bytes.IndexByte(b[i+1:], c)
				if e < 0 {
					return 0, s.more(start, "the DOCTYPE")
				}
				i += 2 + e
				continue
			}
			if c == '<' {
				return 0, s.errAt(i, "DOCTYPE: '<' inside a markup declaration")
			}
			i++
		}
	}
}

// scanName returns the end of the XML Name that starts at b[i], or i when
// b[i] cannot start a name. A name cut by the end of b asks for more input
// when open is true and the input has not ended.
func (s *Scanner) scanName(b []byte, i int, open bool) (int, error) {
	if i >= len(b) {
		if open && !s.eof {
			return i, errMore
		}
		return i, nil
	}
	if c := b[i]; c < utf8.RuneSelf {
		if nameClass[c]&nStart == 0 {
			return i, nil
		}
		i++
	} else {
		r, n, err := s.decodeRune(b, i, open, "")
		if err != nil {
			return i, err
		}
		if !isNameStartRune(r) {
			return i, s.errAt(i, fmt.Sprintf("character %U is not allowed at the start of a name", r))
		}
		i += n
	}
	for {
		for i < len(b) && nameClass[b[i]]&nChar != 0 {
			i++
		}
		if i >= len(b) {
			if open && !s.eof {
				return i, errMore
			}
			return i, nil
		}
		if b[i] < utf8.RuneSelf {
			return i, nil
		}
		r, n, err := s.decodeRune(b, i, open, "")
		if err != nil {
			return i, err
		}
		if !isNameRune(r) {
			return i, s.errAt(i, fmt.Sprintf("character %U is not allowed in a name", r))
		}
		i += n
	}
}

// decodeRune decodes and checks the non-ASCII character at b[i].
func (s *Scanner) decodeRune(b []byte, i int, open bool, where string) (rune, int, error) {
	if s.ascii {
		return 0, 0, s.errAt(i, fmt.Sprintf("byte 0x%02X%s is not ASCII, but the document declares encoding US-ASCII", b[i], where))
	}
	r, n := utf8.DecodeRune(b[i:])
	if r == utf8.RuneError && n <= 1 {
		if open && !s.eof && !utf8.FullRune(b[i:]) {
			return 0, 0, errMore
		}
		return 0, 0, s.errAt(i, "invalid UTF-8"+where)
	}
	if !isChar(r) {
		return 0, 0, s.errAt(i, fmt.Sprintf("character %U%s is not allowed in XML", r, where))
	}
	return r, n, nil
}

// checkChars checks that b[i:] holds only XML characters.
func (s *Scanner) checkChars(b []byte, i int, where string) error {
	for i < len(b) {
		for i < len(b) && charClass[b[i]] == cOK {
			i++
		}
		if i >= len(b) {
			return nil
		}
		if c := b[i]; charClass[c] == cBad {
			return s.errAt(i, fmt.Sprintf("character %U%s is not allowed in XML", rune(c), where))
		}
		_, n, err := s.decodeRune(b, i, false, where)
		if err != nil {
			return err
		}
		i += n
	}
	return nil
}

// more is the answer when the construct at b[start:] goes past the data:
// read more, or, at the end of the input, an error.
func (s *Scanner) more(start int, what string) error {
	if !s.eof {
		return errMore
	}
	return s.errAt(start, "unexpected end of the input in "+what)
}

// describe names the byte at b[i] for an error message.
func describe(b []byte, i int) string {
	c := b[i]
	if c >= utf8.RuneSelf {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return fmt.Sprintf("byte 0x%02X", c)
		}
		return fmt.Sprintf("character %U", r)
	}
	if c < 0x20 || c == 0x7f {
		return fmt.Sprintf("character %U", rune(c))
	}
	return strconv.QuoteRune(rune(c))
}

// elemName returns the name of the open element e.
func (s *Scanner) elemName(e *openElem) []byte {
	if e.arena >= 0 {
		return s.names[e.arena : e.arena+e.nameLen]
	}
	i := int(e.off-s.base) + 1
	return s.buf[i : i+int(e.nameLen)]
}

func (s *Scanner) pop() {
	n := len(s.stack) - 1
	s.closed, s.closedResolved = s.stack[n], n < s.resolved
	if n < s.archived {
		s.names = s.names[:s.stack[n].arena]
		s.archived = n
	}
	s.stack = s.stack[:n]
	s.resolved = min(s.resolved, n)
	if n == 0 {
		s.state = stEpilog
	}
}

// fill reads more input, first dropping the bytes before the token being
// scanned (or before s.pin), and growing the buffer when that token fills
// half of it.
func (s *Scanner) fill() error {
	if s.rerr != nil {
		return s.rerr
	}
	keep := s.pos
	if s.pin >= 0 {
		keep = min(keep, int(s.pin-s.base))
	}
	if keep > 0 {
		s.syncTo(s.base + int64(keep))
		// Move the names of the open elements that are dropped.
		for ; s.archived < len(s.stack) && s.stack[s.archived].off < s.base+int64(keep); s.archived++ {
			e := &s.stack[s.archived]
			name := s.elemName(e)
			e.arena = int32(len(s.names))
			s.names = append(s.names, name...)
		}
		copy(s.buf, s.buf[keep:s.end])
		s.end -= keep
		s.pos -= keep
		s.base += int64(keep)
	}
	if s.end >= len(s.buf)/2 {
		nb := make([]byte, max(2*len(s.buf), 16))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	had := s.end
	// The first fill for a token reads once: waiting for more would hold
	// back what the network has delivered (a streamed answer's records).
	// Each further fill for the same token reads until the buffer holds
	// twice what the token had, so that a token read in small pieces is
	// scanned again only a logarithmic number of times.
	want := had + 1
	tokStart := s.base + int64(s.pos)
	if tokStart == s.fillTok {
		want = min(s.pos+2*max(had-s.pos, 512), len(s.buf))
	}
	s.fillTok = tokStart
	for empty := 0; s.end < want; {
		n, err := s.r.Read(s.buf[s.end:])
		if n < 0 || n > len(s.buf)-s.end {
			s.rerr = errors.New("qgenrt: Scanner: the reader returned an invalid count")
			break
		}
		s.end += n
		if err != nil {
			if err == io.EOF {
				s.eof = true
			} else {
				s.rerr = err
			}
			break
		}
		if n == 0 {
			if empty++; empty == 100 {
				s.rerr = io.ErrNoProgress
				break
			}
		}
	}
	if s.end == had && s.rerr != nil {
		return s.rerr
	}
	return nil
}

// errAt returns a *SyntaxError at b[i].
func (s *Scanner) errAt(i int, msg string) *SyntaxError {
	off := s.base + int64(i)
	s.syncTo(off)
	return &SyntaxError{Line: s.line, Col: s.col + 1, Offset: off, Msg: msg}
}

// elemPos returns the position of the start tag of s.stack[e].
func (s *Scanner) elemPos(e int) (line, col int) {
	if e >= s.resolved {
		s.syncTo(s.stack[e].off)
	}
	return s.stack[e].line, s.stack[e].col
}

// syncTo works out the position of offset off, which must not be before
// s.synced nor after the data in the buffer, and of the open elements'
// start tags on the way.
func (s *Scanner) syncTo(off int64) {
	if !s.closedResolved && s.closed.off <= off && s.closed.off >= s.synced {
		// Its ancestors that are still open come before it.
		for s.resolved < len(s.stack) && s.stack[s.resolved].off < s.closed.off {
			e := &s.stack[s.resolved]
			s.advance(e.off)
			e.line, e.col = s.line, s.col+1
			s.resolved++
		}
		s.advance(s.closed.off)
		s.closed.line, s.closed.col = s.line, s.col+1
		s.closedResolved = true
	}
	for s.resolved < len(s.stack) && s.stack[s.resolved].off <= off {
		e := &s.stack[s.resolved]
		s.advance(e.off)
		e.line, e.col = s.line, s.col+1
		s.resolved++
	}
	s.advance(off)
}

// advance moves s.synced forward to off, counting lines and characters.
func (s *Scanner) advance(off int64) {
	if off <= s.synced {
		return
	}
	seg := s.buf[s.synced-s.base : off-s.base]
	s.synced = off
	if s.cr && seg[0] == '\n' { // the "\n" of a "\r\n" cut in two
		seg = seg[1:]
	}
	s.cr = false
	if bytes.IndexByte(seg, '\r') < 0 {
		n := bytes.Count(seg, []byte{'\n'})
		if n == 0 {
			s.col += utf8.RuneCount(seg)
			return
		}
		s.line += n
		s.col = utf8.RuneCount(seg[bytes.LastIndexByte(seg, '\n')+1:])
		return
	}
	for {
		k := bytes.IndexAny(seg, "\r\n")
		if k < 0 {
			s.col += utf8.RuneCount(seg)
			return
		}
		s.line++
		s.col = 0
		if seg[k] == '\r' {
			if k+1 == len(seg) {
				s.cr = true
			} else if seg[k+1] == '\n' {
				k++
			}
		}
		seg = seg[k+1:]
	}
}

// Character classes.
const (
	cOK   = iota // nothing to do
	cLT          // '<'
	cAmp         // '&'
	cCR          // '\r'
	cRB          // ']'
	cWS          // tab or line feed in an attribute value
	cHigh        // the first byte of a UTF-8 sequence, or an invalid byte
	cBad         // a control character that XML forbids
)

// Name character bits.
const (
	nStart = 1 << iota // may start a name
	nChar              // may be in a name
)

var textClass, attrClass, cdataClass, charClass, nameClass = classes()

func classes() (text, attr, cdata, char, name [256]uint8) {
	for c := 0; c < 256; c++ {
		var k uint8
		switch {
		case c >= 0x80:
			k = cHigh
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			k = cBad
		}
		text[c], attr[c], cdata[c], char[c] = k, k, k, k
	}
	text['<'], text['&'], text['\r'], text[']'] = cLT, cAmp, cCR, cRB
	attr['<'], attr['&'], attr['\r'], attr['\t'], attr['\n'] = cLT, cAmp, cCR, cWS, cWS
	cdata['\r'], cdata[']'] = cCR, cRB
	for c := 0; c < 128; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':':
			name[c] = nStart | nChar
		case '0' <= c && c <= '9', c == '-', c == '.':
			name[c] = nChar
		}
	}
	return
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// isChar reports whether r is a Char of XML 1.0.
func isChar(r rune) bool {
	switch {
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	}
	return r <= 0x10FFFF
}

// isNameStartRune reports whether the non-ASCII r is a NameStartChar of
// XML 1.0 (fifth edition).
func isNameStartRune(r rune) bool {
	switch {
	case r < 0xC0:
		return false
	case r <= 0x2FF:
		return r != 0xD7 && r != 0xF7
	case r < 0x370:
		return false
	case r <= 0x1FFF:
		return r != 0x37E
	case r == 0x200C, r == 0x200D:
		return true
	case r < 0x2070:
		return false
	case r <= 0x218F:
		return true
	case r < 0x2C00:
		return false
	case r <= 0x2FEF:
		return true
	case r < 0x3001:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xF900:
		return false
	case r <= 0xFDCF:
		return true
	case r < 0xFDF0:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	}
	return r <= 0xEFFFF
}

// isNameRune reports whether the non-ASCII r is a NameChar of XML 1.0
// (fifth edition).
func isNameRune(r rune) bool {
	return isNameStartRune(r) || r == 0xB7 || 0x300 <= r && r <= 0x36F || r == 0x203F || r == 0x2040
}

// isPubidChar reports whether c may be in a public identifier.
func isPubidChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case ' ', '\r', '\n', '-', '\'', '(', ')', '+', ',', '.', '/', ':', '=', '?', ';', '!', '*', '#', '@', '$', '_', '%':
		return true
	}
	return false
}
