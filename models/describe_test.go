package models

import "testing"

// TestWriteDescribe checks the words of each kind of Lever write, the ones
// the sync log and the interview page show.
func TestWriteDescribe(t *testing.T) {
	stages := map[string]string{"st-yes": "Intervue Yes"}
	for _, tt := range []struct {
		w    LeverWrite
		want string
	}{
		{LeverWrite{Kind: WriteAddTag, Tag: "intervue.io"}, "adding the tag “intervue.io”"},
		{LeverWrite{Kind: WriteMoveStage, StageID: "st-yes"}, "moving the candidate to “Intervue Yes”"},
		{LeverWrite{Kind: WriteMoveStage, StageID: "st-gone"}, "moving the candidate to stage st-gone"},
		{LeverWrite{Kind: WritePostNote, Marker: "IV-0A1B2C3D#2"}, "posting note IV-0A1B2C3D#2"},
		{LeverWrite{Kind: WriteUploadFile, FileName: "r.pdf"}, "uploading the report “r.pdf”"},
		{LeverWrite{Kind: "something_new"}, "something_new"},
	} {
		if got := tt.w.Describe(stages); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.w.Kind, got, tt.want)
		}
	}
}
