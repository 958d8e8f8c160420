package models

// enabledUpdates are the columns SetEnabled writes: enabled, and the first
// time on also setup_done_at (the guided setup ends; the Lever screen then
// shows its sections). c.SetupDoneAt is set to match.
func (s *Store) enabledUpdates(c *LeverConnection, enabled bool) map[string]any {
	set := map[string]any{"enabled": enabled}
	if enabled && c.SetupDoneAt == nil {
		now := s.now()
		set["setup_done_at"], c.SetupDoneAt = now, &now
	}
	return set
}
