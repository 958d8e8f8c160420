package lever

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Event names Lever uses in webhook deliveries (docs/LEVER_API.md §3.1).
const (
	EventCandidateStageChange   = "candidateStageChange"
	EventCandidateArchiveChange = "candidateArchiveChange"
	EventCandidateDeleted       = "candidateDeleted"
)

// OurEvents are the webhook events the integration registers, one Lever
// webhook each with its own signature token (docs/CONTRACT.md §8).
var OurEvents = []string{EventCandidateStageChange, EventCandidateArchiveChange, EventCandidateDeleted}

// ArchiveChange is the data of a candidateArchiveChange delivery
// (docs/LEVER_API.md §3.2): ToArchived is nil when the candidate was
// unarchived. Reason is an archive-reason id; ArchivedAt ms since the epoch.
type ArchiveChange struct {
	OpportunityID string    `json:"opportunityId"`
	FromArchived  *Archived `json:"fromArchived"`
	ToArchived    *Archived `json:"toArchived"`
}

// ArchiveChange decodes the data of a candidateArchiveChange delivery; an
// error names what is wrong.
func (d *Delivery) ArchiveChange() (*ArchiveChange, error) {
	var ac ArchiveChange
	if err := json.Unmarshal(d.Data, &ac); err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	if ac.OpportunityID == "" {
		return nil, errors.New("data has no opportunityId")
	}
	return &ac, nil
}

// Delivery is one webhook delivery envelope as Lever POSTs it (docs/LEVER_API.md §3.2).
// TriggeredAt is milliseconds since the Unix epoch, decoded as an integer so the
// signature can be recomputed exactly. Data is kept raw: it is not signed.
type Delivery struct {
	Event       string          `json:"event"`
	TriggeredAt int64           `json:"triggeredAt"`
	Token       string          `json:"token"`
	Signature   string          `json:"signature"`
	Data        json.RawMessage `json:"data"`
}

// StageChange is the data of a candidateStageChange delivery (docs/LEVER_API.md §3.2).
// Only OpportunityID is used as a key; candidateId is deprecated.
type StageChange struct {
	OpportunityID string `json:"opportunityId"`
	ContactID     string `json:"contactId"`
	ToStageID     string `json:"toStageId"`
	FromStageID   string `json:"fromStageId"`
}

// ParseDelivery decodes a webhook body. It returns an error naming the problem
// when the body is not valid UTF-8 or not JSON, or when event, token or
// triggeredAt is missing, of the wrong type, longer than maxField
// characters or holding a control character such as NUL (a missing
// signature is left to the signature check, which refuses it). A delivery
// with empty data (Lever's test delivery) is valid.
func ParseDelivery(body []byte) (*Delivery, error) {
	if !utf8.Valid(body) {
		return nil, errors.New("the body is not valid UTF-8")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, errors.New("the body is not a JSON object")
	}
	var d Delivery
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		return nil, wrongType(err, deliveryFieldTypes)
	}
	switch {
	case d.Event == "":
		return nil, errors.New("the body has no event")
	case d.Token == "":
		return nil, errors.New("the body has no token")
	case d.TriggeredAt <= 0:
		return nil, errors.New("the body has no triggeredAt (integer milliseconds since 1970)")
	}
	if err := plainFields("", "event", d.Event, "token", d.Token); err != nil {
		return nil, err
	}
	return &d, nil
}

// maxField bounds a delivery's string fields, in characters: Lever's ids
// are UUIDs (36) and its event names short, so anything longer is not
// Lever's.
const maxField = 200

// plainFields checks name, value pairs of a delivery: each at most
// maxField characters and free of control characters (a NUL cannot be
// stored in PostgreSQL's text). The error names the field (after prefix).
func plainFields(prefix string, kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		name, v := kv[i], kv[i+1]
		switch {
		case utf8.RuneCountInString(v) > maxField:
			return fmt.Errorf("%sfield %s is longer than %d characters", prefix, name, maxField)
		case strings.ContainsFunc(v, unicode.IsControl):
			return fmt.Errorf("%sfield %s holds a control character", prefix, name)
		}
	}
	return nil
}

// deliveryFieldTypes and stageChangeFieldTypes say, in our words, what each
// field must be (docs/LEVER_API.md §3.2).
var (
	deliveryFieldTypes    = map[string]string{"event": "a string", "token": "a string", "signature": "a string", "triggeredAt": "an integer (milliseconds since 1970)"}
	stageChangeFieldTypes = map[string]string{"opportunityId": "a string", "contactId": "a string", "candidateId": "a string", "toStageId": "a string", "fromStageId": "a string or null"}
)

// wrongType turns a JSON decoding error into a message of our own that
// names the field and what it must be; the decoder's text (Go type names,
// byte offsets) is never shown to the sender.
func wrongType(err error, want map[string]string) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		if w := want[te.Field]; w != "" {
			return fmt.Errorf("field %s has the wrong type: it must be %s", te.Field, w)
		}
		return fmt.Errorf("field %s has the wrong type", te.Field)
	}
	return errors.New("the body has a field of the wrong type")
}

// StageChange decodes the data of a candidateStageChange delivery. It returns
// (nil, nil) for an empty data object (Lever's test delivery); errors name
// the field in our words.
func (d *Delivery) StageChange() (*StageChange, error) {
	if len(bytes.TrimSpace(d.Data)) == 0 || string(bytes.TrimSpace(d.Data)) == "{}" || string(bytes.TrimSpace(d.Data)) == "null" {
		return nil, nil
	}
	var sc StageChange
	if err := json.Unmarshal(d.Data, &sc); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return nil, errors.New("data must be a JSON object")
		}
		return nil, fmt.Errorf("data: %w", wrongType(err, stageChangeFieldTypes))
	}
	if sc.OpportunityID == "" {
		return nil, errors.New("data has no opportunityId")
	}
	if err := plainFields("data: ", "opportunityId", sc.OpportunityID, "contactId", sc.ContactID, "toStageId", sc.ToStageID, "fromStageId", sc.FromStageID); err != nil {
		return nil, err
	}
	return &sc, nil
}

// Signature returns the lowercase hex HMAC-SHA256 Lever puts in a delivery's
// signature field: key is the webhook's signature token, message is token
// followed by triggeredAt in decimal (docs/LEVER_API.md §3.3).
func Signature(signatureToken, token string, triggeredAt int64) string {
	mac := hmac.New(sha256.New, []byte(signatureToken))
	mac.Write([]byte(token + strconv.FormatInt(triggeredAt, 10)))
	return hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether the delivery's signature matches signatureToken,
// comparing in constant time. An empty signature or key never verifies.
func (d *Delivery) Verify(signatureToken string) bool {
	if signatureToken == "" || d.Signature == "" {
		return false
	}
	want := Signature(signatureToken, d.Token, d.TriggeredAt)
	return hmac.Equal([]byte(want), []byte(d.Signature))
}
