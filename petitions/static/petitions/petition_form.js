// The parents' protective behaviours belong to a (b)(2) petition only: show them when that subdivision is
// chosen, hide them otherwise. Hidden, they are disabled, so nothing typed there is sent. The server decides
// what is valid and renders the checklist itself after a refusal; this only follows the choice as it changes.
(function () {
  var checklist = document.getElementById("protective-behaviours");
  var subdivision = document.getElementById("id_wic_300_subdivision");
  if (!checklist || !subdivision) return;
  function follow() {
    var shown = subdivision.value === checklist.dataset.shownFor;
    checklist.hidden = !shown;
    checklist.disabled = !shown;
  }
  subdivision.addEventListener("change", follow);
  // A page the server sent back with a message in the checklist shows it as sent.
  if (!checklist.querySelector(".usa-error-message")) follow();
})();
