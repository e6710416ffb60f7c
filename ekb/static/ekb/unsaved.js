/* Unsaved changes: a page with a form a person has typed in and not sent asks before it is
   left (beforeunload). Forms sent without reloading the page (hx-post) are forgotten when sent;
   the rest of the page, and what is typed in it, stays. No dependencies. */
(function () {
  "use strict";
  var changed = new Set();

  function watched(form) {
    return form && (form.method || "").toLowerCase() === "post" && !form.hasAttribute("data-no-unsaved-warning");
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (watched(form)) changed.add(form);
  });
  // Sending a form is not losing it (capture: before htmx or the browser takes over).
  document.addEventListener("submit", function (event) { changed.delete(event.target); }, true);

  window.addEventListener("beforeunload", function (event) {
    changed.forEach(function (form) { if (!form.isConnected) changed.delete(form); });
    if (changed.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
