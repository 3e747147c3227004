package qgenrt

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Charset restricts the characters of a text parameter. The zero Charset
// allows every character.
type Charset int

// Character sets of the spec's charset limit.
const (
	// ASCII allows printable ASCII only: U+0020 (space) through U+007E.
	// Tab, line ends and other control characters are rejected: the
	// parameters the notes mark "(ascii)" are titles, names, user names,
	// passwords and domains, typed on one line.
	ASCII Charset = iota + 1
	// NoMultibyte allows every character below U+0080 ("must not contain
	// multibyte characters"), control characters included.
	NoMultibyte
)

// String is the spec's name of cs: "ascii" or "no_multibyte".
func (cs Charset) String() string {
	switch cs {
	case ASCII:
		return "ascii"
	case NoMultibyte:
		return "no_multibyte"
	}
	return "any"
}

func (cs Charset) allows(r rune) bool {
	switch cs {
	case ASCII:
		return r >= 0x20 && r <= 0x7e
	case NoMultibyte:
		return r < 0x80
	}
	return true
}

// FieldError is one problem with one parameter. Field is the parameter's
// wire name; Rule names the check (required, min_length, max_length,
// charset, forbidden, min, max, enum, ids, ips, or a rule kind across
// parameters: required_if, required_if_value, invalid_unless,
// one_of_required, at_least_one, exclusive, not_with, requires,
// max_total_length); Limit is the documented limit ("255", "ascii",
// "required when db_local=0"); Message says what is wrong, never quoting the
// value.
type FieldError struct{ Field, Rule, Limit, Message string }

// Error is "FIELD: RULE[ LIMIT][: MESSAGE]", as in
// "folder: max_length 169: 171 characters".
func (e FieldError) Error() string {
	s := e.Field + ": " + e.Rule
	if e.Limit != "" {
		s += " " + e.Limit
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// ValidationError is every problem Validate found with a request.
type ValidationError struct {
	Endpoint, Action string
	Errors           []FieldError
}

// Error lists every problem on its own line:
//
//	auth/greenplum create: 2 invalid parameters:
//	  title: required
//	  folder: max_length 169: 171 characters
func (e *ValidationError) Error() string {
	var b strings.Builder
	noun := "parameters"
	if len(e.Errors) == 1 {
		noun = "parameter"
	}
	fmt.Fprintf(&b, "%s %s: %d invalid %s:", e.Endpoint, e.Action, len(e.Errors), noun)
	for _, fe := range e.Errors {
		b.WriteString("\n  ")
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Problems collects the problems of a request; the zero value is ready.
// Each check adds at most one FieldError, and none for a value that is
// unset (nil pointer or set, "" where noted).
type Problems struct{ errs []FieldError }

// Add records a problem.
func (p *Problems) Add(field, rule, limit, message string) {
	p.errs = append(p.errs, FieldError{Field: field, Rule: rule, Limit: limit, Message: message})
}

// Required records rule "required" when present is false.
func (p *Problems) Required(field string, present bool) {
	if !present {
		p.Add(field, "required", "", "")
	}
}

// Length checks the length of v in characters (runes): min_length when
// min > 0, max_length when max > 0. An empty v is not checked: a string
// parameter left "" is unset, and Required reports it when it must be set.
func (p *Problems) Length(field, v string, min, max int) {
	if v == "" {
		return
	}
	n := utf8.RuneCountInString(v)
	switch {
	case min > 0 && n < min:
		p.Add(field, "min_length", strconv.Itoa(min), plural(n, "character"))
	case max > 0 && n > max:
		p.Add(field, "max_length", strconv.Itoa(max), plural(n, "character"))
	}
}

// OptLength is Length for an optional parameter: nil is not checked, and
// neither is "", which clears a clearable parameter.
func (p *Problems) OptLength(field string, v *string, min, max int) {
	if v != nil {
		p.Length(field, *v, min, max)
	}
}

// OptLen is the length of *v in characters, 0 for nil.
func OptLen(v *string) int {
	if v == nil {
		return 0
	}
	return utf8.RuneCountInString(*v)
}

// Charset records rule "charset" when v holds a character cs does not
// allow, giving how many and the position (in characters, from 1) of the
// first. Invalid UTF-8 is never allowed.
func (p *Problems) Charset(field, v string, cs Charset) {
	count, first := 0, 0
	i := 0
	for _, r := range v {
		i++
		if !cs.allows(r) {
			if count == 0 {
				first = i
			}
			count++
		}
	}
	if count > 0 {
		what := "outside printable ASCII (U+0020-U+007E)"
		if cs == NoMultibyte {
			what = "multibyte"
		}
		p.Add(field, "charset", cs.String(), fmt.Sprintf("%s %s, the first at position %d", plural(count, "character"), what, first))
	}
}

// OptCharset is Charset when v is not nil.
func (p *Problems) OptCharset(field string, v *string, cs Charset) {
	if v != nil {
		p.Charset(field, *v, cs)
	}
}

// Forbidden records rule "forbidden" when v holds any of the characters of
// chars; the limit is chars, quoted.
func (p *Problems) Forbidden(field, v, chars string) {
	count, first := 0, 0
	i := 0
	for _, r := range v {
		i++
		if strings.ContainsRune(chars, r) {
			if count == 0 {
				first = i
			}
			count++
		}
	}
	if count > 0 {
		p.Add(field, "forbidden", strconv.Quote(chars), fmt.Sprintf("%s forbidden, the first at position %d", plural(count, "character"), first))
	}
}

// OptForbidden is Forbidden when v is not nil.
func (p *Problems) OptForbidden(field string, v *string, chars string) {
	if v != nil {
		p.Forbidden(field, *v, chars)
	}
}

// Bound returns &n, for the bounds of IntRange.
func Bound(n int64) *int64 { return &n }

// IntRange records rule "min" or "max" when *v is below *min or above *max.
// A nil v is not checked; a nil bound is no bound.
func (p *Problems) IntRange(field string, v *int64, min, max *int64) {
	switch {
	case v == nil:
	case min != nil && *v < *min:
		p.Add(field, "min", strconv.FormatInt(*min, 10), "value below the minimum")
	case max != nil && *v > *max:
		p.Add(field, "max", strconv.FormatInt(*max, 10), "value above the maximum")
	}
}

// Enum records rule "enum" when v is not "" and not one of values (compared
// exactly); the limit lists the values, separated by "|".
func (p *Problems) Enum(field, v string, values []string) {
	if v != "" && !slices.Contains(values, v) {
		p.Add(field, "enum", strings.Join(values, "|"), fmt.Sprintf("not one of the %d allowed values", len(values)))
	}
}

// IDSet records rule "ids" when v has an entry that is not a positive ID or
// an ascending range, naming the entry by position.
func (p *Problems) IDSet(field string, v IDSet) {
	if i, why := v.problem(); why != "" {
		p.Add(field, "ids", "", fmt.Sprintf("entry %d: %s", i, why))
	}
}

// IPSet records rule "ips" when v has an entry that is not a valid address
// or an ascending range of one family, naming the entry by position.
func (p *Problems) IPSet(field string, v IPSet) {
	if i, why := v.problem(); why != "" {
		p.Add(field, "ips", "", fmt.Sprintf("entry %d: %s", i, why))
	}
}

// Rule records a problem with a rule across parameters when violated is
// true: rule is its kind (required_if, exclusive, ...), limit what it
// demands ("required when db_local=0").
func (p *Problems) Rule(field, rule, limit string, violated bool) {
	if violated {
		p.Add(field, rule, limit, "")
	}
}

// Err returns nil when no problem was recorded, else a *ValidationError
// holding every problem in the order recorded.
func (p *Problems) Err(endpoint, action string) error {
	if len(p.errs) == 0 {
		return nil
	}
	return &ValidationError{Endpoint: endpoint, Action: action, Errors: slices.Clone(p.errs)}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
