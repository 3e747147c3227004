package spec

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/dtdparse"
)

//go:embed all:params dtd schema
var builtin embed.FS

const errorSev = diag.Error

// Layer is one folder laid out like spec/: params/, params/_shared/, dtd/.
type Layer struct {
	// Name is how the layer's files are named in messages and generated
	// headers: "spec" for the built-in spec, the folder for an overlay.
	Name string
	FS   fs.FS
}

// Builtin returns the spec embedded in qgen.
func Builtin() Layer { return Layer{Name: "spec", FS: builtin} }

// Load reads the built-in spec and then each overlay folder, laid out like
// spec/; a file of an overlay replaces the file of the same name before it.
// It returns every error of every file as a diag.ErrorList.
func Load(overlays ...string) (*Model, error) {
	layers := []Layer{Builtin()}
	for _, o := range overlays {
		layers = append(layers, Layer{Name: filepath.ToSlash(filepath.Clean(o)), FS: os.DirFS(o)})
	}
	return LoadLayers(layers...)
}

// source is one file of the spec, from the last layer that has it.
type source struct {
	rel   string // path inside the layer: params/auth.yaml
	name  string // as shown: spec/params/auth.yaml
	data  []byte
	layer string
}

type loader struct {
	diags     []*diag.Diagnostic
	tables    map[string]*source // endpoint file name (auth_greenplum) -> file
	fragments map[string]*source
	dtdFiles  map[string]*source
	typesFile *source

	dtds      map[string]*DTD
	frags     map[string]*Fragment
	fragRules map[string][]*rawRule
	fragDec   map[string]*decoder
	types     *typeTable
	model     *Model
	decoders  []*decoder
	sources   map[string]string // file name -> text, for source lines
}

// LoadLayers reads the layers in order and resolves them into a Model.
func LoadLayers(layers ...Layer) (*Model, error) {
	l := &loader{
		tables: map[string]*source{}, fragments: map[string]*source{}, dtdFiles: map[string]*source{},
		dtds: map[string]*DTD{}, frags: map[string]*Fragment{}, fragRules: map[string][]*rawRule{}, fragDec: map[string]*decoder{},
		model: &Model{}, sources: map[string]string{},
	}
	for _, layer := range layers {
		l.collect(layer)
	}
	l.loadDTDs()
	l.loadTypes()
	l.loadFragments()
	l.loadEndpoints()
	if !hasErrors(l.diags) && !l.decodersFailed() {
		l.deriveTypes()
	}
	for _, dec := range l.decoders {
		l.diags = append(l.diags, dec.diags...)
	}
	l.diags = dedupe(l.diags)
	var errs diag.ErrorList
	for _, d := range l.diags {
		if d.Source == "" && d.Pos.Line > 0 {
			if text, ok := l.sources[d.Pos.Filename]; ok {
				d.Source = diag.SourceLine(text, d.Pos.Line)
			}
		}
		if d.Severity == diag.Error {
			errs = append(errs, d)
		} else {
			l.model.Warnings = append(l.model.Warnings, d)
		}
	}
	sortByFile(errs)
	sortByFile(l.model.Warnings)
	if len(errs) > 0 {
		return nil, errs
	}
	return l.model, nil
}

func (l *loader) decodersFailed() bool {
	for _, dec := range l.decoders {
		if hasErrors(dec.diags) {
			return true
		}
	}
	return false
}

// decoder returns a decoder for s, kept so that its reports are collected
// at the end (fragment rules are checked again in each endpoint).
func (l *loader) decoder(s *source) *decoder {
	dec := newDecoder(s.name, s.data)
	l.decoders = append(l.decoders, dec)
	return dec
}

// dedupe drops repeated diagnostics: a fragment's problem seen from each
// table that includes it is one problem.
func dedupe(ds []*diag.Diagnostic) []*diag.Diagnostic {
	seen := map[string]bool{}
	var out []*diag.Diagnostic
	for _, d := range ds {
		key := d.Error()
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	return out
}

func hasErrors(ds []*diag.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}

func sortByFile(ds []*diag.Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Pos.Filename != ds[j].Pos.Filename {
			return ds[i].Pos.Filename < ds[j].Pos.Filename
		}
		return false
	})
	// Within a file, by position (stable for equal positions).
	for i := 0; i < len(ds); {
		j := i
		for j < len(ds) && ds[j].Pos.Filename == ds[i].Pos.Filename {
			j++
		}
		diag.Sort(ds[i:j])
		i = j
	}
}

func (l *loader) fail(pos lexer.Position, format string, args ...any) {
	l.diags = append(l.diags, &diag.Diagnostic{Severity: diag.Error, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// collect lists the layer's files, replacing those of earlier layers.
func (l *loader) collect(layer Layer) {
	found := false
	read := func(pattern string, into map[string]*source, key func(string) string) {
		matches, err := fs.Glob(layer.FS, pattern)
		if err != nil {
			l.fail(lexer.Position{Filename: layer.Name}, "%v", err)
			return
		}
		for _, rel := range matches {
			data, err := fs.ReadFile(layer.FS, rel)
			if err != nil {
				l.fail(lexer.Position{Filename: path.Join(layer.Name, rel)}, "%v", err)
				continue
			}
			found = true
			l.sources[path.Join(layer.Name, rel)] = string(data)
			into[key(rel)] = &source{rel: rel, name: path.Join(layer.Name, rel), data: data, layer: layer.Name}
		}
	}
	base := func(ext string) func(string) string {
		return func(rel string) string { return strings.TrimSuffix(path.Base(rel), ext) }
	}
	for _, pattern := range []string{"params/*.yml", "params/_shared/*.yml", "dtd/*.yml"} {
		if ymls, _ := fs.Glob(layer.FS, pattern); len(ymls) > 0 {
			for _, y := range ymls {
				l.fail(lexer.Position{Filename: path.Join(layer.Name, y)}, "qgen reads .yaml files: rename %s to %s.yaml", path.Base(y), strings.TrimSuffix(path.Base(y), ".yml"))
			}
			found = true
		}
	}
	read("params/*.yaml", l.tables, base(".yaml"))
	read("params/_shared/*.yaml", l.fragments, base(".yaml"))
	read("dtd/*.dtd", l.dtdFiles, base(".dtd"))
	types := map[string]*source{}
	read("dtd/types.yaml", types, base(".yaml"))
	if s := types["types"]; s != nil {
		l.typesFile = s
	}
	if !found {
		l.fail(lexer.Position{Filename: layer.Name}, "spec folder %s has no params/*.yaml, params/_shared/*.yaml or dtd/*.dtd files (an overlay is laid out like spec/)", layer.Name)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// dtdCache keeps parsed DTDs by file name and content: a process that loads
// the spec many times (tests, changelog, fuzzing) parses each DTD once. A
// parsed DTD is never modified.
var dtdCache sync.Map

type dtdResult struct {
	dtd *dtdparse.DTD
	err error
}

func parseDTD(name string, data []byte) (*dtdparse.DTD, error) {
	key := name + "\x00" + string(data)
	if r, ok := dtdCache.Load(key); ok {
		return r.(dtdResult).dtd, r.(dtdResult).err
	}
	d, err := dtdparse.Parse(name, data)
	dtdCache.Store(key, dtdResult{d, err})
	return d, err
}

func (l *loader) loadDTDs() {
	// Parse in parallel (each parse is independent); report in name order.
	names := sortedKeys(l.dtdFiles)
	type result struct {
		dtd *dtdparse.DTD
		err error
	}
	results := make([]result, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := l.dtdFiles[name]
			d, err := parseDTD(s.name, s.data)
			results[i] = result{d, err}
		}()
	}
	wg.Wait()
	for i, name := range names {
		s := l.dtdFiles[name]
		parsed, err := results[i].dtd, results[i].err
		if err != nil {
			var list diag.ErrorList
			if errors.As(err, &list) {
				l.diags = append(l.diags, list...)
			} else {
				l.fail(lexer.Position{Filename: s.name}, "%v", err)
			}
			continue
		}
		d := &DTD{Name: name, File: s.name, Parsed: parsed}
		if len(parsed.Elements) == 0 {
			l.fail(lexer.Position{Filename: s.name, Line: 1, Column: 1}, "DTD %s declares no element", name)
			continue
		}
		d.Root = parsed.Elements[0].Name
		l.dtds[name] = d
	}
}

func (l *loader) loadFragments() {
	for _, name := range sortedKeys(l.fragments) {
		s := l.fragments[name]
		dec := l.decoder(s)
		root := dec.parse()
		if root == nil {
			continue
		}
		t := dec.table(root)
		if t.path.name != "" {
			dec.report(errorSev, t.path.pos, "this is an endpoint table (it has a path), but files in params/_shared are fragments: move it to params/")
			continue
		}
		switch {
		case t.fragment.name == "" && !dec.unknownKeys:
			dec.report(errorSev, t.pos, "a file in params/_shared is a fragment: it needs fragment: %s", name)
		case t.fragment.name != name:
			dec.report(errorSev, t.fragment.pos, "fragment %q must be in params/_shared/%s.yaml, not %s", t.fragment.name, t.fragment.name, path.Base(s.rel))
		}
		if len(t.actions) > 0 {
			dec.report(errorSev, t.actions[0].pos, "a fragment has no actions: they belong to an endpoint table")
		}
		if len(t.include) > 0 {
			dec.report(errorSev, t.include[0].pos, "a fragment cannot include other fragments")
		}
		f := &Fragment{Name: name, File: s.name, Doc: t.doc}
		byName := map[string]*Param{}
		for _, rp := range t.params {
			if p := buildParam(dec, rp, nil, name); p != nil {
				f.Params = append(f.Params, p)
				byName[p.Name] = p
			}
		}
		sort.Slice(f.Params, func(i, j int) bool { return f.Params[i].Name < f.Params[j].Name })
		// A fragment's rules may only name the fragment's parameters, with
		// values valid for them.
		for _, rr := range t.rules {
			ok := true
			for _, n := range ruleParamNames(rr) {
				if byName[n.name] == nil {
					dec.report(errorSev, n.pos, "rule %s names parameter %q, which fragment %s does not define", rr.kind.name, n.name, name)
					ok = false
				}
			}
			if ok {
				for _, v := range ruleValues(rr) {
					if msg := checkValue(byName[v.param], v.value); msg != "" {
						dec.report(errorSev, v.pos, "rule %s: %s: %s", rr.kind.name, v.param, msg)
					}
				}
			}
		}
		for _, rr := range t.rules {
			f.Rules = append(f.Rules, plainRule(rr, name))
		}
		l.frags[name] = f
		l.fragRules[name] = t.rules
		l.fragDec[name] = dec
		l.model.Fragments = append(l.model.Fragments, f)
	}
}

// buildParam resolves a written parameter: over base (an included
// parameter) when given, else on its own.
func buildParam(dec *decoder, rp *rawParam, base *Param, from string) *Param {
	if rp.bad {
		return nil // already reported
	}
	var p Param
	if base != nil {
		p = *base
		p.Uses = append([]Use(nil), base.Uses...)
		p.Values = append([]string(nil), base.Values...)
	} else {
		p = Param{Name: rp.name, GoName: goName(rp.name), From: from, Pos: rp.pos}
		if _, ok := rp.set["type"]; !ok {
			dec.report(errorSev, rp.pos, "parameter %s has no type (and no included fragment defines it); expected type: one of %s", rp.name, keyList(paramKinds))
			return nil
		}
	}
	if _, ok := rp.set["type"]; ok {
		p.Kind = paramKinds[rp.typ]
	}
	if _, ok := rp.set["values"]; ok {
		p.Values = nil
		for _, v := range rp.values {
			p.Values = append(p.Values, v.name)
		}
	}
	if _, ok := rp.set["in"]; ok {
		p.Uses = nil
		p.usePos = map[string]lexer.Position{}
		for _, u := range rp.in {
			p.Uses = append(p.Uses, Use{Action: u.name, Required: u.required})
			p.usePos[u.name] = u.pos
		}
	}
	if _, ok := rp.set["default"]; ok {
		p.Default = rp.def
	}
	if _, ok := rp.set["max_length"]; ok {
		p.MaxLength = rp.maxLength
	}
	if _, ok := rp.set["min_length"]; ok {
		p.MinLength = rp.minLength
	}
	if _, ok := rp.set["min"]; ok {
		p.Min, p.HasMin = rp.min, true
	}
	if _, ok := rp.set["max"]; ok {
		p.Max, p.HasMax = rp.max, true
	}
	if _, ok := rp.set["charset"]; ok {
		p.Charset = rp.charset
	}
	if _, ok := rp.set["forbidden"]; ok {
		p.Forbidden = rp.forbidden
	}
	if _, ok := rp.set["secret"]; ok {
		p.Secret = rp.secret
	}
	if _, ok := rp.set["clearable"]; ok {
		p.Clearable = rp.clearable
	}
	if _, ok := rp.set["go_name"]; ok {
		p.GoName = rp.goName
	}
	if _, ok := rp.set["doc"]; ok {
		p.Doc = strings.TrimSpace(rp.doc)
	}
	checkParam(dec, rp, &p)
	return &p
}

// checkParam reports fields that do not fit the parameter's type.
func checkParam(dec *decoder, rp *rawParam, p *Param) {
	at := func(field string) lexer.Position {
		if pos, ok := rp.set[field]; ok {
			return pos
		}
		return rp.pos
	}
	what := "parameter " + p.Name
	if p.Kind == Enum && len(p.Values) == 0 {
		dec.report(errorSev, at("type"), "%s is an enum but has no values", what)
	}
	if p.Kind != Enum && len(p.Values) > 0 {
		dec.report(errorSev, at("values"), "%s has values but its type is %s, not enum", what, p.Kind)
	}
	if (p.HasMin || p.HasMax) && p.Kind != Int {
		dec.report(errorSev, at("min"), "%s has min or max but its type is %s, not int", what, p.Kind)
	}
	if p.HasMin && p.HasMax && p.Min > p.Max {
		dec.report(errorSev, at("max"), "%s has max %d below its min %d", what, p.Max, p.Min)
	}
	if (p.MaxLength > 0 || p.MinLength > 0 || p.Charset != "" || p.Forbidden != "") && (p.Kind == Int || p.Kind == Flag || p.Kind == Enum) {
		dec.report(errorSev, at("max_length"), "%s is of type %s; length, charset and forbidden characters apply to text types", what, p.Kind)
	}
	if p.MaxLength > 0 && p.MinLength > p.MaxLength {
		dec.report(errorSev, at("min_length"), "%s has min_length %d above its max_length %d", what, p.MinLength, p.MaxLength)
	}
	if p.Default != "" && (p.Kind != Enum || len(p.Values) > 0) {
		if msg := checkValue(p, p.Default); msg != "" {
			dec.report(errorSev, at("default"), "the default of %s: %s", what, msg)
		}
	}
	if _, given := rp.set["in"]; len(p.Uses) == 0 && !given {
		dec.report(errorSev, at("in"), "%s is accepted by no action; give in: {action: required|optional}", what)
	}
}

// checkValue returns why v is not a valid value of p, or "".
func checkValue(p *Param, v string) string {
	switch p.Kind {
	case Int:
		if _, err := strconv.Atoi(v); err != nil {
			return fmt.Sprintf("%q is not an integer", v)
		}
	case Flag:
		if v != "0" && v != "1" {
			return fmt.Sprintf("%q is not 0 or 1 (the parameter is a flag)", v)
		}
	case Enum:
		for _, x := range p.Values {
			if x == v {
				return ""
			}
		}
		return fmt.Sprintf("%q is not one of %s", v, strings.Join(p.Values, ", "))
	}
	return ""
}

// ruleValue is a value a rule compares a parameter with.
type ruleValue struct {
	param, value string
	pos          lexer.Position
}

// ruleValues lists the values a rule compares parameters with.
func ruleValues(r *rawRule) []ruleValue {
	var out []ruleValue
	if r.when != nil {
		out = append(out, ruleValue{r.when.name, r.when.value, r.when.pos})
	}
	for _, v := range r.values {
		out = append(out, ruleValue{r.whenP.name, v.name, v.pos})
	}
	for _, t := range r.terms {
		if t.hasValue {
			out = append(out, ruleValue{t.name, t.value, t.pos})
		}
	}
	return out
}

// ruleParamNames lists every parameter name a rule mentions, with its place.
func ruleParamNames(r *rawRule) []named {
	var out []named
	if r.param.name != "" {
		out = append(out, r.param)
	}
	out = append(out, r.params...)
	if r.when != nil {
		out = append(out, r.when.named)
	}
	if r.whenP.name != "" {
		out = append(out, r.whenP)
	}
	for _, t := range r.terms {
		out = append(out, t.named)
	}
	return out
}
