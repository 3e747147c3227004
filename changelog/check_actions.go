package changelog

import (
	"fmt"
	"strings"

	"github.com/qgen-project/qgen/spec"
)

// Check actions: actions added or removed, their HTTP methods, and what they
// answer with. A new action is compatible (a new method); a removed one is
// breaking (its method and request type are gone); an answer of another DTD
// or root changes the method's result type, which is breaking. The methods
// an action accepts are the client's choice at run time, so a change there
// is compatible.
var actionsCheck = &check{name: "actions", run: func(c *context, oe, ne *spec.Endpoint) []*Change {
	var out []*Change
	for _, a := range ne.Actions {
		if oe.Action(a.Name) == nil {
			out = append(out, &Change{
				Kind: "action-added", Action: a.Name, Subject: a.Name,
				Text: fmt.Sprintf("new action %s (%s, answers %s)", code(a.Name), strings.Join(a.Methods, " or "), answer(a)),
				Why:  fmt.Sprintf("a new method %s with its request type %s", code(ne.GoName+"Service."+a.GoName), code(requestName(ne, a))),
			})
		}
	}
	for _, a := range oe.Actions {
		if ne.Action(a.Name) == nil {
			out = append(out, &Change{
				Kind: "action-removed", Action: a.Name, Subject: a.Name, Breaking: true,
				Text: fmt.Sprintf("action %s removed", code(a.Name)),
				Why:  fmt.Sprintf("the method %s and its request type %s are gone", code(oe.GoName+"Service."+a.GoName), code(requestName(oe, a))),
			})
		}
	}
	for _, na := range ne.Actions {
		oa := oe.Action(na.Name)
		if oa == nil {
			continue
		}
		if om, nm := strings.Join(oa.Methods, ","), strings.Join(na.Methods, ","); om != nm {
			out = append(out, &Change{
				Kind: "action-methods-changed", Action: na.Name, Subject: na.Name,
				Text: fmt.Sprintf("action %s: methods %s, were %s", code(na.Name), strings.Join(na.Methods, " or "), strings.Join(oa.Methods, " or ")),
				Why:  "the generated client picks the method at run time from the spec's list; the Go API is unchanged",
			})
		}
		if answerKey(oa) != answerKey(na) {
			out = append(out, &Change{
				Kind: "action-response-changed", Action: na.Name, Subject: na.Name, Breaking: resultGoType(oa) != resultGoType(na),
				Text: fmt.Sprintf("action %s answers %s, was %s", code(na.Name), answer(na), answer(oa)),
				Why:  responseWhy(oe, ne, oa, na),
			})
		}
	}
	return out
}}

// answer describes an action's answer: a DTD and its root, or raw text.
func answer(a *spec.Action) string {
	if a.Response.DTD == nil {
		return "raw " + a.Response.Raw
	}
	return a.Response.DTD.Name + ".dtd (" + code(a.Response.DTD.Root) + ")"
}

func answerKey(a *spec.Action) string {
	if a.Response.DTD == nil {
		return "raw"
	}
	return a.Response.DTD.Name + " " + a.Response.DTD.Root
}

func responseWhy(oe, ne *spec.Endpoint, oa, na *spec.Action) string {
	o, n := resultGoType(oa), resultGoType(na)
	if o == n {
		return fmt.Sprintf("the method %s still returns %s", code(ne.GoName+"Service."+na.GoName), code(n))
	}
	return fmt.Sprintf("the method %s returns %s, not %s", code(ne.GoName+"Service."+na.GoName), code(n), code(o))
}
