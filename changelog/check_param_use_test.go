package changelog

import "testing"

func TestCheckParamUse(t *testing.T) {
	r := comparePair(t, "param_use")
	expect(t, r, "param_use",
		"thing: param-now-required a breaking",
		"thing: param-now-optional b breaking",
		"thing: param-now-optional c compatible",
		"thing: param-use-added d compatible",
		"thing: param-now-required e breaking",
		"thing: param-use-removed f breaking",
	)
	// A required string is a string, an optional one a *string: making it
	// optional changes the Go type, which breaks callers.
	if w := why(t, r, "param_use", "param-now-optional", "b"); w != "the field `B` of `ThingCreateRequest` changes from `string` to `*string`" {
		t.Errorf("why: %s", w)
	}
	expect(t, r, "params")
}
