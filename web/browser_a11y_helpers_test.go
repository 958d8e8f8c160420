package main

import (
	"time"

	"github.com/chromedp/chromedp"
)

// lowContrastJS lists the visible text on the page whose colour against
// its background is below WCAG 2.1 AA: 4.5:1, or 3:1 for large text (24px,
// or 18.66px bold). The background is found by walking up to the first
// opaque one, blending translucent layers on the way. Disabled controls are
// exempt (WCAG 1.4.3), as is text clipped away for screen readers only.
const lowContrastJS = `(() => {
	const parse = c => {
		let m = c.match(/rgba?\(([^)]+)\)/);
		if (m) { const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
		m = c.match(/color\(srgb ([^)]+)\)/);
		if (m) { const p = m[1].split(/[ \/]+/).filter(Boolean).map(Number); return [p[0]*255, p[1]*255, p[2]*255, p.length > 3 ? p[3] : 1]; }
		return null;
	};
	const over = (top, under) => {
		const a = top[3] + under[3] * (1 - top[3]);
		if (a === 0) return [0, 0, 0, 0];
		return [0, 1, 2].map(i => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat([a]);
	};
	const background = e => {
		const layers = [];
		for (let a = e; a; a = a.parentElement) {
			const bg = parse(getComputedStyle(a).backgroundColor);
			if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
		}
		let out = [255, 255, 255, 1];
		for (let i = layers.length - 1; i >= 0; i--) out = over(layers[i], out);
		return out;
	};
	const lum = c => {
		const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	const hidden = e => { for (let a = e; a; a = a.parentElement) {
		const s = getComputedStyle(a);
		if (a.classList.contains("sr-only") || s.visibility === "hidden" || s.display === "none" || Number(s.opacity) === 0) return true;
		if (a.matches(":disabled, [aria-disabled=true]")) return true;
	} return false; };
	const bad = [];
	document.querySelectorAll("body *").forEach(e => {
		const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim() !== "");
		if (!own || e.getClientRects().length === 0 || hidden(e) || ["SCRIPT", "STYLE", "TITLE", "OPTION"].includes(e.tagName)) return;
		const s = getComputedStyle(e);
		const fg = parse(s.color);
		if (!fg) return;
		const bg = background(e);
		const r = ratio(over(fg, bg), bg);
		const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
		const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
		if (r < need) bad.push(r.toFixed(2) + ":1 " + e.tagName.toLowerCase() + "." + e.className + " " + JSON.stringify(e.textContent.trim().slice(0, 40)) + " (" + s.color + " on " + bg.map(Math.round).join(",") + ")");
	});
	return bad.slice(0, 20).join("\n");
})()`

// navWrapsJS reports the main navigation's items that are not on its first
// line ("" when it is one line).
const navWrapsJS = `(() => {
	const nav = document.querySelector("nav.nav");
	const items = Array.from(nav.querySelectorAll(".nav-brand, .nav-links a, .nav-end > *"));
	const top = Math.min(...items.map(e => e.getBoundingClientRect().top));
	return items.filter(e => e.getBoundingClientRect().top > top + 20).map(e => e.textContent.trim()).join(", ");
})()`

// navClippedJS reports the main navigation's links and user menu that are
// not wholly visible: hidden, cut off by the links' scroll box (which then
// scrolls sideways) or past the edge of the screen; "" when all are seen.
// Each is named by its text.
const navClippedJS = `(() => {
	const nav = document.querySelector("nav.nav");
	const box = nav.querySelector(".nav-links");
	const items = Array.from(nav.querySelectorAll(".nav-brand, .nav-links a, .nav-end summary"));
	const out = [];
	if (box && box.scrollWidth > box.clientWidth + 1) out.push("the links scroll sideways by " + (box.scrollWidth - box.clientWidth) + " px");
	const lim = box ? box.getBoundingClientRect() : null;
	items.forEach(e => {
		const r = e.getBoundingClientRect(), s = getComputedStyle(e);
		const name = JSON.stringify(e.textContent.trim());
		if (e.getClientRects().length === 0 || s.visibility === "hidden" || r.width < 1) { out.push(name + " hidden"); return; }
		if (r.left < -0.5 || r.right > window.innerWidth + 0.5) { out.push(name + " past the screen edge"); return; }
		if (lim && box.contains(e) && (r.left < lim.left - 0.5 || r.right > lim.right + 0.5)) out.push(name + " clipped");
	});
	return out.join(", ");
})()`

// submitAndWait clicks css (a button that submits a plain form) and waits
// until a new page has loaded on which the JavaScript condition cond holds.
// Errors while the old page goes away are expected and retried.
func (b *tab) submitAndWait(what, css, cond string, d time.Duration) {
	b.t.Helper()
	b.eval("mark the old page", `window.__oldPage = true; ""`)
	b.do(what, chromedp.Click(chromedp.CSS(css)))
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!window.__oldPage && document.readyState === "complete" && !!(`+cond+`)`))
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("%s: no new page where %s within %s", what, cond, d)
}
