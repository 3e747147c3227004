package qgenrt

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// scanAll returns the tokens of doc as the fuzz test prints them, or the
// error.
func scanAll(t *testing.T, doc string) ([]string, error) {
	t.Helper()
	res := scanWith(NewScanner(strings.NewReader(doc)))
	var out []string
	for _, tok := range res.toks {
		out = append(out, tok.String())
	}
	return out, res.err
}

func wantTokens(t *testing.T, doc string, want ...string) {
	t.Helper()
	got, err := scanAll(t, doc)
	if err != nil {
		t.Fatalf("%q: %v", doc, err)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("%q:\n got %s\nwant %s", doc, strings.Join(got, " "), strings.Join(want, " "))
	}
}

func TestScannerTokens(t *testing.T) {
	wantTokens(t, `<?xml version="1.0" encoding="UTF-8" ?>
<!-- before -->
<?pi data?>
<ROOT a="1">
  <EMPTY/>
  <LEAF>text</LEAF>
</ROOT>
<!-- after -->
`,
		`<ROOT ["a=1"]>`, `"\n  "`, `<EMPTY []>`, `</EMPTY>`, `"\n  "`, `<LEAF []>`, `"text"`, `</LEAF>`, `"\n"`, `</ROOT>`)
	wantTokens(t, "<a/>", `<a []>`, `</a>`)
	wantTokens(t, "<a></a>", `<a []>`, `</a>`)
	wantTokens(t, "<a:b.c-d_e ns:x='1'/>", `<a:b.c-d_e ["ns:x=1"]>`, `</a:b.c-d_e>`)
	wantTokens(t, "<é·x/>", `<é·x []>`, `</é·x>`)
	// Comments and processing instructions inside text are dropped and the
	// text around them is one token; alone, they make no token.
	wantTokens(t, "<a>x<!-- c -->y<?p q?>z</a>", `<a []>`, `"xyz"`, `</a>`)
	wantTokens(t, "<a><!-- c --><?p?></a>", `<a []>`, `</a>`)
	wantTokens(t, "<a><![CDATA[]]></a>", `<a []>`, `</a>`)
	wantTokens(t, "\xEF\xBB\xBF<a/>", `<a []>`, `</a>`)
	wantTokens(t, "\xEF\xBB\xBF<?xml version='1.0'?><a/>", `<a []>`, `</a>`)
	wantTokens(t, "<?xml-stylesheet href='x'?><a/>", `<a []>`, `</a>`)
	wantTokens(t, "<a\n\tb = 'x'\r\n/>", `<a ["b=x"]>`, `</a>`)
	wantTokens(t, "<a></a >", `<a []>`, `</a>`)
}

func TestScannerCDATA(t *testing.T) {
	wantTokens(t, "<TITLE>\n  <![CDATA[My Record]]>\n</TITLE>", `<TITLE []>`, `"\n  My Record\n"`, `</TITLE>`)
	// A CDATA section ends at the first "]]>"; sections merge with the text.
	wantTokens(t, "<a>x<![CDATA[<b>&amp;]]]]>y<![CDATA[]]>z</a>", `<a []>`, `"x<b>&amp;]]yz"`, `</a>`)
	wantTokens(t, "<a><![CDATA[\r\n\r]]></a>", `<a []>`, `"\n\n"`, `</a>`)
}

func TestScannerReferences(t *testing.T) {
	wantTokens(t, "<a>&lt; &gt; &amp; &apos; &quot; &#65; &#x41; &#x1F600; &#0000065;</a>",
		`<a []>`, `"< > & ' \" A A 😀 A"`, `</a>`)
	wantTokens(t, `<a x="&lt;&amp;&quot;&#65;" y='&apos;"' z="'">`+"</a>",
		`<a ["x=<&\"A" "y='\"" "z='"]>`, `</a>`)
	// Line ends in text: "\r\n" and a lone "\r" become "\n".
	wantTokens(t, "<a>1\r\n2\r3\n</a>", `<a []>`, `"1\n2\n3\n"`, `</a>`)
	// Attribute values: literal white space becomes a space, references
	// keep their character.
	wantTokens(t, "<a x='1\t2\n3\r\n4\r5' y='&#9;&#10;&#13;'/>", `<a ["x=1 2 3 4 5" "y=\t\n\r"]>`, `</a>`)
	wantTokens(t, "<a x='&gt;>]]>'/>", `<a ["x=>>]]>"]>`, `</a>`)
	wantTokens(t, "<a x=''/>", `<a ["x="]>`, `</a>`)
}

func TestScannerDoctype(t *testing.T) {
	for _, c := range []struct{ doc, name string }{
		{"<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE AUTH_UNIX_LIST_OUTPUT SYSTEM \n\"https://qualysapi.qualys.com/api/2.0/fo/auth/unix/auth_unix_list_output.dtd\">\n<AUTH_UNIX_LIST_OUTPUT/>", "AUTH_UNIX_LIST_OUTPUT"},
		{"<!DOCTYPE a><a/>", "a"},
		{"<!DOCTYPE a SYSTEM 'x>y'><a/>", "a"},
		{"<!DOCTYPE a PUBLIC \"-//Q//DTD X//EN\" \"x.dtd\"><a/>", "a"},
		{`<!DOCTYPE R [
  <!ELEMENT R (A|B)*>
  <!ATTLIST R x CDATA "]>" y (a|b) 'a'>
  <!ENTITY e "<b>]]>">
  <!ENTITY % p SYSTEM "p.dtd">
  %p;
  <!-- ]> -->
  <?pi ]>?>
  <!NOTATION n SYSTEM "n">
]>
<R/>`, "R"},
		{"<!DOCTYPE R SYSTEM \"r.dtd\" [ ] ><R/>", "R"},
	} {
		s := NewScanner(strings.NewReader(c.doc))
		k, err := s.Next()
		if err != nil || k != StartElement {
			t.Fatalf("%q: %v %v", c.doc, k, err)
		}
		if s.Doctype() != c.name {
			t.Errorf("%q: Doctype %q, want %q", c.doc, s.Doctype(), c.name)
		}
	}
	if s := NewScanner(strings.NewReader("<a/>")); s.Doctype() != "" {
		t.Error("Doctype without a DOCTYPE")
	}
	// Entities that the DOCTYPE declares are not known.
	_, err := scanAll(t, "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>")
	wantError(t, err, 1, 34, "unknown entity &e; (only lt, gt, amp, apos and quot are defined)")
}

func TestScannerPositions(t *testing.T) {
	doc := "<?xml version='1.0'?>\n" + // line 1
		"<!DOCTYPE R>\n" + // 2
		"<R>\n" + // 3
		"  <é a='1'>héllo</é><B/>\r\n" + // 4
		"  <C>x\r" + // 5
		"y</C>\n" + // 6
		"</R>\n" // 7
	type at struct {
		tok       string
		line, col int
	}
	want := []at{
		{`<R []>`, 3, 1},
		{`"\n  "`, 3, 4},
		{`<é ["a=1"]>`, 4, 3},
		{`"héllo"`, 4, 12},
		{`</é>`, 4, 17},
		{`<B []>`, 4, 21},
		{`</B>`, 4, 21},
		{`"\n  "`, 4, 25},
		{`<C []>`, 5, 3},
		{`"x\ny"`, 5, 6},
		{`</C>`, 6, 2},
		{`"\n"`, 6, 6},
		{`</R>`, 7, 1},
	}
	for _, size := range []int{defaultBufSize, 1, 5} {
		s := newScannerSize(iotest.OneByteReader(strings.NewReader(doc)), size)
		for i, w := range want {
			k, err := s.Next()
			if err != nil {
				t.Fatal(err)
			}
			tok := scannerTok(s, k).String()
			line, col := refPos([]byte(doc), s.Offset())
			if tok != w.tok || s.Line() != w.line || s.Col() != w.col || line != w.line || col != w.col {
				t.Errorf("size %d token %d: %s at %d:%d (offset %d, %d:%d), want %s at %d:%d",
					size, i, tok, s.Line(), s.Col(), s.Offset(), line, col, w.tok, w.line, w.col)
			}
		}
		if k, err := s.Next(); k != EOF || err != nil {
			t.Fatalf("after the root: %v %v", k, err)
		}
		if s.Line() != 8 || s.Col() != 1 || s.Offset() != int64(len(doc)) {
			t.Errorf("EOF at %d:%d offset %d", s.Line(), s.Col(), s.Offset())
		}
	}
}

func TestScannerSkipElement(t *testing.T) {
	doc := `<R><A x="1"><B><C>c</C></B>t<D/></A><E>e</E><F><G/><H>h</H><I/></F></R>`
	s := NewScanner(strings.NewReader(doc))
	next := func(want string) {
		t.Helper()
		k, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if got := scannerTok(s, k).String(); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
	next(`<R []>`)
	next(`<A ["x=1"]>`)
	if err := s.SkipElement(); err != nil { // after a StartElement: the element
		t.Fatal(err)
	}
	if string(s.Name()) != "A" || s.Depth() != 1 {
		t.Fatalf("after SkipElement: %s at depth %d", s.Name(), s.Depth())
	}
	next(`<E []>`)
	next(`"e"`)
	next(`</E>`)
	next(`<F []>`)
	next(`<G []>`)
	if err := s.SkipElement(); err != nil { // <G/>
		t.Fatal(err)
	}
	if string(s.Name()) != "G" || s.Depth() != 2 {
		t.Fatalf("after SkipElement of <G/>: %s at depth %d", s.Name(), s.Depth())
	}
	next(`<H []>`)
	next(`"h"`)
	if err := s.SkipElement(); err != nil { // after Text: the rest of H
		t.Fatal(err)
	}
	if string(s.Name()) != "H" {
		t.Fatalf("after SkipElement in H: %s", s.Name())
	}
	if err := s.SkipElement(); err != nil { // after </H>: the rest of F
		t.Fatal(err)
	}
	if string(s.Name()) != "F" || s.Depth() != 1 {
		t.Fatalf("after SkipElement in F: %s", s.Name())
	}
	next(`</R>`)
	if err := s.SkipElement(); err == nil {
		t.Fatal("SkipElement outside the root works")
	}
	next("EOF")

	// The skipped content is checked.
	s = NewScanner(strings.NewReader("<R><A><B></C></A></R>"))
	s.Next()
	s.Next()
	wantError(t, s.SkipElement(), 1, 10, "end tag </C> does not match start tag <B> at 1:7")
}

func TestScannerTextContent(t *testing.T) {
	doc := "<R>\n  <ID>2376623</ID>\n  <TITLE>\n    <![CDATA[My Record]]>\n  </TITLE>\n  <E/><F></F><G><!--c--></G><H>a<X/></H></R>"
	for _, size := range []int{defaultBufSize, 1, 3} {
		s := newScannerSize(iotest.OneByteReader(strings.NewReader(doc)), size)
		elem := func(name, want string) {
			t.Helper()
			for {
				k, err := s.Next()
				if err != nil {
					t.Fatal(err)
				}
				if k == StartElement && string(s.Name()) == name {
					break
				}
			}
			text, err := s.TextContent()
			if err != nil {
				t.Fatal(err)
			}
			if string(text) != want || string(s.Name()) != name || s.Depth() != 1 {
				t.Fatalf("size %d: %s: %q then </%s> at depth %d, want %q", size, name, text, s.Name(), s.Depth(), want)
			}
		}
		elem("ID", "2376623")
		elem("TITLE", "\n    My Record\n  ")
		elem("E", "")
		elem("F", "")
		elem("G", "")
		s.Next()
		if string(s.Name()) != "H" {
			t.Fatal("not on H")
		}
		_, err := s.TextContent()
		wantError(t, err, 6, 33, "element <H> has a child element <X>; only text was expected")
		// The Scanner is on <X/> and goes on.
		if string(s.Name()) != "X" {
			t.Fatalf("after the child error: on %s", s.Name())
		}
		for _, want := range []string{"</X>", "</H>", "</R>", "EOF"} {
			k, err := s.Next()
			if err != nil || scannerTok(s, k).String() != want {
				t.Fatalf("after the child error: %v %v, want %s", scannerTok(s, k), err, want)
			}
		}
	}
	s := NewScanner(strings.NewReader("<a>x</a>"))
	if _, err := s.TextContent(); err == nil {
		t.Error("TextContent before any token works")
	}
	s.Next()
	s.Next()
	if _, err := s.TextContent(); err == nil {
		t.Error("TextContent after a Text works")
	}
}

func wantError(t *testing.T, err error, line, col int, msg string) {
	t.Helper()
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want a *SyntaxError %d:%d: %s", err, err, line, col, msg)
	}
	if se.Line != line || se.Col != col || se.Msg != msg {
		t.Fatalf("error %q, want %q", se.Error(), (&SyntaxError{Line: line, Col: col, Msg: msg}).Error())
	}
}

// scannerErrorCases are documents that are not well-formed, or that use
// what the Scanner does not support, with the error each gives.
var scannerErrorCases = []struct {
	doc       string
	line, col int
	msg       string
}{
	// Names.
	{"<1a/>", 1, 2, "element name expected after '<'"},
	{"< a/>", 1, 2, "element name expected after '<'"},
	{"<a\u00d7/>", 1, 3, "character U+00D7 is not allowed in a name"},
	{"<\u0300/>", 1, 2, "character U+0300 is not allowed at the start of a name"},
	{"<a b$='1'/>", 1, 5, "'=' expected after attribute name b"},
	{"<a $='1'/>", 1, 4, "'$' in start tag <a>: attribute name expected"},
	// End tags.
	{"<a>\n  <b>\n  </c>\n</a>", 3, 3, "end tag </c> does not match start tag <b> at 2:3"},
	{"<a></ab>", 1, 4, "end tag </ab> does not match start tag <a> at 1:1"},
	{"<ab></a>", 1, 5, "end tag </a> does not match start tag <ab> at 1:1"},
	{"<a></a x>", 1, 8, "'x' in end tag </a>: '>' expected"},
	{"<a></>", 1, 6, "element name expected after '</'"},
	{"</a>", 1, 1, "end tag outside the root element"},
	// Attributes.
	{"<a b=1/>", 1, 6, "the value of attribute b must be quoted"},
	{"<a b/>", 1, 5, "'=' expected after attribute name b"},
	{"<a b='1'c='2'/>", 1, 9, "white space expected between attributes"},
	{"<a b='1' b='2'/>", 1, 10, "duplicate attribute b"},
	{"<a b='<'/>", 1, 7, "'<' is not allowed in an attribute value"},
	{"<a b='x/>\n<c/>", 2, 1, "'<' is not allowed in an attribute value"},
	{"<A A='&<'", 1, 7, "'&' must start a reference (&name; or &#N;); write & as &amp;"}, // found by the fuzzer
	{"<a b='&bogus;'/>", 1, 7, "unknown entity &bogus; (only lt, gt, amp, apos and quot are defined)"},
	{"<a b='&amp'/>", 1, 7, "unterminated reference"},
	{"<a / >", 1, 4, "'>' expected after '/' in a start tag"},
	// References.
	{"<a>&nbsp;</a>", 1, 4, "unknown entity &nbsp; (only lt, gt, amp, apos and quot are defined)"},
	{"<a>&lt</a>", 1, 4, "reference &lt is missing its ';'"},
	{"<a>& b</a>", 1, 4, "'&' must start a reference (&name; or &#N;); write & as &amp;"},
	{"<a>&#0;</a>", 1, 4, "character reference &#0; is not an XML character"},
	{"<a>&#xD800;</a>", 1, 4, "character reference &#xD800; is not an XML character"},
	{"<a>&#x110000;</a>", 1, 4, "character reference &#x110000; is not an XML character"},
	{"<a>&#xFFFE;</a>", 1, 4, "character reference &#xFFFE; is not an XML character"},
	{"<a>&#12a;</a>", 1, 4, "malformed character reference: &#N; or &#xH; expected"},
	{"<a>&#X41;</a>", 1, 4, "malformed character reference: &#N; or &#xH; expected"},
	{"<a>&#;</a>", 1, 4, "malformed character reference: &#N; or &#xH; expected"},
	// Characters.
	{"<a>\xff</a>", 1, 4, "invalid UTF-8"},
	{"<a>x\xe2\x82</a>", 1, 5, "invalid UTF-8"},
	{"<a>\x01</a>", 1, 4, "character U+0001 is not allowed in XML"},
	{"<a>\uFFFE</a>", 1, 4, "character U+FFFE is not allowed in XML"},
	{"<a b='\x00'/>", 1, 7, "character U+0000 is not allowed in XML"},
	{"<a b='\xc3'/>", 1, 7, "invalid UTF-8 in an attribute value"},
	{"<a><!-- \x0c --></a>", 1, 9, "character U+000C in a comment is not allowed in XML"},
	{"<a><?p \xff?></a>", 1, 8, "invalid UTF-8 in a processing instruction"},
	{"<a><![CDATA[\x1b]]></a>", 1, 13, "character U+001B is not allowed in XML"},
	{"<!DOCTYPE a SYSTEM '\x02'><a/>", 1, 21, "character U+0002 in the DOCTYPE is not allowed in XML"},
	{"<a>]]></a>", 1, 4, `"]]>" is not allowed in text`},
	{"<a><!-- a -- b --></a>", 1, 11, `"--" is not allowed in a comment`},
	{"<a><!-- a ---></a>", 1, 11, `"--" is not allowed in a comment`},
	// Outside the root.
	{"hello<a/>", 1, 1, "text before the root element"},
	{"<a/>\n  x", 2, 3, "text after the root element"},
	{"&amp;<a/>", 1, 1, "text before the root element"},
	{"<![CDATA[x]]><a/>", 1, 1, "CDATA section outside the root element"},
	{"<a/>\n<b/>", 2, 1, "a second root element: a document has only one"},
	{"", 1, 1, "no root element"},
	{"  <!-- c -->\n", 2, 1, "no root element"},
	// Unclosed elements and cut constructs: the error is at the start of
	// what is not finished.
	{"<a>\n  <b>\n    <c/>\n  text", 2, 3, "element <b> is not closed at the end of the input"},
	{"<a>\n<b", 2, 1, "unexpected end of the input in a start tag"},
	{"<a><!-- x", 1, 4, "unexpected end of the input in a comment"},
	{"<a><![CDATA[ x", 1, 4, "unexpected end of the input in a CDATA section"},
	{"<a><?p x", 1, 4, "unexpected end of the input in a processing instruction"},
	{"<a b='1", 1, 1, "unexpected end of the input in a start tag"},
	{"<a>&amp", 1, 4, "unexpected end of the input in a reference"},
	{"<a></a", 1, 4, "unexpected end of the input in an end tag"},
	{"<a><", 1, 4, "unexpected end of the input in markup"},
	{"<!DOCTYPE a [", 1, 1, "unexpected end of the input in the DOCTYPE"},
	// Markup.
	{"<a><!ELEMENT a ANY></a>", 1, 4, msgBadBang},
	{"<a><!DOCTYPE a></a>", 1, 4, "DOCTYPE inside an element"},
	{"<a/><!DOCTYPE a>", 1, 5, "DOCTYPE after the root element"},
	{"<!DOCTYPE a><!DOCTYPE a><a/>", 1, 13, "DOCTYPE: a document has only one"},
	{"<!doctype a><a/>", 1, 1, msgBadBang},
	{"<a><![CDAT[x]]></a>", 1, 4, msgBadBang},
	{"<!DOCTYPE a SYSTEM><a/>", 1, 19, "DOCTYPE: white space expected before a literal"},
	{"<!DOCTYPE a FOO 'x'><a/>", 1, 13, "DOCTYPE: SYSTEM, PUBLIC, '[' or '>' expected"},
	{"<!DOCTYPE a PUBLIC 'a{' 'b'><a/>", 1, 22, "DOCTYPE: '{' in a public identifier"},
	{"<!DOCTYPE a [<!FOO>]><a/>", 1, 14, "DOCTYPE: markup declaration (<!ELEMENT, <!ATTLIST, <!ENTITY, <!NOTATION), comment or processing instruction expected"},
	{"<!DOCTYPE a [ x ]><a/>", 1, 15, "DOCTYPE: 'x' in the internal subset"},
	{"<!DOCTYPE a [<!ELEMENT a <b>]><a/>", 1, 26, "DOCTYPE: '<' inside a markup declaration"},
	{"<!DOCTYPEa><a/>", 1, 10, "DOCTYPE: white space expected after <!DOCTYPE"},
	// XML declaration and processing instructions.
	{"<?xml version='1.0' encoding='ISO-8859-1'?><a/>", 1, 21, `XML declaration: encoding "ISO-8859-1" is not supported (only UTF-8 and US-ASCII)`},
	{"<?xml version='1.1'?><a/>", 1, 7, `XML declaration: version "1.1" is not supported (only 1.0)`},
	{"<?xml encoding='UTF-8'?><a/>", 1, 1, "XML declaration: version is missing"},
	{"<?xml version='1.0' standalone='maybe'?><a/>", 1, 21, `XML declaration: standalone "maybe" is neither yes nor no`},
	{"<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>", 1, 38, `XML declaration: unexpected "encoding"`},
	{"<?xml version='1.0'encoding='UTF-8'?><a/>", 1, 20, "XML declaration: white space expected"},
	{"\n<?xml version='1.0'?><a/>", 2, 1, "XML declaration not at the start of the document"},
	{"<a><?xml version='1.0'?></a>", 1, 4, "XML declaration not at the start of the document"},
	{"<?XML x?><a/>", 1, 1, "processing instruction target XML is reserved"},
	{"<?p$?><a/>", 1, 4, "'$' after processing instruction target p: white space expected"},
	{"<??><a/>", 1, 3, "processing instruction target expected after '<?'"},
	{"<?xml version='1.0' encoding='US-ASCII'?><a>é</a>", 1, 45, "byte 0xC3 is not ASCII, but the document declares encoding US-ASCII"},
}

func TestScannerErrors(t *testing.T) {
	for _, c := range scannerErrorCases {
		for _, size := range []int{defaultBufSize, 1} {
			s := newScannerSize(iotest.OneByteReader(strings.NewReader(c.doc)), size)
			var err error
			for err == nil {
				var k Kind
				if k, err = s.Next(); k == EOF && err == nil {
					break
				}
			}
			if err == nil {
				t.Errorf("%q: no error, want %d:%d: %s", c.doc, c.line, c.col, c.msg)
				continue
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line != c.line || se.Col != c.col || se.Msg != c.msg {
				t.Errorf("%q (buffer %d):\n got %v\nwant %d:%d: %s", c.doc, size, err, c.line, c.col, c.msg)
				continue
			}
			if line, col := refPos([]byte(c.doc), se.Offset); line != se.Line || col != se.Col {
				t.Errorf("%q: offset %d is at %d:%d, not %d:%d", c.doc, se.Offset, line, col, se.Line, se.Col)
			}
			// The error sticks.
			if k, err2 := s.Next(); k != EOF || err2 != err {
				t.Errorf("%q: after the error Next returns %v, %v", c.doc, k, err2)
			}
		}
	}
}

func TestScannerSyntaxErrorString(t *testing.T) {
	e := &SyntaxError{Line: 3, Col: 7, Offset: 40, Msg: "bad"}
	if e.Error() != "3:7: bad" {
		t.Fatal(e.Error())
	}
	if EOF.String() != "EOF" || StartElement.String() != "StartElement" || EndElement.String() != "EndElement" ||
		Text.String() != "Text" || Kind(9).String() != "Kind(9)" {
		t.Fatal("Kind.String")
	}
}

// TestScannerSamples scans the release notes' samples: the repaired ones
// and the well-formed printed ones scan, the printed 10, 11 and 14 (see
// testdata/seed/README.md) fail where xmllint says.
func TestScannerSamples(t *testing.T) {
	broken := map[string]struct {
		line, col int
		msg       string
	}{
		"10-postgresql-list-all-details.xml":            {40, 8, "end tag </AUTH_POSTGRESQL_LIST> does not match start tag <RESPONSE> at 5:5"},
		"11-postgresql-create-windows-batch-return.xml": {1, 2, "element name expected after '<'"},
		"14-sharepoint-list-basic-details.xml":          {4, 5, "element <AUTH_MICROSOFT_SHAREPOINT_LIST> is not closed at the end of the input"},
	}
	m, _ := filepath.Glob("../testdata/seed/samples/*/*.xml")
	if len(m) < 25 {
		t.Fatalf("%d samples", len(m))
	}
	for _, p := range m {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		res := scanWith(NewScanner(f))
		f.Close()
		name := filepath.Base(p)
		if b, ok := broken[name]; ok && filepath.Base(filepath.Dir(p)) == "printed" {
			if res.err == nil {
				t.Errorf("%s: no error", p)
				continue
			}
			wantError(t, res.err, b.line, b.col, b.msg)
			continue
		}
		if res.err != nil {
			t.Errorf("%s: %v", p, res.err)
			continue
		}
		if res.doctype == "" || res.toks[0].name != res.doctype || len(res.toks) < 10 {
			t.Errorf("%s: root %s, DOCTYPE %s, %d tokens", p, res.toks[0].name, res.doctype, len(res.toks))
		}
	}
}

// TestScannerReader checks the reading: tokens larger than the buffer,
// read errors, and readers that give little at a time.
func TestScannerReader(t *testing.T) {
	big := strings.Repeat("x&amp;", 50000)
	attr := strings.Repeat("v", 200000)
	comment := strings.Repeat("-c", 100000)
	doc := "<a b='" + attr + "'><!--" + comment + "-->" + big + "<![CDATA[" + big + "]]></a>"
	want := []string{
		(ftok{kind: StartElement, name: "a", attrs: []string{"b=" + attr}}).String(),
		(ftok{kind: Text, text: strings.ReplaceAll(big, "&amp;", "&") + big}).String(),
		"</a>",
	}
	for _, r := range []io.Reader{
		strings.NewReader(doc),
		iotest.OneByteReader(strings.NewReader(doc)),
		iotest.DataErrReader(strings.NewReader(doc)),
		iotest.HalfReader(strings.NewReader(doc)),
	} {
		s := NewScanner(r)
		for i := 0; ; i++ {
			k, err := s.Next()
			if err != nil {
				t.Fatal(err)
			}
			if k == EOF {
				if i != len(want) {
					t.Fatalf("%T: %d tokens", r, i)
				}
				break
			}
			if i >= len(want) || scannerTok(s, k).String() != want[i] {
				t.Fatalf("%T: token %d differs", r, i)
			}
		}
	}
	// A read error comes once the data read before it is used up:
	// TimeoutReader fails its second read.
	s := NewScanner(iotest.TimeoutReader(strings.NewReader("<a>x</a>")))
	if k, err := s.Next(); k != StartElement || err != nil {
		t.Fatal(k, err)
	}
	if k, err := s.Next(); k != Text || err != nil {
		t.Fatal(k, err)
	}
	if k, err := s.Next(); k != EndElement || err != nil {
		t.Fatal(k, err)
	}
	if _, err := s.Next(); err != iotest.ErrTimeout {
		t.Fatalf("%v, want %v", err, iotest.ErrTimeout)
	}
	// A read error other than EOF is returned as it is.
	boom := errors.New("boom")
	s = NewScanner(io.MultiReader(strings.NewReader("<a>x"), iotest.ErrReader(boom)))
	var err error
	for err == nil {
		_, err = s.Next()
	}
	if err != boom {
		t.Fatalf("read error: %v", err)
	}
}

// TestScannerAllocs checks that scanning allocates nothing once the
// Scanner's buffers have grown.
func TestScannerAllocs(t *testing.T) {
	doc, err := os.ReadFile(unixSample)
	if err != nil {
		t.Fatal(err)
	}
	var r bytes.Reader
	s := NewScanner(nil)
	run := func() {
		r.Reset(doc)
		s.Reset(&r)
		for {
			k, err := s.Next()
			if err != nil {
				t.Fatal(err)
			}
			if k == EOF {
				return
			}
			if k == StartElement && string(s.Name()) == "TITLE" {
				if _, err := s.TextContent(); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	run()
	if n := testing.AllocsPerRun(20, run); n != 0 {
		t.Fatalf("%v allocations per document", n)
	}
}

func TestScannerUSASCII(t *testing.T) {
	wantTokens(t, "<?xml version='1.0' encoding='us-ascii'?><a>&#233;</a>", `<a []>`, `"é"`, `</a>`)
}

func TestScannerEOF(t *testing.T) {
	s := NewScanner(strings.NewReader("<a/>"))
	for _, want := range []Kind{StartElement, EndElement, EOF, EOF} {
		if k, err := s.Next(); k != want || err != nil {
			t.Fatalf("%v %v, want %v", k, err, want)
		}
	}
}

func TestScannerManyAttributes(t *testing.T) {
	var b strings.Builder
	b.WriteString("<a")
	for i := 0; i < 20; i++ {
		b.WriteString(" a" + string(rune('a'+i)) + "='1'")
	}
	ok := b.String() + "/>"
	s := NewScanner(strings.NewReader(ok))
	if k, err := s.Next(); k != StartElement || err != nil || len(s.Attrs()) != 20 {
		t.Fatal(k, err, len(s.Attrs()))
	}
	// Duplicates before and after the 16th attribute, with the Scanner
	// reused: the set of names starts afresh.
	for _, c := range []struct {
		doc  string
		col  int
		name string
	}{
		{b.String() + " ac='2'/>", 144, "ac"},
		{b.String() + " ax='2' ad='3'/>", 151, "ad"},
		{"<a" + strings.Repeat(" x='1'", 2) + "/>", 10, "x"},
	} {
		s.Reset(strings.NewReader(c.doc))
		_, err := s.Next()
		wantError(t, err, 1, c.col, "duplicate attribute "+c.name)
	}
	s.Reset(strings.NewReader(ok))
	if k, err := s.Next(); k != StartElement || err != nil {
		t.Fatal(k, err)
	}
}

// TestScannerNameTables checks the non-ASCII name characters against the
// NameStartChar and NameChar productions of XML 1.0, fifth edition.
func TestScannerNameTables(t *testing.T) {
	type span struct{ lo, hi rune }
	start := []span{{0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x2FF}, {0x370, 0x37D}, {0x37F, 0x1FFF}, {0x200C, 0x200D},
		{0x2070, 0x218F}, {0x2C00, 0x2FEF}, {0x3001, 0xD7FF}, {0xF900, 0xFDCF}, {0xFDF0, 0xFFFD}, {0x10000, 0xEFFFF}}
	more := []span{{0xB7, 0xB7}, {0x300, 0x36F}, {0x203F, 0x2040}}
	in := func(r rune, spans []span) bool {
		for _, s := range spans {
			if s.lo <= r && r <= s.hi {
				return true
			}
		}
		return false
	}
	for r := rune(0x80); r <= 0x10FFFF; r++ {
		if got, want := isNameStartRune(r), in(r, start); got != want {
			t.Fatalf("isNameStartRune(%U) = %v", r, got)
		}
		if got, want := isNameRune(r), in(r, start) || in(r, more); got != want {
			t.Fatalf("isNameRune(%U) = %v", r, got)
		}
	}
	wantTokens(t, "<\U00010000\u0300 a\u00b7\u203f='x'/>",
		"<\U00010000\u0300 [\"a\u00b7\u203f=x\"]>", "</\U00010000\u0300>")
}

func TestScannerDescribe(t *testing.T) {
	for _, c := range []struct{ doc, msg string }{
		{"<a\x01>", "character U+0001 in start tag <a>"},
		{"<!DOCTYPE a [ \u00d7 ]><a/>", "DOCTYPE: character U+00D7 in the internal subset"},
		{"<!DOCTYPE a [ \xff ]><a/>", "DOCTYPE: byte 0xFF in the internal subset"},
		{"<a></a\x7f>", "character U+007F in end tag </a>: '>' expected"},
	} {
		_, err := scanAll(t, c.doc)
		var se *SyntaxError
		if !errors.As(err, &se) || se.Msg != c.msg {
			t.Errorf("%q: %v, want %s", c.doc, err, c.msg)
		}
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

type badCountReader struct{}

func (badCountReader) Read(p []byte) (int, error) { return len(p) + 1, nil }

func TestScannerBadReaders(t *testing.T) {
	if _, err := NewScanner(zeroReader{}).Next(); err != io.ErrNoProgress {
		t.Errorf("a reader that returns nothing: %v", err)
	}
	if _, err := NewScanner(badCountReader{}).Next(); err == nil || !strings.Contains(err.Error(), "invalid count") {
		t.Errorf("a reader that returns a bad count: %v", err)
	}
}

func TestScannerZeroValue(t *testing.T) {
	var s Scanner
	s.Reset(strings.NewReader("<a>x</a>"))
	for _, want := range []Kind{StartElement, Text, EndElement, EOF} {
		if k, err := s.Next(); k != want || err != nil {
			t.Fatalf("%v %v, want %v", k, err, want)
		}
	}
	if len(s.buf) != defaultBufSize {
		t.Fatalf("buffer of %d bytes", len(s.buf))
	}
}
