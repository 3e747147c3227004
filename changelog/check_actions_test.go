package changelog

import "testing"

func TestCheckActions(t *testing.T) {
	r := comparePair(t, "actions")
	expect(t, r, "actions",
		"thing: action-added update compatible",
		"thing: action-removed delete breaking",
		"thing: action-methods-changed list compatible",
		"thing: action-response-changed create breaking",
	)
	if w := why(t, r, "actions", "action-response-changed", "create"); w != "the method `ThingService.Create` returns `*ThingListOutput`, not `*SimpleReturn`" {
		t.Errorf("why: %s", w)
	}
	// ids is no longer accepted by delete, but delete is gone: the actions
	// check says so, param_use does not repeat it.
	expect(t, r, "param_use")
}
