package gen_test

// FuzzDecode is the differential fuzz target of the generated decoders: the
// same bytes go to xml.Unmarshal and to the generated Decode (a lenient
// qgenrt.Decoder), into a new value of one of the generated root types, and
// both must give the same value (compared with cmpOpts: date-times as
// instants, addresses with ==) or both must fail.
//
// The two may disagree only where the difference is on purpose and is
// checked elsewhere. Each allowance is recognised as follows; any other
// disagreement fails the target:
//
//  1. Well-formedness. The Scanner and encoding/xml do not reject exactly
//     the same documents (the list, and why, is in qgenrt's
//     FuzzScannerVsEncodingXML, which compares the two on every input):
//     a. the generated decoder fails where encoding/xml does not: allowed
//     when its error is a *qgenrt.SyntaxError (errors.As) and a bare
//     qgenrt.Scanner, reading the same document up to the end of its root
//     element, fails with the same error (so the error is the Scanner's
//     verdict on the document, not something the decoder did);
//     b. xml.Unmarshal fails where the generated decoder does not: allowed
//     when encoding/xml's own tokenizer (xml.Decoder.Token, as Unmarshal
//     reads, up to the end of the root element) fails on the document,
//     so Unmarshal's error is about well-formedness (an encoding="US-ASCII"
//     declaration, a name with two colons or with characters of the newer
//     XML name tables, in content the decoder skips), not about values.
//  2. Namespaces. The generated decoder rejects an xmlns attribute and a
//     prefixed name wherever it looks at a name (qgenrt.Decoder's doc);
//     encoding/xml matches local names and ignores the prefix. Allowed when
//     only the generated decoder fails, with a *qgenrt.ContentError whose
//     message ends with "namespaces are not supported".
//  3. Attribute values. The Scanner normalises a literal tab, line feed or
//     carriage return in an attribute value to a space, as XML 1.0 says;
//     encoding/xml keeps them (turning "\r\n" and "\r" into "\n"). Fields
//     whose xml tag has ",attr" are compared with those three characters
//     read as a space on both sides (attrSpaces); every other field exactly.
//
// Anything after the root element's end tag needs no allowance: neither
// xml.Unmarshal nor Decode reads past it (the seeds with trailing garbage
// check it).
//
// The target also checks the generated decoder against itself:
//   - when the lenient decoding succeeds, strict mode (SetStrict) gives the
//     same value without error, or fails with a *qgenrt.ContentError with
//     Drift set, and does so exactly when the lenient decoding recorded
//     drift; the strict error is the first drift recorded (same position,
//     path and message). When the lenient decoding fails, so does strict;
//   - a Decoder that has decoded another document (an unfinished one, with
//     drift, strictly and through a sink) and is then Reset gives the same
//     value or error, and the same drift, as a new one;
//   - the root's Stream method (StreamAuthUnix, StreamBatch...) yields, in
//     order, the records that Decode keeps in the list, and leaves the rest
//     of the value equal to Decode's, with the same drift; or, when Decode
//     fails, yields Decode's error, last.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/qgenrt"
)

// fuzzRoot is a generated root type under the fuzz target.
type fuzzRoot struct {
	// zero is a pointer to a value of the type, for its type.
	zero document
	// stream, when the type has a Stream method, decodes data with it
	// into a new value and returns the value, the records yielded and the
	// error yielded (with the decoder, for its drift); take removes the
	// records that Decode keeps from a decoded value and returns them.
	stream func(data []byte) (v any, recs any, d *qgenrt.Decoder, err error)
	take   func(v any) any
}

// fuzzRoots lists every generated type with a Decode method: the fuzz
// input's first byte picks one (modulo the length).
var fuzzRoots = []fuzzRoot{
	streamRoot((*gen.AuthUnixListOutput).StreamAuthUnix, func(v *gen.AuthUnixListOutput) *[]gen.AuthUnix {
		if l := v.Response.AuthUnixList; l != nil {
			return &l.AuthUnix
		}
		return nil
	}),
	streamRoot((*gen.BatchReturn).StreamBatch, func(v *gen.BatchReturn) *[]gen.Batch {
		return &v.Response.BatchList.Batch
	}),
	streamRoot((*gen.SimpleReturn).StreamItem, func(v *gen.SimpleReturn) *[]gen.Item {
		if l := v.Response.ItemList; l != nil {
			return &l.Item
		}
		return nil
	}),
	streamRoot((*gen.ScanListOutput).StreamScan, func(v *gen.ScanListOutput) *[]gen.Scan {
		if l := v.Response.ScanList; l != nil {
			return &l.Scan
		}
		return nil
	}),
	streamRoot((*gen.ScheduleScanListOutput).StreamScheduleScan, func(v *gen.ScheduleScanListOutput) *[]gen.ScheduleScan {
		if l := v.Response.ScheduleScanList; l != nil {
			return &l.Scan
		}
		return nil
	}),
	streamRoot((*gen.AuthPostgresqlListOutput).StreamAuthPostgresql, func(v *gen.AuthPostgresqlListOutput) *[]gen.AuthPostgresql {
		if l := v.Response.AuthPostgresqlList; l != nil {
			return &l.AuthPostgresql
		}
		return nil
	}),
	streamRoot((*gen.AuthMicrosoftSharepointListOutput).StreamAuthMicrosoftSharepoint, func(v *gen.AuthMicrosoftSharepointListOutput) *[]gen.AuthMicrosoftSharepoint {
		if l := v.Response.AuthMicrosoftSharepointList; l != nil {
			return &l.AuthMicrosoftSharepoint
		}
		return nil
	}),
	streamRoot((*gen.AuthGreenplumListOutput).StreamAuthGreenplum, func(v *gen.AuthGreenplumListOutput) *[]gen.AuthGreenplum {
		if l := v.Response.AuthGreenplumList; l != nil {
			return &l.AuthGreenplum
		}
		return nil
	}),
	{zero: &gen.AuthRecordsOutput{}},
}

// streamRoot is the fuzzRoot of a type T whose Stream method yields its
// records of type R, which list finds in a decoded value (nil when the
// list element is absent).
func streamRoot[T any, R any](streamMethod func(*T, *qgenrt.Decoder) iter.Seq2[*R, error], list func(*T) *[]R) fuzzRoot {
	return fuzzRoot{
		zero: any(new(T)).(document),
		stream: func(data []byte) (any, any, *qgenrt.Decoder, error) {
			v := new(T)
			d := qgenrt.NewDecoder(bytes.NewReader(data))
			var recs []R
			var err error
			n := 0
			for r, e := range streamMethod(v, d) {
				if e != nil {
					if err != nil || r != nil {
						return v, recs, d, errors.New("the stream yielded a second error, or a record with its error: " + e.Error())
					}
					err = e
					continue
				}
				if err != nil {
					return v, recs, d, errors.New("the stream yielded a record after its error " + err.Error())
				}
				if r == nil {
					return v, recs, d, errors.New("the stream yielded a nil record at " + strconv.Itoa(n))
				}
				recs = append(recs, *r)
				n++
			}
			return v, recs, d, err
		},
		take: func(v any) any {
			p := list(v.(*T))
			if p == nil {
				return []R(nil)
			}
			recs := *p
			*p = nil
			return recs
		},
	}
}

// attrSpaces compares attribute fields (xml tag with ",attr") with tab,
// line feed and carriage return read as a space: allowance 3.
var attrSpaces = cmp.FilterPath(isAttrField, cmp.Transformer("attrSpaces", func(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}))

// isAttrField reports whether p ends at a string field tagged ",attr".
func isAttrField(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	if !ok || sf.Type().Kind() != reflect.String || len(p) < 2 {
		return false
	}
	parent := p.Index(-2).Type()
	if parent.Kind() != reflect.Struct {
		return false
	}
	f, ok := parent.FieldByName(sf.Name())
	if !ok {
		return false
	}
	_, opts, _ := strings.Cut(f.Tag.Get("xml"), ",")
	for _, o := range strings.Split(opts, ",") {
		if o == "attr" {
			return true
		}
	}
	return false
}

// fuzzCmp is cmpOpts with allowance 3.
var fuzzCmp = cmp.Options{cmpOpts, attrSpaces}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s.root, s.data)
	}
	f.Fuzz(func(t *testing.T, root byte, data []byte) {
		checkDecode(t, fuzzRoots[int(root)%len(fuzzRoots)], data)
	})
}

// checkDecode is the differential check of one input.
func checkDecode(t *testing.T, r fuzzRoot, data []byte) {
	typ := reflect.TypeOf(r.zero).Elem()
	want := reflect.New(typ).Interface()
	werr := xml.Unmarshal(data, want)

	got := reflect.New(typ).Interface()
	d := qgenrt.NewDecoder(bytes.NewReader(data))
	gerr := got.(document).Decode(d)

	checkReset(t, typ, data, d, got, gerr)

	strict := reflect.New(typ).Interface()
	ds := qgenrt.NewDecoder(bytes.NewReader(data))
	ds.SetStrict(true)
	serr := strict.(document).Decode(ds)

	switch {
	case werr != nil && gerr != nil:
		if serr == nil {
			t.Fatalf("lenient decoding fails (%v) but strict decoding succeeds", gerr)
		}
	case werr == nil && gerr != nil:
		if !allowedGeneratedFailure(t, data, gerr) {
			t.Fatalf("%s: xml.Unmarshal succeeds, the generated decoder fails: %v\nxml.Unmarshal gives %+v", typ.Name(), gerr, want)
		}
	case werr != nil && gerr == nil:
		err := xmlTokenize(data)
		if err == nil {
			t.Fatalf("%s: xml.Unmarshal fails (%v), the generated decoder succeeds: %+v", typ.Name(), werr, got)
		}
		t.Logf("allowance 1b: encoding/xml's tokenizer fails: %v", err)
		checkStrict(t, d, got, strict, serr)
	default:
		if diff := cmp.Diff(want, got, fuzzCmp); diff != "" {
			t.Fatalf("%s: generated differs from xml.Unmarshal (-unmarshal +generated):\n%s", typ.Name(), diff)
		}
		checkStrict(t, d, got, strict, serr)
	}
	if r.stream != nil {
		checkStream(t, r, data, d, got, gerr)
	}
}

// allowedGeneratedFailure reports whether gerr, from the generated decoder
// on a document that xml.Unmarshal reads, is allowance 1a or 2.
func allowedGeneratedFailure(t *testing.T, data []byte, gerr error) bool {
	var se *qgenrt.SyntaxError
	if errors.As(gerr, &se) {
		serr := scanRoot(data)
		if serr == nil || serr.Error() != gerr.Error() {
			t.Fatalf("the generated decoder fails with a *qgenrt.SyntaxError (%v) that the Scanner alone does not give (it gives %v)", gerr, serr)
		}
		t.Logf("allowance 1a: the Scanner rejects the document: %v", gerr)
		return true
	}
	var ce *qgenrt.ContentError
	if errors.As(gerr, &ce) && strings.HasSuffix(ce.Msg, "namespaces are not supported") {
		t.Logf("allowance 2: %v", gerr)
		return true
	}
	return false
}

// checkStrict checks strict decoding against the lenient decoding d that
// gave got.
func checkStrict(t *testing.T, d *qgenrt.Decoder, got, strict any, serr error) {
	drift := d.Drift()
	if serr == nil {
		if len(drift) != 0 || d.DriftDropped() != 0 {
			t.Fatalf("strict decoding succeeds, but lenient decoding recorded drift: %v", drift)
		}
		if diff := cmp.Diff(got, strict, cmpOpts); diff != "" {
			t.Fatalf("strict decoding gives another value (-lenient +strict):\n%s", diff)
		}
		return
	}
	var ce *qgenrt.ContentError
	if !errors.As(serr, &ce) || !ce.Drift {
		t.Fatalf("strict decoding fails with %T %v, want a *qgenrt.ContentError for drift, as lenient decoding succeeds", serr, serr)
	}
	if len(drift) == 0 {
		t.Fatalf("strict decoding fails with drift (%v) that lenient decoding did not record", serr)
	}
	first := drift[0]
	first.Count = 1
	if first.String() != serr.Error() {
		t.Fatalf("strict decoding fails with %q, lenient decoding's first drift is %q", serr, first)
	}
}

// checkStream decodes data with the root's Stream method and compares it
// with the lenient Decode (d, got, gerr).
func checkStream(t *testing.T, r fuzzRoot, data []byte, d *qgenrt.Decoder, got any, gerr error) {
	head, recs, ds, err := r.stream(data)
	if gerr != nil {
		if err == nil || err.Error() != gerr.Error() {
			t.Fatalf("Decode fails with %v; the stream yields the error %v", gerr, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Decode succeeds; the stream yields the error %v", err)
	}
	if diff := cmp.Diff(r.take(got), recs, cmpOpts); diff != "" {
		t.Fatalf("streamed records differ from Decode's (-decode +stream):\n%s", diff)
	}
	if diff := cmp.Diff(got, head, cmpOpts); diff != "" {
		t.Fatalf("the rest of the document differs (-decode +stream):\n%s", diff)
	}
	if diff := cmp.Diff(d.Drift(), ds.Drift()); diff != "" {
		t.Fatalf("the stream's drift differs from Decode's (-decode +stream):\n%s", diff)
	}
}

// usedDoc is what checkReset decodes before Reset: drift, a child element
// in a leaf's text, then an error, with elements left open.
const usedDoc = `<AUTH_UNIX_LIST_OUTPUT a="b"><RESPONSE><X>y</X>text<DATETIME>2020<B/>-03-11T22:48:01Z</DATETIME><AUTH_UNIX_LIST><AUTH_UNIX><ID>7</ID><ID>bad</ID>`

// checkReset decodes data with a Decoder that has decoded (strictly, then
// leniently, with a sink) another document and been Reset: it must give
// what a new Decoder gives (got, gerr and the drift of d).
func checkReset(t *testing.T, typ reflect.Type, data []byte, d *qgenrt.Decoder, got any, gerr error) {
	dr := qgenrt.NewDecoder(strings.NewReader(usedDoc))
	dr.SetStrict(true)
	if err := new(gen.AuthUnixListOutput).Decode(dr); err == nil {
		t.Fatal("usedDoc decodes strictly")
	}
	dr.Reset(strings.NewReader(usedDoc))
	dr.SetStrict(false)
	for _, err := range new(gen.AuthUnixListOutput).StreamAuthUnix(dr) {
		if err == nil {
			t.Fatal("usedDoc streams")
		}
	}
	dr.Reset(bytes.NewReader(data))
	again := reflect.New(typ).Interface()
	err := again.(document).Decode(dr)
	if (err == nil) != (gerr == nil) || err != nil && err.Error() != gerr.Error() {
		t.Fatalf("a Decoder after Reset fails with %v, a new one with %v", err, gerr)
	}
	if err == nil {
		if diff := cmp.Diff(got, again, cmpOpts); diff != "" {
			t.Fatalf("a Decoder after Reset gives another value (-new +reset):\n%s", diff)
		}
	}
	if diff := cmp.Diff(d.Drift(), dr.Drift(), cmpopts.EquateEmpty()); diff != "" || d.DriftDropped() != dr.DriftDropped() {
		t.Fatalf("a Decoder after Reset records other drift (-new +reset):\n%s", diff)
	}
}

// scanRoot reads data with a bare Scanner up to the end of the root
// element and returns its error.
func scanRoot(data []byte) error {
	s := qgenrt.NewScanner(bytes.NewReader(data))
	for {
		k, err := s.Next()
		if err != nil || k == qgenrt.EOF {
			return err
		}
		if k == qgenrt.EndElement && s.Depth() == 0 {
			return nil
		}
	}
}

// xmlTokenize reads data with encoding/xml's tokenizer as xml.Unmarshal
// does (Token, default settings) up to the end of the root element and
// returns its error.
func xmlTokenize(data []byte) error {
	xd := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		tok, err := xd.Token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth--; depth == 0 {
				return nil
			}
		}
	}
}

type fuzzSeed struct {
	root byte
	data []byte
}

// rootIndex is the index in fuzzRoots of v's type.
func rootIndex(tb testing.TB, v any) byte {
	for i, r := range fuzzRoots {
		if reflect.TypeOf(r.zero) == reflect.TypeOf(v) {
			return byte(i)
		}
	}
	tb.Fatalf("no fuzz root for %T", v)
	return 0
}

// rootElement is the element name of a root type, from its XMLName tag.
func rootElement(r fuzzRoot) string {
	f, _ := reflect.TypeOf(r.zero).Elem().FieldByName("XMLName")
	return f.Tag.Get("xml")
}

// fuzzSeeds returns every XML sample, printed and repaired, with its root
// type, and the hand-made documents of fuzzDocs for every root type.
func fuzzSeeds(tb testing.TB) []fuzzSeed {
	var seeds []fuzzSeed
	for _, tc := range sampleCases() {
		root := rootIndex(tb, tc.want)
		for _, dir := range []string{"printed", "repaired"} {
			data, err := os.ReadFile(filepath.Join(samplesDir, dir, tc.file))
			if errors.Is(err, os.ErrNotExist) && dir == "repaired" {
				continue
			}
			if err != nil {
				tb.Fatal(err)
			}
			seeds = append(seeds, fuzzSeed{root, data})
		}
	}
	for i, r := range fuzzRoots {
		el := rootElement(r)
		for _, doc := range fuzzDocs {
			seeds = append(seeds, fuzzSeed{byte(i), []byte(strings.ReplaceAll(doc, "ROOT", el))})
		}
	}
	for _, s := range fuzzDocsFor {
		seeds = append(seeds, fuzzSeed{rootIndex(tb, s.root), []byte(s.doc)})
	}
	for _, s := range bigFuzzDocs() {
		seeds = append(seeds, fuzzSeed{rootIndex(tb, s.root), []byte(s.doc)})
	}
	return seeds
}

// bigFuzzDocs are documents larger than the Scanner's first read (32 KiB
// of its 64 KiB buffer), so that tokens and texts straddle its refills.
func bigFuzzDocs() []struct {
	root any
	doc  string
} {
	var list strings.Builder
	list.WriteString("<AUTH_UNIX_LIST_OUTPUT><RESPONSE><DATETIME>2020-03-11T22:48:01Z</DATETIME><AUTH_UNIX_LIST>")
	for i := range 700 {
		n := strconv.Itoa(i + 1)
		list.WriteString("<AUTH_UNIX><ID> " + n + " </ID><TITLE><![CDATA[ t" + n + " ]]>&amp;<!-- " + n + " --></TITLE><USERNAME>u" + strings.Repeat("x", i%50) + "</USERNAME>")
		list.WriteString("<IP_SET><IP>10.0.0." + strconv.Itoa(i%250) + "</IP><IP_RANGE>10.1.0.1-10.1.0." + strconv.Itoa(i%250+1) + "</IP_RANGE></IP_SET>")
		list.WriteString("<CREATED><DATETIME>2020-03-11T22:15:56Z</DATETIME><BY>b</BY></CREATED><LAST_MODIFIED><DATETIME>2020-03-11T22:15:56Z</DATETIME></LAST_MODIFIED></AUTH_UNIX>\n")
	}
	list.WriteString("</AUTH_UNIX_LIST></RESPONSE></AUTH_UNIX_LIST_OUTPUT>")

	text := strings.Repeat("abc ", 20000)
	long := strings.Replace(unixDoc, "%s", "<ROOT_TOOL> "+text+"<B>"+text+"</B>"+text+"<!-- "+text+" -->z </ROOT_TOOL><COMMENTS>"+strings.Repeat(" ", 70000)+"c</COMMENTS>", 1)
	long = strings.Replace(long, "<DATETIME>2020-03-11T22:48:01Z", "<DATETIME>"+strings.Repeat("\n", 70000)+"2020-03-11T22:48:01Z", 1)

	var ids strings.Builder
	ids.WriteString("<AUTH_RECORDS_OUTPUT><RESPONSE><AUTH_RECORDS><AUTH_UNIX_IDS><ID_SET>")
	for i := range 10000 {
		ids.WriteString("<ID>" + strconv.Itoa(i+1) + "</ID> ")
	}
	ids.WriteString("</ID_SET></AUTH_UNIX_IDS></AUTH_RECORDS></RESPONSE></AUTH_RECORDS_OUTPUT>")

	return []struct {
		root any
		doc  string
	}{
		{&gen.AuthUnixListOutput{}, list.String()},
		{&gen.AuthUnixListOutput{}, long},
		{&gen.AuthRecordsOutput{}, ids.String()},
	}
}

// fuzzDocs are hand-made documents for every root type (ROOT is replaced
// by the root element's name), exercising what the samples do not.
var fuzzDocs = []string{
	`<ROOT/>`,
	`<ROOT><RESPONSE/></ROOT>`,
	`<ROOT><RESPONSE><DATETIME/></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><DATETIME> 2020-03-12T21:37:52Z </DATETIME></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><DATETIME><![CDATA[2020-03-12T21:37:52Z]]></DATETIME></RESPONSE></ROOT>junk after the root <`,
	`<ROOT><RESPONSE><DATETIME>2020-<!-- c -->03-12T21:37:52Z<?p x?></DATETIME><DATETIME>2021-01-01T00:00:00+01:00</DATETIME></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><DATETIME>2020-03-12<X>y</X>T21:37:52Z</DATETIME></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><DATETIME>bad</DATETIME></RESPONSE></ROOT>`,
	`<ROOT><REQUEST><DATETIME>2020-03-12T21:37:52Z</DATETIME><USER_LOGIN> u&amp;&#65;&#x42; </USER_LOGIN><RESOURCE>r</RESOURCE><PARAM_LIST><PARAM><KEY> k </KEY><VALUE>&lt;v&gt;</VALUE></PARAM><PARAM><KEY/><VALUE/></PARAM></PARAM_LIST><POST_DATA/></REQUEST><RESPONSE/></ROOT>`,
	`<ROOT><REQUEST><USER_LOGIN>a</USER_LOGIN></REQUEST><REQUEST><RESOURCE>b</RESOURCE></REQUEST><RESPONSE/></ROOT>`,
	`<ROOT><UNKNOWN a="1"><X/>text</UNKNOWN>stray text<RESPONSE x="y"/><!-- c --><?p?></ROOT>`,
	`<ROOT xmlns="urn:x"><RESPONSE/></ROOT>`,
	`<q:ROOT xmlns:q="urn:x"><q:RESPONSE/></q:ROOT>`,
	`<ROOT><q:RESPONSE xmlns:q="urn:x"/></ROOT>`,
	`<ROOT><RESPONSE xml:lang="en"/></ROOT>`,
	`<?xml version="1.0" encoding="US-ASCII"?><ROOT><RESPONSE/></ROOT>`,
	"\xEF\xBB\xBF<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE ROOT SYSTEM 'x.dtd'>\n<ROOT>\r\n<RESPONSE>\r\n</RESPONSE>\r\n</ROOT>\n<!-- after -->",
	`<ROOT><RESPONSE><WARNING_LIST><WARNING><CODE> 1980 </CODE><TEXT>t</TEXT><URL> u </URL><ID_SET><ID>1</ID><ID_RANGE>2-5</ID_RANGE></ID_SET></WARNING><WARNING><CODE/></WARNING></WARNING_LIST></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><WARNING_LIST><WARNING><CODE>` + "\u00a07\u00a0" + `</CODE><CODE>  </CODE></WARNING></WARNING_LIST></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><WARNING_LIST><WARNING><ID_SET>` + "\u00a0" + `<ID>1</ID></ID_SET><ID_SET/></WARNING></WARNING_LIST></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><WARNING_LIST><WARNING><ID_SET><ID><![CDATA[ 3 ]]><!-- c --></ID><ID_RANGE> 4 - 6 </ID_RANGE></ID_SET><ID_SET><ID>7</ID></ID_SET></WARNING></WARNING_LIST></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><WARNING_LIST><WARNING><ID_SET><ID>1-2</ID></ID_SET></WARNING></WARNING_LIST></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><WARNING_LIST><WARNING><ID_SET><ID a="b">1</ID>x</ID_SET></WARNING></WARNING_LIST></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><WARNING_LIST><WARNING><ID_SET><OTHER/></ID_SET></WARNING></WARNING_LIST></RESPONSE></ROOT>`,
	`<ROOT><RESPONSE><GLOSSARY><USER_LIST><USER><USER_LOGIN>a</USER_LOGIN><FIRST_NAME>b</FIRST_NAME><LAST_NAME>c</LAST_NAME></USER></USER_LIST></GLOSSARY></RESPONSE></ROOT>`,
}

// fuzzDocsFor are hand-made documents for one root type each.
var fuzzDocsFor = []struct {
	root any
	doc  string
}{
	{&gen.AuthUnixListOutput{}, strings.Replace(unixDoc, "%s", `<CLEARTEXT_PASSWORD> true </CLEARTEXT_PASSWORD><ROOT_TOOL>a<!-- c -->b<?p x?>c<B>skipped</B>d</ROOT_TOOL><IP_SET><IP>10.0.0.1</IP><IP_RANGE>10.0.0.2-10.0.0.9</IP_RANGE><IP>::1</IP></IP_SET><DIGITAL_VAULT><DIGITAL_VAULT_ID>1</DIGITAL_VAULT_ID></DIGITAL_VAULT><DIGITAL_VAULT><DIGITAL_VAULT_TYPE> t </DIGITAL_VAULT_TYPE></DIGITAL_VAULT><NETWORK_ID/>`, 1)},
	{&gen.AuthUnixListOutput{}, strings.Replace(unixDoc, "%s", `<CLEARTEXT_PASSWORD/><CLEARTEXT_PASSWORD>1</CLEARTEXT_PASSWORD><IP_SET/><IP_SET><IP> 10.0.0.1 </IP></IP_SET><NETWORK_ID>+5</NETWORK_ID><COMMENTS><![CDATA[]]></COMMENTS>`, 1)},
	{&gen.AuthUnixListOutput{}, strings.Replace(unixDoc, "%s", `<CLEARTEXT_PASSWORD>yes</CLEARTEXT_PASSWORD>`, 1)},
	{&gen.AuthUnixListOutput{}, strings.Replace(unixDoc, "%s", `<IP_SET><IP>10.0.0.0/8</IP></IP_SET>`, 1)},
	{&gen.AuthUnixListOutput{}, "<AUTH_UNIX_LIST_OUTPUT><RESPONSE><AUTH_UNIX_LIST><AUTH_UNIX><ID>1</ID></AUTH_UNIX></AUTH_UNIX_LIST><AUTH_UNIX_LIST><AUTH_UNIX><ID>2</ID></AUTH_UNIX></AUTH_UNIX_LIST><ID_SET><ID>3</ID></ID_SET></RESPONSE></AUTH_UNIX_LIST_OUTPUT>"},
	{&gen.ScheduleScanListOutput{}, "<SCHEDULE_SCAN_LIST_OUTPUT><RESPONSE><SCHEDULE_SCAN_LIST><SCAN><ID>1</ID><SCHEDULE><DAILY frequency_days=' 3\t'/><WEEKLY frequency_weeks='1\n2' weekdays=' mon,\r\ntue '/><MONTHLY frequency_months='1' day_of_month='&#9;5&#10;' day_of_week='' week_of_month='x'/><START_HOUR>1</START_HOUR><TIME_ZONE><TIME_ZONE_CODE>a</TIME_ZONE_CODE></TIME_ZONE><TIME_ZONE><TIME_ZONE_DETAILS> b </TIME_ZONE_DETAILS></TIME_ZONE><DST_SELECTED>f</DST_SELECTED></SCHEDULE><ASSET_GROUP_TITLE_LIST><ASSET_GROUP_TITLE> g </ASSET_GROUP_TITLE><ASSET_GROUP_TITLE/></ASSET_GROUP_TITLE_LIST></SCAN></SCHEDULE_SCAN_LIST></RESPONSE></SCHEDULE_SCAN_LIST_OUTPUT>"},
	{&gen.ScheduleScanListOutput{}, "<SCHEDULE_SCAN_LIST_OUTPUT><RESPONSE><SCHEDULE_SCAN_LIST><SCAN><SCHEDULE><DAILY frequency_days=''/><DAILY frequency_days='x'/></SCHEDULE></SCAN></SCHEDULE_SCAN_LIST></RESPONSE></SCHEDULE_SCAN_LIST_OUTPUT>"},
	{&gen.ScheduleScanListOutput{}, "<SCHEDULE_SCAN_LIST_OUTPUT><RESPONSE><SCHEDULE_SCAN_LIST><SCAN><SCHEDULE><DAILY xmlns:frequency_days='4'/></SCHEDULE></SCAN></SCHEDULE_SCAN_LIST></RESPONSE></SCHEDULE_SCAN_LIST_OUTPUT>"},
	{&gen.AuthGreenplumListOutput{}, "<AUTH_GREENPLUM_LIST_OUTPUT><RESPONSE><AUTH_GREENPLUM_LIST><AUTH_GREENPLUM><HOSTS><HOST> h </HOST><HOST/></HOSTS><PRIVATE_KEY_CERTIFICATE_LIST><PRIVATE_KEY_CERTIFICATE><ID>1</ID><ID> 2 </ID><PRIVATE_KEY_INFO type=' vault '><PRIVATE_KEY>x</PRIVATE_KEY><PRIVATE_KEY/></PRIVATE_KEY_INFO><PASSPHRASE_INFO type='basic'/><CERTIFICATE/><CERTIFICATE>c<X/></CERTIFICATE></PRIVATE_KEY_CERTIFICATE></PRIVATE_KEY_CERTIFICATE_LIST><SSL_VERIFY>0</SSL_VERIFY><PORT>-1</PORT></AUTH_GREENPLUM></AUTH_GREENPLUM_LIST></RESPONSE></AUTH_GREENPLUM_LIST_OUTPUT>"},
	{&gen.AuthPostgresqlListOutput{}, "<AUTH_POSTGRESQL_LIST_OUTPUT><RESPONSE><AUTH_POSTGRESQL_LIST><AUTH_POSTGRESQL><PRIVATE_KEY_CERTIFICATE_LIST><PRIVATE_KEY_CERTIFICATE><PRIVATE_KEY_INFO><DIGITAL_VAULT><VAULT_FILE> f </VAULT_FILE></DIGITAL_VAULT></PRIVATE_KEY_INFO></PRIVATE_KEY_CERTIFICATE></PRIVATE_KEY_CERTIFICATE_LIST><WIN_CONF_FILE>a</WIN_CONF_FILE><WIN_CONF_FILE>b</WIN_CONF_FILE></AUTH_POSTGRESQL></AUTH_POSTGRESQL_LIST></RESPONSE></AUTH_POSTGRESQL_LIST_OUTPUT>"},
	{&gen.AuthMicrosoftSharepointListOutput{}, "<AUTH_MICROSOFT_SHAREPOINT_LIST_OUTPUT><RESPONSE><AUTH_MICROSOFT_SHAREPOINT_LIST><AUTH_MICROSOFT_SHAREPOINT><MSSQL><DB_LOCAL>TRUE</DB_LOCAL></MSSQL><MSSQL><KERBEROS>F</KERBEROS></MSSQL><DIGITAL_VAULT><VAULT_ACCOUNT_NAME>n</VAULT_ACCOUNT_NAME></DIGITAL_VAULT></AUTH_MICROSOFT_SHAREPOINT></AUTH_MICROSOFT_SHAREPOINT_LIST></RESPONSE></AUTH_MICROSOFT_SHAREPOINT_LIST_OUTPUT>"},
	{&gen.AuthRecordsOutput{}, "<AUTH_RECORDS_OUTPUT><RESPONSE><AUTH_RECORDS><AUTH_UNIX_IDS/><AUTH_WINDOWS_IDS><ID_SET><ID>1</ID></ID_SET><ID_SET><ID_RANGE>2-3</ID_RANGE></ID_SET></AUTH_WINDOWS_IDS><AUTH_UNIX_IDS><ID_SET/></AUTH_UNIX_IDS></AUTH_RECORDS></RESPONSE></AUTH_RECORDS_OUTPUT>"},
	{&gen.SimpleReturn{}, "<SIMPLE_RETURN><RESPONSE><CODE>1905</CODE><TEXT> a <B/> b </TEXT><ITEM_LIST><ITEM><KEY>k</KEY><VALUE> 1 </VALUE><VALUE/><VALUE>2</VALUE></ITEM><ITEM/></ITEM_LIST></RESPONSE></SIMPLE_RETURN>"},
	{&gen.ScanListOutput{}, "<SCAN_LIST_OUTPUT><RESPONSE><SCAN_LIST><SCAN><REF>r</REF><LAUNCH_DATETIME> </LAUNCH_DATETIME><PROCESSED>1</PROCESSED><STATUS><STATE> s </STATE></STATUS><STATUS/></SCAN></SCAN_LIST></RESPONSE></SCAN_LIST_OUTPUT>"},
	{&gen.BatchReturn{}, "<BATCH_RETURN><RESPONSE><BATCH_LIST><BATCH><CODE>1</CODE><ID_SET><ID>5</ID></ID_SET></BATCH></BATCH_LIST><BATCH_LIST><BATCH><TEXT>t</TEXT></BATCH></BATCH_LIST></RESPONSE></BATCH_RETURN>"},
}
