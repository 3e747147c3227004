package qgenrt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Redacted is what a secret, or any form value of a printed Call, becomes.
const Redacted = "[redacted]"

// plainCall is Call without its methods, for fmt.
type plainCall Call

// redacted is call with every form value replaced by Redacted.
func (call Call) redacted() plainCall {
	p := plainCall(call)
	if call.Form != nil {
		p.Form = make(url.Values, len(call.Form))
		for k, vs := range call.Form {
			r := make([]string, len(vs))
			for i := range r {
				r[i] = Redacted
			}
			p.Form[k] = r
		}
	}
	return p
}

// String prints call with its field names, every form value as "[redacted]".
func (call Call) String() string { return fmt.Sprintf("%+v", call.redacted()) }

// GoString prints call as a Go composite literal, every form value as
// "[redacted]".
func (call Call) GoString() string {
	return strings.Replace(fmt.Sprintf("%#v", call.redacted()), "qgenrt.plainCall{", "qgenrt.Call{", 1)
}

// Format implements fmt.Formatter so that every verb redacts the form: %v
// and %+v print the fields, %#v is GoString, %s is String and %q quotes it.
func (call Call) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		io.WriteString(f, call.GoString())
	case verb == 'v':
		fmt.Fprintf(f, fmt.FormatString(f, verb), call.redacted())
	case verb == 's':
		io.WriteString(f, call.String())
	case verb == 'q':
		fmt.Fprintf(f, "%q", call.String())
	default:
		fmt.Fprintf(f, "%%!%c(qgenrt.Call=%s)", verb, call.String())
	}
}

// secretKey reports whether an echoed key is to be redacted for call.
func (call *Call) secretKey(key string) bool {
	if len(call.SecretKeys) == 0 {
		return call.Secret
	}
	for _, k := range call.SecretKeys {
		if strings.EqualFold(strings.TrimSpace(k), key) {
			return true
		}
	}
	return false
}

// redactEcho redacts the secrets of call in the <REQUEST> an answer echoes,
// as Do documents. It reads only the prolog and the root's first child.
func redactEcho(body []byte, call *Call) []byte {
	if len(call.SecretKeys) == 0 && !call.Secret || !bytes.Contains(body, []byte("<REQUEST")) {
		return body
	}
	type edit struct {
		from, to int64
		text     string
	}
	const (
		param    = "REQUEST>PARAM_LIST>PARAM"
		paramKey = param + ">KEY"
		paramVal = param + ">VALUE"
		postData = "REQUEST>POST_DATA"
	)
	var (
		edits        []edit
		stack        []string // the open elements below the root
		depth        int      // the open elements, the root included
		requestStart int64    = -1
		key, post    strings.Builder
		values       []edit // the VALUE contents of the current PARAM
		contentStart int64
	)
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			if requestStart >= 0 { // a broken REQUEST: cut it off
				return append(bytes.Clone(body[:requestStart]), Redacted...)
			}
			return body
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				continue
			}
			stack = append(stack, t.Name.Local)
			switch path := strings.Join(stack, ">"); {
			case depth == 2 && t.Name.Local != "REQUEST":
				return body // no echo: the root's first child is not REQUEST
			case depth == 2:
				requestStart = before
			case path == param:
				key.Reset()
				values = values[:0]
			case path == paramVal, path == postData:
				contentStart = d.InputOffset()
				post.Reset()
			}
		case xml.CharData:
			switch strings.Join(stack, ">") {
			case paramKey:
				key.Write(t)
			case postData:
				post.Write(t)
			}
		case xml.EndElement:
			depth--
			if depth == 0 {
				return body // the root ended without a REQUEST
			}
			path := strings.Join(stack, ">")
			stack = stack[:len(stack)-1]
			switch path {
			case paramVal:
				if before > contentStart {
					values = append(values, edit{contentStart, before, Redacted})
				}
			case param:
				if call.secretKey(strings.TrimSpace(key.String())) {
					edits = append(edits, values...)
				}
			case postData:
				if text, changed := redactForm(post.String(), call); changed && before > contentStart {
					var b bytes.Buffer
					xml.EscapeText(&b, []byte(text))
					edits = append(edits, edit{contentStart, before, b.String()})
				}
			case "REQUEST":
				var out bytes.Buffer
				last := int64(0)
				for _, e := range edits {
					out.Write(body[last:e.from])
					out.WriteString(e.text)
					last = e.to
				}
				out.Write(body[last:])
				return out.Bytes()
			}
		}
	}
}

// redactForm redacts the values of call's secret keys in an URL-encoded
// form, keeping everything else as it is; a form that does not parse is
// redacted whole.
func redactForm(form string, call *Call) (string, bool) {
	form = strings.TrimSpace(form)
	parts := strings.Split(form, "&")
	changed := false
	for i, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			return Redacted, true
		}
		if call.secretKey(name) {
			parts[i] = k + "=" + Redacted
			changed = true
		}
	}
	return strings.Join(parts, "&"), changed
}
