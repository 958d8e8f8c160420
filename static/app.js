// The app's own script, loaded on every page. The Content-Security-Policy
// allows no inline script (docs/CONTRACT.md §5), so every behaviour lives
// here, driven by data- attributes; every page also works without it.
(function () {
	"use strict";

	// Forms with data-confirm ask first. A plain form is then sent once: a
	// double click must not schedule, complete or retry twice. htmx forms
	// manage their own requests.
	document.addEventListener("submit", function (e) {
		var f = e.target;
		if (e.defaultPrevented) { return; }
		var ask = f.getAttribute("data-confirm");
		if (ask && !window.confirm(ask)) { e.preventDefault(); return; }
		if (f.hasAttribute("hx-post") || f.hasAttribute("hx-get")) { return; }
		if (f.dataset.submitted) { e.preventDefault(); return; }
		f.dataset.submitted = "1";
	});
	window.addEventListener("pageshow", function () {
		document.querySelectorAll("form[data-submitted]").forEach(function (f) { delete f.dataset.submitted; });
	});

	// Lever screen: [data-open-dialog] opens the setup modal as a real modal;
	// [data-copy] copies an input's value.
	document.addEventListener("click", function (e) {
		var opener = e.target.closest("[data-open-dialog]");
		if (opener) {
			var d = document.getElementById(opener.getAttribute("data-open-dialog"));
			if (d && d.showModal) { e.preventDefault(); if (!d.open) { d.showModal(); } }
			return;
		}
		var copy = e.target.closest("[data-copy]");
		if (copy && navigator.clipboard) {
			var input = document.getElementById(copy.getAttribute("data-copy"));
			navigator.clipboard.writeText(input.value).then(function () { copy.textContent = "Copied"; });
		}
	});
	// Lever screen, postings: "select every posting on this page" ticks
	// the row boxes; ticking a row picks the bulk form's "ticked" scope.
	document.addEventListener("change", function (e) {
		var all = e.target.closest("[data-select-all]");
		if (all) {
			document.querySelectorAll("input." + all.getAttribute("data-select-all")).forEach(function (b) { b.checked = all.checked; });
		}
		if (all || e.target.matches("input.bulk-posting")) {
			var sel = document.querySelector("[data-testid=bulk-scope-selected]");
			if (sel) { sel.checked = true; }
		}
	});
	// The nav's user menu (a <details>) closes on Escape and on a click
	// elsewhere, as menus do.
	document.addEventListener("keydown", function (e) {
		if (e.key !== "Escape") { return; }
		document.querySelectorAll("details.nav-menu[open]").forEach(function (m) { m.open = false; m.querySelector("summary").focus(); });
	});
	document.addEventListener("click", function (e) {
		document.querySelectorAll("details.nav-menu[open]").forEach(function (m) { if (!m.contains(e.target)) { m.open = false; } });
	});
	function enhance() {
		document.querySelectorAll("[data-copy][hidden]").forEach(function (b) { if (navigator.clipboard) { b.hidden = false; } });
		document.querySelectorAll("[data-select-all][hidden]").forEach(function (b) { b.hidden = false; });
		var d = document.querySelector("dialog[data-open-on-load][open]");
		if (d && d.showModal) { d.close(); d.showModal(); d.removeAttribute("data-open-on-load"); }
	}
	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", enhance);
	} else {
		enhance();
	}
	document.addEventListener("htmx:afterSettle", enhance);
})();
