package qgenrt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// IDRange is the IDs Lo through Hi, both included; Lo == Hi is a single ID.
type IDRange struct{ Lo, Hi int64 }

// String is "Lo" for a single ID, else "Lo-Hi".
func (r IDRange) String() string {
	if r.Lo == r.Hi {
		return strconv.FormatInt(r.Lo, 10)
	}
	return strconv.FormatInt(r.Lo, 10) + "-" + strconv.FormatInt(r.Hi, 10)
}

// problem says what is wrong with r without quoting it, or "".
func (r IDRange) problem() string {
	switch {
	case r.Lo <= 0 || r.Hi <= 0:
		return "IDs must be positive"
	case r.Lo > r.Hi:
		return "range start is greater than its end"
	}
	return ""
}

// IDSet is a list of IDs and ID ranges, as Qualys writes it in a form
// ("1359-1407,1500") and in XML (<ID_SET><ID_RANGE>1359-1407</ID_RANGE>
// <ID>1500</ID></ID_SET>). Order and duplicates are kept as given.
//
// In a request, a nil IDSet is a parameter left unset and a non-nil empty
// IDSet (IDs() or IDSet{}) is a parameter sent empty.
type IDSet []IDRange

// IDs is the set of the given single IDs, non-nil even when empty.
func IDs(ids ...int64) IDSet {
	s := make(IDSet, len(ids))
	for i, id := range ids {
		s[i] = IDRange{id, id}
	}
	return s
}

// ParseIDSet parses a comma-separated list of IDs and ranges such as
// "1359-1407,1500". White space around entries and around "-" is ignored.
// The empty string is the empty (non-nil) set. Every ID must be positive and
// every range ascending.
func ParseIDSet(s string) (IDSet, error) {
	set := IDSet{}
	if strings.TrimSpace(s) == "" {
		return set, nil
	}
	for i, item := range strings.Split(s, ",") {
		r, err := parseIDRange(item, true)
		if err != nil {
			return nil, fmt.Errorf("qgenrt: ID set entry %d %q: %v", i+1, strings.TrimSpace(item), err)
		}
		set = append(set, r)
	}
	return set, nil
}

// parseIDRange parses "n" or, when rangeOK, also "a-b".
func parseIDRange(s string, rangeOK bool) (IDRange, error) {
	lo, hi, isRange := strings.Cut(s, "-")
	if isRange && !rangeOK {
		return IDRange{}, fmt.Errorf("want a single ID, found a range")
	}
	a, err := parseID(lo)
	if err != nil {
		return IDRange{}, err
	}
	b := a
	if isRange {
		if b, err = parseID(hi); err != nil {
			return IDRange{}, err
		}
	}
	r := IDRange{a, b}
	if p := r.problem(); p != "" {
		return IDRange{}, fmt.Errorf("%s", p)
	}
	return r, nil
}

func parseID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("missing ID")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("an ID is written with the digits 0-9 only")
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("ID out of range")
	}
	return n, nil
}

// String is the form encoding, such as "1359-1407,1500".
func (s IDSet) String() string {
	parts := make([]string, len(s))
	for i, r := range s {
		parts[i] = r.String()
	}
	return strings.Join(parts, ",")
}

// problem is the 1-based index of the first invalid entry and what is
// wrong with it, without quoting it; 0 and "" when s is valid.
func (s IDSet) problem() (int, string) {
	for i, r := range s {
		if p := r.problem(); p != "" {
			return i + 1, p
		}
	}
	return 0, ""
}

// Validate reports the first entry that is not a positive ID or an
// ascending range of positive IDs.
func (s IDSet) Validate() error {
	if i, p := s.problem(); p != "" {
		return fmt.Errorf("qgenrt: ID set entry %d (%s): %s", i, s[i-1], p)
	}
	return nil
}

// Contains reports whether an entry of s covers id.
func (s IDSet) Contains(id int64) bool {
	for _, r := range s {
		if r.Lo <= id && id <= r.Hi {
			return true
		}
	}
	return false
}

// Len is the number of distinct IDs s covers: overlapping entries count
// once, invalid entries (Lo > Hi) count zero, and the count stops at
// math.MaxInt64.
func (s IDSet) Len() int64 {
	rs := make([]IDRange, 0, len(s))
	for _, r := range s {
		if r.Lo <= r.Hi {
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Lo < rs[j].Lo })
	var n int64
	add := func(lo, hi int64) {
		// hi-lo+1 as unsigned never overflows for lo <= hi.
		c := uint64(hi) - uint64(lo) + 1
		if c == 0 || c > uint64(math.MaxInt64-n) {
			n = math.MaxInt64
			return
		}
		n += int64(c)
	}
	for i := 0; i < len(rs); {
		lo, hi := rs[i].Lo, rs[i].Hi
		for i++; i < len(rs) && (rs[i].Lo <= hi || hi != math.MaxInt64 && rs[i].Lo == hi+1); i++ {
			hi = max(hi, rs[i].Hi)
		}
		add(lo, hi)
	}
	return n
}

// UnmarshalXML reads an element whose children are <ID>n</ID> and
// <ID_RANGE>a-b</ID_RANGE>, in document order. Their text may be CDATA and
// is trimmed; any other child element, or text between the children, is an
// error. An empty element is the empty, non-nil set. On error *s is
// unchanged.
func (s *IDSet) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	set := IDSet{}
	err := decodeSet(d, start, "ID", "ID_RANGE", func(text string, isRange bool) error {
		r, err := parseIDRange(text, isRange)
		if err != nil {
			return err
		}
		set = append(set, r)
		return nil
	})
	if err != nil {
		return err
	}
	*s = set
	return nil
}

// MarshalXML writes s as UnmarshalXML reads it: <ID> for a single ID,
// <ID_RANGE> for a range (so <ID_RANGE>3-3</ID_RANGE> comes back as <ID>3</ID>).
func (s IDSet) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	items := make([]setItem, len(s))
	for i, r := range s {
		items[i] = setItem{r.String(), r.Lo != r.Hi}
	}
	return encodeSet(e, start, "ID", "ID_RANGE", items)
}

// IPRange is the addresses From through To, both included; From == To is a
// single address. Both are IPv4 or both IPv6, without a zone.
type IPRange struct{ From, To netip.Addr }

// String is "From" for a single address, else "From-To".
func (r IPRange) String() string {
	if r.From == r.To {
		return r.From.String()
	}
	return r.From.String() + "-" + r.To.String()
}

// problem says what is wrong with r without quoting it, or "".
func (r IPRange) problem() string {
	switch {
	case !r.From.IsValid() || !r.To.IsValid():
		return "missing address"
	case r.From.Zone() != "" || r.To.Zone() != "":
		return "addresses may not have a zone"
	case r.From.Is4() != r.To.Is4():
		return "range mixes IPv4 and IPv6"
	case r.From.Compare(r.To) > 0:
		return "range start is greater than its end"
	}
	return ""
}

// Equal reports whether r and o are the same range. It lets go-cmp compare
// values holding an IPSet (netip.Addr has unexported fields).
func (r IPRange) Equal(o IPRange) bool { return r.From == o.From && r.To == o.To }

// contains reports whether a is in r.
func (r IPRange) contains(a netip.Addr) bool {
	return a.Is4() == r.From.Is4() && r.From.Compare(a) <= 0 && a.Compare(r.To) <= 0
}

// IPSet is a list of IP addresses and ranges, as Qualys writes it in a form
// ("10.10.10.1,10.10.10.19-10.10.10.20") and in XML (<IP_SET><IP>...</IP>
// <IP_RANGE>a-b</IP_RANGE></IP_SET>). Order and duplicates are kept. CIDR
// notation is not accepted: write a range.
//
// In a request, a nil IPSet is a parameter left unset and a non-nil empty
// IPSet is a parameter sent empty.
type IPSet []IPRange

// IPs parses each argument as an address or a range "a-b" and returns them
// as a set, non-nil even when empty.
func IPs(addrs ...string) (IPSet, error) {
	set := IPSet{}
	for i, a := range addrs {
		r, err := parseIPRange(a, true)
		if err != nil {
			return nil, fmt.Errorf("qgenrt: IP set entry %d %q: %v", i+1, strings.TrimSpace(a), err)
		}
		set = append(set, r)
	}
	return set, nil
}

// ParseIPSet parses a comma-separated list of addresses and ranges such as
// "10.10.10.1,10.10.10.19-10.10.10.20,2001:db8::1-2001:db8::ff". White space
// around entries and around "-" is ignored; the empty string is the empty
// (non-nil) set.
func ParseIPSet(s string) (IPSet, error) {
	if strings.TrimSpace(s) == "" {
		return IPSet{}, nil
	}
	return IPs(strings.Split(s, ",")...)
}

// parseIPRange parses "addr" or, when rangeOK, also "a-b".
func parseIPRange(s string, rangeOK bool) (IPRange, error) {
	from, to, isRange := strings.Cut(s, "-")
	if isRange && !rangeOK {
		return IPRange{}, fmt.Errorf("want a single address, found a range")
	}
	a, err := parseAddr(from)
	if err != nil {
		return IPRange{}, err
	}
	b := a
	if isRange {
		if b, err = parseAddr(to); err != nil {
			return IPRange{}, err
		}
	}
	r := IPRange{a, b}
	if p := r.problem(); p != "" {
		return IPRange{}, fmt.Errorf("%s", p)
	}
	return r, nil
}

func parseAddr(s string) (netip.Addr, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Addr{}, fmt.Errorf("missing address")
	}
	if strings.Contains(s, "/") {
		return netip.Addr{}, fmt.Errorf("CIDR notation is not accepted; write a range a-b")
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("not an IP address")
	}
	if a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("addresses may not have a zone")
	}
	return a, nil
}

// String is the form encoding, such as "10.10.10.1,10.10.10.19-10.10.10.20".
func (s IPSet) String() string {
	parts := make([]string, len(s))
	for i, r := range s {
		parts[i] = r.String()
	}
	return strings.Join(parts, ",")
}

func (s IPSet) problem() (int, string) {
	for i, r := range s {
		if p := r.problem(); p != "" {
			return i + 1, p
		}
	}
	return 0, ""
}

// Validate reports the first entry that is not a valid address or an
// ascending range of addresses of one family.
func (s IPSet) Validate() error {
	if i, p := s.problem(); p != "" {
		return fmt.Errorf("qgenrt: IP set entry %d (%s): %s", i, s[i-1], p)
	}
	return nil
}

// Contains reports whether an entry of s covers a. An IPv4 address and its
// IPv4-mapped IPv6 form are different addresses here, as in netip.
func (s IPSet) Contains(a netip.Addr) bool {
	for _, r := range s {
		if r.contains(a) {
			return true
		}
	}
	return false
}

// UnmarshalXML reads an element whose children are <IP>addr</IP> and
// <IP_RANGE>a-b</IP_RANGE>, in document order, with the rules of
// IDSet.UnmarshalXML.
func (s *IPSet) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	set := IPSet{}
	err := decodeSet(d, start, "IP", "IP_RANGE", func(text string, isRange bool) error {
		r, err := parseIPRange(text, isRange)
		if err != nil {
			return err
		}
		set = append(set, r)
		return nil
	})
	if err != nil {
		return err
	}
	*s = set
	return nil
}

// MarshalXML writes s as UnmarshalXML reads it: <IP> for a single address,
// <IP_RANGE> for a range.
func (s IPSet) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	items := make([]setItem, len(s))
	for i, r := range s {
		items[i] = setItem{r.String(), r.From != r.To}
	}
	return encodeSet(e, start, "IP", "IP_RANGE", items)
}

// decodeSet reads the children of start, each a one or a rng element, and
// hands their trimmed text to add.
func decodeSet(d *xml.Decoder, start xml.StartElement, one, rng string, add func(text string, isRange bool) error) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return fmt.Errorf("qgenrt: <%s>: %w", start.Name.Local, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if name != one && name != rng {
				return fmt.Errorf("qgenrt: <%s> holds <%s>; it may hold only <%s> and <%s>", start.Name.Local, name, one, rng)
			}
			text, err := elementText(d, t)
			if err != nil {
				return err
			}
			if err := add(text, name == rng); err != nil {
				return fmt.Errorf("qgenrt: <%s> in <%s>: %q: %v", name, start.Name.Local, text, err)
			}
		case xml.EndElement:
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return fmt.Errorf("qgenrt: <%s> holds text outside <%s> and <%s>", start.Name.Local, one, rng)
			}
		}
	}
}

// elementText is the trimmed text of start, which may hold text, CDATA,
// comments and processing instructions but no element.
func elementText(d *xml.Decoder, start xml.StartElement) (string, error) {
	var b []byte
	for {
		tok, err := d.Token()
		if err != nil {
			return "", fmt.Errorf("qgenrt: <%s>: %w", start.Name.Local, err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b = append(b, t...)
		case xml.StartElement:
			return "", fmt.Errorf("qgenrt: <%s> holds element <%s>; want text", start.Name.Local, t.Name.Local)
		case xml.EndElement:
			return strings.TrimSpace(string(b)), nil
		}
	}
}

type setItem struct {
	text    string
	isRange bool
}

func encodeSet(e *xml.Encoder, start xml.StartElement, one, rng string, items []setItem) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, it := range items {
		name := one
		if it.isRange {
			name = rng
		}
		if err := e.EncodeElement(it.text, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}
