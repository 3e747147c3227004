package qgenrt

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDateTimeText(t *testing.T) {
	want := time.Date(2020, 3, 12, 21, 37, 52, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: "2020-03-12T21:37:52Z", want: want},
		{in: "\n   2020-03-12T21:37:52Z \t", want: want},
		{in: "2020-03-12T22:37:52+01:00", want: want},
		{in: "2020-03-12T21:37:52.000Z", want: want},
		{in: "", want: time.Time{}},
		{in: "  \n ", want: time.Time{}},
		{in: "2020-03-12", wantErr: true},
		{in: "2020-03-12 21:37:52", wantErr: true},
		{in: "yesterday", wantErr: true},
	}
	for _, tt := range tests {
		var d DateTime
		err := d.UnmarshalText([]byte(tt.in))
		if tt.wantErr {
			if err == nil {
				t.Errorf("UnmarshalText(%q) = %v, want an error", tt.in, d)
			}
			continue
		}
		if err != nil {
			t.Errorf("UnmarshalText(%q): %v", tt.in, err)
			continue
		}
		if !d.Time.Equal(tt.want) || d.IsZero() != tt.want.IsZero() {
			t.Errorf("UnmarshalText(%q) = %v, want %v", tt.in, d.Time, tt.want)
		}
	}

	for _, tt := range []struct {
		in   DateTime
		want string
	}{
		{DateTime{}, ""},
		{DateTime{want}, "2020-03-12T21:37:52Z"},
		{DateTime{want.In(time.FixedZone("X", -5*3600))}, "2020-03-12T21:37:52Z"},
		{DateTime{want.Add(999 * time.Millisecond)}, "2020-03-12T21:37:52Z"},
	} {
		b, err := tt.in.MarshalText()
		if err != nil || string(b) != tt.want {
			t.Errorf("MarshalText(%v) = %q, %v; want %q", tt.in.Time, b, err, tt.want)
		}
	}
}

func TestDateTimeXML(t *testing.T) {
	type created struct {
		XMLName  xml.Name `xml:"CREATED"`
		At       DateTime `xml:"at,attr,omitempty"`
		DateTime DateTime `xml:"DATETIME"`
		Opt      DateTime `xml:"OPT"`
		By       string   `xml:"BY"`
	}
	doc := `<CREATED at="2020-03-10T18:47:26Z"><DATETIME>
	   2020-03-12T21:37:52Z </DATETIME><OPT></OPT><BY>quays_ab</BY></CREATED>`
	var got created
	if err := xml.Unmarshal([]byte(doc), &got); err != nil {
		t.Fatal(err)
	}
	want := created{
		XMLName:  xml.Name{Local: "CREATED"},
		At:       DateTime{time.Date(2020, 3, 10, 18, 47, 26, 0, time.UTC)},
		DateTime: DateTime{time.Date(2020, 3, 12, 21, 37, 52, 0, time.UTC)},
		By:       "quays_ab",
	}
	// DateTime.Equal lets cmp compare without options.
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	b, err := xml.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if s := `<CREATED at="2020-03-10T18:47:26Z"><DATETIME>2020-03-12T21:37:52Z</DATETIME><OPT></OPT><BY>quays_ab</BY></CREATED>`; string(b) != s {
		t.Errorf("Marshal = %s\nwant      %s", b, s)
	}
	var bad created
	if err := xml.Unmarshal([]byte(`<CREATED><DATETIME>12/03/2020</DATETIME></CREATED>`), &bad); err == nil || !strings.Contains(err.Error(), "RFC 3339") {
		t.Errorf("bad date: error = %v", err)
	}
}

func TestForm(t *testing.T) {
	str := func(s string) *string { return &s }
	i64 := func(n int64) *int64 { return &n }
	flag := func(b bool) *bool { return &b }
	when := time.Date(2020, 3, 12, 22, 37, 52, 0, time.FixedZone("CET", 3600))

	tests := []struct {
		name  string
		build func(f *Form)
		want  string
	}{
		{"nothing set", func(f *Form) {
			f.String("title", "")
			f.OptString("comments", nil)
			f.OptInt("port", nil)
			f.OptFlag("ssl_verify", nil)
			f.Enum("details", "")
			f.IDs("ids", nil)
			f.IPs("ips", nil)
			f.List("fqdn", nil)
			f.Time("after", time.Time{})
			f.OptTime("before", nil)
		}, "action=create"},
		{"values", func(f *Form) {
			f.String("title", "My Record & co")
			f.OptString("comments", str("a=b"))
			f.Int("network_id", 0)
			f.OptInt("port", i64(5432))
			f.Flag("db_local", false)
			f.OptFlag("ssl_verify", flag(true))
			f.Enum("details", "All")
			f.IDs("ids", IDSet{{1359, 1407}, {1500, 1500}})
			f.IPs("ips", IPSet{{mustAddr("10.10.10.19"), mustAddr("10.10.10.20")}, {mustAddr("2001:db8::1"), mustAddr("2001:db8::1")}})
			f.List("fqdn", []string{"a.example.com", "b.example.com"})
			f.Time("after", when)
			f.OptTime("before", &when)
		}, "action=create&after=2020-03-12T21%3A37%3A52Z&before=2020-03-12T21%3A37%3A52Z&comments=a%3Db&db_local=0" +
			"&details=All&fqdn=a.example.com%2Cb.example.com&ids=1359-1407%2C1500" +
			"&ips=10.10.10.19-10.10.10.20%2C2001%3Adb8%3A%3A1&network_id=0&port=5432&ssl_verify=1&title=My+Record+%26+co"},
		{"explicit empty and zero", func(f *Form) {
			f.OptString("windows_domain", str(""))
			f.OptInt("port", i64(0))
			f.OptFlag("ssl_verify", flag(false))
			f.IDs("ids", IDSet{})
			f.IPs("ips", IPSet{})
			f.List("fqdn", []string{})
		}, "action=create&fqdn=&ids=&ips=&port=0&ssl_verify=0&windows_domain="},
		{"last call wins", func(f *Form) {
			f.String("title", "a")
			f.String("title", "b")
		}, "action=create&title=b"},
	}
	for _, tt := range tests {
		f := NewForm("create")
		tt.build(f)
		if got := f.Encode(); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
		if got := f.Values().Encode(); got != tt.want {
			t.Errorf("%s: Values().Encode() = %s", tt.name, got)
		}
	}
	if got := NewForm("").Encode(); got != "" {
		t.Errorf(`NewForm("") = %q`, got)
	}
}
