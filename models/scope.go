package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// ErrNoScope is returned by a query that was given no organization: an empty
// organization id is a programming error, never "every organization"
// (docs/security.md, "Scoped queries"). Reading every organization takes an
// explicitly named method (…AllOrgs, …AnyOrg) or AllOrgs: true in a filter.
var ErrNoScope = errors.New("no organization scope")

// needOrg returns ErrNoScope (wrapped with what) when orgID is empty. Every
// Store method with an orgID parameter calls it first; TestEveryOrgQueryIsScoped
// checks that.
func needOrg(orgID, what string) error {
	if orgID == "" {
		return fmt.Errorf("models: %s: %w", what, ErrNoScope)
	}
	return nil
}

// orgScope narrows q to orgID in column col, or leaves it on every
// organization when all is set; with neither it returns ErrNoScope.
func orgScope(q *gorm.DB, col, orgID string, all bool, what string) (*gorm.DB, error) {
	if all {
		return q, nil
	}
	if err := needOrg(orgID, what); err != nil {
		return nil, err
	}
	return q.Where(col+" = ?", orgID), nil
}
