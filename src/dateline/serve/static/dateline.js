// Dateline UI: selecting an event on the article page shows its details and highlights its evidence.
// Only classes are changed; no markup is ever built from data.
"use strict";
(function () {
  var text = document.getElementById("article-text");
  if (!text) { return; }

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function select(id, scroll) {
    if (!/^[0-9a-f]+$/.test(id)) { return; }
    var card = document.getElementById("event-" + id);
    if (!card) { return; }
    each(".evidence", function (el) { el.classList.remove("evidence"); });
    each(".evidence-trigger", function (el) { el.classList.remove("evidence-trigger"); });
    each(".event-card.active", function (el) { el.classList.remove("active"); });
    each('[data-sentences~="' + id + '"]', function (el) { el.classList.add("evidence"); });
    each('[data-events~="' + id + '"]', function (el) { el.classList.add("evidence-trigger"); });
    card.classList.add("active");
    if (scroll) {
      var first = document.querySelector('[data-events~="' + id + '"]') || document.querySelector('[data-sentences~="' + id + '"]');
      if (first) { first.scrollIntoView({block: "center"}); }
    }
    if (history.replaceState) { history.replaceState(null, "", "#event-" + id); }
  }

  function fromTrigger(el) {
    var ids = (el.getAttribute("data-events") || "").split(" ");
    var current = (location.hash || "").replace("#event-", "");
    var at = ids.indexOf(current);
    select(ids[(at + 1) % ids.length], false);  // cycles through events sharing a trigger
  }

  text.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-events]") : null;
    if (el) { fromTrigger(el); }
  });
  text.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.hasAttribute && ev.target.hasAttribute("data-events")) { fromTrigger(ev.target); }
  });
  each(".event-card", function (card) {
    card.addEventListener("click", function () { select(card.getAttribute("data-event"), true); });
  });
  var m = /^#event-([0-9a-f]+)$/.exec(location.hash || "");
  if (m) { select(m[1], true); }
})();
