package models_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestEveryOrgQueryIsScoped reads the models package source: every Store
// method with an orgID parameter must start with needOrg(orgID, ...) (or
// orgScope(q, col, orgID, all, ...)), so an
// empty organization id is an error (ErrNoScope), never "every organization".
// A new query that forgets it fails here.
func TestEveryOrgQueryIsScoped(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || !takesOrgID(fn) {
				continue
			}
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); !ok || star.X.(*ast.Ident).Name != "Store" {
				continue
			}
			checked++
			if !startsWithNeedOrg(fn) {
				t.Errorf("%s: Store.%s takes orgID but does not start with needOrg(orgID, ...)", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
	if checked < 25 {
		t.Fatalf("checked only %d Store methods with orgID: the parser missed them", checked)
	}
}

func takesOrgID(fn *ast.FuncDecl) bool {
	for _, p := range fn.Type.Params.List {
		for _, n := range p.Names {
			if n.Name == "orgID" {
				return true
			}
		}
	}
	return false
}

func startsWithNeedOrg(fn *ast.FuncDecl) bool {
	if fn.Body == nil || len(fn.Body.List) == 0 {
		return false
	}
	var call *ast.CallExpr
	switch st := fn.Body.List[0].(type) {
	case *ast.AssignStmt:
		// q, err := orgScope(q, col, orgID, all, what): the same rule, with
		// an explicit all-organizations switch.
		if c, ok := st.Rhs[0].(*ast.CallExpr); ok && len(c.Args) == 5 {
			id, ok := c.Fun.(*ast.Ident)
			arg, ok2 := c.Args[2].(*ast.Ident)
			return ok && ok2 && id.Name == "orgScope" && arg.Name == "orgID"
		}
	case *ast.IfStmt:
		if as, ok := st.Init.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
			call, _ = as.Rhs[0].(*ast.CallExpr)
		} else if be, ok := st.Cond.(*ast.BinaryExpr); ok {
			call, _ = be.X.(*ast.CallExpr)
		}
	}
	if call == nil || len(call.Args) == 0 {
		return false
	}
	id, ok := call.Fun.(*ast.Ident)
	arg, ok2 := call.Args[0].(*ast.Ident)
	return ok && ok2 && id.Name == "needOrg" && arg.Name == "orgID"
}

// TestEmptyOrgIsNoScope calls queries with an empty organization id: each
// answers ErrNoScope (not another organization's rows), and the explicit
// all-organization variants still read every organization.
func TestEmptyOrgIsNoScope(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	other, err := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Other", Email: "o@other.test", Password: "password1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{org.Org.ID, other.Org.ID} {
		if err := st.Log(ctx, models.SyncEvent{OrgID: o, OpportunityID: "opp-" + o, Kind: "webhook", Status: models.LogFailed, Message: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	calls := map[string]func() error{
		"Interview":           func() error { _, err := st.Interview(ctx, "", "x"); return err },
		"Interviews":          func() error { _, _, err := st.Interviews(ctx, models.InterviewFilter{}); return err },
		"InterviewCounts":     func() error { _, err := st.InterviewCounts(ctx, ""); return err },
		"Write":               func() error { _, err := st.Write(ctx, "", "x"); return err },
		"SyncLog":             func() error { _, _, err := st.SyncLog(ctx, models.SyncLogFilter{}); return err },
		"SyncCandidates":      func() error { _, _, err := st.SyncCandidates(ctx, models.SyncCandidateFilter{}); return err },
		"NeedsAttention":      func() error { _, err := st.NeedsAttention(ctx, "", 0); return err },
		"Connection":          func() error { _, err := st.Connection(ctx, ""); return err },
		"ConnectionForUpdate": func() error { _, err := st.ConnectionForUpdate(ctx, ""); return err },
		"Profiles":            func() error { _, err := st.Profiles(ctx, ""); return err },
		"SetEnabled":          func() error { _, err := st.SetEnabled(ctx, "", true); return err },
		"Audit":               func() error { return st.Audit(ctx, models.AuditEntry{ActorEmail: "x", Action: "y"}) },
		"InterviewsWithPendingWrites": func() error {
			_, err := st.InterviewsWithPendingWrites(ctx, "")
			return err
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, models.ErrNoScope) {
			t.Errorf("%s with an empty org id: err = %v, want ErrNoScope", name, err)
		}
	}
	if n := st.CountNeedsAttention(ctx, ""); n != 0 {
		t.Errorf("CountNeedsAttention(\"\") = %d, want 0", n)
	}
	if n := st.CountNeedsAttentionAllOrgs(ctx); n != 0 {
		t.Errorf("CountNeedsAttentionAllOrgs = %d (no failed steps yet)", n)
	}
	evs, _, err := st.SyncLog(ctx, models.SyncLogFilter{AllOrgs: true})
	if err != nil || len(evs) != 2 {
		t.Errorf("SyncLog AllOrgs = %d events, %v; want 2", len(evs), err)
	}
	cands, _, err := st.SyncCandidates(ctx, models.SyncCandidateFilter{AllOrgs: true, FailedOnly: true})
	if err != nil || len(cands) != 2 {
		t.Errorf("SyncCandidates AllOrgs = %d, %v; want 2", len(cands), err)
	}
	evs, _, err = st.SyncLog(ctx, models.SyncLogFilter{OrgID: org.Org.ID})
	if err != nil || len(evs) != 1 || evs[0].OrgID != org.Org.ID {
		t.Errorf("SyncLog one org = %+v, %v", evs, err)
	}
}
