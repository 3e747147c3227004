package gen_test

// The generated streaming decoders (Decode and Stream methods, on
// qgenrt.Decoder) against encoding/xml: the same document must give the
// same value both ways, or fail both ways.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/qgenrt"
)

// document is a generated root type.
type document interface {
	Decode(d *qgenrt.Decoder) error
}

// decodeGenerated decodes data with the generated decoder into a new value
// of want's type, as the client does: Decode, then Finish.
func decodeGenerated(data []byte, want any, strict bool) (any, *qgenrt.Decoder, error) {
	got := reflect.New(reflect.TypeOf(want).Elem()).Interface()
	d := qgenrt.NewDecoder(bytes.NewReader(data))
	d.SetStrict(strict)
	err := got.(document).Decode(d)
	return got, d, err
}

// TestDecodeSamplesBothWays decodes every XML sample, printed and repaired,
// with xml.Unmarshal and with the generated decoder, and requires the same
// value or an error from both. The samples that are valid against their DTD
// must decode strictly, without drift; the printed copies that are not
// show their flaw as drift or as an error.
func TestDecodeSamplesBothWays(t *testing.T) {
	for _, tc := range sampleCases() {
		dirs := []string{"printed"}
		if tc.repaired {
			dirs = append(dirs, "repaired")
		}
		for _, dir := range dirs {
			t.Run(dir+"/"+tc.file, func(t *testing.T) {
				data := readSample(t, dir, tc.file)
				want, werr := decodeSample(t, data, tc.want)
				got, d, gerr := decodeGenerated(data, tc.want, false)
				if (werr == nil) != (gerr == nil) {
					t.Fatalf("xml.Unmarshal: %v; generated: %v", werr, gerr)
				}
				if werr != nil {
					t.Logf("both fail: xml.Unmarshal: %v; generated: %v", werr, gerr)
					return
				}
				if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
					t.Fatalf("generated differs from xml.Unmarshal (-unmarshal +generated):\n%s", diff)
				}
				valid := dir == "repaired" || !tc.repaired
				if valid {
					if drift := d.Drift(); len(drift) != 0 {
						t.Errorf("a valid sample gave drift: %v", drift)
					}
					if _, _, err := decodeGenerated(data, tc.want, true); err != nil {
						t.Errorf("strict decoding of a valid sample: %v", err)
					}
					return
				}
				// A printed copy that decodes is the sibling-order one: drift, and a strict error.
				if len(d.Drift()) == 0 {
					t.Errorf("printed/%s (%s) decoded without drift", tc.file, tc.printedFlaw)
				}
				t.Logf("drift: %v", d.Drift())
				_, _, err := decodeGenerated(data, tc.want, true)
				var ce *qgenrt.ContentError
				if !errors.As(err, &ce) || !ce.Drift {
					t.Errorf("strict: got %v, want a *qgenrt.ContentError for drift", err)
				}
			})
		}
	}
}

// unixRecord is one AUTH_UNIX of the seed's sample 03, for the drift tests.
const unixDoc = `<?xml version="1.0" encoding="UTF-8" ?>
<AUTH_UNIX_LIST_OUTPUT>
  <RESPONSE>
    <DATETIME>2020-03-11T22:48:01Z</DATETIME>
    <AUTH_UNIX_LIST>
      <AUTH_UNIX>
        <ID>7</ID>
        <TITLE><![CDATA[ My Record ]]></TITLE>
        <USERNAME>root</USERNAME>
        %s
        <CREATED><DATETIME>2020-03-11T22:15:56Z</DATETIME><BY>quays_ab</BY></CREATED>
        <LAST_MODIFIED><DATETIME>2020-03-11T22:15:56Z</DATETIME></LAST_MODIFIED>
      </AUTH_UNIX>
    </AUTH_UNIX_LIST>
  </RESPONSE>
</AUTH_UNIX_LIST_OUTPUT>
`

// TestDecodeDrift checks each kind of difference from the DTD: lenient
// decoding records it (where, and what) and gives what xml.Unmarshal gives;
// strict decoding fails at the same place.
func TestDecodeDrift(t *testing.T) {
	tests := []struct {
		name, body string
		want       string // the drift, as Drift.String prints it
	}{
		{"unknown element", `<WIN_CONF_FILE>c:\pg</WIN_CONF_FILE>`,
			"10:9: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX: unknown element <WIN_CONF_FILE>"},
		{"wrong order", `<NETWORK_ID>3</NETWORK_ID><ROOT_TOOL>sudo</ROOT_TOOL>`,
			"10:35: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX: <ROOT_TOOL> where <CREATED> was expected"},
		{"text in element content", `stray`,
			"9:34: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX: text in element content"},
		{"unknown attribute", `<ROOT_TOOL lang="en">x</ROOT_TOOL>`,
			"10:9: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX/ROOT_TOOL: unknown attribute lang"},
		{"element in text", `<ROOT_TOOL>su<B>x</B>do</ROOT_TOOL>`,
			"10:22: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX/ROOT_TOOL: element <B> in text-only content"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(strings.Replace(unixDoc, "%s", tc.body, 1))
			want, werr := decodeSample(t, data, &gen.AuthUnixListOutput{})
			if werr != nil {
				t.Fatal(werr)
			}
			got, d, err := decodeGenerated(data, &gen.AuthUnixListOutput{}, false)
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
				t.Errorf("lenient decoding differs from xml.Unmarshal (-unmarshal +generated):\n%s", diff)
			}
			var drift []string
			for _, x := range d.Drift() {
				drift = append(drift, x.String())
			}
			if len(drift) != 1 || drift[0] != tc.want {
				t.Errorf("drift:\n got %q\nwant %q", drift, tc.want)
			}
			_, _, err = decodeGenerated(data, &gen.AuthUnixListOutput{}, true)
			if err == nil || !strings.HasPrefix(tc.want, err.Error()) {
				t.Errorf("strict: got %v, want the error %q", err, tc.want)
			}
		})
	}
}

// TestDecodeMissingChild: a required child that is missing is reported at
// the start tag of the element that lacks it.
func TestDecodeMissingChild(t *testing.T) {
	data := []byte(strings.Replace(strings.Replace(unixDoc, "%s", "", 1), "<USERNAME>root</USERNAME>", "", 1))
	_, d, err := decodeGenerated(data, &gen.AuthUnixListOutput{}, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"11:9: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX: <CREATED> where <USERNAME> was expected"}
	var got []string
	for _, x := range d.Drift() {
		got = append(got, x.String())
	}
	if !cmp.Equal(got, want) {
		t.Errorf("drift: got %q, want %q", got, want)
	}
	// With no child at all the element ends too early.
	data = []byte(strings.Replace(unixDoc, "%s", "", 1))
	data = bytes.Replace(data, []byte("<AUTH_UNIX_LIST>"), []byte("<AUTH_UNIX_LIST></AUTH_UNIX_LIST><X>"), 1)
	data = bytes.Replace(data, []byte("</AUTH_UNIX_LIST>\n"), []byte("</X>\n"), 1)
	_, _, err = decodeGenerated(data, &gen.AuthUnixListOutput{}, true)
	if err == nil || err.Error() != "5:5: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST: ends where <AUTH_UNIX> was expected" {
		t.Errorf("strict: got %v", err)
	}
}

// TestDecodeErrors: what fails whatever the mode, with where.
func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"other root", `<SIMPLE_RETURN/>`, "1:1: SIMPLE_RETURN: the root element is <SIMPLE_RETURN>, want <AUTH_UNIX_LIST_OUTPUT>"},
		{"bad integer", strings.Replace(unixDoc, "<ID>7</ID>", "<ID>seven</ID>", 1), `7:9: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX/ID: "seven" is not an integer`},
		{"namespace", strings.Replace(unixDoc, "<TITLE>", `<q:TITLE xmlns:q="urn:q">`, 1), "8:9: AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX: element <q:TITLE>: namespaces are not supported"},
		{"not well-formed", strings.Replace(unixDoc, "</ID>", "</IDX>", 1), "7:14: end tag </IDX> does not match start tag <ID> at 7:9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, strict := range []bool{false, true} {
				_, _, err := decodeGenerated([]byte(tc.doc), &gen.AuthUnixListOutput{}, strict)
				if err == nil || err.Error() != tc.want {
					t.Errorf("strict=%v: got %v, want %q", strict, err, tc.want)
				}
			}
			var v gen.AuthUnixListOutput
			if err := xml.Unmarshal([]byte(tc.doc), &v); err == nil && tc.name != "namespace" {
				t.Errorf("xml.Unmarshal accepts it")
			}
		})
	}
}

// TestDecodeStream streams the records of a list: each record is yielded
// once, in order, equal to what Decode gives, and the rest of the document
// goes into the value.
func TestDecodeStream(t *testing.T) {
	var b strings.Builder
	b.WriteString("<AUTH_UNIX_LIST_OUTPUT><RESPONSE><DATETIME>2020-03-11T22:48:01Z</DATETIME><AUTH_UNIX_LIST>")
	for i := 1; i <= 5; i++ {
		b.WriteString("<AUTH_UNIX><ID>" + strings.Repeat("1", i) + "</ID><TITLE>t</TITLE><USERNAME>u</USERNAME><CREATED><DATETIME>2020-03-11T22:15:56Z</DATETIME><BY>b</BY></CREATED><LAST_MODIFIED><DATETIME>2020-03-11T22:15:56Z</DATETIME></LAST_MODIFIED></AUTH_UNIX>")
	}
	b.WriteString("</AUTH_UNIX_LIST><WARNING_LIST><WARNING><CODE>1980</CODE><TEXT>more</TEXT><URL>https://x/y?id_min=6</URL></WARNING></WARNING_LIST></RESPONSE></AUTH_UNIX_LIST_OUTPUT>")
	data := []byte(b.String())

	var whole gen.AuthUnixListOutput
	if err := whole.Decode(qgenrt.NewDecoder(bytes.NewReader(data))); err != nil {
		t.Fatal(err)
	}
	var head gen.AuthUnixListOutput
	var recs []gen.AuthUnix
	d := qgenrt.NewDecoder(bytes.NewReader(data))
	for r, err := range head.StreamAuthUnix(d) {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, *r)
	}
	if diff := cmp.Diff(whole.Response.AuthUnixList.AuthUnix, recs, cmpOpts); diff != "" {
		t.Errorf("streamed records differ from Decode's (-decode +stream):\n%s", diff)
	}
	whole.Response.AuthUnixList.AuthUnix = nil
	if diff := cmp.Diff(&whole, &head, cmpOpts); diff != "" {
		t.Errorf("the rest of the document differs (-decode +stream):\n%s", diff)
	}
	// Breaking out stops the reading.
	n := 0
	d.Reset(bytes.NewReader(data))
	for range head.StreamAuthUnix(d) {
		if n++; n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("got %d records before break, want 2", n)
	}
	// An error is yielded last, once.
	bad := bytes.Replace(data, []byte("<ID>111</ID>"), []byte("<ID>x</ID>"), 1)
	d.Reset(bytes.NewReader(bad))
	var errs []error
	n = 0
	for r, err := range head.StreamAuthUnix(d) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if r != nil {
			n++
		}
	}
	if n != 2 || len(errs) != 1 {
		t.Errorf("got %d records and errors %v; want 2 records, then one error", n, errs)
	}
}

// TestDecodeStreamIDs streams the ID_SET of a list answer (ids only): the
// entries come one at a time, in order, and the set in the value stays
// empty; Decode gives the same entries as a set.
func TestDecodeStreamIDs(t *testing.T) {
	data := []byte(`<AUTH_UNIX_LIST_OUTPUT><RESPONSE><DATETIME>2020-03-11T22:48:01Z</DATETIME>
<ID_SET><ID>3</ID><ID_RANGE>10-12</ID_RANGE><ID> 40 </ID></ID_SET></RESPONSE></AUTH_UNIX_LIST_OUTPUT>`)
	var whole gen.AuthUnixListOutput
	if err := whole.Decode(qgenrt.NewDecoder(bytes.NewReader(data))); err != nil {
		t.Fatal(err)
	}
	want := []qgenrt.IDRange{{Lo: 3, Hi: 3}, {Lo: 10, Hi: 12}, {Lo: 40, Hi: 40}}
	if whole.Response.IDSet == nil || !cmp.Equal([]qgenrt.IDRange(*whole.Response.IDSet), want) {
		t.Fatalf("Decode: ID_SET %v, want %v", whole.Response.IDSet, want)
	}
	var head gen.AuthUnixListOutput
	var got []qgenrt.IDRange
	for r, err := range head.StreamIDs(qgenrt.NewDecoder(bytes.NewReader(data))) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if !cmp.Equal(got, want) {
		t.Errorf("StreamIDs: got %v, want %v", got, want)
	}
	if head.Response.IDSet == nil || len(*head.Response.IDSet) != 0 {
		t.Errorf("the streamed set should be present and empty, got %v", head.Response.IDSet)
	}
	// A bad entry ends the stream with an error, after the good ones.
	bad := bytes.Replace(data, []byte("10-12"), []byte("12-10"), 1)
	got, n := nil, 0
	for r, err := range head.StreamIDs(qgenrt.NewDecoder(bytes.NewReader(bad))) {
		if err != nil {
			n++
			continue
		}
		got = append(got, r)
	}
	if len(got) != 1 || n != 1 {
		t.Errorf("bad range: got %v and %d errors; want 1 entry, then 1 error", got, n)
	}
}

// TestDecodeAttributeDefaults: an attribute with a default value (type of
// PRIVATE_KEY_INFO and PASSPHRASE_INFO, "basic") may be absent, and its
// enumeration is checked when it is there.
func TestDecodeAttributeDefaults(t *testing.T) {
	data := readSample(t, "printed", "20-greenplum-list-all-details.xml")
	keys := `<PRIVATE_KEY_CERTIFICATE_LIST><PRIVATE_KEY_CERTIFICATE><ID>1</ID>
<PRIVATE_KEY_INFO><PRIVATE_KEY/></PRIVATE_KEY_INFO><PASSPHRASE_INFO %s/></PRIVATE_KEY_CERTIFICATE></PRIVATE_KEY_CERTIFICATE_LIST>
<NETWORK_ID>`
	decode := func(attr string, strict bool) (*qgenrt.Decoder, error) {
		doc := bytes.Replace(data, []byte("<NETWORK_ID>"), []byte(strings.Replace(keys, "%s", attr, 1)), 1)
		_, d, err := decodeGenerated(doc, &gen.AuthGreenplumListOutput{}, strict)
		return d, err
	}
	for _, attr := range []string{"", `type="vault"`} {
		if _, err := decode(attr, true); err != nil {
			t.Errorf("PASSPHRASE_INFO %s: %v", attr, err)
		}
	}
	d, err := decode(`type="cloud"`, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Drift()) != 1 || !strings.HasSuffix(d.Drift()[0].Msg, `attribute type is "cloud", not one of basic, vault`) {
		t.Errorf("drift %v, want the value outside the enumeration", d.Drift())
	}
}

// TestDecodeOneDocument: a Decoder reads one document; decoding again
// without Reset is an error, not a read from the middle of the input.
func TestDecodeOneDocument(t *testing.T) {
	data := readSample(t, "printed", "01-unix-create-checkpoint-batch-return.xml")
	d := qgenrt.NewDecoder(bytes.NewReader(data))
	var a, b gen.BatchReturn
	if err := a.Decode(d); err != nil {
		t.Fatal(err)
	}
	if err := b.Decode(d); err == nil || !strings.Contains(err.Error(), "Reset it") {
		t.Errorf("second Decode: %v, want an error saying to Reset", err)
	}
	d.Reset(bytes.NewReader(data))
	if err := b.Decode(d); err != nil || !cmp.Equal(a, b, cmpOpts) {
		t.Errorf("after Reset: %v, equal %v", err, cmp.Equal(a, b, cmpOpts))
	}
}

// TestDecodeEmptyWithAttributes: an EMPTY element with attributes (DAILY)
// has its attributes read and any content reported as drift.
func TestDecodeEmptyWithAttributes(t *testing.T) {
	data := readSample(t, "printed", "08-schedule-scan-list-output.xml")
	data = bytes.Replace(data, []byte(`<DAILY frequency_days="1" />`), []byte(`<DAILY frequency_days="2"><X/></DAILY>`), 1)
	got, d, err := decodeGenerated(data, &gen.ScheduleScanListOutput{}, false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := decodeSample(t, data, &gen.ScheduleScanListOutput{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("differs from xml.Unmarshal (-unmarshal +generated):\n%s", diff)
	}
	if len(d.Drift()) != 1 || !strings.HasSuffix(d.Drift()[0].String(), "/DAILY: element <X> in an EMPTY element") {
		t.Errorf("drift %v, want the child of DAILY", d.Drift())
	}
	daily := got.(*gen.ScheduleScanListOutput).Response.ScheduleScanList.Scan[0].Schedule.Daily
	if daily == nil || daily.FrequencyDays != 2 {
		t.Errorf("DAILY = %+v, want frequency_days 2", daily)
	}
}
