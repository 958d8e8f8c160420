package sandbox

import (
	"fmt"
	"time"
)

// seedBase is the fixed clock seeded data is dated from, so seeds are deterministic.
var seedBase = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC).UnixMilli()

const day = int64(24 * time.Hour / time.Millisecond)

// seedStages is the pipeline, in order: Lever's built-in slugs (docs/LEVER_API.md
// §4.0) mixed with UUID stages, including the five Intervue stages.
var seedStages = []struct{ slug, text string }{
	{"lead-new", "New lead"},
	{"lead-reached-out", "Reached out"},
	{"lead-responded", "Responded"},
	{"applicant-new", "New applicant"},
	{"", "Recruiter Screen"},
	{"", "Phone Screen"},
	{"", "Intervue - To be Scheduled"},
	{"", "Intervue - Scheduled"},
	{"", "Intervue - Yes"},
	{"", "Intervue - No"},
	{"", "Intervue - Unable to schedule"},
	{"", "On-site"},
	{"", "Reference Check"},
	{"offer", "Offer"},
	{"", "Hired"},
}

// seedAccount builds an account's deterministic data: stages, users, archive
// reasons, 140 postings and 25 opportunities (docs/LEVER_API.md §6 shapes).
func seedAccount(id, name string) *account {
	a := &account{id: id, name: name}
	for _, st := range seedStages {
		sid := st.slug
		if sid == "" {
			sid = seedID(id, "stage", st.text)
		}
		a.stages = append(a.stages, Stage{ID: sid, Text: st.text})
	}
	users := []struct{ name, user, role, title string }{
		{"Alex Admin", "alex.admin", "super admin", "Head of Talent"},
		{"Riley Recruiter", "riley", "admin", "Senior Recruiter"},
		{"Harper Manager", "harper", "team member", "Engineering Manager"},
		{"Ivan Interviewer", "ivan", "interviewer", "Staff Engineer"},
		{"Former Employee", "former", "admin", "Recruiter"},
	}
	for i, u := range users {
		usr := User{ID: seedID(id, "user", u.user), Name: u.name, Username: u.user, Email: u.user + "@sandbox-co.example",
			AccessRole: u.role, JobTitle: u.title, CreatedAt: seedBase - 400*day + int64(i)*day}
		if u.user == "former" {
			usr.DeactivatedAt = seedBase - 30*day
		}
		a.users = append(a.users, usr)
	}
	for _, ar := range []ArchiveReason{{Text: "Hired", Type: "hired", Status: "active"},
		{Text: "Underqualified", Type: "non-hired", Status: "active"}, {Text: "Withdrew", Type: "non-hired", Status: "active"},
		{Text: "Position filled", Type: "non-hired", Status: "active"}, {Text: "Timing", Type: "non-hired", Status: "inactive"}} {
		ar.ID = seedID(id, "archive", ar.Text)
		a.archiveReasons = append(a.archiveReasons, ar)
	}
	seedPostings(a)
	seedOpportunities(a)
	return a
}

type postingSpec struct {
	text, team, location, state string
	channels                    []string
	confidential                bool
	tags                        []string
}

// specialPostings are hand-written edge cases; index = position.
var specialPostings = []postingSpec{
	{"Senior Backend Engineer", "Engineering", "Berlin", "published", []string{"public", "internal"}, false, []string{"intervue"}},
	{`<b>Backend</b> Engineer & "Ops"`, "Engineering", "London", "published", []string{"public", "internal"}, false, nil},
	{"Ingénieur Données — Zürich", "Data", "Zürich", "published", []string{"public", "internal"}, false, nil},
	{"Staff Platform Engineer (internal mobility)", "Engineering", "Berlin", "published", []string{"internal"}, false, nil},
	{"VP of Engineering", "Engineering", "New York", "published", []string{"public", "internal"}, true, nil},
	{"Chief of Staff to the CEO", "Operations", "San Francisco", "internal", nil, true, nil},
	{"サポートスペシャリスト (Support Specialist) – 東京", "Customer Success", "Tokyo", "published", []string{"public", "internal"}, false, nil},
	{"Frontend Engineer (2024 hiring round)", "Engineering", "Remote", "closed", nil, false, nil},
	{"ML Engineer, Recommendations", "Data", "Paris", "draft", nil, false, nil},
	{"Product Designer 🎨", "Design", "Berlin", "pending", nil, false, nil},
	{"Blockchain Rockstar Ninja", "Engineering", "Remote", "rejected", nil, false, nil},
	{"Senior Data Scientist", "Data", "London", "internal", nil, false, nil},
}

var (
	seedTeams = []struct {
		team   string
		titles []string
	}{
		{"Engineering", []string{"Backend Engineer", "Frontend Engineer", "Site Reliability Engineer", "iOS Engineer", "QA Engineer", "Security Engineer"}},
		{"Data", []string{"Data Engineer", "Data Scientist", "Analytics Engineer"}},
		{"Product", []string{"Product Manager", "Technical Product Manager"}},
		{"Design", []string{"Product Designer", "UX Researcher"}},
		{"Sales", []string{"Account Executive", "Sales Development Representative"}},
		{"Customer Success", []string{"Support Specialist", "Customer Success Manager"}},
		{"Operations", []string{"Operations Analyst", "Finance Manager"}},
		{"People", []string{"Technical Recruiter", "People Partner"}},
	}
	seedLocations   = []string{"Berlin", "London", "New York", "San Francisco", "Remote", "Zürich", "Paris", "Bengaluru", "São Paulo", "Toronto", "Tokyo"}
	seedLevels      = []string{"", "Senior ", "Junior ", "Staff ", "Lead "}
	seedStateCycle  = []string{"published", "published", "closed", "published", "internal", "published", "draft", "published", "pending", "published", "closed", "published", "rejected", "published", "published", "closed", "published", "internal", "draft", "published"}
	seedCommitments = []string{"Full-time", "Full-time", "Full-time", "Part-time", "Contract", "Full-time", "Internship"}
)

const generatedPostings = 128

func seedPostings(a *account) {
	specs := append([]postingSpec(nil), specialPostings...)
	published := 0
	for i := range generatedPostings {
		t := seedTeams[i%len(seedTeams)]
		title := seedLevels[(i/len(seedTeams))%len(seedLevels)] + t.titles[(i/3)%len(t.titles)]
		loc := seedLocations[(i*7)%len(seedLocations)]
		sp := postingSpec{text: title, team: t.team, location: loc, state: seedStateCycle[i%len(seedStateCycle)]}
		if sp.state == "published" {
			published++
			sp.channels = []string{"public", "internal"}
			if published%9 == 0 {
				sp.channels = []string{"internal"}
			}
		}
		sp.confidential = i%41 == 17
		if i%5 == 0 {
			sp.tags = []string{t.team}
		}
		specs = append(specs, sp)
	}
	owner, hm := a.userByRole("admin"), a.userByRole("team member")
	for i, sp := range specs {
		created := seedBase - int64(len(specs)-i)*day/2
		p := &Posting{ID: seedID(a.id, "posting", i), Text: sp.text, CreatedAt: created, UpdatedAt: created + int64(i%5)*3600_000,
			User: owner, Owner: owner, HiringManager: hm, Confidentiality: "non-confidential", State: sp.state,
			DistributionChannels: sp.channels, Tags: sp.tags, WorkplaceType: "hybrid", Country: countryOf(sp.location),
			Categories: PostingCategories{Team: sp.team, Department: departmentOf(sp.team), Location: sp.location,
				AllLocations: []string{sp.location}, Commitment: seedCommitments[i%len(seedCommitments)], Level: ""},
			Description: fmt.Sprintf("Join %s's %s team as %s.", a.name, sp.team, sp.text)}
		if sp.confidential {
			p.Confidentiality = "confidential"
		}
		switch {
		case sp.location == "Remote":
			p.WorkplaceType = "remote"
		case i%4 == 0:
			p.WorkplaceType = "onsite"
		case i%13 == 0:
			p.WorkplaceType = "unspecified"
		}
		if i == 0 {
			p.Categories.AllLocations = []string{"Berlin", "Remote"}
		}
		a.postings = append(a.postings, p)
	}
}

func departmentOf(team string) string {
	switch team {
	case "Engineering", "Data", "Product", "Design":
		return "Research & Development"
	case "Sales", "Customer Success":
		return "Go-to-Market"
	}
	return "General & Administrative"
}

func countryOf(loc string) string {
	return map[string]string{"Berlin": "DE", "London": "GB", "New York": "US", "San Francisco": "US", "Zürich": "CH",
		"Paris": "FR", "Bengaluru": "IN", "São Paulo": "BR", "Toronto": "CA", "Tokyo": "JP"}[loc]
}

// oppSpec is one seeded candidate. posting: "sN" = special posting N, "pN" =
// the Nth published public generated posting, "" = no application.
type oppSpec struct {
	name     string
	emails   []string
	posting  string
	stage    string
	origin   string
	tags     []string
	conf     bool
	anon     bool
	archived string // archive reason text
	sameAs   int    // 1-based index of an earlier spec sharing the contact
	phone    string
	location string
	headline string
}

var seedOpps = []oppSpec{
	{name: "Ada Lovelace", emails: []string{"ada@example.com"}, posting: "s0", stage: "New applicant", tags: []string{"Backend"}, phone: "+44 20 7946 0001", location: "London", headline: "Analytical Engines, Inc."},
	{name: "Grace Hopper", emails: []string{"grace.hopper@example.org"}, posting: "s1", stage: "New applicant", location: "Arlington, VA"},
	{name: "José Müller-Ørsted", emails: []string{"jose.muller@example.de"}, posting: "s2", stage: "Phone Screen", location: "Zürich", headline: "Data Engineer @ Bahn"},
	{name: "Kofi Boateng", emails: []string{"kofi.boateng@example.com"}, stage: "New lead", origin: "sourced", headline: "Staff SRE", location: "Accra"},
	{name: "Morgan Blake", emails: []string{"morgan.blake@example.com"}, posting: "s4", stage: "Recruiter Screen", conf: true, location: "New York"},
	{name: "Anonymous Person", emails: []string{"anon@example.com"}, posting: "p1", stage: "On-site", anon: true},
	{name: "Priya Natarajan", emails: []string{"priya@example.in", "priya.natarajan@work.example", "p.n@alumni.example.edu"}, posting: "p2", stage: "New applicant", location: "Bengaluru"},
	{name: "陈伟", posting: "p3", stage: "Recruiter Screen", location: "上海"},
	{name: "Tom Archer", emails: []string{"tom.archer@example.com"}, posting: "p4", stage: "Offer", archived: "Withdrew"},
	{name: `Eve <script>alert("x")</script> Mallory`, emails: []string{"eve+<b>@example.com"}, posting: "p5", stage: "Phone Screen", tags: []string{"<i>html</i> & tag"}, headline: `"><img src=x onerror=alert(1)>`},
	{name: "Aisha Khan", emails: []string{"aisha.khan@example.pk"}, posting: "p6", stage: "Recruiter Screen", origin: "referred"},
	{name: "Mateo García", emails: []string{"mateo.garcia@example.es"}, posting: "p7", stage: "Phone Screen", origin: "agency"},
	{name: "Sofia Rossi", emails: []string{"sofia.rossi@example.it"}, posting: "s7", stage: "On-site"},
	{name: "Liam O'Brien", emails: []string{"liam.obrien@sandbox-co.example"}, posting: "s3", stage: "New applicant", origin: "internal"},
	{name: "Zoë Dubois", emails: []string{"zoe.dubois@example.fr"}, posting: "s6", stage: "Offer", location: "Tokyo"},
	{name: "Kwame Mensah", emails: []string{"kwame@example.gh"}, posting: "p8", stage: "Reference Check"},
	{name: "田中 由紀 (Yuki Tanaka)", emails: []string{"yuki.tanaka@example.jp"}, posting: "p9", stage: "Hired", archived: "Hired"},
	{name: "Olga Petrova", emails: []string{"olga.petrova@example.com"}, stage: "Reached out", origin: "sourced"},
	{name: "Noah Smith", emails: []string{"noah.smith@example.com"}, posting: "p11", stage: "Responded", origin: "sourced"},
	{name: "Fatima Zahra", emails: []string{"fatima.zahra@example.ma"}, posting: "p12", stage: "New applicant", tags: []string{"Priority"}},
	{name: "Dana 🚀 Rocket", emails: []string{"dana.rocket@example.com"}, posting: "p13", stage: "New applicant"},
	{name: "Sam Lee", emails: []string{"sam.lee@university.example.edu"}, posting: "p14", stage: "Phone Screen", origin: "university"},
	{name: "Ivy Chen", emails: []string{"ivy.chen@example.com"}, posting: "s11", stage: "Recruiter Screen"},
	{name: "Jonas Berg", emails: []string{"jonas.berg@example.se"}, posting: "p15", stage: "On-site", phone: "+46 8 123 456 78", headline: "Senior Go developer, 10 years of distributed systems, Kubernetes, PostgreSQL and a lot of coffee", location: "Stockholm"},
	{name: "Ada Lovelace", emails: []string{"ada@example.com"}, posting: "p16", stage: "Phone Screen", sameAs: 1, location: "London"},
}

func seedOpportunities(a *account) {
	var pub []string
	for _, p := range a.postings[len(specialPostings):] {
		if p.State == "published" && p.Confidentiality != "confidential" && len(p.DistributionChannels) == 2 {
			pub = append(pub, p.ID)
		}
	}
	recruiter, manager, interviewer := a.userByRole("admin"), a.userByRole("team member"), a.userByRole("interviewer")
	for i, sp := range seedOpps {
		created := seedBase - int64(len(seedOpps)-i)*day
		o := &Opportunity{ID: seedID(a.id, "opp", i), Contact: seedID(a.id, "contact", i), Name: sp.name,
			Headline: sp.headline, Emails: append([]string{}, sp.emails...), Location: sp.location,
			Confidentiality: "non-confidential", Tags: append([]string{}, sp.tags...), Origin: sp.origin,
			Owner: recruiter, Followers: []string{recruiter, manager}, CreatedAt: created, Links: []string{}}
		if sp.sameAs > 0 {
			o.Contact = seedID(a.id, "contact", sp.sameAs-1)
		}
		if sp.phone != "" {
			o.Phones = []Phone{{Type: "mobile", Value: sp.phone}}
			o.Links = []string{"https://www.linkedin.com/in/" + fmt.Sprint(i)}
		}
		if sp.conf {
			o.Confidentiality = "confidential"
		}
		first := "lead-new"
		if sp.posting != "" {
			var pid string
			var n int
			fmt.Sscanf(sp.posting[1:], "%d", &n)
			if sp.posting[0] == 's' {
				pid = a.postings[n].ID
			} else {
				pid = pub[n]
			}
			typ, user := "posting", ""
			if sp.origin == "referred" {
				typ, user = "referral", interviewer
			}
			o.Applications = []Application{{ID: seedID(a.id, "application", i), Posting: pid, Type: typ, User: user, CreatedAt: created}}
			o.Sources = []string{"Job site"}
			first = "applicant-new"
			if sp.origin == "" {
				o.Origin = "applied"
			}
			if sp.stage == "Reached out" || sp.stage == "Responded" || sp.stage == "New lead" {
				first = "lead-new"
			}
		}
		if o.Origin == "sourced" {
			o.SourcedBy = recruiter
			o.Sources = []string{"LinkedIn"}
		}
		_, fi, _ := a.stage(first)
		o.StageChanges = []StageChange{{ToStageID: first, ToStageIndex: fi, UserID: recruiter, UpdatedAt: created}}
		o.Stage, o.UpdatedAt = first, created
		for j, st := range a.stages {
			if st.Text == sp.stage && st.ID != first {
				at := created + 2*day
				o.StageChanges = append(o.StageChanges, StageChange{ToStageID: st.ID, ToStageIndex: j, UserID: recruiter, UpdatedAt: at})
				o.Stage, o.UpdatedAt = st.ID, at
			}
		}
		o.LastAdvancedAt, o.LastInteractionAt = o.UpdatedAt, o.UpdatedAt
		if sp.archived != "" {
			for _, ar := range a.archiveReasons {
				if ar.Text == sp.archived {
					o.Archived = &Archived{Reason: ar.ID, ArchivedAt: o.UpdatedAt + day}
					o.UpdatedAt += day
				}
			}
		}
		if sp.anon {
			anonymize(o)
		}
		seedNotes(a, o, i, recruiter, interviewer)
		a.opps = append(a.opps, o)
	}
}

func seedNotes(a *account, o *Opportunity, i int, recruiter, interviewer string) {
	add := func(k int, user, value string, secret bool, score *int) {
		at := o.CreatedAt + day + int64(k)*3600_000
		o.Notes = append(o.Notes, Note{ID: seedID(a.id, "note", i, k), Value: value, User: user, Secret: secret,
			Score: score, CreatedAt: at, Fields: []NoteField{{Value: value, CreatedAt: at, User: user, Score: score, Stage: o.Stage}}})
	}
	three := 3
	switch i {
	case 2:
		add(0, recruiter, "Great call — strong Go background.\nNext: technical interview.", false, nil)
	case 8:
		add(0, recruiter, "Candidate withdrew: accepted another offer.", false, nil)
	case 23:
		add(0, recruiter, "Phone screen went well; salary expectations €85k.", false, nil)
		add(1, interviewer, "Solid system design. Would hire. @riley please schedule on-site.", true, &three)
	}
}
