package qgenrt

import (
	"encoding/xml"
	"math"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseIDSet(t *testing.T) {
	tests := []struct {
		in      string
		want    IDSet
		str     string // String() of the result
		wantErr string
	}{
		{in: "", want: IDSet{}, str: ""},
		{in: "  ", want: IDSet{}, str: ""},
		{in: "1500", want: IDSet{{1500, 1500}}, str: "1500"},
		{in: "1359-1407,1500", want: IDSet{{1359, 1407}, {1500, 1500}}, str: "1359-1407,1500"},
		{in: " 1359 - 1407 , 1500 ", want: IDSet{{1359, 1407}, {1500, 1500}}, str: "1359-1407,1500"},
		{in: "3-3", want: IDSet{{3, 3}}, str: "3"},
		{in: "5,1,5", want: IDSet{{5, 5}, {1, 1}, {5, 5}}, str: "5,1,5"},
		{in: "9223372036854775807", want: IDSet{{math.MaxInt64, math.MaxInt64}}, str: "9223372036854775807"},
		{in: "1,,2", wantErr: "entry 2 \"\": missing ID"},
		{in: "1,", wantErr: "entry 2 \"\": missing ID"},
		{in: "0", wantErr: "IDs must be positive"},
		{in: "-5", wantErr: "missing ID"},
		{in: "+5", wantErr: "digits 0-9 only"},
		{in: "5-3", wantErr: "entry 1 \"5-3\": range start is greater than its end"},
		{in: "1-2-3", wantErr: "digits 0-9 only"},
		{in: "abc", wantErr: "digits 0-9 only"},
		{in: "9223372036854775808", wantErr: "ID out of range"},
		{in: "1 2", wantErr: "digits 0-9 only"},
	}
	for _, tt := range tests {
		got, err := ParseIDSet(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseIDSet(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			if got != nil {
				t.Errorf("ParseIDSet(%q) = %v with an error, want nil", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseIDSet(%q): %v", tt.in, err)
			continue
		}
		if got == nil {
			t.Errorf("ParseIDSet(%q) = nil, want non-nil", tt.in)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseIDSet(%q) (-want +got):\n%s", tt.in, diff)
		}
		if s := got.String(); s != tt.str {
			t.Errorf("ParseIDSet(%q).String() = %q, want %q", tt.in, s, tt.str)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("ParseIDSet(%q).Validate() = %v", tt.in, err)
		}
	}
}

func TestIDSetValidate(t *testing.T) {
	tests := []struct {
		set     IDSet
		wantErr string
	}{
		{nil, ""},
		{IDSet{}, ""},
		{IDs(1, 2, 3), ""},
		{IDSet{{1, 10}, {20, 20}}, ""},
		{IDSet{{1, 10}, {0, 0}}, "entry 2 (0): IDs must be positive"},
		{IDSet{{-3, 5}}, "entry 1 (-3-5): IDs must be positive"},
		{IDSet{{7, 6}}, "entry 1 (7-6): range start is greater than its end"},
	}
	for _, tt := range tests {
		err := tt.set.Validate()
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%v.Validate() = %v", tt.set, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%v.Validate() = %v, want %q", tt.set, err, tt.wantErr)
		}
	}
}

func TestIDSetContainsLen(t *testing.T) {
	s := IDSet{{1359, 1407}, {1500, 1500}, {1400, 1410}, {1411, 1411}}
	for id, want := range map[int64]bool{1358: false, 1359: true, 1407: true, 1410: true, 1411: true, 1412: false, 1500: true, 1501: false} {
		if got := s.Contains(id); got != want {
			t.Errorf("Contains(%d) = %v, want %v", id, got, want)
		}
	}
	tests := []struct {
		set  IDSet
		want int64
	}{
		{nil, 0},
		{IDs(5), 1},
		{IDs(5, 5), 1},
		{IDSet{{1359, 1407}, {1500, 1500}}, 50},
		{s, (1411 - 1359 + 1) + 1},
		{IDSet{{1, 3}, {4, 6}}, 6},
		{IDSet{{1, 10}, {2, 3}}, 10},
		{IDSet{{5, 3}, {1, 1}}, 1},
		{IDSet{{1, math.MaxInt64}}, math.MaxInt64},
		{IDSet{{math.MinInt64, math.MaxInt64}}, math.MaxInt64},
		{IDSet{{math.MaxInt64, math.MaxInt64}, {1, 1}}, 2},
	}
	for _, tt := range tests {
		if got := tt.set.Len(); got != tt.want {
			t.Errorf("%v.Len() = %d, want %d", tt.set, got, tt.want)
		}
	}
}

type idDoc struct {
	XMLName xml.Name `xml:"DOC"`
	Set     *IDSet   `xml:"ID_SET"`
	Other   string   `xml:"OTHER,omitempty"`
}

func TestIDSetXML(t *testing.T) {
	tests := []struct {
		name, doc string
		want      *IDSet
		wantErr   string
	}{
		{name: "plain", doc: `<DOC><ID_SET><ID>1</ID><ID_RANGE>3-5</ID_RANGE></ID_SET></DOC>`, want: &IDSet{{1, 1}, {3, 5}}},
		{name: "whitespace", doc: "<DOC>\n  <ID_SET>\n    <ID> 1 </ID>\n\t<ID_RANGE>\n3-5\n</ID_RANGE>\n  </ID_SET>\n</DOC>", want: &IDSet{{1, 1}, {3, 5}}},
		{name: "cdata", doc: `<DOC><ID_SET><ID><![CDATA[1]]></ID><ID_RANGE><![CDATA[ 3-5 ]]></ID_RANGE></ID_SET></DOC>`, want: &IDSet{{1, 1}, {3, 5}}},
		{name: "split cdata and comment", doc: `<DOC><ID_SET><!-- c --><ID>1<!-- c --><![CDATA[2]]></ID></ID_SET></DOC>`, want: &IDSet{{12, 12}}},
		{name: "order kept", doc: `<DOC><ID_SET><ID_RANGE>3-5</ID_RANGE><ID>1</ID><ID>1</ID></ID_SET></DOC>`, want: &IDSet{{3, 5}, {1, 1}, {1, 1}}},
		{name: "single in ID_RANGE", doc: `<DOC><ID_SET><ID_RANGE>7</ID_RANGE></ID_SET></DOC>`, want: &IDSet{{7, 7}}},
		{name: "empty", doc: `<DOC><ID_SET/></DOC>`, want: &IDSet{}},
		{name: "absent", doc: `<DOC><OTHER>x</OTHER></DOC>`, want: nil},
		{name: "other child", doc: `<DOC><ID_SET><ID>1</ID><IP>10.0.0.1</IP></ID_SET></DOC>`, wantErr: "<ID_SET> holds <IP>; it may hold only <ID> and <ID_RANGE>"},
		{name: "text", doc: `<DOC><ID_SET>1<ID>1</ID></ID_SET></DOC>`, wantErr: "holds text outside <ID> and <ID_RANGE>"},
		{name: "nested", doc: `<DOC><ID_SET><ID><B>1</B></ID></ID_SET></DOC>`, wantErr: "<ID> holds element <B>"},
		{name: "range in ID", doc: `<DOC><ID_SET><ID>3-5</ID></ID_SET></DOC>`, wantErr: "want a single ID"},
		{name: "bad number", doc: `<DOC><ID_SET><ID>x</ID></ID_SET></DOC>`, wantErr: `<ID> in <ID_SET>: "x"`},
		{name: "descending", doc: `<DOC><ID_SET><ID_RANGE>5-3</ID_RANGE></ID_SET></DOC>`, wantErr: "range start is greater"},
		{name: "empty ID", doc: `<DOC><ID_SET><ID> </ID></ID_SET></DOC>`, wantErr: "missing ID"},
		{name: "truncated", doc: `<DOC><ID_SET><ID>1</ID>`, wantErr: "unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got idDoc
			err := xml.Unmarshal([]byte(tt.doc), &got)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.Set); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestIDSetXMLUnchangedOnError(t *testing.T) {
	s := IDs(42)
	err := xml.Unmarshal([]byte(`<ID_SET><ID>1</ID><ID>x</ID></ID_SET>`), &s)
	if err == nil {
		t.Fatal("no error")
	}
	if diff := cmp.Diff(IDs(42), s); diff != "" {
		t.Errorf("set changed on error (-want +got):\n%s", diff)
	}
}

func TestIDSetXMLRoundTrip(t *testing.T) {
	for _, set := range []IDSet{{}, IDs(1), {{1, 1}, {3, 5}}, {{1359, 1407}, {1500, 1500}, {2, 2}}} {
		in := idDoc{Set: &set}
		b, err := xml.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out idDoc
		if err := xml.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if diff := cmp.Diff(in.Set, out.Set); diff != "" {
			t.Errorf("%s (-want +got):\n%s", b, diff)
		}
	}
	b, err := xml.Marshal(idDoc{Set: &IDSet{{1, 1}, {3, 5}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `<DOC><ID_SET><ID>1</ID><ID_RANGE>3-5</ID_RANGE></ID_SET></DOC>`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	// A nil pointer and a nil set with omitempty are left out.
	type doc struct {
		XMLName xml.Name `xml:"DOC"`
		A       *IDSet   `xml:"A"`
		B       IDSet    `xml:"B,omitempty"`
	}
	if b, err := xml.Marshal(doc{}); err != nil || string(b) != `<DOC></DOC>` {
		t.Errorf("Marshal(empty) = %s, %v", b, err)
	}
}

func TestParseIPSet(t *testing.T) {
	a := netip.MustParseAddr
	tests := []struct {
		in      string
		want    IPSet
		str     string
		wantErr string
	}{
		{in: "", want: IPSet{}, str: ""},
		{in: "10.10.10.13", want: IPSet{{a("10.10.10.13"), a("10.10.10.13")}}, str: "10.10.10.13"},
		{in: "10.10.10.19-10.10.10.20", want: IPSet{{a("10.10.10.19"), a("10.10.10.20")}}, str: "10.10.10.19-10.10.10.20"},
		{in: " 10.0.0.1 , 10.0.0.5 - 10.0.0.9 ", want: IPSet{{a("10.0.0.1"), a("10.0.0.1")}, {a("10.0.0.5"), a("10.0.0.9")}}, str: "10.0.0.1,10.0.0.5-10.0.0.9"},
		{in: "2001:db8::1-2001:db8::ff,::1", want: IPSet{{a("2001:db8::1"), a("2001:db8::ff")}, {a("::1"), a("::1")}}, str: "2001:db8::1-2001:db8::ff,::1"},
		{in: "2001:DB8:0::1", want: IPSet{{a("2001:db8::1"), a("2001:db8::1")}}, str: "2001:db8::1"},
		{in: "10.0.0.1-10.0.0.1", want: IPSet{{a("10.0.0.1"), a("10.0.0.1")}}, str: "10.0.0.1"},
		{in: "10.0.0.9-10.0.0.1", wantErr: "range start is greater than its end"},
		{in: "10.0.0.1-::1", wantErr: "mixes IPv4 and IPv6"},
		{in: "10.0.0.0/24", wantErr: "CIDR notation is not accepted"},
		{in: "fe80::1%eth0", wantErr: "may not have a zone"},
		{in: "10.0.0.256", wantErr: "not an IP address"},
		{in: "host.example.com", wantErr: "not an IP address"},
		{in: "10.0.0.1,", wantErr: "entry 2 \"\": missing address"},
		{in: "10.0.0.1-", wantErr: "missing address"},
	}
	for _, tt := range tests {
		got, err := ParseIPSet(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseIPSet(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseIPSet(%q): %v", tt.in, err)
			continue
		}
		if got == nil {
			t.Errorf("ParseIPSet(%q) = nil, want non-nil", tt.in)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseIPSet(%q) (-want +got):\n%s", tt.in, diff)
		}
		if s := got.String(); s != tt.str {
			t.Errorf("ParseIPSet(%q).String() = %q, want %q", tt.in, s, tt.str)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("ParseIPSet(%q).Validate() = %v", tt.in, err)
		}
	}
}

func TestIPs(t *testing.T) {
	got, err := IPs("10.0.0.1", "10.0.0.5-10.0.0.9")
	if err != nil {
		t.Fatal(err)
	}
	if s := got.String(); s != "10.0.0.1,10.0.0.5-10.0.0.9" {
		t.Errorf("String() = %q", s)
	}
	if got, err := IPs(); err != nil || got == nil || len(got) != 0 {
		t.Errorf("IPs() = %#v, %v; want empty non-nil", got, err)
	}
	if _, err := IPs("10.0.0.1", "10.0.0.1,10.0.0.2"); err == nil || !strings.Contains(err.Error(), "entry 2") {
		t.Errorf("IPs with a comma: error = %v", err)
	}
}

func TestIPSetValidateContains(t *testing.T) {
	a := netip.MustParseAddr
	tests := []struct {
		set     IPSet
		wantErr string
	}{
		{nil, ""},
		{IPSet{{a("10.0.0.1"), a("10.0.0.2")}}, ""},
		{IPSet{{}}, "entry 1 (invalid IP): missing address"},
		{IPSet{{a("10.0.0.1"), a("10.0.0.2")}, {a("10.0.0.9"), a("10.0.0.1")}}, "entry 2 (10.0.0.9-10.0.0.1): range start is greater"},
		{IPSet{{a("10.0.0.1"), a("::ffff:10.0.0.2")}}, "mixes IPv4 and IPv6"},
		{IPSet{{a("fe80::1%eth0"), a("fe80::2")}}, "zone"},
	}
	for _, tt := range tests {
		err := tt.set.Validate()
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%v.Validate() = %v", tt.set, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%v.Validate() = %v, want %q", tt.set, err, tt.wantErr)
		}
	}

	s, err := ParseIPSet("10.10.10.19-10.10.10.20,2001:db8::1-2001:db8::ff")
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]bool{
		"10.10.10.18": false, "10.10.10.19": true, "10.10.10.20": true, "10.10.10.21": false,
		"2001:db8::80": true, "2001:db8::100": false, "::ffff:10.10.10.19": false,
	} {
		if got := s.Contains(a(addr)); got != want {
			t.Errorf("Contains(%s) = %v, want %v", addr, got, want)
		}
	}
}

type ipDoc struct {
	XMLName xml.Name `xml:"DOC"`
	Set     *IPSet   `xml:"IP_SET"`
}

func TestIPSetXML(t *testing.T) {
	want, err := ParseIPSet("10.10.10.1,10.10.10.19-10.10.10.20,2001:db8::1-2001:db8::ff")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"plain":      `<DOC><IP_SET><IP>10.10.10.1</IP><IP_RANGE>10.10.10.19-10.10.10.20</IP_RANGE><IP_RANGE>2001:db8::1-2001:db8::ff</IP_RANGE></IP_SET></DOC>`,
		"whitespace": "<DOC>\n <IP_SET>\n  <IP>\n   10.10.10.1 </IP>\n  <IP_RANGE>10.10.10.19-10.10.10.20</IP_RANGE>\n<IP_RANGE> 2001:db8::1-2001:db8::ff</IP_RANGE>\n </IP_SET>\n</DOC>",
		"cdata":      `<DOC><IP_SET><IP><![CDATA[10.10.10.1]]></IP><IP_RANGE><![CDATA[10.10.10.19-10.10.10.20]]></IP_RANGE><IP_RANGE>2001:db8::1-<![CDATA[2001:db8::ff]]></IP_RANGE></IP_SET></DOC>`,
	}
	for name, doc := range docs {
		var got ipDoc
		if err := xml.Unmarshal([]byte(doc), &got); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if diff := cmp.Diff(&want, got.Set); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	b, err := xml.Marshal(ipDoc{Set: &want})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != docs["plain"] {
		t.Errorf("Marshal = %s\nwant      %s", b, docs["plain"])
	}
	for _, bad := range []struct{ doc, wantErr string }{
		{`<DOC><IP_SET><ID>1</ID></IP_SET></DOC>`, "<IP_SET> holds <ID>; it may hold only <IP> and <IP_RANGE>"},
		{`<DOC><IP_SET><IP>10.0.0.1-10.0.0.2</IP></IP_SET></DOC>`, "want a single address"},
		{`<DOC><IP_SET><IP_RANGE>10.0.0.2-10.0.0.1</IP_RANGE></IP_SET></DOC>`, "range start is greater"},
		{`<DOC><IP_SET><IP>nope</IP></IP_SET></DOC>`, "not an IP address"},
	} {
		var got ipDoc
		if err := xml.Unmarshal([]byte(bad.doc), &got); err == nil || !strings.Contains(err.Error(), bad.wantErr) {
			t.Errorf("%s: error = %v, want %q", bad.doc, err, bad.wantErr)
		}
	}
}

// TestSeedSample decodes the IP_SET and ID_SET shapes of the release notes'
// samples.
func TestSeedSample(t *testing.T) {
	const doc = `<AUTH_RECORD>
        <IP_SET>
          <IP_RANGE>10.10.10.19-10.10.10.20</IP_RANGE>
        </IP_SET>
                 <ID_SET>
                    <ID>2380515</ID>
                </ID_SET>
</AUTH_RECORD>`
	var got struct {
		IPs IPSet `xml:"IP_SET"`
		IDs IDSet `xml:"ID_SET"`
	}
	if err := xml.Unmarshal([]byte(doc), &got); err != nil {
		t.Fatal(err)
	}
	if got.IPs.String() != "10.10.10.19-10.10.10.20" || got.IDs.String() != "2380515" {
		t.Errorf("got %v / %v", got.IPs, got.IDs)
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
