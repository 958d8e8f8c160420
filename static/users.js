// Copy buttons: <button data-copy="INPUT_ID"> copies that input's value and
// says so in the element with data-copy-status="INPUT_ID". Loaded as a file
// (no inline script), works without a secure context (falls back to select
// and execCommand).
document.addEventListener("click", function (e) {
	var btn = e.target.closest("[data-copy]");
	if (!btn) { return; }
	var id = btn.getAttribute("data-copy");
	var input = document.getElementById(id);
	var status = document.querySelector('[data-copy-status="' + id + '"]');
	if (!input) { return; }
	var said = function (msg) { if (status) { status.textContent = msg; } };
	var fallback = function () {
		input.focus();
		input.select();
		try { said(document.execCommand("copy") ? "Copied." : "Select the link and copy it."); } catch (err) { said("Select the link and copy it."); }
	};
	if (navigator.clipboard && window.isSecureContext) {
		navigator.clipboard.writeText(input.value).then(function () { said("Copied."); }, fallback);
	} else {
		fallback();
	}
});
