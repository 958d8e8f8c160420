package sandbox

import (
	"net/http"
	"strings"
)

// DemoAccount returns the id of the account New seeded: DemoAccountID, or
// EUDemoAccountID for the EU data centre.
func (s *Server) DemoAccount() string {
	if s.eu() {
		return EUDemoAccountID
	}
	return DemoAccountID
}

func (s *Server) eu() bool { return strings.EqualFold(s.opts.DataCentre, "eu") }

// dataCentre is what the pages call this server's data centre ("" for US).
func (s *Server) dataCentre() string {
	if s.eu() {
		return "EU"
	}
	return ""
}

func (s *Server) idPrefix() string {
	if s.eu() {
		return accountPrefix + "eu-"
	}
	return accountPrefix
}

func (s *Server) nameSuffix() string {
	if s.eu() {
		return " EU"
	}
	return ""
}

// EUPath is where WithEU mounts the EU data centre, below the US one's mount
// point: with the US sandbox at /sandbox/lever the EU one is at
// /sandbox/lever/eu (its Data API at /sandbox/lever/eu/v1).
const EUPath = "/eu"

// WithEU returns one handler serving us at its root and eu under EUPath, so
// one mount point serves both data centres.
func WithEU(us, eu *Server) http.Handler {
	m := http.NewServeMux()
	m.Handle(EUPath+"/", http.StripPrefix(EUPath, eu.Handler()))
	m.Handle("/", us.Handler())
	return m
}
