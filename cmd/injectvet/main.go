package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/tagwire/tagwire/cmd/injectvet/injectvet"
)

func main() { singlechecker.Main(injectvet.Analyzer) }
