/// The only script of the site, served as `/static/app.js` (the CSP allows `script-src 'self'`
/// and nothing inline). Every page works without it; it only saves steps: it moves focus to what
/// needs attention (a refused form's error list, marked `data-autofocus`) and makes
/// `button[data-copy="#id"]` copy that element's value or text. A copy button may carry
/// `data-copied="…"` (translated by the page) to say it worked.
enum AppScript {
    static let js = #"""
    (function () {
      "use strict";
      function ready(fn) {
        if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
      }
      function textOf(el) {
        if (el.value !== undefined && (el.tagName === "INPUT" || el.tagName === "TEXTAREA")) { return el.value; }
        return el.textContent.trim();
      }
      function fallbackCopy(text) {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.className = "copy-buffer";
        document.body.appendChild(area);
        area.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        document.body.removeChild(area);
        return ok;
      }
      function confirmCopied(button) {
        var label = button.getAttribute("data-copied");
        if (!label) { return; }
        var original = button.textContent;
        button.textContent = label;
        setTimeout(function () { button.textContent = original; }, 2000);
      }
      ready(function () {
        var first = document.querySelector("[data-autofocus]");
        if (first) {
          if (!first.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(first.tagName)) {
            first.setAttribute("tabindex", "-1");
          }
          first.focus();
        }
        document.addEventListener("click", function (event) {
          var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
          if (!button) { return; }
          var target = document.querySelector(button.getAttribute("data-copy"));
          if (!target) { return; }
          event.preventDefault();
          var text = textOf(target);
          if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(function () { confirmCopied(button); }, function () {
              if (fallbackCopy(text)) { confirmCopied(button); }
            });
          } else if (fallbackCopy(text)) {
            confirmCopied(button);
          }
        });
      });
    })();
    """#
}
