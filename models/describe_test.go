package models

import "testing"

// TestWriteDescribe checks the words of each kind of Lever write: the
// sync log's phrase and the pages' label.
func TestWriteDescribe(t *testing.T) {
	stages := map[string]string{"st-yes": "Intervue Yes"}
	for _, tt := range []struct {
		w           LeverWrite
		what, label string
	}{
		{LeverWrite{Kind: WriteAddTag, Tag: "intervue.io"}, "adding the tag “intervue.io”", "Add tag “intervue.io”"},
		{LeverWrite{Kind: WriteMoveStage, StageID: "st-yes"}, "moving the candidate to “Intervue Yes”", "Move to stage “Intervue Yes”"},
		{LeverWrite{Kind: WriteMoveStage, StageID: "st-gone"}, "moving the candidate to stage st-gone", "Move to stage st-gone"},
		{LeverWrite{Kind: WritePostNote, Marker: "IV-0A1B2C3D#2"}, "posting note IV-0A1B2C3D#2", "Post note (Ref IV-0A1B2C3D#2)"},
		{LeverWrite{Kind: WriteUploadFile, FileName: "r.pdf"}, "uploading the report “r.pdf”", "Attach the report “r.pdf”"},
		{LeverWrite{Kind: "something_new"}, "something_new", "something_new"},
	} {
		if got := tt.w.Describe(stages); got != tt.what {
			t.Errorf("%s: Describe = %q, want %q", tt.w.Kind, got, tt.what)
		}
		if got := tt.w.Label(stages); got != tt.label {
			t.Errorf("%s: Label = %q, want %q", tt.w.Kind, got, tt.label)
		}
	}
}
