package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// User statuses (docs/CONTRACT.md §6): an invited user has no password yet
// and cannot log in; an active one has set it.
const (
	UserInvited = "invited"
	UserActive  = "active"
)

// InviteTTL is how long an invite link can be used (docs/CONTRACT.md §6).
const InviteTTL = 7 * 24 * time.Hour

// MinPasswordLen is the shortest password an invited user may set, and the
// shortest new password in a password change (docs/CONTRACT.md §6).
const MinPasswordLen = 12

// ErrEmailTaken is returned when an invite names an email that any
// organization already uses (emails are unique across organizations).
var ErrEmailTaken = fmt.Errorf("email taken: %w", ErrConflict)

// ErrLastSuperAdmin is returned when a change would leave an organization
// without an active super admin.
var ErrLastSuperAdmin = fmt.Errorf("last super admin: %w", ErrConflict)

// Why an invite link cannot be used.
var (
	ErrInviteExpired = errors.New("invite expired")
	ErrInviteUsed    = errors.New("invite already used")
)

// UserInvite is a one-time link that lets an invited user set a password.
// Only the SHA-256 of the secret is stored; the secret itself is in the link
// shown once. ExpiresAt and UsedAt are UTC.
type UserInvite struct {
	ID         string    `gorm:"primaryKey;size:36"`
	OrgID      string    `gorm:"size:36;not null;index"`
	UserID     string    `gorm:"size:36;not null;index"`
	SecretHash string    `gorm:"size:64;not null;uniqueIndex"`
	CreatedBy  string    `gorm:"size:320;not null"`
	ExpiresAt  time.Time `gorm:"not null"`
	UsedAt     *time.Time
	CreatedAt  time.Time
}

// TableName is the invites table (migration 18).
func (UserInvite) TableName() string { return "user_invites" }

// Invitation is an invited user with the plaintext secret of their link.
type Invitation struct {
	User      User
	Secret    string
	ExpiresAt time.Time
}

// ValidRole reports whether role is one of the organization roles.
func ValidRole(role string) bool {
	return role == RoleSuperAdmin || role == RoleAdmin || role == RoleMember
}

// OrgUsers lists an organization's users by email.
func (s *Store) OrgUsers(ctx context.Context, orgID string) ([]User, error) {
	if err := needOrg(orgID, "list users"); err != nil {
		return nil, err
	}
	var out []User
	if err := s.db.WithContext(ctx).Where("org_id = ?", orgID).Order("email").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: list users: %w", err)
	}
	return out, nil
}

// OrgUser returns one user of orgID; ErrNotFound for another org's user.
func (s *Store) OrgUser(ctx context.Context, orgID, id string) (*User, error) {
	if err := needOrg(orgID, "find user"); err != nil {
		return nil, err
	}
	var u User
	if err := s.db.WithContext(ctx).First(&u, "id = ? AND org_id = ?", id, orgID).Error; err != nil {
		return nil, notFound(err, "find user")
	}
	return &u, nil
}

// InviteUser creates an invited user of orgID with role and a 7-day invite
// link. It returns a *ValidationError for a bad email or role and
// ErrEmailTaken when the email exists in any organization. by is who
// invited (an email or "API key").
func (s *Store) InviteUser(ctx context.Context, orgID, email, role, by string) (*Invitation, error) {
	if err := needOrg(orgID, "invite user"); err != nil {
		return nil, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	var verr ValidationError
	if at := strings.Index(email, "@"); at < 1 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n<>") || strings.ContainsFunc(email, unicode.IsControl) || BadText(email) != "" || len(email) > 320 {
		verr.Add("email", "a valid email address is required")
	}
	if !ValidRole(role) {
		verr.Add("role", "role must be super_admin, admin or member")
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	inv := &Invitation{User: User{ID: newID(), OrgID: orgID, Email: email, Role: role, Status: UserInvited}}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("email = ?", email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrEmailTaken
		}
		if err := tx.Create(&inv.User).Error; err != nil {
			return err
		}
		var err error
		inv.Secret, inv.ExpiresAt, err = s.newInvite(tx, orgID, inv.User.ID, by)
		return err
	})
	if errors.Is(err, ErrEmailTaken) || errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil, fmt.Errorf("models: invite %s: %w", email, ErrEmailTaken)
	}
	if err != nil {
		return nil, fmt.Errorf("models: invite user: %w", err)
	}
	return inv, nil
}

// ReissueInvite replaces an invited user's links with a new 7-day one
// (the old links stop working). ErrConflict when the user is already active.
func (s *Store) ReissueInvite(ctx context.Context, orgID, userID, by string) (*Invitation, error) {
	if err := needOrg(orgID, "reissue invite"); err != nil {
		return nil, err
	}
	var inv Invitation
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&inv.User, "id = ? AND org_id = ?", userID, orgID).Error; err != nil {
			return err
		}
		if inv.User.Status != UserInvited {
			return fmt.Errorf("%s has already set a password: %w", inv.User.Email, ErrConflict)
		}
		if err := tx.Where("user_id = ?", userID).Delete(&UserInvite{}).Error; err != nil {
			return err
		}
		var err error
		inv.Secret, inv.ExpiresAt, err = s.newInvite(tx, orgID, userID, by)
		return err
	})
	if err != nil {
		return nil, notFound(err, "reissue invite")
	}
	return &inv, nil
}

func (s *Store) newInvite(tx *gorm.DB, orgID, userID, by string) (string, time.Time, error) {
	secret := RandomToken(32)
	now := s.now()
	row := UserInvite{ID: newID(), OrgID: orgID, UserID: userID, SecretHash: hashKey(secret), CreatedBy: by, ExpiresAt: now.Add(InviteTTL), CreatedAt: now}
	return secret, row.ExpiresAt, tx.Create(&row).Error
}

// Invite returns the invite of a plaintext secret and its user. ErrNotFound
// for an unknown secret (or a removed user); ErrInviteUsed and
// ErrInviteExpired say why a known link cannot be used (the invite is
// returned with them, so the page can say when).
func (s *Store) Invite(ctx context.Context, secret string) (*UserInvite, *User, error) {
	var inv UserInvite
	db := s.db.WithContext(ctx)
	if err := db.First(&inv, "secret_hash = ?", hashKey(secret)).Error; err != nil {
		return nil, nil, notFound(err, "find invite")
	}
	var u User
	if err := db.First(&u, "id = ?", inv.UserID).Error; err != nil {
		return nil, nil, notFound(err, "find invited user")
	}
	switch {
	case inv.UsedAt != nil || u.Status != UserInvited:
		return &inv, &u, ErrInviteUsed
	case !s.now().Before(inv.ExpiresAt):
		return &inv, &u, ErrInviteExpired
	}
	return &inv, &u, nil
}

// AcceptInvite sets the invited user's password (at least MinPasswordLen
// characters) once, marks the link used and the user active, and returns
// the user. Errors as Invite, plus a *ValidationError for the password.
func (s *Store) AcceptInvite(ctx context.Context, secret, password string) (*User, error) {
	if err := checkPassword("password", password); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return nil, fmt.Errorf("models: hash password: %w", err)
	}
	var u User
	err = s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		// Claiming the row first makes the link usable once even when two
		// submits race: only one UPDATE matches used_at IS NULL.
		res := tx.Model(&UserInvite{}).Where("secret_hash = ? AND used_at IS NULL AND expires_at > ?", hashKey(secret), now).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errNotClaimed
		}
		var inv UserInvite
		if err := tx.First(&inv, "secret_hash = ?", hashKey(secret)).Error; err != nil {
			return err
		}
		res = tx.Model(&User{}).Where("id = ? AND status = ?", inv.UserID, UserInvited).
			Updates(map[string]any{"password_hash": string(hash), "status": UserActive, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrInviteUsed
		}
		return tx.First(&u, "id = ?", inv.UserID).Error
	})
	if errors.Is(err, errNotClaimed) {
		// Say why, read after the transaction (one SQLite connection).
		if _, _, err = s.Invite(ctx, secret); err == nil {
			err = ErrInviteUsed
		}
	}
	if err != nil {
		if errors.Is(err, ErrInviteUsed) || errors.Is(err, ErrInviteExpired) || errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return nil, notFound(err, "accept invite")
	}
	return &u, nil
}

// errNotClaimed: no usable invite matched the secret.
var errNotClaimed = errors.New("invite not claimed")

// SetUserRole changes a user's role in orgID and returns the user. It
// returns ErrLastSuperAdmin when the user is the organization's last active
// super admin and role is lower, and a *ValidationError for a bad role.
func (s *Store) SetUserRole(ctx context.Context, orgID, userID, role string) (*User, error) {
	if err := needOrg(orgID, "set user role"); err != nil {
		return nil, err
	}
	if !ValidRole(role) {
		return nil, &ValidationError{Fields: map[string]string{"role": "role must be super_admin, admin or member"}}
	}
	var u User
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockOrg(tx, orgID); err != nil {
			return err
		}
		if err := tx.First(&u, "id = ? AND org_id = ?", userID, orgID).Error; err != nil {
			return err
		}
		if u.Role == role {
			return nil
		}
		if u.Role == RoleSuperAdmin {
			if err := s.keepASuperAdmin(tx, orgID, userID); err != nil {
				return err
			}
		}
		u.Role = role
		return tx.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{"role": role, "updated_at": s.now()}).Error
	})
	if err != nil {
		return nil, notFound(err, "set user role")
	}
	return &u, nil
}

// RemoveUser deletes a user of orgID with their invites and sessions (their
// browser sessions end at once) and returns the removed user.
// ErrLastSuperAdmin when they are the last active super admin.
func (s *Store) RemoveUser(ctx context.Context, orgID, userID string) (*User, error) {
	if err := needOrg(orgID, "remove user"); err != nil {
		return nil, err
	}
	var u User
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockOrg(tx, orgID); err != nil {
			return err
		}
		if err := tx.First(&u, "id = ? AND org_id = ?", userID, orgID).Error; err != nil {
			return err
		}
		if u.Role == RoleSuperAdmin {
			if err := s.keepASuperAdmin(tx, orgID, userID); err != nil {
				return err
			}
		}
		for _, q := range []*gorm.DB{
			tx.Where("user_id = ?", userID).Delete(&WebSession{}),
			tx.Where("user_id = ?", userID).Delete(&UserInvite{}),
			tx.Where("id = ? AND org_id = ?", userID, orgID).Delete(&User{}),
		} {
			if q.Error != nil {
				return q.Error
			}
		}
		return nil
	})
	if err != nil {
		return nil, notFound(err, "remove user")
	}
	return &u, nil
}

// lockOrg serialises changes to one organization's people on PostgreSQL
// (SQLite transactions here are already exclusive: _txlock=immediate).
func (s *Store) lockOrg(tx *gorm.DB, orgID string) error {
	if s.dialect != Postgres {
		return nil
	}
	var o Organization
	return tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").First(&o, "id = ?", orgID).Error
}

// keepASuperAdmin returns ErrLastSuperAdmin unless orgID has an active super
// admin other than userID.
func (s *Store) keepASuperAdmin(tx *gorm.DB, orgID, userID string) error {
	var n int64
	err := tx.Model(&User{}).Where("org_id = ? AND role = ? AND status = ? AND id <> ?", orgID, RoleSuperAdmin, UserActive, userID).Count(&n).Error
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLastSuperAdmin
	}
	return nil
}

// ChangePassword sets a user's new password after checking the current one
// and ends their other sessions (keepSession stays). Errors: a
// *ValidationError naming "current_password" or "new_password".
func (s *Store) ChangePassword(ctx context.Context, userID, current, next, keepSession string) error {
	var u User
	if err := s.db.WithContext(ctx).First(&u, "id = ?", userID).Error; err != nil {
		return notFound(err, "change password")
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(current)) != nil {
		return &ValidationError{Fields: map[string]string{"current_password": "this is not your current password"}}
	}
	if err := checkPassword("new_password", next); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(next), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("models: hash password: %w", err)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{"password_hash": string(hash), "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("models: change password: %w", err)
		}
		if err := tx.Where("user_id = ? AND id <> ?", userID, keepSession).Delete(&WebSession{}).Error; err != nil {
			return fmt.Errorf("models: change password: end other sessions: %w", err)
		}
		return nil
	})
}

// checkPassword validates a new password: at least MinPasswordLen
// characters (runes) and at most 72 bytes (bcrypt's limit).
func checkPassword(field, pw string) error {
	switch {
	case len([]rune(pw)) < MinPasswordLen:
		return &ValidationError{Fields: map[string]string{field: fmt.Sprintf("use at least %d characters", MinPasswordLen)}}
	case len(pw) > 72:
		return &ValidationError{Fields: map[string]string{field: "use at most 72 bytes (bcrypt's limit)"}}
	}
	return nil
}
