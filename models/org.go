package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// NewOrgInput is what CreateOrganization needs.
type NewOrgInput struct {
	Name     string
	Email    string
	Password string
	Credits  int
}

// NewOrgResult is the created organization, its owner and the plaintext API
// key (shown once; only its hash is stored).
type NewOrgResult struct {
	Org    Organization
	Owner  User
	APIKey string
}

// CreateOrganization creates an organization, its owner (super admin), a
// disconnected Lever connection and an API key in one transaction. It returns
// a *ValidationError for bad input and ErrConflict when the email is taken.
func (s *Store) CreateOrganization(ctx context.Context, in NewOrgInput) (*NewOrgResult, error) {
	var verr ValidationError
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if in.Name == "" {
		verr.Add("org", "organization name is required")
	}
	if !strings.Contains(in.Email, "@") {
		verr.Add("email", "a valid email is required")
	}
	if len(in.Password) < 8 {
		verr.Add("password", "password must have at least 8 characters")
	}
	if in.Credits < 0 {
		verr.Add("credits", "credits cannot be negative")
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), bcrypt.DefaultCost)
	if err != nil {
		return nil, fmt.Errorf("models: hash password: %w", err)
	}
	res := &NewOrgResult{
		Org:   Organization{ID: newID(), Name: in.Name, Credits: in.Credits},
		Owner: User{ID: newID(), Email: in.Email, PasswordHash: string(hash), Role: RoleSuperAdmin},
	}
	res.Owner.OrgID = res.Org.ID
	key := newAPIKey()
	res.APIKey = key
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("email = ?", in.Email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrConflict
		}
		if err := tx.Create(&res.Org).Error; err != nil {
			return err
		}
		if err := tx.Create(&res.Owner).Error; err != nil {
			return err
		}
		if err := tx.Create(&APIKey{ID: newID(), OrgID: res.Org.ID, Hash: hashKey(key), Prefix: key[:apiKeyPrefixLen], Name: "bootstrap", CreatedBy: in.Email}).Error; err != nil {
			return err
		}
		return tx.Create(&LeverConnection{ID: newID(), OrgID: res.Org.ID, Status: ConnDisconnected, WebhookKey: RandomToken(24)}).Error
	})
	if errors.Is(err, ErrConflict) || errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil, fmt.Errorf("models: create organization: email %s is already taken: %w", in.Email, ErrConflict)
	}
	if err != nil {
		return nil, fmt.Errorf("models: create organization: %w", err)
	}
	return res, nil
}

// CreateUser adds a user to an organization with the given role.
func (s *Store) CreateUser(ctx context.Context, orgID, email, password, role, platformRole string) (*User, error) {
	if err := needOrg(orgID, "create user"); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return nil, fmt.Errorf("models: hash password: %w", err)
	}
	u := &User{ID: newID(), OrgID: orgID, Email: strings.ToLower(strings.TrimSpace(email)), PasswordHash: string(hash), Role: role, PlatformRole: platformRole}
	if err := s.db.WithContext(ctx).Create(u).Error; err != nil {
		return nil, notFound(err, "create user")
	}
	return u, nil
}

// Authenticate returns the user with email and password, or ErrNotFound for
// any mismatch (the caller must not tell which part was wrong).
func (s *Store) Authenticate(ctx context.Context, email, password string) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("email = ?", strings.ToLower(strings.TrimSpace(email))).First(&u).Error
	if err != nil {
		// Spend comparable time so timing does not reveal unknown emails.
		bcrypt.CompareHashAndPassword([]byte("$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z9Nf0Y2kbS1tQeGfDOqEEiXG"), []byte(password))
		return nil, notFound(err, "authenticate")
	}
	if u.Status == UserInvited || bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, fmt.Errorf("models: authenticate: %w", ErrNotFound)
	}
	return &u, nil
}

// User returns a user by id.
func (s *Store) User(ctx context.Context, id string) (*User, error) {
	var u User
	if err := s.db.WithContext(ctx).First(&u, "id = ?", id).Error; err != nil {
		return nil, notFound(err, "find user")
	}
	return &u, nil
}

// Organization returns an organization by id.
func (s *Store) Organization(ctx context.Context, id string) (*Organization, error) {
	var o Organization
	if err := s.db.WithContext(ctx).First(&o, "id = ?", id).Error; err != nil {
		return nil, notFound(err, "find organization")
	}
	return &o, nil
}

// Organizations returns every organization, by name (support staff).
func (s *Store) Organizations(ctx context.Context) ([]Organization, error) {
	var out []Organization
	if err := s.db.WithContext(ctx).Order("name").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: list organizations: %w", err)
	}
	return out, nil
}

// CountOrganizations returns how many organizations exist.
func (s *Store) CountOrganizations(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Organization{}).Count(&n).Error
	return n, err
}

// AddCredits changes an organization's credit balance by delta (may be
// negative) and returns the new balance.
func (s *Store) AddCredits(ctx context.Context, orgID string, delta int) (int, error) {
	if err := needOrg(orgID, "add credits"); err != nil {
		return 0, err
	}
	var o Organization
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&Organization{}).Where("id = ?", orgID).Update("credits", gorm.Expr("credits + ?", delta)).Error; err != nil {
			return err
		}
		return tx.First(&o, "id = ?", orgID).Error
	})
	if err != nil {
		return 0, notFound(err, "add credits")
	}
	return o.Credits, nil
}

func hashKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// MakeStaff gives a user the platform support role (reads every org's
// sync log and dashboard, performs interview events and retries).
func (s *Store) MakeStaff(ctx context.Context, userID string) error {
	if err := s.db.WithContext(ctx).Model(&User{}).Where("id = ?", userID).Update("platform_role", PlatformRoleSupport).Error; err != nil {
		return fmt.Errorf("models: make staff: %w", err)
	}
	return nil
}
