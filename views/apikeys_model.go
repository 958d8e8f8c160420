package views

// APIKeysPage is the organization's API keys page (docs/security.md, "API
// keys"): every key by prefix, the create form, and a new key's plaintext
// once, right after it was made or rotated.
type APIKeysPage struct {
	Chrome  Chrome
	Keys    []APIKeyRow
	CanEdit bool   // super admin
	NewKey  string // plaintext of the key just made; shown once, never stored
	NewName string
	Name    string // the create form's name as submitted
	Error   string // the create form's error
	MaxName int
}

// APIKeyRow is one key: its prefix and who made it when; times are UTC
// "2006-01-02 15:04 UTC", LastUsed "" when never used, Revoked "" when live.
type APIKeyRow struct {
	ID, Name, Prefix, CreatedBy, Created, LastUsed, Revoked string
}

// RotateURL and RevokeURL are where the row's forms post.
func (k APIKeyRow) RotateURL() string { return "/api-keys/" + k.ID + "/rotate" }

// RevokeURL is where the row's revoke form posts.
func (k APIKeyRow) RevokeURL() string { return "/api-keys/" + k.ID + "/revoke" }
