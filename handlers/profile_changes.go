package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"

	"github.com/intervue/lever-integration/models"
)

// The changes to interview profiles and posting mappings, each with its
// audit entry in one transaction (audited); the page and the API call the
// same one.

// newProfile creates a profile of the request's organization: the profile,
// or CreateProfile's *models.ValidationError.
func (h *Handler) newProfile(r *http.Request, in models.ProfileInput) (p *models.Profile, err error) {
	err = h.audited(r, "profile_create", func(tx *models.Store) (any, any, error) {
		if p, err = tx.CreateProfile(r.Context(), orgIDFrom(r.Context()), in); err != nil {
			return nil, nil, err
		}
		return nil, profileAudit(p), nil
	})
	return p, err
}

// changeProfile updates the profile id: the profile after, or ErrNotFound
// (unknown or deleted), a *models.ValidationError. was, when not "", is the
// profileVersion the edit form was rendered from: a profile saved since by
// someone else is profileChanged (with the profile as it is now), and
// nothing is saved. The API sends "" (last write wins).
func (h *Handler) changeProfile(r *http.Request, id string, in models.ProfileInput, was string) (p *models.Profile, err error) {
	ctx, orgID := r.Context(), orgIDFrom(r.Context())
	err = h.audited(r, "profile_update", func(tx *models.Store) (any, any, error) {
		before, err := tx.Profile(ctx, orgID, id)
		if err != nil {
			return nil, nil, err
		}
		if was != "" && was != profileVersion(before) {
			return nil, nil, profileChanged{now: before}
		}
		if p, err = tx.UpdateProfile(ctx, orgID, id, in); err != nil {
			return nil, nil, err
		}
		return profileAudit(before), profileAudit(p), nil
	})
	return p, err
}

// profileChanged refuses an edit from a form older than the stored profile;
// now is the profile as stored.
type profileChanged struct{ now *models.Profile }

func (profileChanged) Error() string { return "the profile changed since the form was loaded" }

// profileVersion names a stored profile for its edit form to send back
// (formVersion of what the form edits).
func profileVersion(p *models.Profile) string {
	return formVersion(p.Name, strconv.Itoa(p.DurationMinutes), p.Skills)
}

// formVersion names the stored state a form was rendered from, for the form
// to send back (mapping_was, profile_was) so a save from an older form can
// be refused: a hash of parts, each ended by a NUL so that no two lists of
// parts run together into the same text.
func formVersion(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// dropProfile deletes the profile id: the profile as it was, or ErrNotFound.
func (h *Handler) dropProfile(r *http.Request, id string) (p *models.Profile, err error) {
	ctx, orgID := r.Context(), orgIDFrom(r.Context())
	err = h.audited(r, "profile_delete", func(tx *models.Store) (any, any, error) {
		if p, err = tx.Profile(ctx, orgID, id); err != nil {
			return nil, nil, err
		}
		if err := tx.DeleteProfile(ctx, orgID, p.ID); err != nil {
			return nil, nil, err
		}
		return profileAudit(p), nil, nil
	})
	return p, err
}

// mapPosting maps the Lever posting postingID to profileID ("" unmaps),
// with an audit entry when the mapping changed: the posting after, or
// SetPostingProfile's errors.
func (h *Handler) mapPosting(r *http.Request, postingID, profileID string) (p *models.PostingRow, err error) {
	ctx, orgID := r.Context(), orgIDFrom(r.Context())
	err = h.audited(r, "posting_profile", func(tx *models.Store) (any, any, error) {
		before, _ := tx.Posting(ctx, orgID, postingID)
		if p, err = tx.SetPostingProfile(ctx, orgID, postingID, profileID); err != nil {
			return nil, nil, err
		}
		if before != nil && before.ProfileID == p.ProfileID {
			return nil, nil, nil
		}
		return postingAudit(before), postingAudit(p), nil
	})
	return p, err
}
