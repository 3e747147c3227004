package spec

import (
	"strings"
	"unicode"
)

// initialisms are written in upper case in Go names, as Go style asks.
var initialisms = map[string]string{
	"ID": "ID", "IDS": "IDs", "DATETIME": "DateTime", "USERNAME": "Username", "IP": "IP", "IPS": "IPs", "URL": "URL", "SSL": "SSL", "FQDN": "FQDN",
	"DNS": "DNS", "HTTP": "HTTP", "API": "API", "CSV": "CSV", "JSON": "JSON", "XML": "XML",
	"UTC": "UTC", "DB": "DB", "SQL": "SQL", "MS": "MS", "KV": "KV", "EP": "EP", "OS": "OS",
	"DST": "DST", "IIS": "IIS", "NTLMV1": "NTLMv1", "NTLMV2": "NTLMv2", "AIM": "AIM", "PIM": "PIM",
	"PBPS": "PBPS", "AG": "AG", "AGS": "AGs", "VM": "VM", "PC": "PC", "SNMP": "SNMP", "TLS": "TLS",
}

// goName turns an UPPER_SNAKE element name, a lower_snake parameter name or
// a slash-separated endpoint name into an exported Go name.
func goName(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '/' || r == '-' || r == '.' }) {
		if v, ok := initialisms[strings.ToUpper(w)]; ok {
			b.WriteString(v)
			continue
		}
		rs := []rune(strings.ToLower(w))
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	out := b.String()
	if out == "" || !unicode.IsLetter([]rune(out)[0]) {
		out = "X" + out
	}
	return out
}

// isGoExported reports whether s is an exported Go identifier.
func isGoExported(s string) bool {
	for i, r := range s {
		if i == 0 && !unicode.IsUpper(r) || !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			return false
		}
	}
	return s != ""
}
