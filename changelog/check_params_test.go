package changelog

import "testing"

func TestCheckParams(t *testing.T) {
	r := comparePair(t, "params")
	expect(t, r, "params",
		"thing: param-added archived compatible",
		"thing: param-added opt_new compatible",
		"thing: param-added req_new breaking",
		"thing: param-removed gone breaking",
		"thing: param-clearable-changed clear breaking",
		"thing: param-clearable-changed clearreq breaking",
		"thing: param-default-changed def compatible",
		"thing: param-secret-changed hidden compatible",
		"thing: param-type-changed typed breaking",
	)
	for _, c := range []struct{ kind, subject, want string }{
		{"param-added", "archived", "only new actions accept it"},
		{"param-added", "opt_new", "a new optional field `OptNew *string` in `ThingCreateRequest` and `ThingUpdateRequest`"},
		{"param-added", "req_new", "newly required by create: requests built before lack it and fail Validate()"},
		{"param-type-changed", "typed", "the field `Typed` of `ThingCreateRequest` changes from `*string` to `*int64`"},
		{"param-clearable-changed", "clearreq", "the field `Clearreq` of `ThingCreateRequest` changes from `string` to `*string`"},
	} {
		if w := why(t, r, "params", c.kind, c.subject); w != c.want {
			t.Errorf("%s %s: why %q, want %q", c.kind, c.subject, w, c.want)
		}
	}
}
