// The review desk in the browser: verdicts without a page reload, the reviewer's name
// remembered, and the keyboard (j/k move, r/n/e verdicts, u undoes the latest, o open, / search).
(function () {
  "use strict";
  var NAME_KEY = "monitor.reviewer";
  var LABELS = { relevant: "relevant", not_relevant: "not relevant", escalated: "escalated", "new": "back in the queue" };
  var nameBox = document.getElementById("reviewer");
  var stored = "";
  try { stored = window.localStorage.getItem(NAME_KEY) || ""; } catch (e) { /* storage off: ask each time */ }
  if (nameBox) {
    nameBox.value = stored;
    nameBox.addEventListener("input", function () {
      try { window.localStorage.setItem(NAME_KEY, nameBox.value.trim()); } catch (e) { /* not remembered */ }
    });
  }
  function reviewer() { return nameBox ? nameBox.value.trim() : stored; }

  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var current = -1;
  function select(index) {
    if (!cards.length) { return; }
    index = Math.max(0, Math.min(cards.length - 1, index));
    if (current >= 0) { cards[current].classList.remove("current"); }
    current = index;
    cards[current].classList.add("current");
    cards[current].scrollIntoView({ block: "nearest" });
  }
  cards.forEach(function (card, index) {
    card.addEventListener("click", function () { select(index); });
  });
  function nextUndone(from) {
    for (var i = from + 1; i < cards.length; i++) { if (!cards[i].classList.contains("done")) { return i; } }
    return Math.min(from + 1, cards.length - 1);
  }

  function historyRow(row) {
    var table = document.querySelector("table.history tbody");
    if (!table) { return; }
    var placeholder = table.querySelector("tr.none");
    if (placeholder) { placeholder.remove(); }
    var tr = document.createElement("tr");
    [(row.reviewed_at || new Date().toISOString()).slice(0, 16).replace("T", " "), row.reviewer || "—",
     LABELS[row.review_status], row.review_note || ""].forEach(function (text) {
      var td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
    });
    table.insertBefore(tr, table.firstChild);
  }

  var lastForm = null;  // the latest verdict, for u (undo)
  function send(form, status) {
    if (status !== "new") { lastForm = form; }
    var box = form.closest(".card, .story") || form;
    var state = form.querySelector(".state");
    var body = { article_id: Number(form.dataset.id), status: status, note: form.elements.note.value, reviewer: reviewer() };
    state.textContent = "saving…";
    box.classList.remove("failed");
    return fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "accept": "application/json",
                 "x-csrftoken": form.elements.csrftoken.value },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, error: "the desk answered " + response.status }; })
        .then(function (data) {
          if (!response.ok || !data.ok) { throw new Error(data.error || ("the desk answered " + response.status)); }
          return data.row;
        });
    }).then(function (row) {
      box.dataset.status = row.review_status;
      var wasDone = box.classList.contains("done");
      box.classList.toggle("done", row.review_status !== "new");
      if (cards.length && wasDone !== box.classList.contains("done")) {  // the heading's counts follow the verdicts
        document.querySelectorAll(".desk-bar .count").forEach(function (count) {
          count.textContent = String(Number(count.textContent) + (wasDone ? 1 : -1));
        });
      }
      state.textContent = LABELS[row.review_status] + (row.reviewer ? " · " + row.reviewer : "") +
        (row.review_status !== "new" ? " (u to undo)" : "");
      historyRow(row);
      var heading = document.querySelector(".side h2");
      if (heading && !cards.length) {
        heading.textContent = row.review_status === "new" ? "Verdict" : "Verdict: " + LABELS[row.review_status];
      }
      if (cards.length && row.review_status !== "new") {
        var index = cards.indexOf(box);
        if (index === current || current < 0) { select(nextUndone(index)); }
      }
    }).catch(function (error) {
      box.classList.add("failed");
      state.textContent = "not saved: " + (error && error.message ? error.message : "the desk did not answer");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form.verdict") : null;
    if (!form || !window.fetch) { return; }  // no fetch: the form posts as usual
    event.preventDefault();
    var status = event.submitter && event.submitter.value ? event.submitter.value : "relevant";
    send(form, status);
  });

  function activeForm() {
    if (cards.length) { return current >= 0 ? cards[current].querySelector("form.verdict") : null; }
    return document.querySelector("form.verdict");
  }
  var KEYS = { r: "relevant", n: "not_relevant", e: "escalated" };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    if (event.key === "Enter" && (tag === "a" || tag === "button")) { return; }
    if (event.key === "j") { select(current + 1); }
    else if (event.key === "k") { select(current < 0 ? 0 : current - 1); }
    else if (event.key === "o" || event.key === "Enter") {
      if (current >= 0) { window.location.href = cards[current].dataset.href; } else { return; }
    } else if (event.key === "/") {
      var search = document.getElementById("search");
      if (!search) { return; }
      search.focus();
    } else if (event.key === "u") {
      var undo = lastForm || (cards.length ? null : activeForm());  // the story page: back to the queue
      if (!undo) { return; }
      if (cards.length) { select(cards.indexOf(undo.closest(".card"))); }
      send(undo, "new");
      lastForm = null;
    } else if (KEYS[event.key]) {
      var form = activeForm();
      if (!form) { return; }
      send(form, KEYS[event.key]);
    } else { return; }
    event.preventDefault();
  });
  // A filter applies as soon as it is chosen.
  Array.prototype.forEach.call(document.querySelectorAll("form.filters select, form.filters input[type=date]"),
    function (control) { control.addEventListener("change", function () { control.form.submit(); }); });
  if (cards.length) { select(0); }
})();
