package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showProfiles handles GET /profiles: the organization's interview profiles
// and, for admins, the create form.
func (h *Handler) showProfiles(w http.ResponseWriter, r *http.Request) {
	h.renderProfiles(w, r, views.ProfileForm{})
}

// createProfile handles POST /profiles (admin), fields name,
// duration_minutes and skills (one per line or comma separated). Errors
// re-render the form at 200 with messages next to the fields.
func (h *Handler) createProfile(w http.ResponseWriter, r *http.Request) {
	form := views.ProfileForm{Name: r.PostFormValue("name"), DurationMinutes: r.PostFormValue("duration_minutes"), Skills: r.PostFormValue("skills")}
	minutes, _ := strconv.Atoi(strings.TrimSpace(form.DurationMinutes))
	p, err := h.newProfile(r, models.ProfileInput{Name: form.Name, DurationMinutes: minutes, Skills: splitSkills(form.Skills)})
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		form.Errors = verr.Fields
		h.renderProfiles(w, r, form)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Profile “"+p.Name+"” created. Map postings to it on the Lever screen.")
	http.Redirect(w, r, "/profiles", http.StatusSeeOther)
}

// deleteProfile handles POST /profiles/{id}/delete (admin). Postings mapped
// to it show as mapped to a deleted profile until remapped.
func (h *Handler) deleteProfile(w http.ResponseWriter, r *http.Request) {
	p, err := h.dropProfile(r, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Profile “"+p.Name+"” deleted.")
	http.Redirect(w, r, "/profiles", http.StatusSeeOther)
}

// renderProfiles writes the profiles page with form (as submitted) at 200.
func (h *Handler) renderProfiles(w http.ResponseWriter, r *http.Request, form views.ProfileForm) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	profiles, err := h.store.Profiles(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	postings, _, err := h.store.Postings(ctx, orgID, models.PostingFilter{})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	mapped := map[string]int{}
	for _, p := range postings {
		mapped[p.ProfileID]++
	}
	page := views.ProfilesPage{Chrome: h.chrome(w, r, "Interview profiles", "profiles"), Form: form,
		CanEdit: effectiveRank(currentUser(ctx), orgID) >= roleAdmin}
	for _, p := range profiles {
		page.Profiles = append(page.Profiles, views.ProfileRow{ID: p.ID, Name: p.Name, DurationMinutes: p.DurationMinutes,
			Skills: p.SkillList(), Postings: mapped[p.ID]})
	}
	views.ProfilesScreen(page).Render(ctx, w)
}

// splitSkills splits a skills field on newlines and commas, dropping blanks.
func splitSkills(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// editProfile handles GET /profiles/{id}/edit (admin): the profile's form.
func (h *Handler) editProfile(w http.ResponseWriter, r *http.Request) {
	p, err := h.store.Profile(r.Context(), orgIDFrom(r.Context()), r.PathValue("id"))
	if err != nil || p.DeletedAt != nil {
		h.renderError(w, r, models.ErrNotFound)
		return
	}
	h.renderProfileEdit(w, r, profileForm(p))
}

// profileForm is the edit form of the stored profile p.
func profileForm(p *models.Profile) views.ProfileForm {
	return views.ProfileForm{ID: p.ID, Name: p.Name, DurationMinutes: strconv.Itoa(p.DurationMinutes), Skills: strings.Join(p.SkillList(), "\n"), Was: profileVersion(p)}
}

// updateProfile handles POST /profiles/{id} (admin), the edit form's fields
// as for createProfile. A name another profile has is refused next to the
// field.
func (h *Handler) updateProfile(w http.ResponseWriter, r *http.Request) {
	form := views.ProfileForm{ID: r.PathValue("id"), Name: r.PostFormValue("name"), DurationMinutes: r.PostFormValue("duration_minutes"), Skills: r.PostFormValue("skills")}
	minutes, _ := strconv.Atoi(strings.TrimSpace(form.DurationMinutes))
	form.Was = r.PostFormValue("profile_was")
	p, err := h.changeProfile(r, form.ID, models.ProfileInput{Name: form.Name, DurationMinutes: minutes, Skills: splitSkills(form.Skills)}, form.Was)
	var verr *models.ValidationError
	var changed profileChanged
	switch {
	case errors.As(err, &changed):
		now := profileForm(changed.now)
		now.Conflict = true
		h.renderProfileEdit(w, r, now)
		return
	case errors.As(err, &verr):
		form.Errors = verr.Fields
		h.renderProfileEdit(w, r, form)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Profile “"+p.Name+"” saved. New interviews use it; interviews already created keep what they were created with.")
	http.Redirect(w, r, "/profiles", http.StatusSeeOther)
}

func (h *Handler) renderProfileEdit(w http.ResponseWriter, r *http.Request, form views.ProfileForm) {
	views.ProfileEditScreen(h.chrome(w, r, "Edit interview profile", "profiles"), form).Render(r.Context(), w)
}
