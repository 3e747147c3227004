package changelog

import "testing"

func TestCheckRules(t *testing.T) {
	r := comparePair(t, "rules")
	expect(t, r, "rules",
		"thing: rule-actions-changed invalid_unless s when q=x breaking",
		"thing: rule-changed at_least_one [p, r] breaking",
		"thing: rule-changed required_if_value p when q in [x, y] breaking",
		"thing: rule-changed max_total_length [folder, file] <= 150 breaking",
		"thing: rule-changed exclusive [r, folder, t] compatible",
		"thing: rule-added not_with t [p] compatible",
		"thing: rule-added required_if r when q=z compatible",
		"thing: rule-added requires r -> q=x breaking",
		"thing: rule-removed exclusive [p, s] compatible",
	)
	for _, c := range []struct{ kind, subject, want string }{
		{"rule-added", "not_with t [p]", "no request valid before is affected: create did not accept t before"},
		{"rule-added", "required_if r when q=z", "no request valid before is affected: create did not accept q=z before"},
		{"rule-added", "requires r -> q=x", "a create request valid before that sends r without q=x now fails Validate()"},
		{"rule-actions-changed", "invalid_unless s when q=x", "an update request valid before that sends s without q=x now fails Validate()"},
		{"rule-changed", "exclusive [r, folder, t]", "t joins it, but create did not accept t before"},
	} {
		if w := why(t, r, "rules", c.kind, c.subject); w != c.want {
			t.Errorf("%s %s: why %q, want %q", c.kind, c.subject, w, c.want)
		}
	}
}
