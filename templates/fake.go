package templates

import (
	"fmt"
	"go/format"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/spec"
)

// The fake server package: <out>/<package>fake, an http.Handler that serves
// the generated endpoints from an in-memory store, for downstream tests. Its
// server.go is fixed source (fakeServerSource, in fakeform.go); each
// endpoint adds one file, ENDPOINT.go, that registers the endpoint with, per
// action, the form parser (ParseENDPOINTACTION, fakeform.go), the check (the
// parser, then the generated Validate) and the answer, built from the
// generated response types:
//
//   - list, when the answer's RESPONSE holds a list of repeated records: one
//     record per stored record, fields named like a parameter of the create
//     action filled from it (fakeSources), every other required element a
//     placeholder chosen from the DTD's content model, so that the answer is
//     valid against the DTD; a WARNING CODE 1980 with the next page's URL
//     when paged;
//   - list, when RESPONSE holds groups of ID sets named after endpoints
//     (AUTH_GREENPLUM_IDS): the IDs of the records of each such endpoint;
//   - create and launch: a new record, answered as BATCH_RETURN (BATCH with
//     TEXT and ID_SET) or SIMPLE_RETURN (ITEM_LIST with ID, and REFERENCE
//     for an endpoint with a *_ref parameter);
//   - update and delete: the records named by ids (or id), answered alike;
//   - a raw answer (fetch): a small JSON array or CSV;
//   - anything else: the answer's root type with its required elements.

// FakeSuffix makes the fake package's name and folder from the generated
// package's name: gen -> genfake.
const FakeSuffix = "fake"

// FakeDir is the folder of the fake package inside the output folder.
func FakeDir(pkg string) string { return pkg + FakeSuffix }

// fakeSources names, for an element of a record (by its path in the
// record, or by its name anywhere), the parameters that fill it, first
// found wins; an element not listed here is filled by the parameter of its
// name in lower case (TITLE <- title).
var fakeSources = map[string][]string{
	"IP_SET":                           {"ips"},
	"TITLE":                            {"title", "scan_title"},
	"TARGET":                           {"ip", "target", "fqdn", "asset_groups"},
	"DATABASE":                         {"greenplum_db_name", "pgsql_db_name"},
	"UNIX_CONF_FILE":                   {"greenplum_unix_conf_file", "pgsql_unix_conf_file"},
	"WIN_CONF_FILE":                    {"pgsql_win_conf_path"},
	"ASSET_GROUP_TITLE_LIST":           {"asset_groups"},
	"OPTION_PROFILE/TITLE":             {"option_title"},
	"DIGITAL_VAULT/DIGITAL_VAULT_ID":   {"vault_id"},
	"DIGITAL_VAULT/DIGITAL_VAULT_TYPE": {"vault_type"},
	"DIGITAL_VAULT/VAULT_FOLDER":       {"folder"},
	"DIGITAL_VAULT/VAULT_FILE":         {"file"},
	"DIGITAL_VAULT/VAULT_SECRET_NAME":  {"secret_name"},
	"DIGITAL_VAULT/VAULT_SYSTEM_NAME":  {"system_name"},
}

// fakeText is the placeholder text of some required elements; others get
// their name in lower case.
var fakeText = map[string]string{
	"TYPE":                "API",
	"STATE":               "Finished",
	"DURATION":            "00:00:05",
	"PROCESSING_PRIORITY": "0 - No Priority",
	"TIME_ZONE_CODE":      "US-CA",
	"TIME_ZONE_DETAILS":   "(GMT-8:00) Pacific Time",
	"LOGIN_TYPE":          "basic",
	"USER_LOGIN":          "fake_user",
	"BY":                  "fake_user",
}

// fakeAnswerText is the TEXT of a success answer, by "endpoint action",
// as the release notes' samples show it; by action otherwise.
var fakeAnswerText = map[string]string{
	"scan launch":          "New vm scan launched",
	"schedule/scan create": "New scan scheduled successfully",
	"schedule/scan update": "Edit scheduled Scan Completed successfully",
	"create":               "Successfully Created",
	"launch":               "Successfully Created",
	"update":               "Successfully Updated",
	"delete":               "Successfully Deleted",
}

type fakeKind int

const (
	fakeOther    fakeKind = iota // the root type with its required elements
	fakeRecords                  // a list of records
	fakeIDGroups                 // ID sets of the records of other endpoints
	fakeCreate
	fakeUpdate
	fakeDelete
	fakeRaw
)

// fakeAction is what the fake does for one action.
type fakeAction struct {
	e    *spec.Endpoint
	a    *spec.Action
	kind fakeKind
	// fakeRecords: the list field of RESPONSE, its type's repeated record
	// field, and the WARNING_LIST field when the answer can carry one.
	listPath   string
	list       *spec.Field
	record     *spec.Field
	warnPath   string
	warn       *spec.Field
	idParam    string
	refParam   string
	filters    []string
	groupPath  string
	group      *spec.Field
	groupItems []fakeGroup
	// fakeUpdate, fakeDelete: the parameter naming the records.
	target string
}

// fakeGroup is one ID-set group of an ID-groups list: the field and the
// endpoint whose records it lists.
type fakeGroup struct {
	field    *spec.Field
	endpoint string
}

// fakeGen emits the fake package.
type fakeGen struct {
	*generator
	pkg     string // the fake package's name
	genPath string // the generated package's import path
	// stores maps an endpoint with records to the action that creates them.
	stores   map[string]*spec.Action
	minCache map[*spec.Type]map[string]bool
}

// fakeFiles renders the fake package: server.go and one file per endpoint.
func (g *generator) fakeFiles(endpoints []*spec.Endpoint) ([]File, error) {
	if g.opts.ImportPath == "" {
		return nil, fmt.Errorf("the fake server package needs the import path of the generated package (Options.ImportPath)")
	}
	fg := &fakeGen{generator: g, pkg: g.opts.Package + FakeSuffix, genPath: g.opts.ImportPath,
		stores: map[string]*spec.Action{}, minCache: map[*spec.Type]map[string]bool{}}
	for _, e := range endpoints {
		if a := fakeStoreAction(e); a != nil {
			fg.stores[e.Name] = a
		}
	}
	dir := FakeDir(g.opts.Package)
	var files []File
	src, err := fg.serverFile()
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: path.Join(dir, "server.go"), From: "spec", Source: src})
	for _, e := range endpoints {
		base := strings.ReplaceAll(e.Name, "/", "_")
		if base == "server" {
			base = "server_endpoint" // server.go is the fixed part
		}
		name := path.Join(dir, base+".go")
		src, err := render(name, fg.endpointFile(endpoints, e))
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: name, From: e.File, Source: src})
	}
	return files, nil
}

// serverFile renders the fixed part of the package.
func (g *fakeGen) serverFile() ([]byte, error) {
	src := "// " + Header("spec") + "\n\n" + strings.NewReplacer("{{PKG}}", g.pkg, "{{GEN}}", g.opts.Package).Replace(fakeServerSource)
	out, err := format.Source([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("emitted source of %s does not parse: %v\n%s", path.Join(FakeDir(g.opts.Package), "server.go"), err, excerpt([]byte(src), err))
	}
	return out, nil
}

// fakeStoreAction is the action that creates an endpoint's records: create, or
// launch; nil when it has none.
func fakeStoreAction(e *spec.Endpoint) *spec.Action {
	for _, n := range []string{"create", "launch"} {
		if a := e.Action(n); a != nil {
			return a
		}
	}
	return nil
}

func (g *fakeGen) newFile(from string) *jen.File {
	f := jen.NewFile(g.pkg)
	f.HeaderComment(Header(from))
	f.ImportName(Runtime, "qgenrt")
	f.ImportName(g.genPath, g.opts.Package)
	f.NoFormat = true
	return f
}

func (g *fakeGen) q(name string) *jen.Statement { return jen.Qual(g.genPath, name) }

func fakeLower(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// endpointFile emits one endpoint: its registration, the parser of each
// action, its answers, and Add... for an endpoint with records.
func (g *fakeGen) endpointFile(all []*spec.Endpoint, e *spec.Endpoint) *jen.File {
	f := g.newFile(e.File)
	var acts []*fakeAction
	for _, a := range e.Actions {
		acts = append(acts, g.classify(all, e, a))
	}
	// Registration.
	var actions []jen.Code
	for _, fa := range acts {
		a := fa.a
		d := jen.Dict{
			jen.Id("name"):    jen.Lit(a.Name),
			jen.Id("methods"): fakeStrList(a.Methods),
			jen.Id("check"): jen.Func().Params(jen.Id("v").Qual("net/url", "Values")).Error().Block(
				jen.List(jen.Id("r"), jen.Err()).Op(":=").Id(fakeParseName(e, a)).Call(jen.Id("v")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Return(jen.Id("r").Dot("Validate").Call()),
			),
			jen.Id("serve"): jen.Id(fakeServeName(e, a)),
		}
		var params, secrets []string
		for _, p := range a.Params {
			params = append(params, p.Name)
			if p.Secret {
				secrets = append(secrets, p.Name)
			}
		}
		if len(params) > 0 {
			d[jen.Id("params")] = fakeStrList(params)
		}
		if len(secrets) > 0 {
			d[jen.Id("secrets")] = fakeStrList(secrets)
		}
		if fa.kind == fakeRecords {
			d[jen.Id("list")] = jen.True()
			if fa.warn != nil {
				d[jen.Id("pageable")] = jen.True()
			}
			if fa.idParam != "" {
				d[jen.Id("idParam")] = jen.Lit(fa.idParam)
			}
			if fa.refParam != "" {
				d[jen.Id("refParam")] = jen.Lit(fa.refParam)
			}
			if len(fa.filters) > 0 {
				d[jen.Id("filters")] = fakeStrList(fa.filters)
			}
		}
		actions = append(actions, jen.Values(d))
	}
	reg := jen.Dict{
		jen.Id("name"):    jen.Lit(e.Name),
		jen.Id("path"):    jen.Lit(e.Path),
		jen.Id("actions"): jen.Index().Op("*").Id("action").Values(actions...),
	}
	if ref := fakeRefPrefix(e); ref != "" {
		reg[jen.Id("ref")] = jen.Lit(ref)
	}
	f.Func().Id("init").Params().Block(jen.Id("register").Call(jen.Op("&").Id("endpoint").Values(reg)))
	f.Line()

	// Add..., for an endpoint with records.
	if a := g.stores[e.Name]; a != nil {
		req := requestName(e, a)
		docLines(f, fmt.Sprintf("Add%s stores a record of %s as action=%s would, without a request, and returns it. req must pass its Validate.", e.GoName, e.Path, a.Name))
		f.Func().Params(jen.Id("s").Op("*").Id("Server")).Id("Add"+e.GoName).Params(jen.Id("req").Op("*").Qual(g.genPath, req)).Params(jen.Id("Record"), jen.Error()).Block(
			jen.If(jen.Id("req").Op("==").Nil()).Block(jen.Return(jen.Id("Record").Values(), jen.Qual("errors", "New").Call(jen.Lit(g.pkg+": Add"+e.GoName+": nil request")))),
			jen.If(jen.Err().Op(":=").Id("req").Dot("Validate").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("Record").Values(), jen.Err())),
			jen.Return(jen.Id("s").Dot("addForm").Call(jen.Lit(e.Path), jen.Lit(a.Name), jen.Id("req").Dot("Form").Call()), jen.Nil()),
		)
		f.Line()
	}

	for _, fa := range acts {
		g.parseFunc(f, e, fa.a)
		g.serveFunc(f, fa)
	}
	return f
}

func fakeStrList(list []string) *jen.Statement {
	var vals []jen.Code
	for _, s := range list {
		vals = append(vals, jen.Lit(s))
	}
	return jen.Index().String().Values(vals...)
}

func fakeServeName(e *spec.Endpoint, a *spec.Action) string { return "serve" + e.GoName + a.GoName }

// fakeRefPrefix is the prefix of the references of an endpoint's records:
// "scan" when an action takes scan_ref; "" when no action takes a *_ref.
func fakeRefPrefix(e *spec.Endpoint) string {
	for _, p := range e.Params {
		if p.Kind == spec.String && strings.HasSuffix(p.Name, "_ref") && len(p.Name) > len("_ref") {
			return strings.TrimSuffix(p.Name, "_ref")
		}
	}
	return ""
}

// fakeRefParam is the *_ref parameter of an action, or "".
func fakeRefParam(a *spec.Action) string {
	for _, p := range a.Params {
		if p.Kind == spec.String && strings.HasSuffix(p.Name, "_ref") {
			return p.Name
		}
	}
	return ""
}

// fakeIDParam is the parameter of an action that names records by ID: ids (an
// ID set) or id (a number); "" when it has neither.
func fakeIDParam(a *spec.Action) string {
	for _, p := range a.Params {
		if p.Name == "ids" && p.Kind == spec.IDs || p.Name == "id" && p.Kind == spec.Int {
			return p.Name
		}
	}
	return ""
}

// classify decides what the fake does for an action.
func (g *fakeGen) classify(all []*spec.Endpoint, e *spec.Endpoint, a *spec.Action) *fakeAction {
	fa := &fakeAction{e: e, a: a}
	if a.Response.Root == nil {
		fa.kind = fakeRaw
		fa.refParam = fakeRefParam(a)
		return fa
	}
	store := g.stores[e.Name]
	switch {
	case store == a:
		fa.kind = fakeCreate
		return fa
	case store != nil && (a.Name == "update" || a.Name == "delete") && fakeIDParam(a) != "":
		fa.kind, fa.target = fakeUpdate, fakeIDParam(a)
		if a.Name == "delete" {
			fa.kind = fakeDelete
		}
		return fa
	}
	root := a.Response.Root
	resp, prefix := root, ""
	if fs := fakePath(root, "RESPONSE"); fs != nil && fs[0].Kind == spec.StructField {
		resp, prefix = fs[0].Type, "RESPONSE/"
	}
	// A list of records: RESPONSE/X_LIST/X, X repeated.
	for _, lf := range resp.Fields {
		if lf.Kind != spec.StructField || lf.Repeated || lf.XMLName == "WARNING_LIST" || !strings.HasSuffix(lf.XMLName, "_LIST") {
			continue
		}
		for _, rf := range lf.Type.Fields {
			if rf.Kind == spec.StructField && rf.Repeated {
				fa.kind, fa.listPath, fa.list, fa.record = fakeRecords, prefix+lf.XMLName, lf, rf
				break
			}
		}
		if fa.kind == fakeRecords {
			break
		}
	}
	if fa.kind == fakeRecords {
		if fs := fakePath(root, prefix+"WARNING_LIST"); fs != nil {
			w := fs[len(fs)-1]
			if w.Kind == spec.StructField && !w.Repeated && fakePath(w.Type, "WARNING/CODE") != nil && fakePath(w.Type, "WARNING/TEXT") != nil && fakePath(w.Type, "WARNING/URL") != nil {
				fa.warnPath, fa.warn = prefix+"WARNING_LIST", w
			}
		}
		fa.idParam, fa.refParam = fakeIDParam(a), fakeRefParam(a)
		if store != nil {
			for _, p := range a.Params {
				if ok, _ := p.UseIn(store.Name); ok && p.Name != "echo_request" && p.Name != fa.idParam && p.Name != fa.refParam {
					fa.filters = append(fa.filters, p.Name)
				}
			}
		}
		return fa
	}
	// Groups of ID sets named after endpoints: AUTH_RECORDS/AUTH_GREENPLUM_IDS/ID_SET.
	byGroup := map[string]string{}
	for _, o := range all {
		if g.stores[o.Name] != nil {
			byGroup[strings.ToUpper(strings.ReplaceAll(o.Name, "/", "_"))+"_IDS"] = o.Name
		}
	}
	for _, gf := range resp.Fields {
		if gf.Kind != spec.StructField || gf.Repeated {
			continue
		}
		var items []fakeGroup
		for _, sf := range gf.Type.Fields {
			if sf.Kind != spec.StructField || sf.Repeated || !sf.Optional {
				continue
			}
			if fs := fakePath(sf.Type, "ID_SET"); fs == nil || fs[0].Scalar != spec.ScalarIDSet || fs[0].Repeated {
				continue
			}
			if name := byGroup[sf.XMLName]; name != "" {
				items = append(items, fakeGroup{sf, name})
			}
		}
		if len(items) > 0 {
			fa.kind, fa.groupPath, fa.group, fa.groupItems = fakeIDGroups, prefix+gf.XMLName, gf, items
			return fa
		}
	}
	return fa
}

// fakePath returns the fields along path (element names separated by "/",
// an attribute last as "@name") from t, or nil when one is missing or a
// field before the last is not a struct. A repeated struct on the way is
// fine: a literal holds one occurrence of it.
func fakePath(t *spec.Type, p string) []*spec.Field {
	var out []*spec.Field
	elems, attr, _ := strings.Cut(p, "@")
	var names []string
	if elems != "" {
		names = strings.Split(elems, "/")
	}
	for i, n := range names {
		var found *spec.Field
		for _, f := range t.Fields {
			if f.Kind != spec.AttrField && f.XMLName == n {
				found = f
			}
		}
		if found == nil {
			return nil
		}
		out = append(out, found)
		if i < len(names)-1 || attr != "" {
			if found.Kind != spec.StructField {
				return nil
			}
			t = found.Type
		}
	}
	if attr != "" {
		var found *spec.Field
		for _, f := range t.Fields {
			if f.Kind == spec.AttrField && f.XMLName == attr {
				found = f
			}
		}
		if found == nil {
			return nil
		}
		out = append(out, found)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// serveFunc emits the answer of one action.
func (g *fakeGen) serveFunc(f *jen.File, fa *fakeAction) {
	e, a := fa.e, fa.a
	var body []jen.Code
	text := fakeAnswerText[e.Name+" "+a.Name]
	if text == "" {
		text = fakeAnswerText[a.Name]
	}
	var doc string
	switch fa.kind {
	case fakeRaw:
		doc = "answers a small JSON array, or CSV when output_format names csv"
		if fa.refParam != "" {
			doc += ", for the record whose reference " + fa.refParam + " gives"
		}
		body = append(body, jen.Id("s").Dot("fetch").Call(jen.Id("x"), jen.Lit(fa.refParam)))
	case fakeCreate:
		doc = "stores a new record and answers its ID"
		body = append(body, jen.Id("rec").Op(":=").Id("s").Dot("create").Call(jen.Id("x")),
			jen.Id("ids").Op(":=").Index().Int64().Values(jen.Id("rec").Dot("ID")))
		body = append(body, g.changeAnswer(fa, text, fakeRefPrefix(e) != "")...)
	case fakeUpdate, fakeDelete:
		doc = "changes the records " + fa.target + " names and answers their IDs"
		if fa.kind == fakeDelete {
			doc = "deletes the records " + fa.target + " names and answers their IDs"
		}
		body = append(body,
			jen.List(jen.Id("ids"), jen.Id("ok")).Op(":=").Id("s").Dot("change").Call(jen.Id("x"), jen.Lit(fa.target), jen.Lit(fa.kind == fakeDelete)),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return()),
		)
		body = append(body, g.changeAnswer(fa, text, false)...)
	case fakeRecords:
		doc = "answers the stored records"
		body = append(body, g.listAnswer(f, fa)...)
	case fakeIDGroups:
		doc = "answers the IDs of the records of each endpoint it lists"
		body = append(body, g.groupsAnswer(fa)...)
	default:
		doc = "answers the required elements of its answer"
		body = append(body, g.answer(a, g.lit(a.Response.Root, "", fakeFill{}, 0))...)
	}
	docLines(f, fmt.Sprintf("%s serves action=%s of %s: it %s.", fakeServeName(e, a), a.Name, e.Path, doc))
	f.Func().Id(fakeServeName(e, a)).Params(jen.Id("s").Op("*").Id("Server"), jen.Id("x").Op("*").Id("exchange")).Block(body...)
	f.Line()
}

// answer marshals out, a literal of the root type, as the action's answer.
func (g *fakeGen) answer(a *spec.Action, out jen.Code) []jen.Code {
	args := []jen.Code{jen.Id("x"), jen.Op("&").Id("out"), jen.Lit(a.Response.DTD.Root), jen.Lit(g.dtdPath(a.Response.DTD))}
	for _, f := range fakeFlags(a.Response.Root) {
		args = append(args, jen.Lit(f))
	}
	return []jen.Code{
		jen.Id("out").Op(":=").Add(out),
		jen.Id("s").Dot("answer").Call(args...),
	}
}

// fakeFlags are the elements below t that hold a flag (a bool in Go), sorted.
func fakeFlags(t *spec.Type) []string {
	seen, flags := map[*spec.Type]bool{}, map[string]bool{}
	var walk func(t *spec.Type)
	walk = func(t *spec.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		for _, f := range t.Fields {
			switch {
			case f.Kind == spec.StructField:
				walk(f.Type)
			case f.Kind == spec.TextField && f.Scalar == spec.ScalarFlag:
				flags[f.XMLName] = true
			}
		}
	}
	walk(t)
	out := make([]string, 0, len(flags))
	for f := range flags {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// dtdPath is where Qualys serves a DTD: under the endpoint's path when
// only one endpoint answers with it, else under /api/2.0/.
func (g *fakeGen) dtdPath(d *spec.DTD) string {
	var users []string
	for _, e := range g.m.Endpoints {
		for _, a := range e.Actions {
			if a.Response.DTD == d && !contains(users, e.Path) {
				users = append(users, e.Path)
			}
		}
	}
	if len(users) == 1 {
		return users[0] + d.Name + ".dtd"
	}
	return "/api/2.0/" + d.Name + ".dtd"
}

// changeAnswer answers a create, update or delete whose IDs are in ids:
// BATCH_RETURN (one BATCH with TEXT and ID_SET) or SIMPLE_RETURN (ITEM_LIST
// with an ITEM ID per record, and REFERENCE when withRef), else the root's
// required elements.
func (g *fakeGen) changeAnswer(fa *fakeAction, text string, withRef bool) []jen.Code {
	root := fa.a.Response.Root
	batch := "RESPONSE/BATCH_LIST/BATCH"
	if fakePath(root, batch+"/TEXT") != nil && fakePath(root, batch+"/ID_SET") != nil {
		return g.answer(fa.a, g.lit(root, "", fakeFill{elem: map[string]jen.Code{
			batch + "/TEXT":   jen.Lit(text),
			batch + "/ID_SET": jen.Qual(Runtime, "IDs").Call(jen.Id("ids").Op("...")),
		}}, 0))
	}
	items := "RESPONSE/ITEM_LIST/ITEM"
	if fs := fakePath(root, items); fs != nil && fs[len(fs)-1].Repeated && fs[len(fs)-1].Kind == spec.StructField {
		item := fs[len(fs)-1].Type
		if k := fakePath(item, "KEY"); k != nil && k[0].Scalar == spec.ScalarString && fakePath(item, "VALUE") != nil && fakePath(item, "VALUE")[0].Scalar == spec.ScalarString {
			pairs := []jen.Code{
				jen.Var().Id("pairs").Index().Index(jen.Lit(2)).String(),
				jen.For(jen.List(jen.Id("_"), jen.Id("id")).Op(":=").Range().Id("ids")).Block(
					jen.Id("pairs").Op("=").Append(jen.Id("pairs"), jen.Index(jen.Lit(2)).String().Values(jen.Lit("ID"), jen.Qual("strconv", "FormatInt").Call(jen.Id("id"), jen.Lit(10)))),
				),
			}
			if withRef {
				pairs = append(pairs, jen.Id("pairs").Op("=").Append(jen.Id("pairs"), jen.Index(jen.Lit(2)).String().Values(jen.Lit("REFERENCE"), jen.Id("rec").Dot("Ref"))))
			}
			pairs = append(pairs,
				jen.Var().Id("items").Add(g.goType(fs[len(fs)-1])),
				jen.For(jen.List(jen.Id("_"), jen.Id("kv")).Op(":=").Range().Id("pairs")).Block(
					jen.Id("items").Op("=").Append(jen.Id("items"), g.lit(item, "", fakeFill{elem: map[string]jen.Code{
						"KEY":   jen.Id("kv").Index(jen.Lit(0)),
						"VALUE": jen.Id("kv").Index(jen.Lit(1)),
					}}, 0)),
				),
			)
			fill := fakeFill{elem: map[string]jen.Code{}, field: map[string]jen.Code{items: jen.Id("items")}}
			if t := fakePath(root, "RESPONSE/TEXT"); t != nil && t[len(t)-1].Scalar == spec.ScalarString {
				fill.elem["RESPONSE/TEXT"] = jen.Lit(text)
			}
			return append(pairs, g.answer(fa.a, g.lit(root, "", fill, 0))...)
		}
	}
	return append([]jen.Code{jen.Id("_").Op("=").Id("ids")}, g.answer(fa.a, g.lit(root, "", fakeFill{}, 0))...)
}

// listAnswer answers the records of a list, with the WARNING of a page that
// has a next one, and emits the function that builds a record.
func (g *fakeGen) listAnswer(f *jen.File, fa *fakeAction) []jen.Code {
	e, a := fa.e, fa.a
	recFn := fakeLower(e.GoName + a.GoName + "Record")
	g.recordFunc(f, recFn, fa)
	recType := g.q(fa.record.Type.GoName)
	list := fa.list
	setList := jen.Id("list").Op("=").Add(g.wrapStruct(list, g.litDict(list.Type, "", fakeFill{field: map[string]jen.Code{fa.record.XMLName: jen.Id("items")}}, 0)))
	body := []jen.Code{
		jen.List(jen.Id("recs"), jen.Id("next")).Op(":=").Id("s").Dot("list").Call(jen.Id("x")),
		jen.Var().Id("list").Add(g.goType(list)),
		jen.If(jen.Len(jen.Id("recs")).Op(">").Lit(0)).Block(
			jen.Id("items").Op(":=").Make(jen.Index().Add(recType), jen.Lit(0), jen.Len(jen.Id("recs"))),
			jen.For(jen.Id("i").Op(":=").Range().Id("recs")).Block(
				jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id(recFn).Call(jen.Id("x"), jen.Op("&").Id("recs").Index(jen.Id("i")))),
			),
			setList,
		),
	}
	fill := fakeFill{field: map[string]jen.Code{fa.listPath: jen.Id("list")}}
	if fa.warn != nil {
		body = append(body,
			jen.Var().Id("warnings").Add(g.goType(fa.warn)),
			jen.If(jen.Id("next").Op("!=").Lit("")).Block(
				jen.Id("warnings").Op("=").Add(g.wrapStruct(fa.warn, g.litDict(fa.warn.Type, "", fakeFill{elem: map[string]jen.Code{
					"WARNING/CODE": jen.Id("CodeTruncated"),
					"WARNING/TEXT": jen.Id("truncationText").Call(jen.Len(jen.Id("recs"))),
					"WARNING/URL":  jen.Id("next"),
				}}, 0))),
			),
		)
		fill.field[fa.warnPath] = jen.Id("warnings")
	} else {
		body = append(body, jen.Id("_").Op("=").Id("next"))
	}
	return append(body, g.answer(a, g.lit(a.Response.Root, "", fill, 0))...)
}

// groupsAnswer answers, in each group element, the IDs of the records of
// its endpoint.
func (g *fakeGen) groupsAnswer(fa *fakeAction) []jen.Code {
	gt := fa.group
	body := []jen.Code{jen.Var().Id("groups").Add(g.goType(gt))}
	for _, it := range fa.groupItems {
		set := []jen.Code{}
		if gt.Optional {
			set = append(set, jen.If(jen.Id("groups").Op("==").Nil()).Block(
				jen.Id("groups").Op("=").Add(g.wrapStruct(gt, g.litDict(gt.Type, "", fakeFill{}, 0))),
			))
		}
		set = append(set, jen.Id("groups").Dot(it.field.GoName).Op("=").Add(g.wrapStruct(it.field, g.litDict(it.field.Type, "", fakeFill{field: map[string]jen.Code{"ID_SET": jen.Id("ids")}}, 0))))
		body = append(body, jen.If(jen.Id("ids").Op(":=").Id("s").Dot("idsOf").Call(jen.Lit(it.endpoint)), jen.Id("ids").Op("!=").Nil()).Block(set...))
	}
	return append(body, g.answer(fa.a, g.lit(fa.a.Response.Root, "", fakeFill{field: map[string]jen.Code{fa.groupPath: jen.Id("groups")}}, 0))...)
}

// goType is the Go type of a response field, qualified.
func (g *fakeGen) goType(f *spec.Field) *jen.Statement {
	return withOccurrence(f, g.baseType(f))
}

// baseType is the type of one occurrence of a field.
func (g *fakeGen) baseType(f *spec.Field) *jen.Statement {
	switch f.Kind {
	case spec.StructField:
		return g.q(f.Type.GoName)
	case spec.PresenceField:
		return jen.Struct()
	case spec.InnerXMLField:
		return jen.String()
	}
	return scalarType(f.Scalar)
}

// fakeFill says what a literal holds besides the required elements: elem
// maps a path to the value of one occurrence of its element (a literal makes
// the field from it: a pointer, a slice of one), field to the whole field's
// value. A struct on the way to a filled path is in the literal too.
type fakeFill struct {
	elem  map[string]jen.Code
	field map[string]jen.Code
}

func (fl fakeFill) under(p string) bool {
	for _, m := range []map[string]jen.Code{fl.elem, fl.field} {
		for k := range m {
			if strings.HasPrefix(k, p+"/") || strings.HasPrefix(k, p+"@") {
				return true
			}
		}
	}
	return false
}

// fakeKey is the path of a field below prefix.
func fakeKey(prefix string, f *spec.Field) string {
	if f.Kind == spec.AttrField {
		return prefix + "@" + f.XMLName
	}
	if prefix == "" {
		return f.XMLName
	}
	return prefix + "/" + f.XMLName
}

// fakeMaxDepth bounds the nesting of placeholder literals (a DTD may be
// recursive).
const fakeMaxDepth = 12

// lit is a composite literal of t holding every element a minimal valid
// instance needs (the DTD's content model says which; a required choice
// takes its first alternative), with placeholders, and what fl fills.
func (g *fakeGen) lit(t *spec.Type, prefix string, fl fakeFill, depth int) *jen.Statement {
	return g.q(t.GoName).Values(g.litDict(t, prefix, fl, depth))
}

// litDict is the fields of lit.
func (g *fakeGen) litDict(t *spec.Type, prefix string, fl fakeFill, depth int) jen.Dict {
	need := g.minimal(t)
	d := jen.Dict{}
	for _, f := range t.Fields {
		p := fakeKey(prefix, f)
		var v jen.Code
		switch {
		case fl.field[p] != nil:
			v = fl.field[p]
		case fl.elem[p] != nil:
			v = g.wrap(f, fl.elem[p])
		case f.Kind == spec.StructField:
			if need[f.XMLName] && depth < fakeMaxDepth || fl.under(p) {
				v = g.wrapStruct(f, g.litDict(f.Type, p, fl, depth+1))
			}
		case f.Kind == spec.AttrField:
			v = g.attrValue(t, f)
		case f.Kind == spec.CharDataField:
		case need[f.XMLName]:
			v = g.wrap(f, g.placeholder(f))
		}
		if v != nil {
			d[jen.Id(f.GoName)] = v
		}
	}
	return d
}

// wrap makes a field's value from the value of one occurrence.
func (g *fakeGen) wrap(f *spec.Field, v jen.Code) jen.Code {
	switch {
	case f.Repeated:
		return jen.Index().Add(g.baseType(f)).Values(v)
	case f.Optional && f.Kind != spec.AttrField && f.Kind != spec.CharDataField:
		if f.Kind == spec.PresenceField {
			return jen.Op("&").Struct().Values()
		}
		return jen.Id("ptr").Types(g.baseType(f)).Call(v)
	}
	return v
}

// wrapStruct makes a struct field's value from the fields of a literal of
// its type.
func (g *fakeGen) wrapStruct(f *spec.Field, d jen.Dict) *jen.Statement {
	switch {
	case f.Repeated:
		return jen.Index().Add(g.q(f.Type.GoName)).Values(jen.Values(d))
	case f.Optional:
		return jen.Op("&").Add(g.q(f.Type.GoName)).Values(d)
	}
	return g.q(f.Type.GoName).Values(d)
}

// placeholder is a valid value of a text element no parameter fills.
func (g *fakeGen) placeholder(f *spec.Field) jen.Code {
	switch f.Kind {
	case spec.PresenceField:
		return jen.Struct().Values()
	case spec.InnerXMLField:
		return jen.Lit("")
	}
	switch f.Scalar {
	case spec.ScalarInt:
		return jen.Lit(1)
	case spec.ScalarFlag:
		return jen.False()
	case spec.ScalarDateTime:
		return jen.Id("x").Dot("at")
	case spec.ScalarIDSet:
		return jen.Qual(Runtime, "IDs").Call(jen.Lit(1))
	case spec.ScalarIPSet:
		return jen.Id("placeholderIPs").Call()
	}
	if s, ok := fakeText[f.XMLName]; ok {
		return jen.Lit(s)
	}
	return jen.Lit(strings.ToLower(f.XMLName))
}

// attrValue is the value of an attribute the DTD requires, has a default
// or a fixed value for; nil for an #IMPLIED one.
func (g *fakeGen) attrValue(t *spec.Type, f *spec.Field) jen.Code {
	el := g.element(t)
	if el == nil {
		return nil
	}
	for _, a := range el.Attributes {
		if a.Name != f.XMLName {
			continue
		}
		var text string
		switch a.Default {
		case dtdparse.Implied:
			return nil
		case dtdparse.Fixed, dtdparse.Default:
			text = a.Value
		default:
			text = "1"
			if len(a.Values) > 0 {
				text = a.Values[0]
			}
		}
		return fakeScalarLit(f.Scalar, text)
	}
	return nil
}

// fakeScalarLit is text as a literal of a scalar type, or nil when it does not
// convert.
func fakeScalarLit(s spec.Scalar, text string) jen.Code {
	switch s {
	case spec.ScalarInt:
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return jen.Lit(1)
		}
		return jen.Lit(int(n))
	case spec.ScalarFlag:
		return jen.Lit(text == "1" || text == "true")
	case spec.ScalarString:
		return jen.Lit(text)
	}
	return nil
}

// element is the declaration of t's element.
func (g *fakeGen) element(t *spec.Type) *dtdparse.Element {
	for _, n := range t.DTDs {
		if d := g.m.DTD(n); d != nil && d.Parsed != nil {
			if el := d.Parsed.Element(t.Element); el != nil {
				return el
			}
		}
	}
	return nil
}

// minimal is the set of child elements of a minimal valid instance of t.
func (g *fakeGen) minimal(t *spec.Type) map[string]bool {
	if m, ok := g.minCache[t]; ok {
		return m
	}
	m := fakeMinimalChildren(g.element(t))
	g.minCache[t] = m
	return m
}

// fakeMinimalChildren is the set of child elements a minimal valid instance of
// el holds: what a sequence requires, the first alternative of a required
// choice, one occurrence of a + particle; nothing of a ? or * particle.
func fakeMinimalChildren(el *dtdparse.Element) map[string]bool {
	out := map[string]bool{}
	if el == nil || el.Content == nil || el.Content.Kind != dtdparse.Children || el.Content.Root == nil {
		return out
	}
	var walk func(p *dtdparse.Particle)
	walk = func(p *dtdparse.Particle) {
		if p.Occur.MayBeAbsent() {
			return
		}
		switch p.Kind {
		case dtdparse.NameParticle:
			out[p.Name] = true
		case dtdparse.Seq:
			for _, c := range p.Children {
				walk(c)
			}
		case dtdparse.Choice:
			if len(p.Children) > 0 {
				walk(p.Children[0])
			}
		}
	}
	walk(el.Content.Root)
	return out
}

// fakeChoiceNames are the child elements of el that are alternatives of a
// choice.
func fakeChoiceNames(el *dtdparse.Element) map[string]bool {
	out := map[string]bool{}
	if el == nil || el.Content == nil || el.Content.Kind != dtdparse.Children || el.Content.Root == nil {
		return out
	}
	el.Content.Root.Walk(func(p *dtdparse.Particle) {
		if p.Kind == dtdparse.Choice && len(p.Children) > 1 {
			for _, c := range p.Children {
				c.Walk(func(q *dtdparse.Particle) {
					if q.Kind == dtdparse.NameParticle {
						out[q.Name] = true
					}
				})
			}
		}
	})
	return out
}

// fakeRecordMeta are the fields of a record the store fills, not a parameter.
var fakeRecordMeta = []struct {
	path   string
	scalar spec.Scalar
	value  func() jen.Code
}{
	{"ID", spec.ScalarInt, func() jen.Code { return jen.Id("r").Dot("ID") }},
	{"REF", spec.ScalarString, func() jen.Code { return jen.Id("r").Dot("Ref") }},
	{"CREATED/DATETIME", spec.ScalarDateTime, func() jen.Code { return jen.Id("dt").Call(jen.Id("r").Dot("Created")) }},
	{"LAST_MODIFIED/DATETIME", spec.ScalarDateTime, func() jen.Code { return jen.Id("dt").Call(jen.Id("r").Dot("Modified")) }},
	{"LAUNCH_DATETIME", spec.ScalarDateTime, func() jen.Code { return jen.Id("dt").Call(jen.Id("r").Dot("Created")) }},
	{"USER_LOGIN", spec.ScalarString, func() jen.Code { return jen.Id("x").Dot("user") }},
	{"CREATED/BY", spec.ScalarString, func() jen.Code { return jen.Id("x").Dot("user") }},
}

// recordFunc emits the function that builds a record of a list answer from
// a stored record.
func (g *fakeGen) recordFunc(f *jen.File, name string, fa *fakeAction) {
	t := fa.record.Type
	fill := fakeFill{elem: map[string]jen.Code{}}
	skip := map[string]bool{}
	for _, m := range fakeRecordMeta {
		fs := fakePath(t, m.path)
		if fs == nil {
			continue
		}
		last := fs[len(fs)-1]
		if (last.Kind == spec.TextField || last.Kind == spec.AttrField) && last.Scalar == m.scalar && !last.Repeated {
			fill.elem[m.path] = m.value()
			skip[m.path] = true
		}
	}
	params := map[string]*spec.ActionParam{}
	if sa := g.stores[fa.e.Name]; sa != nil {
		for _, p := range sa.Params {
			if !p.Secret {
				params[p.Name] = p
			}
		}
	}
	body := []jen.Code{jen.Id("v").Op(":=").Add(g.lit(t, "", fill, 0))}
	body = append(body, g.fills(t, "", nil, nil, params, skip, 0)...)
	body = append(body, jen.Return(jen.Id("v")))
	docLines(f, fmt.Sprintf("%s is a <%s> of a list answer of %s built from the stored record r: fields named like a parameter hold its value, others a placeholder.", name, t.Element, fa.e.Path))
	f.Func().Id(name).Params(jen.Id("x").Op("*").Id("exchange"), jen.Id("r").Op("*").Id("Record")).Add(g.q(t.GoName)).Block(body...)
	f.Line()
}

// fakeSourcesOf are the parameters that fill the element at path p, in order.
func fakeSourcesOf(p, name string, params map[string]*spec.ActionParam) []string {
	var cands []string
	if c, ok := fakeSources[p]; ok {
		cands = c
	} else {
		cands = append(append(cands, fakeSources[name]...), strings.ToLower(name))
	}
	var out []string
	for _, c := range cands {
		if params[c] != nil && !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// fakeRecordMethod is the method of Record that reads a parameter as a scalar.
var fakeRecordMethod = map[spec.Scalar]string{
	spec.ScalarString: "text", spec.ScalarInt: "num", spec.ScalarFlag: "flag",
	spec.ScalarDateTime: "date", spec.ScalarIDSet: "ids", spec.ScalarIPSet: "ips",
}

// fills are the statements that set the fields of v (a record of type t,
// at prefix; sel are the Go names from v) from the parameters of the
// stored record r. ensure are the statements that make the optional
// structs on the way non-nil.
func (g *fakeGen) fills(t *spec.Type, prefix string, sel []string, ensure []jen.Code, params map[string]*spec.ActionParam, skip map[string]bool, depth int) []jen.Code {
	var out []jen.Code
	need, choices := g.minimal(t), fakeChoiceNames(g.element(t))
	for _, f := range t.Fields {
		p := fakeKey(prefix, f)
		// An alternative of a choice is filled only when the literal holds
		// it: another one would make the record invalid.
		if skip[p] || f.Kind != spec.AttrField && choices[f.XMLName] && !need[f.XMLName] {
			continue
		}
		path := append(append([]string(nil), sel...), f.GoName)
		target := func() *jen.Statement {
			s := jen.Id("v")
			for _, n := range path {
				s = s.Dot(n)
			}
			return s
		}
		name := f.XMLName
		switch f.Kind {
		case spec.StructField:
			if f.Repeated {
				continue
			}
			if one := fakeSingleList(f.Type); one != nil {
				srcs := fakeSourcesOf(p, name, params)
				out = append(out, fakeChain(srcs, "list", ensure, func(val jen.Code) jen.Code {
					return target().Op("=").Add(g.wrapStruct(f, jen.Dict{jen.Id(one.GoName): val}))
				}, nil)...)
				continue
			}
			if depth >= 6 {
				continue
			}
			ens := ensure
			if f.Optional {
				ens = append(append([]jen.Code(nil), ensure...), jen.If(target().Op("==").Nil()).Block(
					target().Op("=").Add(g.wrapStruct(f, g.litDict(f.Type, "", fakeFill{}, 0))),
				))
			}
			out = append(out, g.fills(f.Type, p, path, ens, params, skip, depth+1)...)
		case spec.TextField, spec.AttrField:
			if f.Repeated {
				if f.Scalar == spec.ScalarString {
					out = append(out, fakeChain(fakeSourcesOf(p, name, params), "list", ensure, func(val jen.Code) jen.Code {
						return target().Op("=").Add(val)
					}, nil)...)
				}
				continue
			}
			method := fakeRecordMethod[f.Scalar]
			if method == "" {
				continue
			}
			srcs := fakeSourcesOf(p, name, params)
			pointer := f.Optional && f.Kind == spec.TextField
			var dflt jen.Code
			if !pointer && len(srcs) > 0 {
				if d := params[srcs[0]].Default; d != "" {
					if lit := fakeScalarLit(f.Scalar, d); lit != nil {
						dflt = target().Op("=").Add(lit)
					}
				}
			}
			out = append(out, fakeChain(srcs, method, ensure, func(val jen.Code) jen.Code {
				if pointer {
					return target().Op("=").Op("&").Add(val)
				}
				return target().Op("=").Add(val)
			}, dflt)...)
		}
	}
	return out
}

// fakeSingleList is the one field of t when t holds a list of strings and
// nothing else (HOSTS: HOST+), else nil.
func fakeSingleList(t *spec.Type) *spec.Field {
	if len(t.Fields) != 1 {
		return nil
	}
	f := t.Fields[0]
	if f.Kind == spec.TextField && f.Repeated && f.Scalar == spec.ScalarString {
		return f
	}
	return nil
}

// fakeChain is "if val, ok := r.METHOD(src1); ok { ensure; set(val) } else if
// ... else { dflt }", or nothing when there is no source.
func fakeChain(srcs []string, method string, ensure []jen.Code, set func(jen.Code) jen.Code, dflt jen.Code) []jen.Code {
	if len(srcs) == 0 {
		return nil
	}
	var st *jen.Statement
	for i, src := range srcs {
		cond := []jen.Code{jen.List(jen.Id("val"), jen.Id("ok")).Op(":=").Id("r").Dot(method).Call(jen.Lit(src)), jen.Id("ok")}
		block := append(append([]jen.Code(nil), ensure...), set(jen.Id("val")))
		if i == 0 {
			st = jen.If(cond...).Block(block...)
		} else {
			st = st.Else().If(cond...).Block(block...)
		}
	}
	if dflt != nil {
		st = st.Else().Block(append(append([]jen.Code(nil), ensure...), dflt)...)
	}
	return []jen.Code{st}
}
