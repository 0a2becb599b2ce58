package main

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
)

// goSource is what the generator reads from the Go sources besides swag's output.
type goSource struct {
	// typeDocs holds the first sentence of the doc comment of every exported type, keyed the
	// way swag names schemas: "package.Type".
	typeDocs map[string]string
	// handlers holds the name of the function annotated with each @Router, keyed by
	// "method path" as in "get /v1/cities/{slug}".
	handlers map[string]string
}

// routerAnnotation is swag's @Router line: path and method.
var routerAnnotation = regexp.MustCompile(`@Router\s+(\S+)\s+\[(\w+)\]`)

// readGoSource reads the Go sources under root, syntax only (a package need not compile).
// Hidden directories, testdata, node_modules and test files are skipped.
func readGoSource(root string) (goSource, error) {
	src := goSource{typeDocs: make(map[string]string), handlers: make(map[string]string)}
	fset := token.NewFileSet()
	var p doc.Package // for Synopsis, which needs no package data
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				src.addTypeDocs(f.Name.Name, decl, &p)
			case *ast.FuncDecl:
				src.addHandler(decl)
			}
		}
		return nil
	})
	return src, err
}

func (src goSource) addTypeDocs(pkg string, gen *ast.GenDecl, p *doc.Package) {
	if gen.Tok != token.TYPE {
		return
	}
	for _, spec := range gen.Specs {
		ts := spec.(*ast.TypeSpec)
		text := ts.Doc.Text()
		if text == "" && len(gen.Specs) == 1 {
			text = gen.Doc.Text()
		}
		if ts.Name.IsExported() && text != "" {
			src.typeDocs[pkg+"."+ts.Name.Name] = p.Synopsis(text)
		}
	}
}

func (src goSource) addHandler(fn *ast.FuncDecl) {
	if fn.Doc == nil {
		return
	}
	for _, c := range fn.Doc.List {
		if m := routerAnnotation.FindStringSubmatch(c.Text); m != nil {
			src.handlers[strings.ToLower(m[2])+" "+m[1]] = fn.Name.Name
		}
	}
}
