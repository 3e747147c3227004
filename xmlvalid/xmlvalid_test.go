package xmlvalid_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/xmlvalid"
)

const greenplumDTD = "../testdata/seed/dtd/restored/auth_greenplum_list_output.dtd"

// parseDTD parses a DTD file, failing the test on errors.
func parseDTD(t testing.TB, path string) *dtdparse.DTD {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dtdparse.Parse(path, src)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// parseDTDText parses DTD text, failing the test on errors.
func parseDTDText(t testing.TB, text string) *dtdparse.DTD {
	t.Helper()
	d, err := dtdparse.Parse("test.dtd", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// messages formats problems as the CLI prints them.
func messages(ps []xmlvalid.Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Error())
	}
	return out
}

// greenplumDoc is a valid AUTH_GREENPLUM_LIST_OUTPUT with one element per
// line, so that each test case's positions are easy to read: line n holds the
// n-th tag below.
const greenplumDoc = `<AUTH_GREENPLUM_LIST_OUTPUT>
<RESPONSE>
<DATETIME>2020-01-05T11:41:28Z</DATETIME>
<AUTH_GREENPLUM_LIST>
<AUTH_GREENPLUM>
<ID>66186</ID>
<TITLE><![CDATA[greenplum auth]]></TITLE>
<USERNAME>root</USERNAME>
<DATABASE>postgres</DATABASE>
<PORT>5432</PORT>
<SSL_VERIFY>0</SSL_VERIFY>
<IP_SET><IP>10.20.32.111</IP></IP_SET>
<UNIX_CONF_FILE>/usr/local/greenplum-db/master/gpseg-1/postgresql.conf</UNIX_CONF_FILE>
<CREATED><DATETIME>2019-12-31T10:51:10Z</DATETIME><BY>qualys_jd</BY></CREATED>
<LAST_MODIFIED><DATETIME>2019-12-31T10:51:10Z</DATETIME></LAST_MODIFIED>
</AUTH_GREENPLUM>
</AUTH_GREENPLUM_LIST>
</RESPONSE>
</AUTH_GREENPLUM_LIST_OUTPUT>
`

// keyList is a PRIVATE_KEY_CERTIFICATE_LIST for line 13 of greenplumDoc,
// after UNIX_CONF_FILE; %s is the PASSPHRASE_INFO type.
const keyList = `<PRIVATE_KEY_CERTIFICATE_LIST><PRIVATE_KEY_CERTIFICATE><ID>1</ID><PRIVATE_KEY_INFO type="basic"><PRIVATE_KEY/></PRIVATE_KEY_INFO><PASSPHRASE_INFO type="TYPE"/></PRIVATE_KEY_CERTIFICATE></PRIVATE_KEY_CERTIFICATE_LIST>`

// edit applies old -> new replacements to greenplumDoc; each old must occur.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	doc := greenplumDoc
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(doc, pairs[i]) {
			t.Fatalf("edit: %q not in the document", pairs[i])
		}
		doc = strings.Replace(doc, pairs[i], pairs[i+1], 1)
	}
	return doc
}

func TestValidateGreenplum(t *testing.T) {
	v := xmlvalid.New(parseDTD(t, greenplumDTD))
	root := xmlvalid.Options{Root: "AUTH_GREENPLUM_LIST_OUTPUT"}
	const conf = "<UNIX_CONF_FILE>/usr/local/greenplum-db/master/gpseg-1/postgresql.conf</UNIX_CONF_FILE>\n"
	tests := []struct {
		name string
		doc  string
		opts xmlvalid.Options
		want []string
	}{
		{"valid", greenplumDoc, root, []string{}},
		{"missing required child", edit(t, "<TITLE><![CDATA[greenplum auth]]></TITLE>\n", ""), root, []string{
			"doc.xml:7:1: element AUTH_GREENPLUM: expected TITLE after ID, found USERNAME",
		}},
		{"wrong order", edit(t, "<DATABASE>postgres</DATABASE>\n<PORT>5432</PORT>", "<PORT>5432</PORT>\n<DATABASE>postgres</DATABASE>"), root, []string{
			"doc.xml:9:1: element AUTH_GREENPLUM: expected DATABASE after USERNAME, found PORT",
		}},
		{"empty IP_SET", edit(t, "<IP_SET><IP>10.20.32.111</IP></IP_SET>", "<IP_SET></IP_SET>"), root, []string{
			"doc.xml:12:9: element IP_SET: content ended too early, expected IP or IP_RANGE",
		}},
		{"self-closed IP_SET", edit(t, "<IP_SET><IP>10.20.32.111</IP></IP_SET>", "<IP_SET/>"), root, []string{
			"doc.xml:12:1: element IP_SET: content ended too early, expected IP or IP_RANGE",
		}},
		{"content ended after a child", edit(t, "<CREATED><DATETIME>2019-12-31T10:51:10Z</DATETIME><BY>qualys_jd</BY></CREATED>\n<LAST_MODIFIED><DATETIME>2019-12-31T10:51:10Z</DATETIME></LAST_MODIFIED>\n", ""), root, []string{
			"doc.xml:14:1: element AUTH_GREENPLUM: content ended too early after UNIX_CONF_FILE, expected PRIVATE_KEY_CERTIFICATE_LIST, NETWORK_ID or CREATED",
		}},
		{"text in element content", edit(t, "<IP_SET><IP>", "<IP_SET> oops <IP>"), root, []string{
			"doc.xml:12:10: element IP_SET may not contain text",
		}},
		{"blank CDATA in element content", edit(t, "<IP_SET><IP>", "<IP_SET><![CDATA[ ]]><IP>"), root, []string{
			"doc.xml:12:9: element IP_SET may not contain text, not even a blank CDATA section",
		}},
		{"character references to white space separate children", edit(t, "<IP_SET><IP>", "<IP_SET>&#32;&#10;<IP>"), root, []string{}},
		{"comments and PIs in element content", edit(t, "<IP_SET><IP>", "<IP_SET><!-- c --><?pi x?><IP>"), root, []string{}},
		{"undeclared element", edit(t, "<PORT>5432</PORT>\n", "<PORT>5432</PORT>\n<FOO/>\n"), root, []string{
			"doc.xml:11:1: element AUTH_GREENPLUM: expected SSL_VERIFY after PORT, found FOO",
			"doc.xml:11:1: element FOO is not declared",
		}},
		{"choice violated", edit(t, "</AUTH_GREENPLUM_LIST>\n", "</AUTH_GREENPLUM_LIST>\n<ID_SET><ID>1</ID></ID_SET>\n"), root, []string{
			"doc.xml:18:1: element RESPONSE: expected WARNING_LIST, GLOSSARY or end of content after AUTH_GREENPLUM_LIST, found ID_SET",
		}},
		{"repeated child", edit(t, "<PORT>5432</PORT>\n", "<PORT>5432</PORT>\n<PORT>5432</PORT>\n"), root, []string{
			"doc.xml:11:1: element AUTH_GREENPLUM: expected SSL_VERIFY after PORT, found PORT",
		}},
		{"element in text-only content", edit(t, "<PORT>5432</PORT>", "<PORT>54<ID>32</ID></PORT>"), root, []string{
			"doc.xml:10:9: element PORT may contain only text, found ID",
		}},
		{"enumerated value", edit(t, conf, conf+strings.Replace(keyList, "TYPE", "cloud", 1)+"\n"), root, []string{
			`doc.xml:14:147: attribute type of PASSPHRASE_INFO: value "cloud" is not one of (basic | vault)`,
		}},
		{"enumerated value, normalised", edit(t, conf, conf+strings.Replace(keyList, "TYPE", " vault\n", 1)+"\n"), root, []string{}},
		{"undeclared attribute", edit(t, "<AUTH_GREENPLUM>", `<AUTH_GREENPLUM id="1" xmlns="urn:x">`), root, []string{
			"doc.xml:5:17: attribute id of AUTH_GREENPLUM is not declared",
			"doc.xml:5:24: attribute xmlns of AUTH_GREENPLUM is not declared",
		}},
		{"EMPTY with white space", edit(t, conf, conf+strings.Replace(strings.Replace(keyList, "TYPE", "basic", 1), "<PRIVATE_KEY/>", "<PRIVATE_KEY> </PRIVATE_KEY>", 1)+"\n"), root, []string{
			"doc.xml:14:110: element PRIVATE_KEY is declared EMPTY but contains white space",
		}},
		{"EMPTY with a child", edit(t, conf, conf+strings.Replace(strings.Replace(keyList, "TYPE", "basic", 1), "<PRIVATE_KEY/>", "<PRIVATE_KEY><ID>1</ID><!-- c --></PRIVATE_KEY>", 1)+"\n"), root, []string{
			"doc.xml:14:110: element PRIVATE_KEY is declared EMPTY but contains element ID",
		}},
		{"every problem is reported", edit(t,
			"<TITLE><![CDATA[greenplum auth]]></TITLE>\n", "",
			"<IP_SET><IP>10.20.32.111</IP></IP_SET>", "<IP_SET>text</IP_SET>",
			"<AUTH_GREENPLUM_LIST>", "<AUTH_GREENPLUM_LIST bad='1'>",
			"</RESPONSE>", "<GLOSSARY/></RESPONSE>"), root, []string{
			"doc.xml:4:22: attribute bad of AUTH_GREENPLUM_LIST is not declared",
			"doc.xml:7:1: element AUTH_GREENPLUM: expected TITLE after ID, found USERNAME",
			"doc.xml:11:9: element IP_SET may not contain text",
			"doc.xml:11:13: element IP_SET: content ended too early, expected IP or IP_RANGE",
		}},
		{"root required", strings.Join(strings.Split(greenplumDoc, "\n")[3:17], "\n"), root, []string{
			"doc.xml:1:1: root element is AUTH_GREENPLUM_LIST, expected AUTH_GREENPLUM_LIST_OUTPUT",
		}},
		{"any declared root", strings.Join(strings.Split(greenplumDoc, "\n")[3:17], "\n"), xmlvalid.Options{}, []string{}},
		{"undeclared root", "<AUTH_RECORDS_OUTPUT/>", xmlvalid.Options{}, []string{
			"doc.xml:1:1: element AUTH_RECORDS_OUTPUT is not declared",
		}},
		{"DOCTYPE name differs", `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE AUTH_RECORDS_OUTPUT SYSTEM
"https://qualysapi.qualys.com/api/2.0/fo/auth/auth_records.dtd">
` + greenplumDoc, root, []string{
			"doc.xml:2:11: warning: DOCTYPE names AUTH_RECORDS_OUTPUT, but the root element is AUTH_GREENPLUM_LIST_OUTPUT",
		}},
		{"problems before a well-formedness error are kept", edit(t, "<PORT>5432</PORT>\n", "<FOO/>\n", "</AUTH_GREENPLUM_LIST>", "</AUTH_GREENPLUM_LIS>"), root, []string{
			"doc.xml:10:1: element AUTH_GREENPLUM: expected PORT after DATABASE, found FOO",
			"doc.xml:10:1: element FOO is not declared",
			"doc.xml:17:1: not well-formed: element <AUTH_GREENPLUM_LIST> (line 4) closed by </AUTH_GREENPLUM_LIS>",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := v.Validate("doc.xml", []byte(tc.doc), tc.opts)
			if diff := cmp.Diff(tc.want, messages(ps)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if got, want := xmlvalid.Valid(ps), len(tc.want) == 0 || strings.Contains(tc.want[0], "warning:"); got != want {
				t.Errorf("Valid = %v, want %v", got, want)
			}
		})
	}
}

// attrDTD declares one attribute of every type.
const attrDTD = `<!ELEMENT R (E*)>
<!ELEMENT E EMPTY>
<!NOTATION gif SYSTEM "gif">
<!ENTITY pic SYSTEM "pic.gif" NDATA gif>
<!ATTLIST E id ID #IMPLIED ref IDREF #IMPLIED refs IDREFS #IMPLIED
            n NMTOKEN #IMPLIED ns NMTOKENS #IMPLIED en ENTITY #IMPLIED ens ENTITIES #IMPLIED
            t (x|y) "x" nt NOTATION (gif) #IMPLIED f CDATA #FIXED "k k"
            req CDATA #REQUIRED c CDATA #IMPLIED>
`

func TestValidateAttributes(t *testing.T) {
	v := xmlvalid.New(parseDTDText(t, attrDTD))
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"every type, normalised", "<R>\n<E req='' id=' a ' ref='a' refs=' a\n a ' n=' tok ' ns='a\tb' en='pic' ens=' pic pic' t=' y ' nt='gif' f='k&#32;k' c=' &lt; '/>\n</R>", []string{}},
		{"IDREF resolved forward", "<R><E req='' ref='later'/><E req='' id='later'/></R>", []string{}},
		{"missing #REQUIRED", "<R>\n<E/>\n</R>", []string{
			"doc.xml:2:1: element E: required attribute req is missing",
		}},
		{"syntax", "<R>\n<E req='' id='1a' ref='a b' refs='' n='a b' ns='' en='' ens='pic,pic'/>\n</R>", []string{
			`doc.xml:2:11: attribute id of E: value "1a" is not an XML name (ID)`,
			`doc.xml:2:19: attribute ref of E: value "a b" is not an XML name (IDREF)`,
			`doc.xml:2:29: attribute refs of E: value "" is not a list of XML names (IDREFS)`,
			`doc.xml:2:37: attribute n of E: value "a b" is not a name token (NMTOKEN)`,
			`doc.xml:2:45: attribute ns of E: value "" is not a list of name tokens (NMTOKENS)`,
			`doc.xml:2:51: attribute en of E: value "" is not an XML name (ENTITY)`,
			`doc.xml:2:57: attribute ens of E: value "pic,pic" is not a list of XML names (ENTITIES)`,
		}},
		{"IDs", "<R>\n<E req='' id='a'/>\n<E req='' id='a' ref='b' refs='a c'/>\n</R>", []string{
			`doc.xml:3:11: attribute id of E: ID "a" is already used at line 2`,
			`doc.xml:3:18: attribute ref of E: IDREF "b" does not match any ID in the document`,
			`doc.xml:3:26: attribute refs of E: IDREF "c" does not match any ID in the document`,
		}},
		{"values", "<R>\n<E req='' t='z' nt='png' f='k  k' en='pix' t2=''/>\n</R>", []string{
			`doc.xml:2:11: attribute t of E: value "z" is not one of (x | y)`,
			`doc.xml:2:17: attribute nt of E: value "png" is not one of NOTATION (gif)`,
			`doc.xml:2:26: attribute f of E: value "k  k" differs from the #FIXED value "k k"`,
			`doc.xml:2:35: attribute en of E: "pix" is not an unparsed entity declared in the DTD`,
			`doc.xml:2:44: attribute t2 of E is not declared`,
		}},
		{"character reference kept by normalisation", "<R><E req='' t='x&#10;'/></R>", []string{
			`doc.xml:1:14: attribute t of E: value "x\n" is not one of (x | y)`,
		}},
		{"attribute twice", "<R>\n<E req='' req=''/>\n</R>", []string{
			"doc.xml:2:11: not well-formed: attribute req appears twice in <E>",
		}},
		{"attributes not separated", "<R>\n<E req=''t='x'/>\n</R>", []string{
			"doc.xml:2:10: not well-formed: attributes of <E> must be separated by white space",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := messages(v.Validate("doc.xml", []byte(tc.doc), xmlvalid.Options{}))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateWellFormedness(t *testing.T) {
	v := xmlvalid.New(parseDTDText(t, attrDTD))
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"empty", "", []string{"doc.xml:1:1: not well-formed: the document has no root element"}},
		{"comment only", "<!-- c -->\n", []string{"doc.xml:2:1: not well-formed: the document has no root element"}},
		{"text before the root", "hello <R/>", []string{"doc.xml:1:1: not well-formed: text is not allowed before the root element"}},
		{"text after the root", "<R/>\n x", []string{"doc.xml:2:2: not well-formed: text is not allowed after the root element"}},
		{"two roots", "<R/>\n<R/>", []string{"doc.xml:2:1: not well-formed: extra element <R> after the root element: a document has one root"}},
		{"unclosed", "<R>\n<E req=''/>\n", []string{"doc.xml:3:1: not well-formed: the document ends inside element R (opened at line 1)"}},
		{"stray end tag", "<R/></E>", []string{"doc.xml:1:5: not well-formed: end tag </E> without a start tag"}},
		{"late XML declaration", "\n<?xml version='1.0'?><R/>", []string{"doc.xml:2:1: not well-formed: the XML declaration <?xml ...?> is allowed only at the very start of the document"}},
		{"XML declaration without version", "<?xml encoding='UTF-8'?><R/>", []string{`doc.xml:1:1: not well-formed: the XML declaration must start with version="1.0"`}},
		{"reserved PI target", "<R><?XML x?></R>", []string{"doc.xml:1:4: not well-formed: processing instruction target XML is reserved"}},
		{"declaration in content", "<R><!ELEMENT R ANY></R>", []string{"doc.xml:1:4: not well-formed: markup declaration <!ELEMENT R ANY> is allowed only in a DTD"}},
		{"DOCTYPE after the root", "<R/><!DOCTYPE R>", []string{"doc.xml:1:5: not well-formed: <!DOCTYPE ...> may appear only once, before the root element"}},
		{"undefined entity", "<R>\n<E req='&nope;'/></R>", []string{"doc.xml:2:15: not well-formed: invalid character entity &nope;"}},
		{"invalid UTF-8", "<R>\n<E req='\xff'/></R>", []string{"doc.xml:2:9: not well-formed: invalid UTF-8 (byte 0xFF)"}},
		{"control character in a comment", "<R><!-- \x01 --></R>", []string{"doc.xml:1:9: not well-formed: character U+0001 is not allowed in XML"}},
		{"illegal character after a validity problem", "<R><X/>\x00</R>", []string{
			"doc.xml:1:4: element R: expected E or end of content as first child, found X",
			"doc.xml:1:4: element X is not declared",
			"doc.xml:1:8: not well-formed: character U+0000 is not allowed in XML",
		}},
		{"character reference to a surrogate", "<R>&#xD800;</R>", []string{"doc.xml:1:4: not well-formed: character reference &#xD800; is to a character XML does not allow"}},
		{"character reference to a surrogate in an attribute", "<R><E req='a&#55296;'/></R>", []string{"doc.xml:1:7: not well-formed: attribute req: character reference &#55296; is to a character XML does not allow"}},
		{"name with two colons", "<R>\n<a:b:c/></R>", []string{"doc.xml:2:2: not well-formed: element name a:b:c has more than one colon, which encoding/xml, and so qgen validate, cannot read"}},
		{"mismatched DOCTYPE syntax", "<!DOCTYPE R SYSTEM>\n<R/>", []string{"doc.xml:1:19: not well-formed: expected white space and a quoted literal after SYSTEM in <!DOCTYPE>"}},
		{"unsupported encoding", "<?xml version='1.0' encoding='EBCDIC'?><R/>", []string{`doc.xml:1:1: not well-formed: unsupported encoding "EBCDIC": qgen reads UTF-8, UTF-16 (with a byte-order mark), ISO-8859-1 and US-ASCII`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := v.Validate("doc.xml", []byte(tc.doc), xmlvalid.Options{})
			if diff := cmp.Diff(tc.want, messages(ps)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if !ps[len(ps)-1].WellFormedness {
				t.Errorf("the last problem is not marked WellFormedness")
			}
		})
	}
}

func TestValidateDocumentForms(t *testing.T) {
	v := xmlvalid.New(parseDTDText(t, attrDTD+"<!ELEMENT T (#PCDATA)>\n<!ATTLIST T c CDATA #IMPLIED>\n<!ELEMENT Z ANY>"))
	latin1 := []byte("<?xml version='1.0' encoding='ISO-8859-1'?>\n<T c='\xe9'>\xe9t\xe9</T>\xe9")
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "<T>\u00e9</T>\n<X/>" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	tests := []struct {
		name string
		doc  []byte
		want []string
	}{
		{"UTF-8 byte-order mark", []byte("\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?><T>\u00e9</T>"), []string{}},
		{"ISO-8859-1, columns in characters", latin1, []string{
			"doc.xml:2:17: not well-formed: text is not allowed after the root element",
		}},
		{"UTF-16", utf16, []string{
			"doc.xml:2:1: not well-formed: extra element <X> after the root element: a document has one root",
		}},
		{"CRLF and CR line ends", []byte("<R>\r\n<E req=''/>\r<X/></R>"), []string{
			"doc.xml:3:1: element R: expected E or end of content after E, found X",
			"doc.xml:3:1: element X is not declared",
		}},
		{"ANY", []byte("<Z>text<T/><Z><R/></Z></Z>"), []string{}},
		{"prefixed names are names", []byte("<Z><p:T xmlns:p='urn:p'/></Z>"), []string{
			"doc.xml:1:4: element p:T is not declared",
		}},
		{"internal subset entities", []byte("<!DOCTYPE T [\n<!ENTITY who 'w&#233;'>\n<!ENTITY greeting 'hello &who;'>\n]>\n<T c='&greeting;'>&greeting;</T>"), []string{}},
		{"internal subset declarations are not used", []byte("<!DOCTYPE T [<!ELEMENT T ANY>]><T><E/></T>"), []string{
			"doc.xml:1:14: warning: the element and attribute declarations of the internal subset are not used: documents are validated against the DTD given",
			"doc.xml:1:35: element T may contain only text, found E",
			"doc.xml:1:35: element E: required attribute req is missing",
		}},
		{"internal subset entity with markup", []byte("<!DOCTYPE T [<!ENTITY m '<E/>'>]>\n<T>&m;</T>"), []string{
			"doc.xml:2:7: not well-formed: cannot expand entity &m; declared in the internal subset: its replacement text holds markup, or references that do not expand to text, which qgen validate does not support",
		}},
		{"entity expansion bomb", []byte("<!DOCTYPE T [<!ENTITY a '" + strings.Repeat("x", 60000) + "'>]>\n<T>" + strings.Repeat("&a;", 1200) + "</T>"), []string{
			"doc.xml:1:14: not well-formed: the references to the internal subset's entities would expand to more than 64 MiB of text",
		}},
		{"internal subset syntax error", []byte("<!DOCTYPE T [\n<!ELEMENT T (A B)>\n]>\n<T/>"), []string{
			"doc.xml:2:16: not well-formed: internal subset: expected ',', '|' or ')' in the content model of ELEMENT T, found the name 'B'",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := messages(v.Validate("doc.xml", tc.doc, xmlvalid.Options{}))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProblemError(t *testing.T) {
	ps := xmlvalid.Validate("a.xml", []byte("<!DOCTYPE B><A/>"), parseDTDText(t, "<!ELEMENT A EMPTY>"), xmlvalid.Options{Root: "C"})
	want := []xmlvalid.Problem{
		{Msg: "DOCTYPE names B, but the root element is A", Warning: true},
		{Msg: "root element is A, expected C"},
	}
	want[0].Pos.Filename, want[0].Pos.Offset, want[0].Pos.Line, want[0].Pos.Column = "a.xml", 10, 1, 11
	want[1].Pos.Filename, want[1].Pos.Offset, want[1].Pos.Line, want[1].Pos.Column = "a.xml", 12, 1, 13
	if diff := cmp.Diff(want, ps); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := ps[0].String(); got != "a.xml:1:11: warning: DOCTYPE names B, but the root element is A" {
		t.Errorf("String() = %q", got)
	}
}

// TestConcurrentUse validates documents with one Validator from several
// goroutines (run with -race): results must match the sequential ones.
func TestConcurrentUse(t *testing.T) {
	v := xmlvalid.New(parseDTD(t, greenplumDTD))
	docs := [][]byte{[]byte(greenplumDoc), []byte(edit(t, "<IP_SET><IP>10.20.32.111</IP></IP_SET>", "<IP_SET/>", "<PORT>", "<PORT x='1'>"))}
	want := make([][]string, len(docs))
	for i, d := range docs {
		want[i] = messages(v.Validate("doc.xml", d, xmlvalid.Options{}))
	}
	errs := make(chan string, 16)
	for g := 0; g < 8; g++ {
		go func() {
			for i := 0; i < 20; i++ {
				k := (g + i) % len(docs)
				if got := messages(v.Validate("doc.xml", docs[k], xmlvalid.Options{})); !cmp.Equal(got, want[k]) {
					errs <- cmp.Diff(want[k], got)
					return
				}
			}
			errs <- ""
		}()
	}
	for g := 0; g < 8; g++ {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
