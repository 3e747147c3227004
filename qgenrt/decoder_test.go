package qgenrt

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// decodeSetRoot reads a document whose root is a set element (ID_SET or
// IP_SET) with Decoder.IDSet or Decoder.IPSet.
func decodeSetRoot(doc string) (any, error) {
	d := NewDecoder(bytes.NewReader([]byte(doc)))
	if bytes.HasPrefix([]byte(doc), []byte("<IP_SET")) {
		if err := d.Enter("IP_SET"); err != nil {
			return nil, err
		}
		return d.IPSet()
	}
	if err := d.Enter("ID_SET"); err != nil {
		return nil, err
	}
	return d.IDSet()
}

// TestDecoderSetsLikeUnmarshalXML: the Decoder reads an ID or IP set as
// IDSet.UnmarshalXML and IPSet.UnmarshalXML do, the same value or an error
// from both. Text between the entries may be any Unicode white space, as
// for UnmarshalXML (bytes.TrimSpace), not only XML's (FuzzDecode found the
// no-break space).
func TestDecoderSetsLikeUnmarshalXML(t *testing.T) {
	docs := []string{
		"<ID_SET>\u00a0<ID>1</ID>\u0085<ID_RANGE>2-3</ID_RANGE>\u2003</ID_SET>",
		"<ID_SET> \n\t<!-- c --><ID>1</ID><![CDATA[ \u00a0 ]]></ID_SET>",
		"<ID_SET><ID>1</ID>\u00a0x</ID_SET>",
		"<ID_SET><![CDATA[x]]></ID_SET>",
		"<ID_SET></ID_SET>",
		"<IP_SET>\u00a0<IP>10.0.0.1</IP>\u3000<IP_RANGE>10.0.0.2-10.0.0.3</IP_RANGE></IP_SET>",
		"<IP_SET><IP>10.0.0.1</IP>.</IP_SET>",
	}
	for _, doc := range docs {
		var want any
		var werr error
		if bytes.HasPrefix([]byte(doc), []byte("<IP_SET")) {
			var s IPSet
			werr = xml.Unmarshal([]byte(doc), &s)
			want = s
		} else {
			var s IDSet
			werr = xml.Unmarshal([]byte(doc), &s)
			want = s
		}
		got, gerr := decodeSetRoot(doc)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%q: xml.Unmarshal: %v; Decoder: %v", doc, werr, gerr)
			continue
		}
		if werr != nil {
			continue
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateComparable(IPRange{})); diff != "" {
			t.Errorf("%q: (-UnmarshalXML +Decoder):\n%s", doc, diff)
		}
	}
}

// TestDecoderSetChildMessage: an element in an entry of a set is an error
// that names the entry, also when the entry's text is long enough for the
// Scanner to move its buffer while reading it.
func TestDecoderSetChildMessage(t *testing.T) {
	for _, pad := range []int{0, 100 << 10} {
		doc := "<ID_SET><ID>" + strings.Repeat(" ", pad) + "1<B/></ID></ID_SET>"
		_, err := decodeSetRoot(doc)
		if err == nil || !strings.HasSuffix(err.Error(), "<ID> holds element <B>; want text") {
			t.Errorf("pad %d: got %v, want the error that <ID> holds element <B>", pad, err)
		}
	}
}

// TestDecoderReadersLikeUnmarshal checks the readers that the built-in
// spec does not use (flag and date-time attributes, ANY content kept raw)
// and the integer and flag leaves against encoding/xml on the same text.
func TestDecoderReadersLikeUnmarshal(t *testing.T) {
	type doc struct {
		B   bool     `xml:"b,attr"`
		T   DateTime `xml:"t,attr"`
		Raw string   `xml:"RAW"`
		N   []int64  `xml:"N"`
		F   []bool   `xml:"F"`
	}
	const src = `<A b="1" t="2020-03-12T21:37:52Z"><RAW> x <![CDATA[<y>]]> </RAW>` +
		`<N></N><N> 42 </N><N>-7</N><N>+3</N><N>007</N><F/><F>true</F><F> 0 </F></A>`
	var want doc
	if err := xml.Unmarshal([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	var got doc
	d := NewDecoder(strings.NewReader(src))
	if err := d.Enter("A"); err != nil {
		t.Fatal(err)
	}
	for _, a := range d.Attrs() {
		var err error
		switch string(a.Name) {
		case "b":
			got.B, err = d.AttrBool(a)
		case "t":
			got.T, err = d.AttrDateTime(a)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for {
		name, err := d.Child()
		if err != nil {
			t.Fatal(err)
		}
		if name == nil {
			break
		}
		switch string(name) {
		case "RAW":
			got.Raw, err = d.Raw()
		case "N":
			var n int64
			n, err = d.Int64()
			got.N = append(got.N, n)
		case "F":
			var f bool
			f, err = d.Bool()
			got.F = append(got.F, f)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b DateTime) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("Decoder differs from xml.Unmarshal (-unmarshal +decoder):\n%s", diff)
	}
	// Values both refuse.
	for _, bad := range []string{`<A><N> </N></A>`, `<A><N>1_000</N></A>`, `<A><N>99999999999999999999</N></A>`, `<A><F>yes</F></A>`} {
		if err := xml.Unmarshal([]byte(bad), new(doc)); err == nil {
			t.Fatalf("%s: encoding/xml accepts it", bad)
		}
		d := NewDecoder(strings.NewReader(bad))
		if err := d.Enter("A"); err != nil {
			t.Fatal(err)
		}
		name, _ := d.Child()
		var err error
		if string(name) == "N" {
			_, err = d.Int64()
		} else {
			_, err = d.Bool()
		}
		var ce *ContentError
		if !errors.As(err, &ce) || ce.Line != 1 || ce.Col != 4 {
			t.Errorf("%s: got %v, want a *ContentError at 1:4", bad, err)
		}
	}
}
