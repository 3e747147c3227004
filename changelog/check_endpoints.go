package changelog

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qgen-project/qgen/spec"
)

// Check endpoints: an endpoint in only one of the specs. A new endpoint is
// compatible (a new service of the client; the types of other endpoints
// are compared by the gotypes check); a removed one is breaking.

// endpointAdded reports a new endpoint.
func endpointAdded(c *context, e *spec.Endpoint) []*Change {
	return []*Change{{
		Check: "endpoints", Kind: "endpoint-added", Subject: e.Path,
		Text: fmt.Sprintf("new endpoint %s: %s", code(e.Path), endpointSummary(e)),
		Why:  fmt.Sprintf("a new service %s, with its own request and response types", code("Client."+e.GoName+"()")),
	}}
}

// endpointRemoved reports a removed endpoint.
func endpointRemoved(c *context, e *spec.Endpoint) []*Change {
	return []*Change{{
		Check: "endpoints", Kind: "endpoint-removed", Subject: e.Path, Breaking: true,
		Text: fmt.Sprintf("endpoint %s removed (it had %s)", code(e.Path), endpointSummary(e)),
		Why:  fmt.Sprintf("the service %s, its methods and its request types are gone", code("Client."+e.GoName+"()")),
	}}
}

// endpointSummary lists an endpoint's actions, parameters and responses.
func endpointSummary(e *spec.Endpoint) string {
	var actions []string
	for _, a := range e.Actions {
		actions = append(actions, a.Name)
	}
	var dtds []string
	for name := range endpointDTDs(e) {
		dtds = append(dtds, name+".dtd")
	}
	sort.Strings(dtds)
	s := fmt.Sprintf("actions %s; %s", strings.Join(actions, ", "), plural(len(e.Params), "parameter"))
	if len(dtds) > 0 {
		s += "; answers " + strings.Join(dtds, ", ")
	}
	return s
}
