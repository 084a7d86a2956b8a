module github.com/tagwire/tagwire

go 1.26

require github.com/fatih/structtag v1.2.0
