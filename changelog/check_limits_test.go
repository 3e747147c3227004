package changelog

import "testing"

func TestCheckLimits(t *testing.T) {
	r := comparePair(t, "limits")
	expect(t, r, "limits",
		"thing: charset-changed ascii breaking",
		"thing: forbidden-changed forbid breaking",
		"thing: max-changed intmax breaking",
		"thing: min-changed intmin compatible",
		"thing: max-length-changed maxadd breaking",
		"thing: max-length-changed maxdown breaking",
		"thing: max-length-changed maxdrop compatible",
		"thing: max-length-changed maxup compatible",
		"thing: min-length-changed minup breaking",
		"thing: forbidden-changed unforbid compatible",
		"thing: charset-changed widen compatible",
	)
	if w := why(t, r, "limits", "max-length-changed", "maxdown"); w != "narrowed: values longer than 50 characters valid before now fail Validate()" {
		t.Errorf("why: %s", w)
	}
}
