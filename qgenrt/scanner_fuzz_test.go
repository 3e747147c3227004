package qgenrt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// The differential test: the Scanner and encoding/xml (a Decoder with
// Strict set, read with Token until io.EOF) get the same bytes and must
// give the same tokens, or both fail. encoding/xml's stream is normalised
// first: comments, processing instructions and directives are dropped,
// adjacent CharData merged (so across dropped comments too, as the Scanner
// does), empty CharData dropped, and CharData outside the root element
// dropped (the Scanner has no tokens there). Names are compared as written,
// prefix included ("a:b"), which RawToken on a second Decoder gives; Token
// would replace a declared prefix with its namespace URL. Attribute values
// are compared with tab, line feed and carriage return read as a space,
// since the Scanner normalises attribute values as XML 1.0 says and
// encoding/xml does not (it only turns "\r\n" into "\n").
//
// The Decoder gets no CharsetReader and no Entity map, so, like the
// Scanner, it rejects encodings other than UTF-8 (but see us-ascii below)
// and entities other than the five predefined ones (HTML's &nbsp; say). A
// UTF-8 byte order mark is CharData "\uFEFF" outside the root for
// encoding/xml; the Scanner skips it.
//
// Where the two disagree on purpose, only one fails. Each such exception is
// below, with how the test recognises it; any other disagreement fails the
// test.
//
// The Scanner is stricter (it fails, encoding/xml does not):
//
//   - xmldecl: the XML declaration must be the first thing in the document
//     (after a byte order mark) and follow its grammar: version 1.0 first,
//     then encoding UTF-8 or US-ASCII, then standalone yes or no.
//     encoding/xml accepts an xml processing instruction anywhere and only
//     looks for version= and encoding= in it. Recognised by the Scanner's
//     message ("XML declaration...").
//   - pi: a processing instruction target may not be "xml" in any case, and
//     needs white space before its data (<?a$?> is not well-formed);
//     encoding/xml checks neither. Recognised by the message.
//   - chars-in-markup: every character of comments, processing
//     instructions and the DOCTYPE must be UTF-8 and an XML Char;
//     encoding/xml checks characters only in text and attribute values.
//     Recognised by the message ("... in a comment", "in a processing
//     instruction", "in the DOCTYPE").
//   - doctype: the Scanner accepts "<!" only as a comment, a CDATA section
//     or a DOCTYPE, the DOCTYPE only once and before the root, and checks
//     the DOCTYPE's grammar (name, SYSTEM/PUBLIC literals, internal subset
//     of declarations, comments, processing instructions, parameter entity
//     references). encoding/xml returns any "<!...>" anywhere as a
//     Directive, balancing only quotes and angle brackets. Recognised by
//     the message (DOCTYPE..., or the one for another "<!"), or by an error
//     found inside the DOCTYPE, when the input holds a "<!"; or, as
//     encoding/xml may end the DOCTYPE elsewhere and skip what the Scanner
//     rejects after it, when encoding/xml fails on the input with the
//     Scanner's DOCTYPE cut out.
//   - outside-root: no text, reference or CDATA section outside the root
//     element; encoding/xml returns them as CharData. Recognised by the
//     message, when encoding/xml returned CharData outside the root.
//   - one-root: a document has exactly one root element; encoding/xml reads
//     a stream of any number. Recognised by the message, when encoding/xml
//     saw no root (no-root) or several (multi-root).
//   - dup-attr: duplicate attributes; encoding/xml does not look for them.
//     Recognised by the message, when encoding/xml returned a start element
//     with two attributes of the same name.
//   - attr-space: attributes must be separated by white space; encoding/xml
//     accepts <a x="1"y="2">. Recognised by the message.
//   - name-chars: names with non-ASCII characters follow the XML 1.0 fifth
//     edition NameStartChar/NameChar; encoding/xml uses the older (first to
//     fourth edition) letter tables, which differ outside ASCII. Recognised
//     by the message naming a non-ASCII character.
//   - surrogate-ref: a character reference to a surrogate (&#xD800;) is not
//     a character; encoding/xml turns it into U+FFFD. Recognised by the
//     message and the reference's value.
//
// encoding/xml is stricter (it fails, the Scanner does not):
//
//   - us-ascii: encoding="US-ASCII" (the Scanner then requires ASCII bytes);
//     encoding/xml wants a CharsetReader for any encoding but UTF-8.
//     Recognised by its message.
//   - colons: ':' is a plain name character for the Scanner; encoding/xml
//     rejects an element or attribute name with two colons. Recognised when
//     the Scanner returned such a name.
//   - name-chars, as above: recognised by encoding/xml's "invalid XML name"
//     message naming a name with non-ASCII bytes.
//   - doctype, as above: encoding/xml's directive reading counts quotes and
//     angle brackets also where they mean nothing (in a processing
//     instruction of the internal subset, say). Recognised when encoding/xml
//     accepts the input with the DOCTYPE that the Scanner read cut out, and
//     then gives the Scanner's tokens. The same check applies when both
//     accept but encoding/xml ended the DOCTYPE early and read the rest of
//     it as text outside the root.
//
// Each input is also scanned with tiny buffers fed one byte (or half a
// read) at a time, which must give the same tokens, positions and error;
// every token's and error's line and column are checked against a count
// of the bytes before its offset; and TextContent and SkipElement, called
// along the way, must agree with the full token list.
func FuzzScannerVsEncodingXML(f *testing.F) {
	for _, doc := range seedDocs(f) {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkScanner(t, data)
	})
}

// TestScannerVsEncodingXML runs the differential check on the seeds, so
// that go test runs it without -fuzz.
func TestScannerVsEncodingXML(t *testing.T) {
	for i, doc := range seedDocs(t) {
		t.Run(strconv.Itoa(i), func(t *testing.T) { checkScanner(t, doc) })
	}
}

// seedDocs returns the seed samples and the documents of the unit tests.
func seedDocs(tb testing.TB) [][]byte {
	var docs [][]byte
	m, err := filepath.Glob("../testdata/seed/samples/*/*.xml")
	if err != nil || len(m) == 0 {
		tb.Fatal("no seed samples", err)
	}
	for _, p := range m {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, b)
		// The same without its prolog, so that mutations reach the rest.
		if i := bytes.Index(b, []byte("\n<")); i >= 0 && bytes.HasPrefix(b, []byte("<?xml")) {
			if j := bytes.Index(b[i+1:], []byte(">\n<")); j >= 0 {
				docs = append(docs, b[i+1+j+2:])
			}
		}
	}
	for _, s := range extraSeeds {
		docs = append(docs, []byte(s))
	}
	for _, c := range scannerErrorCases {
		docs = append(docs, []byte(c.doc))
	}
	return docs
}

// extraSeeds exercise what the samples do not.
var extraSeeds = []string{
	"<a x='1' y=\"&lt;&#65;&#x42;\">t&amp;t<![CDATA[<c>]]><!--c--><?p d?>u</a>",
	"\xEF\xBB\xBF<?xml version='1.0' encoding='us-ascii' standalone='yes'?><a/>",
	"<!DOCTYPE a PUBLIC '-//X//Y' 'y.dtd' [<!ELEMENT a (#PCDATA)><!ATTLIST a b CDATA '>]'><!-- ]> --><?p ]>?>%pe;]><a b='c'/>",
	"<a>\r\n\rx\r</a>",
	"<a b='\r\n\t&#9;&#10;'/>",
	"<a:b xmlns:a='u' a:c='1'><a:d/></a:b>",
	"<a:b:c/>",
	"<é>\u00b7</é>",
	"<a>&#xD800;</a>",
	"<a x='1'y='2'/>",
	"<a x='1' x='2'/>",
	"<a/><b/>",
	"x<a/>",
	"<?xml version='1.0' encoding='latin1'?><a/>",
	"<a><?xml version='1.0'?></a>",
	"<a><!DOCTYPE a></a>",
	"<a>]]></a>",
	"<a><!-- a -- b --></a>",
	"<a>\x01</a>",
	"<a>\xff</a>",
	"<!DOCTYPE a [<?p '?>]><a>&bogus;</a>'>]>",
}

// A token as the test compares it.
type ftok struct {
	kind  Kind
	name  string
	attrs []string // name=value pairs
	text  string
}

func (t ftok) String() string {
	switch t.kind {
	case StartElement:
		return fmt.Sprintf("<%s %q>", t.name, t.attrs)
	case EndElement:
		return "</" + t.name + ">"
	case Text:
		return strconv.Quote(t.text)
	}
	return t.kind.String()
}

type scanResult struct {
	toks         []ftok
	pos          [][3]int64 // line, col, offset of each token
	err          error
	doctype      string
	docStart     int64
	docEnd       int64
	errInDoctype bool
}

// maxTokens bounds a scan, against a Scanner that loops.
const maxTokens = 1 << 20

func scanWith(s *Scanner) scanResult {
	var res scanResult
	for len(res.toks) < maxTokens {
		k, err := s.Next()
		if err != nil {
			res.err = err
			break
		}
		if k == EOF {
			break
		}
		res.toks = append(res.toks, scannerTok(s, k))
		res.pos = append(res.pos, [3]int64{int64(s.Line()), int64(s.Col()), s.Offset()})
	}
	res.doctype, res.docStart, res.docEnd, res.errInDoctype = s.Doctype(), s.docStart, s.docEnd, s.errInDoctype
	return res
}

func scannerTok(s *Scanner, k Kind) ftok {
	t := ftok{kind: k}
	switch k {
	case StartElement:
		t.name = string(s.Name())
		for _, a := range s.Attrs() {
			t.attrs = append(t.attrs, string(a.Name)+"="+string(a.Value))
		}
	case EndElement:
		t.name = string(s.Name())
	case Text:
		t.text = string(s.Text())
	}
	return t
}

type stdResult struct {
	toks       []ftok
	err        error
	outText    bool // non-space CharData outside the root element (a leading byte order mark aside)
	outAny     bool // any CharData outside the root element
	roots      int
	dupAttr    bool
	colonNames bool
}

// stdScan reads data with encoding/xml and normalises its tokens.
func stdScan(data []byte) stdResult {
	var res stdResult
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	raw := xml.NewDecoder(bytes.NewReader(data))
	raw.Strict = true
	depth := 0
	var text strings.Builder
	inText := false
	flush := func() {
		if inText && text.Len() > 0 {
			res.toks = append(res.toks, ftok{kind: Text, text: text.String()})
		}
		text.Reset()
		inText = false
	}
	for n := 0; ; n++ {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			res.err = err
			break
		}
		rt, err := raw.RawToken()
		if err != nil {
			panic(fmt.Sprintf("RawToken fails (%v) where Token does not", err))
		}
		switch t := t.(type) {
		case xml.StartElement:
			rs := rt.(xml.StartElement)
			flush()
			if depth == 0 {
				res.roots++
			}
			depth++
			tok := ftok{kind: StartElement, name: rawName(rs.Name)}
			seen := map[string]bool{}
			for _, a := range rs.Attr {
				n := rawName(a.Name)
				if seen[n] {
					res.dupAttr = true
				}
				seen[n] = true
				tok.attrs = append(tok.attrs, n+"="+a.Value)
			}
			res.toks = append(res.toks, tok)
		case xml.EndElement:
			flush()
			depth--
			res.toks = append(res.toks, ftok{kind: EndElement, name: rawName(rt.(xml.EndElement).Name)})
		case xml.CharData:
			if depth == 0 {
				s := string(t)
				if n == 0 && bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
					s = strings.TrimPrefix(s, "\uFEFF")
				}
				res.outAny = true
				if strings.Trim(s, " \t\r\n") != "" {
					res.outText = true
				}
				continue
			}
			inText = true
			text.Write(t)
		}
	}
	flush()
	for _, t := range res.toks {
		if strings.Count(t.name, ":") > 1 {
			res.colonNames = true
		}
		for _, a := range t.attrs {
			if n, _, _ := strings.Cut(a, "="); strings.Count(n, ":") > 1 {
				res.colonNames = true
			}
		}
	}
	return res
}

func rawName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// checkScanner runs every check on data.
func checkScanner(t *testing.T, data []byte) {
	full := scanWith(NewScanner(bytes.NewReader(data)))
	checkResult(t, data, full)

	// Tiny buffers and readers that return little at a time must give the
	// same result: every token cut at every place by the buffer's end.
	for _, c := range []struct {
		size int
		r    func(io.Reader) io.Reader
	}{
		{1, iotest.OneByteReader},
		{7, iotest.HalfReader},
		{64, iotest.DataErrReader},
	} {
		other := scanWith(newScannerSize(c.r(bytes.NewReader(data)), c.size))
		if d := diffResults(full, other); d != "" {
			t.Fatalf("buffer of %d bytes: %s\ninput %q", c.size, d, data)
		}
	}

	checkNavigation(t, NewScanner(bytes.NewReader(data)), full)
	checkNavigation(t, newScannerSize(iotest.OneByteReader(bytes.NewReader(data)), 1), full)
	compareStd(t, data, full)
}

// checkResult checks one scan on its own: positions, tokens, errors.
func checkResult(t *testing.T, data []byte, res scanResult) {
	t.Helper()
	var last int64
	w := posRef{data: data}
	for i, tok := range res.toks {
		p := res.pos[i]
		if p[2] < last || p[2] > int64(len(data)) {
			t.Fatalf("token %d %v: offset %d after %d", i, tok, p[2], last)
		}
		last = p[2]
		if line, col := w.at(p[2]); int64(line) != p[0] || int64(col) != p[1] {
			t.Fatalf("token %d %v at offset %d: position %d:%d, want %d:%d\ninput %q", i, tok, p[2], p[0], p[1], line, col, data)
		}
		switch tok.kind {
		case StartElement, EndElement:
			if tok.name == "" {
				t.Fatalf("token %d: no name", i)
			}
		case Text:
			if tok.text == "" {
				t.Fatalf("token %d: empty text", i)
			}
		}
	}
	if res.err == nil {
		return
	}
	se, ok := res.err.(*SyntaxError)
	if !ok {
		t.Fatalf("error %v (%T) is not a *SyntaxError", res.err, res.err)
	}
	if se.Offset < 0 || se.Offset > int64(len(data)) {
		t.Fatalf("error %v: offset %d outside the input", se, se.Offset)
	}
	if line, col := w.at(se.Offset); line != se.Line || col != se.Col {
		t.Fatalf("error %q at offset %d: position %d:%d, want %d:%d\ninput %q", se.Msg, se.Offset, se.Line, se.Col, line, col, data)
	}
}

// refPos is the position of offset off as the Scanner documents it: lines
// end at "\n", "\r\n" or a lone "\r", columns count characters from 1 (a
// byte that is not UTF-8 counts as one, as utf8.RuneCount counts it).
func refPos(data []byte, off int64) (line, col int) {
	var w posRef
	w.data = data
	return w.at(off)
}

// posRef works out positions by walking the input byte by byte, forward
// from the last offset asked for.
type posRef struct {
	data      []byte
	off       int
	line, col int
	cr        bool // the byte before off is a "\r"
}

func (w *posRef) at(off int64) (line, col int) {
	if w.line == 0 || int(off) < w.off {
		w.off, w.line, w.col, w.cr = 0, 1, 1, false
	}
	for w.off < int(off) {
		c := w.data[w.off]
		n := 1
		switch {
		case c == '\n' && w.cr: // the "\n" of "\r\n": the line was counted at the "\r"
		case c == '\n' || c == '\r':
			w.line++
			w.col = 1
		default: // a character, or one byte that is not UTF-8
			_, n = utf8.DecodeRune(w.data[w.off:off])
			w.col++
		}
		w.cr = c == '\r'
		w.off += n
	}
	return w.line, w.col
}

func diffResults(a, b scanResult) string {
	if fmt.Sprint(a.err) != fmt.Sprint(b.err) {
		return fmt.Sprintf("error %v, want %v", b.err, a.err)
	}
	if ea, ok := a.err.(*SyntaxError); ok {
		if eb := b.err.(*SyntaxError); *ea != *eb {
			return fmt.Sprintf("error %+v, want %+v", *eb, *ea)
		}
	}
	if len(a.toks) != len(b.toks) {
		return fmt.Sprintf("%d tokens, want %d", len(b.toks), len(a.toks))
	}
	for i := range a.toks {
		if a.toks[i].String() != b.toks[i].String() || a.pos[i] != b.pos[i] {
			return fmt.Sprintf("token %d: %v at %v, want %v at %v", i, b.toks[i], b.pos[i], a.toks[i], a.pos[i])
		}
	}
	if a.doctype != b.doctype {
		return fmt.Sprintf("doctype %q, want %q", b.doctype, a.doctype)
	}
	return ""
}

// checkNavigation scans data again, calling TextContent on leaf elements
// and on some others, and SkipElement on some elements, and checks what it
// sees against the full scan.
func checkNavigation(t *testing.T, s *Scanner, full scanResult) {
	toks := full.toks
	j, starts := 0, 0
	for {
		k, err := s.Next()
		if err != nil {
			if fmt.Sprint(err) != fmt.Sprint(full.err) {
				t.Fatalf("navigation: error %v, want %v", err, full.err)
			}
			return
		}
		if k == EOF {
			if j != len(toks) || full.err != nil {
				t.Fatalf("navigation: EOF after %d tokens, want %d then %v", j, len(toks), full.err)
			}
			return
		}
		if j >= len(toks) {
			t.Fatalf("navigation: token %d %v past the full scan", j, scannerTok(s, k))
		}
		if got := scannerTok(s, k); got.String() != toks[j].String() {
			t.Fatalf("navigation: token %d %v, want %v", j, got, toks[j])
		}
		j++
		if k != StartElement {
			continue
		}
		starts++
		end := matchingEnd(toks, j-1)
		leaf := end == j || end == j+1 && toks[j].kind == Text
		switch {
		case end < 0:
		case leaf:
			text, err := s.TextContent()
			if err != nil {
				t.Fatalf("navigation: TextContent of %v: %v", toks[j-1], err)
			}
			want := ""
			if end == j+1 {
				want = toks[j].text
			}
			if string(text) != want || s.Name() == nil || string(s.Name()) != toks[end].name {
				t.Fatalf("navigation: TextContent of %v: %q then </%s>, want %q", toks[j-1], text, s.Name(), want)
			}
			j = end + 1
		case starts%3 == 0:
			child := j
			if toks[j].kind == Text {
				child++
			}
			_, err := s.TextContent()
			var se *SyntaxError
			if !asSyntaxError(err, &se) || !strings.Contains(se.Msg, "has a child element <"+toks[child].name+">") ||
				s.Offset() != full.pos[child][2] {
				t.Fatalf("navigation: TextContent of %v with child %v: %v", toks[j-1], toks[child], err)
			}
			j = child + 1
		case starts%3 == 1:
			if err := s.SkipElement(); err != nil {
				t.Fatalf("navigation: SkipElement of %v: %v", toks[j-1], err)
			}
			if string(s.Name()) != toks[end].name || s.Offset() != full.pos[end][2] {
				t.Fatalf("navigation: SkipElement of %v ends at </%s> offset %d", toks[j-1], s.Name(), s.Offset())
			}
			j = end + 1
		}
	}
}

func asSyntaxError(err error, se **SyntaxError) bool {
	e, ok := err.(*SyntaxError)
	*se = e
	return ok
}

// matchingEnd returns the index of the EndElement of the StartElement at
// toks[i], or -1.
func matchingEnd(toks []ftok, i int) int {
	depth := 0
	for ; i < len(toks); i++ {
		switch toks[i].kind {
		case StartElement:
			depth++
		case EndElement:
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// compareStd compares the Scanner's result with encoding/xml's.
func compareStd(t *testing.T, data []byte, sr scanResult) {
	xr := stdScan(data)
	switch {
	case sr.err == nil && xr.err == nil:
		if d := diffStd(sr, xr); d != "" {
			// The doctype exception: encoding/xml may end the DOCTYPE
			// elsewhere, and read the rest of it as text.
			if sr.docEnd == 0 || diffStd(sr, stdScan(cutDoctype(data, sr))) != "" {
				t.Fatalf("%s\ninput %q", d, data)
			}
		}
	case sr.err != nil && xr.err != nil:
	case sr.err != nil:
		if scannerStricter(data, sr, xr) == "" {
			t.Fatalf("the Scanner fails (%v), encoding/xml does not\ninput %q", sr.err, data)
		}
	default:
		if stdStricter(data, sr, xr) == "" {
			t.Fatalf("encoding/xml fails (%v), the Scanner does not\ninput %q", xr.err, data)
		}
	}
}

// diffStd compares a successful scan with a successful encoding/xml read.
func diffStd(sr scanResult, xr stdResult) string {
	if xr.err != nil {
		return "encoding/xml fails: " + xr.err.Error()
	}
	if xr.outText || xr.roots != 1 || xr.dupAttr {
		return fmt.Sprintf("the Scanner accepts a document with text outside the root (%v), %d roots or duplicate attributes (%v)",
			xr.outText, xr.roots, xr.dupAttr)
	}
	return diffTokens(sr.toks, xr.toks)
}

// cutDoctype returns data without the DOCTYPE that the Scanner read.
func cutDoctype(data []byte, sr scanResult) []byte {
	return append(append([]byte(nil), data[:sr.docStart]...), data[sr.docEnd:]...)
}

func diffTokens(s, x []ftok) string {
	norm := func(t ftok) string {
		for i, a := range t.attrs {
			t.attrs[i] = strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return ' '
				}
				return r
			}, a)
		}
		return t.String()
	}
	for i := 0; i < len(s) || i < len(x); i++ {
		switch {
		case i >= len(s):
			return fmt.Sprintf("token %d: the Scanner ends, encoding/xml has %v", i, x[i])
		case i >= len(x):
			return fmt.Sprintf("token %d: encoding/xml ends, the Scanner has %v", i, s[i])
		}
		a, b := s[i], x[i]
		a.attrs, b.attrs = append([]string(nil), a.attrs...), append([]string(nil), b.attrs...)
		if na, nb := norm(a), norm(b); na != nb {
			return fmt.Sprintf("token %d: the Scanner has %s, encoding/xml %s", i, na, nb)
		}
	}
	return ""
}

var (
	reNameChar = regexp.MustCompile(`^character U\+([0-9A-F]{4,6}) is not allowed (at the start of|in) a name$`)
	reCharRef  = regexp.MustCompile(`^character reference &#(x?)([0-9A-Fa-f]+);`)
	reStdName  = regexp.MustCompile(`invalid XML name: (.*)$`)
	reStdEnc   = regexp.MustCompile(`encoding "(.*)" declared but Decoder.CharsetReader is nil`)
)

// scannerStricter names the documented exception that explains why the
// Scanner fails where encoding/xml does not, or returns "". When the
// Scanner read a DOCTYPE, encoding/xml may have ended it elsewhere and
// skipped what the Scanner rejects (the doctype exception): then the input
// without the DOCTYPE must make encoding/xml fail too, or be explained by
// another exception.
func scannerStricter(data []byte, sr scanResult, xr stdResult) string {
	if why := scannerStricterBy(data, sr, xr); why != "" {
		return why
	}
	if sr.docEnd > 0 {
		xr := stdScan(cutDoctype(data, sr))
		if xr.err != nil {
			return "doctype"
		}
		return scannerStricterBy(data, sr, xr)
	}
	return ""
}

func scannerStricterBy(data []byte, sr scanResult, xr stdResult) string {
	se, ok := sr.err.(*SyntaxError)
	if !ok {
		return ""
	}
	msg := se.Msg
	switch {
	case strings.HasPrefix(msg, "XML declaration"):
		return "xmldecl"
	case strings.HasPrefix(msg, "processing instruction target") && strings.HasSuffix(msg, "is reserved"),
		strings.Contains(msg, "after processing instruction target") && strings.HasSuffix(msg, "white space expected"):
		return "pi"
	case strings.HasSuffix(msg, " in a comment is not allowed in XML"),
		strings.HasSuffix(msg, " in a processing instruction is not allowed in XML"),
		strings.HasSuffix(msg, " in the DOCTYPE is not allowed in XML"),
		msg == "invalid UTF-8 in a comment", msg == "invalid UTF-8 in a processing instruction", msg == "invalid UTF-8 in the DOCTYPE":
		return "chars-in-markup"
	case (strings.HasPrefix(msg, "DOCTYPE") || msg == msgBadBang || sr.errInDoctype) && bytes.Contains(data, []byte("<!")):
		return "doctype"
	case (msg == "text before the root element" || msg == "text after the root element" ||
		msg == "CDATA section outside the root element") && xr.outAny:
		return "outside-root"
	case msg == "no root element" && xr.roots == 0:
		return "no-root"
	case strings.HasPrefix(msg, "a second root element") && xr.roots > 1:
		return "multi-root"
	case strings.HasPrefix(msg, "duplicate attribute") && xr.dupAttr:
		return "dup-attr"
	case msg == "white space expected between attributes":
		return "attr-space"
	}
	if m := reNameChar.FindStringSubmatch(msg); m != nil {
		if r, _ := strconv.ParseUint(m[1], 16, 32); r >= utf8.RuneSelf {
			return "name-chars"
		}
	}
	if m := reCharRef.FindStringSubmatch(msg); m != nil {
		base := 10
		if m[1] == "x" {
			base = 16
		}
		if r, err := strconv.ParseUint(m[2], base, 32); err == nil && 0xD800 <= r && r <= 0xDFFF {
			return "surrogate-ref"
		}
	}
	return ""
}

// stdStricter names the documented exception that explains why
// encoding/xml fails where the Scanner does not, or returns "".
func stdStricter(data []byte, sr scanResult, xr stdResult) string {
	msg := xr.err.Error()
	if m := reStdEnc.FindStringSubmatch(msg); m != nil && strings.EqualFold(m[1], "US-ASCII") {
		return "us-ascii"
	}
	for _, t := range sr.toks {
		if strings.Count(t.name, ":") > 1 {
			return "colons"
		}
		for _, a := range t.attrs {
			if n, _, _ := strings.Cut(a, "="); strings.Count(n, ":") > 1 {
				return "colons"
			}
		}
	}
	if m := reStdName.FindStringSubmatch(msg); m != nil {
		for i := 0; i < len(m[1]); i++ {
			if m[1][i] >= utf8.RuneSelf {
				return "name-chars"
			}
		}
	}
	if sr.docEnd > 0 && diffStd(sr, stdScan(cutDoctype(data, sr))) == "" {
		return "doctype"
	}
	return ""
}
