package handlers

import (
	"context"

	"github.com/intervue/lever-integration/views"
)

// activityDays is the span of the Lever screen's activity chart.
const activityDays = 30

// activityView is the activity chart: deliveries, interviews created and
// failed sync steps per UTC day for the last 30 days.
func (h *Handler) activityView(ctx context.Context, orgID string) (views.ActivityView, error) {
	days, err := h.store.Activity(ctx, orgID, activityDays)
	if err != nil {
		return views.ActivityView{}, err
	}
	v := views.ActivityView{Days: make([]views.ActivityDay, 0, len(days))}
	for _, d := range days {
		v.Days = append(v.Days, views.ActivityDay{ISO: d.Day.Format("2006-01-02"), Label: d.Day.Format("2 Jan"),
			Deliveries: d.Deliveries, Interviews: d.Interviews, Failures: d.Failures})
	}
	return v, nil
}
