package qgenrt

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Form builds the form parameters of a request. Each method sets one
// parameter (a second call with the same name replaces the first) or, when
// the value is unset, leaves it out:
//
//	String, Enum    sent when not ""
//	Int, Flag       always sent; a Flag as "1" or "0"
//	Opt...          sent when the pointer is not nil, even to "" / 0 / false
//	Time            sent when not the zero time, as DateTimeLayout in UTC
//	IDs, IPs, List  sent when not nil (an empty non-nil value is sent empty);
//	                a List is comma-joined
type Form struct{ v url.Values }

// NewForm starts a form with action set (when action is not "").
func NewForm(action string) *Form {
	f := &Form{v: url.Values{}}
	if action != "" {
		f.v.Set("action", action)
	}
	return f
}

// String sets name to v when v is not "".
func (f *Form) String(name, v string) {
	if v != "" {
		f.v.Set(name, v)
	}
}

// OptString sets name to *v when v is not nil.
func (f *Form) OptString(name string, v *string) {
	if v != nil {
		f.v.Set(name, *v)
	}
}

// Int sets name to v in decimal.
func (f *Form) Int(name string, v int64) { f.v.Set(name, strconv.FormatInt(v, 10)) }

// OptInt sets name to *v when v is not nil.
func (f *Form) OptInt(name string, v *int64) {
	if v != nil {
		f.Int(name, *v)
	}
}

// Flag sets name to "1" or "0".
func (f *Form) Flag(name string, v bool) {
	if v {
		f.v.Set(name, "1")
	} else {
		f.v.Set(name, "0")
	}
}

// OptFlag sets name to "1" or "0" when v is not nil.
func (f *Form) OptFlag(name string, v *bool) {
	if v != nil {
		f.Flag(name, *v)
	}
}

// Enum sets name to v when v is not "".
func (f *Form) Enum(name, v string) { f.String(name, v) }

// IDs sets name to v.String() when v is not nil.
func (f *Form) IDs(name string, v IDSet) {
	if v != nil {
		f.v.Set(name, v.String())
	}
}

// IPs sets name to v.String() when v is not nil.
func (f *Form) IPs(name string, v IPSet) {
	if v != nil {
		f.v.Set(name, v.String())
	}
}

// List sets name to the elements of v joined by commas when v is not nil.
func (f *Form) List(name string, v []string) {
	if v != nil {
		f.v.Set(name, strings.Join(v, ","))
	}
}

// Time sets name to v in UTC in DateTimeLayout when v is not the zero time.
func (f *Form) Time(name string, v time.Time) {
	if !v.IsZero() {
		f.v.Set(name, v.UTC().Format(DateTimeLayout))
	}
}

// OptTime sets name to *v in UTC in DateTimeLayout when v is not nil.
func (f *Form) OptTime(name string, v *time.Time) {
	if v != nil {
		f.v.Set(name, v.UTC().Format(DateTimeLayout))
	}
}

// Values returns the form's parameters (not a copy).
func (f *Form) Values() url.Values { return f.v }

// Encode is the URL encoding of the form, sorted by name.
func (f *Form) Encode() string { return f.v.Encode() }
