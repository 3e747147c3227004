package templates

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/qgen-project/qgen/spec"
)

// decodeFile emits the streaming decoders of a group of response types:
// for each type, a decodeXML method that reads its element through a
// *qgenrt.Decoder and checks its content model with a table; for each
// document root, an exported Decode and the Stream methods of its records.
//
// The decoders must fill the structs as encoding/xml fills them through
// their tags and UnmarshalXML methods (types.go): text trimmed where
// types.go trims it, a repeated element appended, an element that comes
// twice decoded again into the same field. gen_test checks both ways on
// every sample and in a fuzz target.
func (g *generator) decodeFile(tg typeGroup) *jen.File {
	f := g.newFile(tg.from)
	for _, t := range tg.types {
		if tg.roots[t] {
			g.rootDecode(f, t)
		}
		g.elementDecode(f, t, tg.roots[t])
	}
	return f
}

// modelVar names the content-model table of a type.
func modelVar(t *spec.Type) string { return "model" + t.GoName }

// enumVar names the allowed values of an enumerated attribute.
func enumVar(t *spec.Type, fl *spec.Field) string { return "enum" + t.GoName + fl.GoName }

// rootDecode emits Decode and the Stream methods of a document root.
func (g *generator) rootDecode(f *jen.File, t *spec.Type) {
	d := jen.Id("d").Op("*").Qual(Runtime, "Decoder")
	docLines(f, fmt.Sprintf("Decode reads a document whose root is <%s> into v, up to the end of the root element (d.Finish checks what follows), without reflection: v gets what xml.Unmarshal would give it. Differences from the DTD are drift that d records (see qgenrt.Decoder), or errors when d is strict.", t.Element))
	f.Func().Params(jen.Id("v").Op("*").Id(t.GoName)).Id("Decode").Params(d.Clone()).Error().Block(
		jen.If(jen.Err().Op(":=").Id("d").Dot("Enter").Call(jen.Lit(t.Element)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Err().Op(":=").Id("v").Dot("decodeXML").Call(jen.Id("d")),
		jen.Id("d").Dot("Exit").Call(),
		jen.Return(jen.Err()),
	)
	f.Line()
	if rec := recordList(t); rec != nil {
		r := rec[2]
		docLines(f, fmt.Sprintf("Stream%s reads a document whose root is <%s> as Decode does, but yields each <%s> as it is read instead of keeping it in v (every other part of the document goes into v), so that memory does not grow with the number of records. Each record yielded is new and may be kept. An error is yielded last; breaking out of the loop stops the reading.", r.Type.GoName, t.Element, r.XMLName))
		f.Func().Params(jen.Id("v").Op("*").Id(t.GoName)).Id("Stream"+r.Type.GoName).Params(d.Clone()).Qual("iter", "Seq2").Types(jen.Op("*").Id(r.Type.GoName), jen.Error()).Block(
			jen.Return(jen.Qual(Runtime, "Stream").Types(jen.Id(r.Type.GoName)).Call(jen.Id("d"), jen.Id("v").Dot("Decode"))),
		)
		f.Line()
	}
	if ids := fieldPath(t, "RESPONSE", "ID_SET"); ids != nil && ids[1].Kind == spec.TextField && ids[1].Scalar == spec.ScalarIDSet {
		docLines(f, fmt.Sprintf("StreamIDs reads a document whose root is <%s> as Decode does, but yields each entry (an ID or a range) of its ID sets as it is read; the sets in v stay empty.", t.Element))
		f.Func().Params(jen.Id("v").Op("*").Id(t.GoName)).Id("StreamIDs").Params(d.Clone()).Qual("iter", "Seq2").Types(jen.Qual(Runtime, "IDRange"), jen.Error()).Block(
			jen.Return(jen.Qual(Runtime, "StreamIDs").Call(jen.Id("d"), jen.Id("v").Dot("Decode"))),
		)
		f.Line()
	}
}

// elementDecode emits the decodeXML method of a type and its tables; root
// says the type is a document root, which has an XMLName (see
// responseType).
func (g *generator) elementDecode(f *jen.File, t *spec.Type, root bool) {
	if order := t.Content.Order; order != nil {
		f.Comment(fmt.Sprintf("%s is the content model of <%s>, %s, as an automaton.", modelVar(t), t.Element, t.Content.Model))
		rows := make([]jen.Code, len(order.Next))
		for s, row := range order.Next {
			rows[s] = jen.Values(ints(row)...)
		}
		// Fields in reading order (a jen.Dict would sort them by name).
		field := func(name string, v jen.Code) jen.Code { return jen.Id(name).Op(":").Add(v) }
		f.Var().Id(modelVar(t)).Op("=").Qual(Runtime, "Model").Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true},
			field("Element", jen.Lit(t.Element)),
			field("Names", jen.Index().String().Values(lits(order.Names)...)),
			field("Next", jen.Index().Index().Int16().Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, rows...)),
			field("Final", jen.Index().Bool().Values(bools(order.Final)...)),
			field("Recover", jen.Index().Int16().Values(ints(order.Recover)...)),
		)
		f.Line()
	}
	for _, fl := range t.Fields {
		if fl.Kind == spec.AttrField && len(fl.Values) > 0 {
			f.Var().Id(enumVar(t, fl)).Op("=").Index().String().Values(lits(fl.Values)...)
		}
	}

	var body []jen.Code
	if root {
		body = append(body, jen.Id("v").Dot("XMLName").Op("=").Qual("encoding/xml", "Name").Values(jen.Dict{jen.Id("Local"): jen.Lit(t.Element)}))
	}
	body = append(body, g.attrDecode(t)...)

	if t.Content.Kind == spec.EmptyContent {
		body = append(body, jen.Return(jen.Id("d").Dot("EndEmpty").Call()))
	} else {
		body = append(body, g.childrenDecode(t)...)
	}
	f.Comment(fmt.Sprintf("decodeXML reads the element <%s> (its start tag just read) into v.", t.Element))
	f.Func().Params(jen.Id("v").Op("*").Id(t.GoName)).Id("decodeXML").Params(jen.Id("d").Op("*").Qual(Runtime, "Decoder")).Error().Block(body...)
	f.Line()
}

// childrenDecode reads the content of an element: each child into its
// field, stepping the content model's automaton, and the text.
func (g *generator) childrenDecode(t *spec.Type) []jen.Code {
	order := t.Content.Order
	sym := map[string]int{}
	if order != nil {
		for i, n := range order.Names {
			sym[n] = i
		}
	}
	var body []jen.Code
	var text *spec.Field
	var cases []jen.Code
	for _, fl := range t.Fields {
		switch fl.Kind {
		case spec.AttrField:
			continue
		case spec.CharDataField:
			text = fl
			continue
		}
		var stmts []jen.Code
		if i, ok := sym[fl.XMLName]; ok {
			stmts = append(stmts, jen.If(
				jen.List(jen.Id("st"), jen.Err()).Op("=").Id("d").Dot("Step").Call(jen.Op("&").Id(modelVar(t)), jen.Id("st"), jen.Lit(i)),
				jen.Err().Op("!=").Nil(),
			).Block(jen.Return(jen.Err())))
		}
		stmts = append(stmts, childDecode(fl)...)
		cases = append(cases, jen.Case(jen.Lit(fl.XMLName)).Block(stmts...))
	}
	cases = append(cases, jen.Default().Block(
		jen.If(jen.Err().Op(":=").Id("d").Dot("Unknown").Call(jen.Lit(t.Content.Kind == spec.AnyContent)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
	))

	if order != nil {
		body = append(body, jen.Id("st").Op(":=").Lit(0))
	}
	child := jen.Id("d").Dot("Child").Call()
	if text != nil {
		body = append(body, jen.Var().Id("text").Index().Byte())
		child = jen.Id("d").Dot("ChildText").Call(jen.Op("&").Id("text"))
	}
	body = append(body, jen.For().Block(
		jen.List(jen.Id("name"), jen.Err()).Op(":=").Add(child),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(jen.Id("name").Op("==").Nil()).Block(jen.Break()),
		jen.Switch(jen.String().Parens(jen.Id("name"))).Block(cases...),
	))
	if text != nil {
		body = append(body, textField(text)...)
	}
	if order != nil {
		return append(body, jen.Return(jen.Id("d").Dot("End").Call(jen.Op("&").Id(modelVar(t)), jen.Id("st"))))
	}
	return append(body, jen.Return(jen.Nil()))
}

// attrDecode reads the attributes of an element: declared ones into their
// fields, with enumerations and #REQUIRED checked; others are drift.
func (g *generator) attrDecode(t *spec.Type) []jen.Code {
	var cases []jen.Code
	var required []*spec.Field
	for _, fl := range t.Fields {
		if fl.Kind != spec.AttrField {
			continue
		}
		target := jen.Id("v").Dot(fl.GoName)
		var stmts []jen.Code
		switch fl.Scalar {
		case spec.ScalarString:
			stmts = append(stmts, target.Clone().Op("=").Id("d").Dot("AttrString").Call(jen.Id("a")))
		case spec.ScalarInt:
			stmts = append(stmts, attrCall(target, "AttrInt64")...)
		case spec.ScalarFlag:
			stmts = append(stmts, attrCall(target, "AttrBool")...)
		case spec.ScalarDateTime:
			stmts = append(stmts, attrCall(target, "AttrDateTime")...)
		default:
			panic("templates: attribute " + fl.XMLName + " of type " + string(fl.Scalar))
		}
		if len(fl.Values) > 0 && fl.Scalar == spec.ScalarString {
			stmts = append(stmts, jen.If(
				jen.Err().Op(":=").Id("d").Dot("Enum").Call(jen.Lit(fl.XMLName), target.Clone(), jen.Id(enumVar(t, fl))),
				jen.Err().Op("!=").Nil(),
			).Block(jen.Return(jen.Err())))
		}
		if fl.Required {
			stmts = append(stmts, jen.Id("has").Op("|=").Lit(1).Op("<<").Lit(len(required)))
			required = append(required, fl)
		}
		cases = append(cases, jen.Case(jen.Lit(fl.XMLName)).Block(stmts...))
	}
	cases = append(cases, jen.Default().Block(
		jen.If(jen.Err().Op(":=").Id("d").Dot("UnknownAttr").Call(jen.Id("a")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
	))
	if len(cases) == 1 { // no attribute declared
		return []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id("a")).Op(":=").Range().Id("d").Dot("Attrs").Call()).Block(
			jen.If(jen.Err().Op(":=").Id("d").Dot("UnknownAttr").Call(jen.Id("a")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		)}
	}
	var out []jen.Code
	if len(required) > 0 {
		out = append(out, jen.Var().Id("has").Uint64())
	}
	out = append(out, jen.For(jen.List(jen.Id("_"), jen.Id("a")).Op(":=").Range().Id("d").Dot("Attrs").Call()).Block(
		jen.Switch(jen.String().Parens(jen.Id("a").Dot("Name"))).Block(cases...),
	))
	for i, fl := range required {
		out = append(out, jen.If(jen.Id("has").Op("&").Parens(jen.Lit(1).Op("<<").Lit(i)).Op("==").Lit(0)).Block(
			jen.If(jen.Err().Op(":=").Id("d").Dot("MissingAttr").Call(jen.Lit(fl.XMLName)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		))
	}
	return out
}

// attrCall reads a typed attribute into target.
func attrCall(target *jen.Statement, method string) []jen.Code {
	return []jen.Code{
		jen.List(jen.Id("x"), jen.Err()).Op(":=").Id("d").Dot(method).Call(jen.Id("a")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		target.Clone().Op("=").Id("x"),
	}
}

// leafReader is the Decoder method that reads a leaf of a field's kind.
func leafReader(fl *spec.Field) string {
	switch fl.Kind {
	case spec.InnerXMLField:
		return "Raw"
	case spec.PresenceField:
		return "Empty"
	}
	switch fl.Scalar {
	case spec.ScalarInt:
		return "Int64"
	case spec.ScalarFlag:
		return "Bool"
	case spec.ScalarDateTime:
		return "DateTime"
	case spec.ScalarIDSet:
		return "IDSet"
	case spec.ScalarIPSet:
		return "IPSet"
	}
	return "String"
}

// childDecode reads a child element into its field.
func childDecode(fl *spec.Field) []jen.Code {
	v := jen.Id("v").Dot(fl.GoName)
	ret := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	switch fl.Kind {
	case spec.StructField:
		typ := jen.Id(fl.Type.GoName)
		decode := func(target jen.Code) jen.Code {
			return jen.If(jen.Err().Op("=").Add(target).Dot("decodeXML").Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		}
		switch {
		case fl.Repeated:
			return []jen.Code{
				// A stream of these records takes them instead of the slice.
				jen.If(jen.List(jen.Id("each"), jen.Id("ok")).Op(":=").Id("d").Dot("Sink").Call().Assert(jen.Func().Params(jen.Op("*").Add(typ.Clone())).Error()), jen.Id("ok")).Block(
					jen.Id("r").Op(":=").New(typ.Clone()),
					decode(jen.Id("r")),
					jen.If(jen.Err().Op("=").Id("each").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
					jen.Continue(),
				),
				v.Clone().Op("=").Append(v.Clone(), typ.Clone().Values()),
				decode(v.Clone().Index(jen.Len(v.Clone()).Op("-").Lit(1))),
			}
		case fl.Optional:
			return []jen.Code{
				jen.If(v.Clone().Op("==").Nil()).Block(v.Clone().Op("=").New(typ.Clone())),
				decode(v.Clone()),
			}
		}
		return []jen.Code{decode(v.Clone())}
	case spec.PresenceField:
		out := []jen.Code{jen.If(jen.Err().Op("=").Id("d").Dot("Empty").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))}
		switch {
		case fl.Repeated:
			out = append(out, v.Clone().Op("=").Append(v.Clone(), jen.Struct().Values()))
		case fl.Optional:
			out = append(out, v.Clone().Op("=").New(jen.Struct()))
		}
		return out
	}
	read := jen.Id("d").Dot(leafReader(fl)).Call()
	switch {
	case fl.Repeated:
		return []jen.Code{
			jen.List(jen.Id("x"), jen.Err()).Op(":=").Add(read),
			ret,
			v.Clone().Op("=").Append(v.Clone(), jen.Id("x")),
		}
	case fl.Optional:
		return []jen.Code{
			jen.List(jen.Id("x"), jen.Err()).Op(":=").Add(read),
			ret,
			v.Clone().Op("=").Op("&").Id("x"),
		}
	}
	return []jen.Code{jen.If(jen.List(v.Clone(), jen.Err()).Op("=").Add(read), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))}
}

// textField stores the text of an element with children or attributes,
// as encoding/xml's ",chardata" does (trimmed for a string, as types.go's
// UnmarshalXML trims it).
func textField(fl *spec.Field) []jen.Code {
	v := jen.Id("v").Dot(fl.GoName)
	if fl.Scalar != spec.ScalarString {
		panic("templates: text of type " + string(fl.Scalar) + " beside children")
	}
	return []jen.Code{v.Op("=").Qual("strings", "TrimSpace").Call(jen.String().Parens(jen.Id("text")))}
}

func ints(xs []int) []jen.Code {
	out := make([]jen.Code, len(xs))
	for i, x := range xs {
		out[i] = jen.Lit(x)
	}
	return out
}

func lits(xs []string) []jen.Code {
	out := make([]jen.Code, len(xs))
	for i, x := range xs {
		out[i] = jen.Lit(x)
	}
	return out
}

func bools(xs []bool) []jen.Code {
	out := make([]jen.Code, len(xs))
	for i, x := range xs {
		out[i] = jen.Lit(x)
	}
	return out
}
