package lever

import (
	"strings"
	"testing"
)

func TestSignature(t *testing.T) {
	tests := []struct {
		name, key, token string
		at               int64
		want             string
	}{
		{"Vector1", "test-signature-token-0123456789abcdef0123456789ab", "3f1c9e2a7b4d5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f", 1700000000000, "37d148194de99a5dc488576ef7703d8abe26b790d75d1535984d57caaf6b2b4d"},
		{"DocsSample", "73311ged32110cc40e00c672c2e03e1a42fa28a4fabde089", "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154", 1431454330072, "d8138ffefd31f34fd9ef6ab358881a2ac5d138287c38186688985ea7755ec241"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Signature(tt.key, tt.token, tt.at); got != tt.want {
				t.Fatalf("Signature = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseDeliveryLargeTriggeredAt(t *testing.T) {
	body := []byte(`{"event":"candidateStageChange","triggeredAt":1431454330072,"token":"be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154","signature":"d8138ffefd31f34fd9ef6ab358881a2ac5d138287c38186688985ea7755ec241","data":{"opportunityId":"o1","toStageId":"s1"}}`)
	d, err := ParseDelivery(body)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Verify("73311ged32110cc40e00c672c2e03e1a42fa28a4fabde089") {
		t.Fatal("signature did not verify")
	}
	if d.Verify("wrong") {
		t.Fatal("wrong key verified")
	}
	sc, err := d.StageChange()
	if err != nil || sc.OpportunityID != "o1" || sc.ToStageID != "s1" {
		t.Fatalf("StageChange = %+v, %v", sc, err)
	}
}

func TestParseDeliveryErrors(t *testing.T) {
	for _, body := range []string{`not json`, `{"event":"x","token":"t"}`, `{"event":"x","triggeredAt":1.5e12,"token":"t"}`, `{"token":"t","triggeredAt":1}`} {
		if _, err := ParseDelivery([]byte(body)); err == nil {
			t.Errorf("ParseDelivery(%s) = nil error", body)
		}
	}
	d, err := ParseDelivery([]byte(`{"event":"candidateHired","triggeredAt":1,"token":"t","signature":"s","data":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if sc, err := d.StageChange(); sc != nil || err != nil {
		t.Fatalf("empty data: %v %v", sc, err)
	}
}

// TestParseDeliveryMessagesInOurWords: the reasons sent back to the sender
// name the field and what it must be, never the Go decoder's text.
func TestParseDeliveryMessagesInOurWords(t *testing.T) {
	tests := []struct{ body, want string }{
		{`<xml/>`, "the body is not a JSON object"},
		{`{"event":"x","triggeredAt":1.5e12,"token":"t"}`, "field triggeredAt has the wrong type: it must be an integer (milliseconds since 1970)"},
		{`{"event":"x","triggeredAt":"now","token":"t"}`, "field triggeredAt has the wrong type: it must be an integer (milliseconds since 1970)"},
		{`{"event":5,"triggeredAt":1,"token":"t"}`, "field event has the wrong type: it must be a string"},
		{`{"event":"x","triggeredAt":1}`, "the body has no token"},
		{`{"event":"x","triggeredAt":1,"token":"t","data":[1]}`, "data must be a JSON object"},
		{`{"event":"x","triggeredAt":1,"token":"t","data":{"opportunityId":7}}`, "data: field opportunityId has the wrong type: it must be a string"},
		{`{"event":"x","triggeredAt":1,"token":"t","data":{"toStageId":"s"}}`, "data has no opportunityId"},
		{`{"event":"x","triggeredAt":1,"token":"t","data":{"opportunityId":"a\u0000b"}}`, "data: field opportunityId holds a control character"},
		{`{"event":"x","triggeredAt":1,"token":"t","data":{"opportunityId":"o","toStageId":"` + strings.Repeat("s", 201) + `"}}`, "data: field toStageId is longer than 200 characters"},
		{`{"event":"x","triggeredAt":1,"token":"t\u0000"}`, "field token holds a control character"},
		{"{\"event\":\"x\",\"triggeredAt\":1,\"token\":\"t\xff\"}", "the body is not valid UTF-8"},
	}
	for _, tt := range tests {
		d, err := ParseDelivery([]byte(tt.body))
		if err == nil {
			_, err = d.StageChange()
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.body, err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), "Go value") || strings.Contains(err.Error(), "int64") || strings.Contains(err.Error(), "json:")) {
			t.Errorf("%s: decoder text in %q", tt.body, err)
		}
	}
}
